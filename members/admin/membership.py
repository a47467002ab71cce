"""The vzw's member register and yearly fees in a buurtpunt's admin.

One menu group, "Member register", for a buurtpunt that is (or has) a vzw:

- the register: current and former members with their admissions and ends
  (resignation, exclusion, death) and dates, records made more than eight days
  after the fact flagged, filtered by status and year, printable and
  downloadable as CSV (cells a spreadsheet would run made plain text);
- a member's page with the facts, the fees and the history, and the form to
  record the end of a membership; the form to admit a member;
- the fees of a year: paid, open and waived, who is behind, the button to
  raise the year's fees (a confirmation page says how many and how much), and
  per fee "mark paid" and "waive";
- the membership types and fee plans (Wagtail's model screens).

Every POST calls one service and turns its refusal into a message. Nothing
here shows, or answers, on the network site. Registered from
``members.wagtail_hooks`` by importing this module.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, ProtectedError, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.edit import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site

from core import localtime
from core.errors import ServiceError
from core.tenancy import current_buurtpunt
from payments.selectors import bank_transfer_ready
from payments.services import payment_mark_paid

from ..models import FeeDue, FeePlan, Membership, MembershipType, Person
from ..services import (
    due_waive,
    dues_preview,
    dues_raise,
    membership_admit,
    membership_exclude,
    membership_record_death,
    membership_resign,
)
from ..services.fees import check_year
from ..services.membership import VZW_FORMS
from ..validators import neutralise_formula, validate_phone, validate_postcode
from .base import ActionView, TenantOnlyViewSetMixin, history
from .formatting import euro
from .forms import DateInput, PaidNoteForm

VIEW = "members.view_membership"
ADMIT = "members.add_membership"
CHANGE = "members.change_membership"
VIEW_DUES = "members.view_feedue"
CHANGE_DUES = "members.change_feedue"
CHANGE_PAYMENT = "payments.change_payment"
TEMPLATES = "members/admin/membership"
MENU_ORDER = 210

R = Membership.EndReason
D = FeeDue.Status


def keeps_member_register() -> bool:
    """Whether the current buurtpunt is (or has) a vzw, which keeps a member register."""
    return getattr(current_buurtpunt(), "legal_form", None) in VZW_FORMS


class VzwOnlyViewSetMixin(TenantOnlyViewSetMixin):
    """A viewset of the member register: away on the network site, and out of the menu
    of a buurtpunt that is a cooperative only."""

    @cached_property
    def menu_item_class(self):
        base = super().menu_item_class

        def is_shown(item, request):
            return keeps_member_register() and base.is_shown(item, request)

        return type(f"Vzw{base.__name__}", (base,), {"is_shown": is_shown})


class PermissionMixin:
    permissions: tuple[str, ...] = (VIEW,)

    def dispatch(self, request, *args, **kwargs):
        if not all(request.user.has_perm(perm) for perm in self.permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _date(day: date | None) -> str:
    return day.isoformat() if day else ""


def _years() -> list[int]:
    """The years the register covers, newest first (this year at least)."""
    today = localtime.today()
    first = Membership.objects.order_by("admitted_on").values_list("admitted_on", flat=True).first()
    start = first.year if first else today.year
    return list(range(today.year, start - 1, -1))


# --- the register ---------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("current", gettext_lazy("Current members")),
        ("former", gettext_lazy("Former members")),
        ("all", gettext_lazy("Everyone")),
    ]
    ORDER_CHOICES = [
        ("name", gettext_lazy("Name")),
        ("number", gettext_lazy("Member number")),
        ("admitted", gettext_lazy("Date of admission")),
    ]

    status = forms.ChoiceField(
        label=gettext_lazy("Show"), choices=STATUS_CHOICES, required=False, initial="current"
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), coerce=int, required=False, empty_value=None
    )
    late = forms.BooleanField(label=gettext_lazy("Recorded late only"), required=False)
    order = forms.ChoiceField(
        label=gettext_lazy("Order by"), choices=ORDER_CHOICES, required=False, initial="name"
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in _years()]

    @property
    def values(self) -> dict:
        defaults = {"status": "current", "year": None, "late": False, "order": "name"}
        if not self.is_bound:
            return defaults
        self.is_valid()  # a wrong value falls back to its default; the others count
        return {key: self.cleaned_data.get(key) or default for key, default in defaults.items()}


ORDERINGS = {
    "name": lambda m: (m.person.sort_name.casefold(), m.admitted_on, m.pk),
    "number": lambda m: (m.person.member_number or 0, m.admitted_on, m.pk),
    "admitted": lambda m: (m.admitted_on, m.pk),
}


def register_rows(*, status="current", year=None, late=False, order="name") -> list[Membership]:
    """The memberships the register shows: a status, the year they were active in,
    the late records only; in the order asked."""
    memberships = Membership.objects.select_related(
        "person", "type", "recorded_by", "end_recorded_by"
    )
    if status == "current":
        memberships = memberships.current()
    elif status == "former":
        memberships = memberships.former()
    if year:
        memberships = memberships.during(year)
    rows = [m for m in memberships if m.late] if late else list(memberships)
    return sorted(rows, key=ORDERINGS.get(order, ORDERINGS["name"]))


@dataclass
class YearFigures:
    """What happened in the register in one year."""

    year: int
    members_at_start: int
    admitted: int
    resigned: int
    excluded: int
    died: int
    members_at_end: int
    end_day: date
    late: int


def year_figures(year: int) -> YearFigures:
    today = localtime.today()
    end_day = min(date(year, 12, 31), today)
    ends = dict(
        Membership.objects.filter(ended_on__year=year)
        .values_list("end_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    changed = Membership.objects.filter(Q(admitted_on__year=year) | Q(ended_on__year=year))
    late = 0
    for membership in changed:
        if membership.admitted_on.year == year and membership.admission_late:
            late += 1
        if membership.ended_on and membership.ended_on.year == year and membership.end_late:
            late += 1
    return YearFigures(
        year=year,
        members_at_start=Membership.objects.active_on(date(year - 1, 12, 31)).count(),
        admitted=Membership.objects.filter(admitted_on__year=year).count(),
        resigned=ends.get(R.RESIGNATION, 0),
        excluded=ends.get(R.EXCLUSION, 0),
        died=ends.get(R.DEATH, 0),
        members_at_end=Membership.objects.active_on(end_day).count(),
        end_day=end_day,
        late=late,
    )


class RegisterView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = f"{TEMPLATES}/register.html"
    page_title = gettext_lazy("Member register")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        form = RegisterFilterForm(self.request.GET or None)
        values = form.values
        rows = register_rows(**values)
        year = values["year"] or localtime.today().year
        query = self.request.GET.urlencode()
        return super().get_context_data(
            form=form,
            values=values,
            rows=rows,
            figures=year_figures(year),
            current_count=Membership.objects.current().count(),
            voting_count=Membership.objects.current().filter(type__voting_rights=True).count(),
            today=localtime.today(),
            buurtpunt_name=getattr(current_buurtpunt(), "name", ""),
            export_url=reverse("member_register:export") + (f"?{query}" if query else ""),
            may_admit=self.request.user.has_perm(ADMIT),
            **kwargs,
        )


def export_headers() -> list[str]:
    return [
        pgettext("member register", "Member number"),
        pgettext("member register", "Last name"),
        pgettext("member register", "First name or organisation"),
        pgettext("member register", "Street and number"),
        pgettext("member register", "Postcode"),
        pgettext("member register", "Municipality"),
        pgettext("member register", "Country"),
        pgettext("member register", "E-mail"),
        pgettext("member register", "Membership type"),
        pgettext("member register", "Votes"),
        pgettext("member register", "Admitted on"),
        pgettext("member register", "Admission recorded on"),
        pgettext("member register", "Admission recorded late"),
        pgettext("member register", "Ended on"),
        pgettext("member register", "Reason of the end"),
        pgettext("member register", "Note"),
        pgettext("member register", "End recorded on"),
        pgettext("member register", "End recorded late"),
    ]


def export_row(membership: Membership) -> list:
    person = membership.person
    legal = person.kind == Person.Kind.LEGAL
    yes, no = _("yes"), _("no")
    return [
        person.member_number,
        "" if legal else person.last_name,
        person.organisation_name if legal else person.first_name,
        person.street,
        person.postcode,
        person.city,
        person.country,
        person.email,
        membership.type.name,
        yes if membership.type.voting_rights else no,
        _date(membership.admitted_on),
        _date(localtime.local(membership.recorded_at).date()),
        yes if membership.admission_late else no,
        _date(membership.ended_on),
        membership.get_end_reason_display() if membership.ended_on else "",
        membership.end_note,
        _date(localtime.local(membership.end_recorded_at).date())
        if membership.end_recorded_at
        else "",
        (yes if membership.end_late else no) if membership.ended_on else "",
    ]


def export_csv(rows: list[Membership]) -> bytes:
    """The register as CSV (UTF-8 with a byte order mark, as the share register's)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(export_headers())
    for membership in rows:
        writer.writerow(
            [neutralise_formula(v) if isinstance(v, str) else v for v in export_row(membership)]
        )
    return out.getvalue().encode("utf-8")


class RegisterExportView(PermissionMixin, View):
    def get(self, request):
        values = RegisterFilterForm(request.GET or None).values
        response = HttpResponse(
            export_csv(register_rows(**values)), content_type="text/csv; charset=utf-8"
        )
        name = pgettext("file name", "member-register")
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{localtime.today().isoformat()}.csv"'
        )
        return response


# --- one member ---------------------------------------------------------------------------


def membership_actions(membership: Membership, user) -> list[dict]:
    actions = []
    if membership.is_current and user.has_perm(CHANGE):
        actions.append(
            {
                "label": _("Record resignation, exclusion or death…"),
                "url": reverse("member_register:end", args=[membership.pk]),
                "classname": "button",
            }
        )
    if (
        not membership.is_current
        and user.has_perm(ADMIT)
        and not membership.person.memberships.current().exists()
        and membership.person.erased_at is None
    ):
        actions.append(
            {
                "label": _("Admit again…"),
                "url": reverse("member_register:admit") + f"?person={membership.person_id}",
                "classname": "button button-secondary",
            }
        )
    return actions


class MembershipView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = f"{TEMPLATES}/membership.html"
    page_title = gettext_lazy("Member")
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Membership.objects.select_related(
                "person", "type", "recorded_by", "end_recorded_by", "type__fee_plan"
            ),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return str(self.object.person)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("member_register:index"), "label": _("Member register")},
            {"url": "", "label": str(self.object.person)},
        ]

    def get_context_data(self, **kwargs):
        membership = self.object
        person = membership.person
        dues = list(person.dues.select_related("payment").order_by("-year"))
        others = person.memberships.exclude(pk=membership.pk).select_related("type")
        return super().get_context_data(
            membership=membership,
            person=person,
            dues=dues,
            others=others.order_by("admitted_on"),
            history=history(membership, *dues),
            actions=membership_actions(membership, self.request.user),
            person_url=reverse("people:inspect", args=[person.pk])
            if self.request.user.has_perm("members.view_person")
            or self.request.user.has_perm("members.change_person")
            else "",
            **kwargs,
        )


class EndForm(forms.Form):
    end_reason = forms.ChoiceField(
        label=gettext_lazy("What happened"), choices=R.choices, widget=forms.RadioSelect
    )
    ended_on = forms.DateField(
        label=gettext_lazy("On"),
        widget=DateInput,
        help_text=gettext_lazy(
            "The date of the fact: the resignation letter, the general meeting's decision, "
            "the death. Record it within eight days."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Reason or note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required for an exclusion: the reason the meeting gave."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].widget.attrs["max"] = localtime.today().isoformat()


class MembershipActionView(ActionView):
    model = Membership
    template_name = f"{TEMPLATES}/action.html"
    header_icon = "user"

    def get_queryset(self):
        return Membership.objects.select_related("person", "type")

    def get_success_url(self):
        return reverse("member_register:membership", args=[self.object.pk])


class EndView(MembershipActionView):
    permission = CHANGE
    form_class = EndForm
    page_title = gettext_lazy("End of membership")
    submit_label = gettext_lazy("Record")
    intro = gettext_lazy(
        "The member stays in the register as a former member, with this date and reason."
    )

    def perform(self, end_reason, ended_on, note):
        membership, actor = self.object, self.request.user
        if end_reason == R.EXCLUSION:
            try:
                membership = membership_exclude(
                    membership=membership, ended_on=ended_on, reason=note, actor=actor
                )
            except ServiceError as exc:
                # The service's reason is this form's note.
                field = "note" if exc.field == "reason" else exc.field
                raise ServiceError(exc.message, field=field) from exc
        elif end_reason == R.DEATH:
            membership = membership_record_death(
                membership=membership, ended_on=ended_on, note=note, actor=actor
            )
        else:
            membership = membership_resign(
                membership=membership, ended_on=ended_on, note=note, actor=actor
            )
        text = _("Recorded: %(person)s, %(reason)s on %(date)s.") % {
            "person": membership.person,
            "reason": membership.get_end_reason_display().lower(),
            "date": _short(membership.ended_on),
        }
        if membership.end_late:
            text += " " + _("This was more than eight days ago: the register marks it as late.")
        return text


def _short(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class AdmitForm(forms.Form):
    """Admit someone known already, or someone new (name and address)."""

    person = forms.ModelChoiceField(
        label=gettext_lazy("Someone known already"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=gettext_lazy("— someone new: fill in below —"),
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100, required=False)
    street = forms.CharField(
        label=gettext_lazy("Street and number"), max_length=200, required=False
    )
    postcode = forms.CharField(label=gettext_lazy("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=gettext_lazy("Municipality"), max_length=100, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    type = forms.ModelChoiceField(
        label=gettext_lazy("Membership type"),
        queryset=MembershipType.objects.all(),
        empty_label=None,
    )
    admitted_on = forms.DateField(
        label=gettext_lazy("Admitted on"),
        widget=DateInput,
        help_text=gettext_lazy("The date of the board's decision. Record it within eight days."),
    )
    reduced_fee = forms.BooleanField(label=gettext_lazy("Pays the reduced fee"), required=False)

    NEW_PERSON_FIELDS = ("first_name", "last_name", "street", "postcode", "city", "email", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People who are not members now: applicants, shareholders, former members.
        self.fields["person"].queryset = (
            Person.objects.filter(erased_at__isnull=True)
            .filter(Q(email_confirmed_at__isnull=False) | Q(member_number__isnull=False))
            .exclude(pk__in=Membership.objects.current().values("person_id"))
        )
        self.fields["person"].label_from_instance = person_label
        self.fields["admitted_on"].initial = localtime.today()
        self.fields["admitted_on"].widget.attrs["max"] = localtime.today().isoformat()
        plans = [t.fee_plan for t in self.fields["type"].queryset.select_related("fee_plan")]
        reduced = [p for p in plans if p is not None and p.reduced_amount is not None]
        if reduced and reduced[0].reduced_for:
            self.fields["reduced_fee"].help_text = reduced[0].reduced_for

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") is not None:
            return cleaned
        if not cleaned.get("first_name") and not cleaned.get("last_name"):
            raise ValidationError(_("Choose someone known already, or give a new member's name."))
        if cleaned.get("postcode"):
            try:
                cleaned["postcode"] = validate_postcode(cleaned["postcode"], "BE")
            except ValidationError as exc:
                self.add_error("postcode", exc)
        try:
            cleaned["phone"] = validate_phone(cleaned.get("phone", ""))
        except ValidationError as exc:
            self.add_error("phone", exc)
        return cleaned

    def person_or_fields(self):
        if self.cleaned_data.get("person") is not None:
            return self.cleaned_data["person"]
        return {name: self.cleaned_data.get(name) or "" for name in self.NEW_PERSON_FIELDS}


def person_label(person: Person) -> str:
    parts = [person.sort_name or str(person)]
    if person.member_number:
        parts.insert(0, _("No. %(number)d") % {"number": person.member_number})
    if person.city:
        parts.append(person.city)
    return " · ".join(parts)


class AdmitView(PermissionMixin, WagtailAdminTemplateMixin, FormView):
    permissions = (ADMIT,)
    template_name = f"{TEMPLATES}/admit.html"
    form_class = AdmitForm
    page_title = gettext_lazy("Admit a member")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("member_register:index"), "label": _("Member register")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        initial = super().get_initial()
        if str(self.request.GET.get("person", "")).isdigit():
            initial["person"] = int(self.request.GET["person"])
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            membership = membership_admit(
                person=form.person_or_fields(),
                type=data["type"],
                admitted_on=data["admitted_on"],
                reduced_fee=data["reduced_fee"],
                actor=self.request.user,
            )
        except ServiceError as exc:
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
                return self.form_invalid(form)
            messages.error(self.request, exc.message)
            return redirect("member_register:admit")
        text = _("%(person)s is admitted as member no. %(number)d.") % {
            "person": membership.person,
            "number": membership.person.member_number,
        }
        if membership.admission_late:
            text += " " + _("This was more than eight days ago: the register marks it as late.")
        messages.success(self.request, text)
        return redirect("member_register:membership", membership.pk)


# --- yearly fees ------------------------------------------------------------------------------


def fee_years() -> list[int]:
    """The years with fees, and this year and the next, newest first."""
    today = localtime.today()
    years = set(FeeDue.objects.values_list("year", flat=True).distinct())
    years |= {today.year, today.year + 1}
    return sorted(years, reverse=True)


def year_from(request) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else localtime.today().year
    try:
        return check_year(year)
    except ServiceError:
        return localtime.today().year


def dues_totals(year: int) -> dict:
    rows = (
        FeeDue.objects.filter(year=year)
        .values("status")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    totals = {status: {"count": 0, "amount": 0} for status in D.values}
    for row in rows:
        totals[row["status"]] = {"count": row["count"], "amount": row["amount"]}
    return totals


def due_actions(due: FeeDue, user) -> list[dict]:
    if due.status != D.OPEN or not user.has_perm(CHANGE_DUES):
        return []
    actions = []
    if due.payment_id and due.payment.is_pending and user.has_perm(CHANGE_PAYMENT):
        actions.append(
            {
                "label": _("Mark paid…"),
                "url": reverse("member_dues:mark_paid", args=[due.pk]),
                "classname": "button button-small",
            }
        )
    actions.append(
        {
            "label": _("Waive…"),
            "url": reverse("member_dues:waive", args=[due.pk]),
            "classname": "button button-small button-secondary",
        }
    )
    return actions


class DuesStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Show"),
        choices=[("", gettext_lazy("All fees")), *D.choices],
        required=False,
    )


class DuesView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    permissions = (VIEW_DUES,)
    template_name = f"{TEMPLATES}/dues.html"
    page_title = gettext_lazy("Membership fees")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        year = year_from(self.request)
        status_form = DuesStatusForm(self.request.GET or None)
        status = status_form.cleaned_data.get("status") if status_form.is_valid() else ""
        today = localtime.today()
        dues = (
            FeeDue.objects.filter(year=year)
            .select_related("person", "payment", "membership")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        listed = [due for due in dues if not status or due.status == status]
        behind = [due for due in dues if due.status == D.OPEN and due.due_on < today]
        user = self.request.user
        preview = dues_preview(year)
        return super().get_context_data(
            year=year,
            years=fee_years(),
            totals=dues_totals(year),
            status_form=status_form,
            rows=[{"due": due, "actions": due_actions(due, user)} for due in listed],
            behind=[{"due": due, "actions": due_actions(due, user)} for due in behind],
            to_raise=preview.count,
            raise_url=reverse("member_dues:raise", args=[year]),
            may_raise=user.has_perm(CHANGE_DUES),
            plans=FeePlan.objects.all(),
            today=today,
            **kwargs,
        )


class RaiseView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Say how many fees, and how much, a raise would add (GET); raise them (POST)."""

    permissions = (CHANGE_DUES,)
    template_name = f"{TEMPLATES}/raise.html"
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.year = kwargs["year"]

    def get_page_title(self):
        return _("Raise the fees of %(year)d") % {"year": self.year}

    def overview_url(self) -> str:
        return reverse("member_dues:index") + f"?year={self.year}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.overview_url(), "label": _("Membership fees")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        try:
            check_year(self.year)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("member_dues:index")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.pop("year", None)  # the URL's, as ``self.year``
        preview = dues_preview(self.year)
        return super().get_context_data(
            year=self.year,
            preview=preview,
            lines=preview.per_plan(),
            bank_ready=bank_transfer_ready(Site.objects.get(is_default_site=True)),
            cancel_url=self.overview_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            created = dues_raise(year=self.year, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect(self.overview_url())
        if not created:
            messages.info(
                request,
                _("Nothing to raise: every member has a fee for %(year)d already.")
                % {"year": self.year},
            )
        else:
            total = sum(due.amount for due in created)
            messages.success(
                request,
                ngettext(
                    "%(count)d fee of %(year)d raised, %(total)s in all. The e-mail with the "
                    "payment details is on its way.",
                    "%(count)d fees of %(year)d raised, %(total)s in all. The e-mails with the "
                    "payment details are on their way.",
                    len(created),
                )
                % {"count": len(created), "year": self.year, "total": euro(total)},
            )
        return redirect(self.overview_url())


class DueActionView(ActionView):
    model = FeeDue
    template_name = f"{TEMPLATES}/action.html"
    header_icon = "doc-full"

    def get_queryset(self):
        return FeeDue.objects.select_related("person", "payment", "plan")

    def get_success_url(self):
        return reverse("member_dues:index") + f"?year={self.object.year}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.get_success_url(), "label": _("Membership fees")},
            {"url": "", "label": self.get_page_title()},
        ]


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For the board's records, e.g. “hardship, decided on 4 May”."),
        error_messages={"required": gettext_lazy("Give the reason for waiving the fee.")},
    )


class WaiveView(DueActionView):
    permission = CHANGE_DUES
    form_class = WaiveForm
    page_title = gettext_lazy("Waive the fee")
    submit_label = gettext_lazy("Waive")
    submit_classname = "button serious"
    intro = gettext_lazy(
        "The member owes nothing for this year. The payment is no longer awaited, "
        "and no reminder goes out."
    )

    def perform(self, reason):
        due = due_waive(due=self.object, reason=reason, actor=self.request.user)
        return _("The fee %(year)d of %(person)s is waived.") % {
            "year": due.year,
            "person": due.person,
        }


class MarkPaidView(DueActionView):
    permission = (CHANGE_DUES, CHANGE_PAYMENT)
    form_class = PaidNoteForm
    page_title = gettext_lazy("Mark paid")
    submit_label = gettext_lazy("Mark paid")
    intro = gettext_lazy(
        "Only when the full amount was received. Bank transfers are matched when a "
        "statement is imported; use this for cash or a transfer seen in the bank's app."
    )

    def perform(self, note):
        if self.object.payment is None:
            raise ServiceError(_("This fee has no payment to mark."))
        payment_mark_paid(payment=self.object.payment, actor=self.request.user, note=note)
        return _("The fee %(year)d of %(person)s is paid.") % {
            "year": self.object.year,
            "person": self.object.person,
        }


# --- types and plans --------------------------------------------------------------------------


class RefusingDeleteView(DeleteView):
    """Delete, unless something refers to the row: then say what, and change nothing."""

    def refusal(self) -> str | None:
        raise NotImplementedError

    def refuse(self, message: str):
        messages.error(self.request, message)
        return redirect(reverse(self.edit_url_name, args=[self.object.pk]))

    def get(self, request, *args, **kwargs):
        if message := self.refusal():
            return self.refuse(message)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if message := self.refusal():
            return self.refuse(message)
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            return self.refuse(self.refusal() or _("This is in use."))


class MembershipTypeDeleteView(RefusingDeleteView):
    def refusal(self):
        if self.object.memberships.exists():
            return _("“%(name)s” cannot be deleted: members in the register are of this type.") % {
                "name": self.object
            }
        return None


class FeePlanDeleteView(RefusingDeleteView):
    def refusal(self):
        if self.object.dues.exists() or self.object.membership_types.exists():
            return _(
                "“%(name)s” cannot be deleted: fees were raised with it, or a membership "
                "type uses it."
            ) % {"name": self.object}
        return None


def due_day_label(plan: FeePlan) -> str:
    return formats.date_format(plan.due_on(localtime.today().year), "MONTH_DAY_FORMAT")


class MembershipTypeViewSet(VzwOnlyViewSetMixin, ModelViewSet):
    model = MembershipType
    name = "membership_types"
    icon = "tag"
    menu_label = gettext_lazy("Membership types")
    delete_view_class = MembershipTypeDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    sort_order_field = "sort_order"
    ordering = "sort_order"
    list_display = [
        "__str__",
        BooleanColumn("voting_rights", label=gettext_lazy("Votes")),
        Column("fee_plan", label=gettext_lazy("Fee plan")),
    ]


class FeePlanViewSet(VzwOnlyViewSetMixin, ModelViewSet):
    model = FeePlan
    name = "fee_plans"
    icon = "doc-full"
    menu_label = gettext_lazy("Fee plans")
    delete_view_class = FeePlanDeleteView
    copy_view_enabled = False
    list_display = [
        "__str__",
        Column("amount", label=gettext_lazy("Yearly amount"), accessor=lambda p: euro(p.amount)),
        Column(
            "reduced_amount",
            label=gettext_lazy("Reduced"),
            accessor=lambda p: euro(p.reduced_amount) or "–",
        ),
        Column("due", label=gettext_lazy("Due every year on"), accessor=due_day_label),
    ]


# --- registration -----------------------------------------------------------------------------


class MemberRegisterViewSet(VzwOnlyViewSetMixin, ViewSet):
    name = "member_register"
    icon = "list-ul"
    menu_label = gettext_lazy("Member register")
    menu_permissions = (VIEW,)

    def extra_urlpatterns(self):
        return [
            path("", RegisterView.as_view(), name="index"),
            path("export/", RegisterExportView.as_view(), name="export"),
            path("admit/", AdmitView.as_view(), name="admit"),
            path("<int:pk>/", MembershipView.as_view(), name="membership"),
            path("<int:pk>/end/", EndView.as_view(), name="end"),
        ]


class DuesViewSet(VzwOnlyViewSetMixin, ViewSet):
    name = "member_dues"
    icon = "doc-full"
    menu_label = gettext_lazy("Membership fees")
    menu_permissions = (VIEW_DUES,)

    def extra_urlpatterns(self):
        return [
            path("", DuesView.as_view(), name="index"),
            path("raise/<int:year>/", RaiseView.as_view(), name="raise"),
            path("<int:pk>/mark-paid/", MarkPaidView.as_view(), name="mark_paid"),
            path("<int:pk>/waive/", WaiveView.as_view(), name="waive"),
        ]


class MemberRegisterViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Member register")
    menu_icon = "list-ul"
    menu_name = "member_register_group"
    menu_order = MENU_ORDER
    items = (MemberRegisterViewSet, DuesViewSet, MembershipTypeViewSet, FeePlanViewSet)


@hooks.register("register_admin_viewset")
def register_member_register_admin():
    return MemberRegisterViewSetGroup()


@hooks.register("register_permissions")
def register_member_register_permissions():
    """Who may read the member register and the fees, admit, record ends, handle fees."""
    return Permission.objects.filter(
        content_type__app_label="members",
        codename__in=[
            "view_membership",
            "add_membership",
            "change_membership",
            "view_feedue",
            "change_feedue",
        ],
    )


__all__ = ["MemberRegisterViewSetGroup"]
