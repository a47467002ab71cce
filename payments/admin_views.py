"""Payments in a buurtpunt's Wagtail admin: the list, one payment, "mark paid".

A payment changes only through ``payments.services`` (no generic add, edit or
delete form, superusers included); "mark paid" calls ``payment_mark_paid``
with the user's note, and the app that asked for the payment hears of it
through the signal. Nothing here shows, or answers, on the network site.

The network guard and the permission policy repeat the members app's
(``members.admin.base``): the import contracts keep the two apps apart.
"""

from __future__ import annotations

import functools
import re

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path, reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic.edit import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.errors import ServiceError
from core.tenancy import on_network_site

from .models import Payment
from .providers import PROVIDERS
from .services import payment_mark_paid

CHANGE = "payments.change_payment"
HISTORY_ON_PAGE = 15
MENU_ORDER = 210


class ServiceOnlyPolicy(ModelPermissionPolicy):
    """Model permissions without the generic add, edit and delete forms; the
    ``change`` permission is checked by the action views and lets one see the rows."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if action == "view":
            return user.has_perm(self._get_permission_name("view")) or user.has_perm(CHANGE)
        return super().user_has_permission(user, action)


register_permission_policy(Payment, ServiceOnlyPolicy(Payment))


def tenant_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if on_network_site():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


# --- the list --------------------------------------------------------------------------


class PaymentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Payment.Status.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Payment
        fields = ["status"]


def euro(amount) -> str:
    return "€\u00a0" + formats.number_format(
        amount, decimal_pos=2, use_l10n=True, force_grouping=True
    )


class PaymentIndexView(IndexView):
    template_name = "payments/admin/index.html"

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            title_column_class(
                "reference",
                label=_("Structured communication"),
                accessor="display_reference",
                sort_key="reference",
                get_url=self.get_inspect_url,
            ),
            Column(
                "amount", label=_("Amount"), accessor=lambda p: euro(p.amount), sort_key="amount"
            ),
            Column("description", label=_("Description"), classname="pay-wide-only"),
            Column("payer_name", label=_("Payer"), sort_key="payer_name"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda p: p.status == Payment.Status.PAID,
                sort_key="status",
            ),
            DateColumn(
                "created", label=_("Created"), sort_key="created", classname="pay-wide-only"
            ),
            DateColumn("paid_at", label=_("Paid"), sort_key="paid_at"),
        ]

    def search_queryset(self, queryset):
        """A structured communication however it is typed, or words of payer and description."""
        if not self.is_searching:
            return queryset
        query = self.search_query
        digits = re.sub(r"\D", "", query)
        match = Q()
        if len(digits) >= 3 and not re.search(r"[A-Za-z]", query):
            match |= Q(reference__contains=digits)
        words = Q()
        for word in query.split():
            words &= (
                Q(payer_name__icontains=word)
                | Q(payer_email__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset.filter(match | words)


# --- one payment ------------------------------------------------------------------------


def history(payment: Payment) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.for_instance(payment)
        .select_related("user")
        .order_by("-timestamp", "-pk")[:HISTORY_ON_PAGE]
    )


class PaymentInspectView(InspectView):
    template_name = "payments/admin/payment_inspect.html"
    page_title = gettext_lazy("Payment")

    def get_fields(self):
        return []

    def get_page_subtitle(self):
        return self.object.display_reference

    def get_context_data(self, **kwargs):
        payment = self.object
        may_mark_paid = payment.is_pending and self.request.user.has_perm(CHANGE)
        provider = PROVIDERS.get(payment.provider)
        return super().get_context_data(
            payment=payment,
            method_label=provider.label if provider else payment.provider,
            mark_paid_url=reverse("payments:mark_paid", args=[payment.pk]) if may_mark_paid else "",
            history=history(payment),
            history_url=reverse("payments:history", args=[payment.pk]),
            **kwargs,
        )


class PaymentHistoryView(HistoryView):
    any_permission_required = ["view", "change"]


class MarkPaidForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("How and when it was paid, e.g. “cash at the counter, 12 March”."),
    )


class MarkPaidView(WagtailAdminTemplateMixin, FormView):
    """GET asks for a note; POST calls ``payment_mark_paid``; a refusal is a message."""

    form_class = MarkPaidForm
    template_name = "payments/admin/mark_paid.html"
    page_title = gettext_lazy("Mark paid")
    header_icon = "tick"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Payment, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.display_reference

    def inspect_url(self) -> str:
        return reverse("payments:inspect", args=[self.object.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("payments:index"), "label": _("Payments")},
            {"url": self.inspect_url(), "label": self.object.display_reference},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            payment=self.object, cancel_url=self.inspect_url(), **kwargs
        )

    def form_valid(self, form):
        try:
            payment_mark_paid(
                payment=self.object, actor=self.request.user, note=form.cleaned_data["note"]
            )
        except ServiceError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(
                self.request,
                _("Payment %(reference)s is marked paid.")
                % {"reference": self.object.display_reference},
            )
        return redirect(self.inspect_url())


# --- the viewset ---------------------------------------------------------------------------


class PaymentViewSet(ModelViewSet):
    model = Payment
    name = "payments"
    icon = "doc-full"
    menu_label = gettext_lazy("Payments")
    menu_order = MENU_ORDER
    add_to_admin_menu = True
    index_view_class = PaymentIndexView
    inspect_view_enabled = True
    inspect_view_class = PaymentInspectView
    history_view_class = PaymentHistoryView
    copy_view_enabled = False
    # No form is ever shown (the policy refuses add and change), but Wagtail builds
    # the views, and their form class, all the same.
    exclude_form_fields: list[str] = []
    filterset_class = PaymentFilterSet
    search_fields = ["payer_name", "description"]
    ordering = "-created"
    list_per_page = 50

    def get_urlpatterns(self):
        patterns = [
            *super().get_urlpatterns(),
            path("mark-paid/<int:pk>/", MarkPaidView.as_view(), name="mark_paid"),
        ]
        return [
            URLPattern(p.pattern, tenant_only(p.callback), p.default_args, p.name) for p in patterns
        ]

    @cached_property
    def menu_item_class(self):
        base = super().menu_item_class

        def is_shown(item, request):
            return not on_network_site() and base.is_shown(item, request)

        return type(f"TenantOnly{base.__name__}", (base,), {"is_shown": is_shown})

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_payment", "change_payment"])
        )
