"""People: shareholders and applicants, their page, and their contact details.

The list shows what each holds today and finds people by name, e-mail or
member number; applicants whose e-mail is not confirmed stay out of sight
unless asked for. A person's page brings together the address, consents,
holdings per class, register entries, requests, payments and history. The
board may correct the address and the ways to reach a person (Wagtail logs
the edit); the name and the member number stay as the register has them.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.errors import ServiceError

from ..models import Person, RegisterEntry, ShareClass
from ..services import email_change_confirm, person_update
from .base import LimitedPermissionPolicy, TenantOnlyViewSetMixin, ViewHistoryView, history
from .forms import PersonContactForm

# People come in through a sign-up, an import or a service; they are never deleted here
# (the register refers to them; erasure is its own service).
register_permission_policy(Person, LimitedPermissionPolicy(Person, blocked={"add", "delete"}))


def unconfirmed(queryset):
    return queryset.filter(email_confirmed_at__isnull=True, member_number__isnull=True)


class PersonFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Show"),
        choices=[
            ("shareholders", gettext_lazy("Shareholders")),
            ("no_shares", gettext_lazy("Without shares")),
            ("unconfirmed", gettext_lazy("E-mail not yet confirmed")),
        ],
        method="filter_status",
        empty_label=gettext_lazy("All but unconfirmed"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Person
        fields = ["status", "kind"]

    def filter_status(self, queryset, name, value):
        if value == "shareholders":
            return queryset.filter(shares_held__gt=0)
        if value == "no_shares":
            return queryset.filter(shares_held=0).exclude(pk__in=unconfirmed(Person.objects.all()))
        return unconfirmed(queryset)


class PersonIndexView(IndexView):
    template_name = "members/admin/index.html"

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            Column("member_number", label=_("No."), sort_key="member_number"),
            title_column_class(
                "name",
                label=_("Name"),
                accessor="sort_name",
                sort_key="last_name",
                get_url=self.get_inspect_url,
            ),
            Column("city", label=_("Municipality"), sort_key="city"),
            Column("email", label=_("E-mail"), classname="bp-wide-only"),
            Column("shares_held", label=_("Shares"), sort_key="shares_held"),
        ]

    def get_base_queryset(self):
        return (
            super().get_base_queryset().annotate(shares_held=Coalesce(Sum("entries__quantity"), 0))
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        filters = self.filters
        if filters is not None and filters.is_valid() and filters.form.cleaned_data.get("status"):
            return queryset
        return queryset.exclude(pk__in=unconfirmed(Person.objects.all()))

    def search_queryset(self, queryset):
        """Every word must match the name, the e-mail or the member number."""
        if not self.is_searching:
            return queryset
        for word in self.search_query.split():
            match = (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(organisation_name__icontains=word)
                | Q(email__icontains=word)
            )
            if word.isdigit():
                match |= Q(member_number=int(word))
            queryset = queryset.filter(match)
        return queryset


class PersonInspectView(InspectView):
    template_name = "members/admin/person_inspect.html"
    page_title = gettext_lazy("Person")

    def get_fields(self):
        return []

    def get_object(self, queryset=None):
        try:
            return Person.objects.get(pk=int(self.pk))
        except (Person.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def get_page_subtitle(self):
        return str(self.object)

    def holdings(self) -> list[dict]:
        """What the person holds today, per class, and what was paid for it."""
        rows = (
            RegisterEntry.objects.filter(person=self.object)
            .values("share_class")
            .annotate(quantity=Sum("quantity"), paid_in=Sum("amount"))
            .order_by()
        )
        classes = ShareClass.objects.in_bulk([row["share_class"] for row in rows])
        return sorted(
            (
                {**row, "share_class": classes[row["share_class"]]}
                for row in rows
                if row["quantity"]
            ),
            key=lambda row: (row["share_class"].sort_order, row["share_class"].code),
        )

    def get_context_data(self, **kwargs):
        person = self.object
        subscriptions = list(
            person.subscriptions.select_related("share_class", "payment").order_by("-created")
        )
        return super().get_context_data(
            person=person,
            consents=person.consents.order_by("purpose", "-given_at"),
            holdings=self.holdings(),
            entries=person.entries.select_related(
                "share_class", "counterparty", "reverses"
            ).order_by("entry_date", "number"),
            subscriptions=subscriptions,
            payments=[s.payment for s in subscriptions if s.payment_id],
            history=history(person),
            history_url=reverse("people:history", args=[person.pk]),
            edit_url=reverse("people:edit", args=[person.pk])
            if self.request.user.has_perm("members.change_person")
            else "",
            **kwargs,
        )


class PersonEditView(EditView):
    """Wagtail's edit form, saved through the members services (which log the change)."""

    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        if person.erased_at is not None:
            raise Http404
        return person

    def get_success_url(self):
        return reverse("people:inspect", args=[self.object.pk])

    def save_instance(self):
        data = self.form.cleaned_data
        # The form wrote its values on its own instance: compare with the stored row.
        person = Person.objects.get(pk=self.object.pk)
        person = person_update(person=person, data=data, actor=self.request.user)
        email = data.get("email", "")
        if email and email != person.email:
            # The board vouches for the address it types: it counts as confirmed, and the
            # person's portal account follows it.
            person = email_change_confirm(person=person, new_email=email, actor=self.request.user)
        return person

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)


class PersonViewSet(TenantOnlyViewSetMixin, ModelViewSet):
    model = Person
    name = "people"
    icon = "user"
    menu_label = gettext_lazy("People")
    index_view_class = PersonIndexView
    inspect_view_enabled = True
    inspect_view_class = PersonInspectView
    edit_view_class = PersonEditView
    history_view_class = ViewHistoryView
    copy_view_enabled = False
    filterset_class = PersonFilterSet
    search_fields = ["first_name", "last_name", "organisation_name", "email"]
    ordering = ["last_name", "first_name", "organisation_name"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                    FieldPanel("country"),
                ],
                heading=gettext_lazy("Address"),
            ),
            MultiFieldPanel(
                [FieldPanel("email"), FieldPanel("phone"), FieldPanel("language")],
                heading=gettext_lazy("Contact"),
            ),
        ],
        base_form_class=PersonContactForm,
    )

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_person", "change_person"])
        )
