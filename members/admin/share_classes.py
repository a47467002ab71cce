"""Share classes: what the statutes define, edited by the board, in their order.

A class that has register entries or requests cannot be deleted (the
register's foreign keys protect it): the delete view says so instead of
failing, and points to "not offered online" as the way to retire a class.
"""

from __future__ import annotations

from django.db.models import ProtectedError, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import ShareClass
from .base import TenantOnlyViewSetMixin


def refusal(share_class: ShareClass) -> str | None:
    """Why ``share_class`` cannot be deleted, or None when it can."""
    if share_class.entries.exists() or share_class.subscriptions.exists():
        return _(
            "Class %(cls)s cannot be deleted: the share register or requests refer to it. "
            "To stop selling it, untick “offered on the sign-up page”."
        ) % {"cls": share_class.code}
    return None


class ShareClassDeleteView(DeleteView):
    def refuse(self, message: str):
        messages.error(self.request, message)
        return redirect(reverse("share_classes:edit", args=[self.object.pk]))

    def get(self, request, *args, **kwargs):
        if message := refusal(self.object):
            return self.refuse(message)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if message := refusal(self.object):
            return self.refuse(message)
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            # A request came in between the check and the delete.
            return self.refuse(refusal(self.object) or _("This class is in use."))


def limits(share_class: ShareClass) -> str:
    """``1–20`` shares per person, or ``1–…`` without a maximum."""
    return f"{share_class.min_per_person}–{share_class.max_per_person or '…'}"


class ShareClassIndexView(IndexView):
    template_name = "members/admin/index.html"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(in_issue=Coalesce(Sum("entries__quantity"), 0))


class ShareClassViewSet(TenantOnlyViewSetMixin, ModelViewSet):
    model = ShareClass
    name = "share_classes"
    icon = "tag"
    menu_label = gettext_lazy("Share classes")
    index_view_class = ShareClassIndexView
    delete_view_class = ShareClassDeleteView
    copy_view_enabled = False
    sort_order_field = "sort_order"
    # The order of the statutes, with the handles to change it (an aggregate ignores
    # the model's own ordering).
    ordering = "sort_order"
    list_display = [
        "__str__",
        Column("nominal_value", label=gettext_lazy("Price per share (EUR)")),
        Column("limits", label=gettext_lazy("Per person"), accessor=limits),
        Column("in_issue", label=gettext_lazy("In issue")),
        Column("votes_per_share", label=gettext_lazy("Votes per share")),
        BooleanColumn("offered_online", label=gettext_lazy("Offered online")),
    ]
