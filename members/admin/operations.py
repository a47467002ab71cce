"""Share operations on the board's screens: transfers, redemptions, exclusions and
conversions, from the request to the register.

The list shows the newest first and, above it, how many requests wait for
the board and the money still owed for redeemed shares. "New operation" asks
which kind, then shows that kind's form; the request is saved checked (and,
if asked, executed at once). An operation's page shows what it does, the
register entries it wrote and its history, with a button for each action its
state allows. Every action is one service call (``members.services.operations``);
a refusal is shown as a message and nothing changes.

Listed in the "Members and
shares" menu group, and none of it shows or answers on the network site.
"""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django.views.generic.edit import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core import localtime
from core.errors import ServiceError

from ..countries import COUNTRIES
from ..models import MAX_SHARES, Person, RegisterEntry, ShareClass, ShareOperation
from ..selectors import holding
from ..services.operations import (
    describe,
    operation_cancel,
    operation_check,
    operation_execute,
    operation_refuse,
    operation_request,
    outstanding_payouts,
    paid_per_share,
    redemption_payout_mark_paid,
)
from ..validators import normalize_company_number, validate_postcode
from .base import (
    ActionView,
    LimitedPermissionPolicy,
    TenantOnlyViewSetMixin,
    ViewHistoryView,
    history,
)
from .formatting import euro
from .forms import CancelForm, DateInput, PaidNoteForm

K = ShareOperation.Kind
S = ShareOperation.Status
CHANGE = "members.change_shareoperation"
NAME = "share_operations"

# Operations change only through the services: no generic add, edit or delete form.
register_permission_policy(
    ShareOperation,
    LimitedPermissionPolicy(ShareOperation, blocked={"add", "change", "delete"}),
)


def url(name: str, *args) -> str:
    return reverse(f"{NAME}:{name}", args=args)


# --- who can be chosen ------------------------------------------------------------------


class PersonChoiceField(forms.ModelChoiceField):
    """A person by sort name and member number, as the board knows them."""

    def label_from_instance(self, person):
        if person.member_number:
            return _("%(name)s (no. %(number)d)") % {
                "name": person.sort_name,
                "number": person.member_number,
            }
        return person.sort_name or str(person)


def shareholders():
    """People who hold shares today (of any class), by name."""
    return (
        Person.objects.filter(erased_at__isnull=True)
        .annotate(held=Sum("entries__quantity"))
        .filter(held__gt=0)
        .order_by("last_name", "first_name", "organisation_name")
    )


def receivers():
    """People a transfer may go to: in the register or confirmed, not erased."""
    return Person.objects.filter(erased_at__isnull=True).filter(
        Q(member_number__isnull=False) | Q(email_confirmed_at__isnull=False)
    )


# --- the forms, one per kind --------------------------------------------------------------


class OperationForm(forms.Form):
    """What every kind asks: whose shares, which class, how many, and when."""

    kind: str = ""
    all_allowed = False

    person = PersonChoiceField(label=gettext_lazy("Shareholder"), queryset=Person.objects.none())
    share_class = forms.ModelChoiceField(
        label=gettext_lazy("Share class"), queryset=ShareClass.objects.all()
    )
    quantity = forms.IntegerField(
        label=gettext_lazy("Number of shares"), min_value=1, max_value=MAX_SHARES
    )
    effective_date = forms.DateField(
        label=gettext_lazy("Effective date"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy(
            "The date of the register entries, e.g. the date of the signed agreement. "
            "Empty: the day it is executed."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the register"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = shareholders()
        if self.all_allowed:
            self.fields["quantity"].required = False
            self.fields["quantity"].help_text = _("Empty: all their shares of this class.")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["person"],
            "share_class": data["share_class"],
            "quantity": data.get("quantity"),
            "effective_date": data.get("effective_date"),
            "note": data.get("note", ""),
        }


class TransferForm(OperationForm):
    kind = K.TRANSFER

    receiver = forms.ChoiceField(
        label=gettext_lazy("To"),
        choices=[
            ("existing", gettext_lazy("Someone in the register")),
            ("new", gettext_lazy("Someone new")),
        ],
        initial="existing",
        widget=forms.RadioSelect,
    )
    to_person = PersonChoiceField(
        label=gettext_lazy("Receiver"), queryset=Person.objects.none(), required=False
    )
    holder_kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=Person.Kind.choices,
        initial=Person.Kind.NATURAL,
        widget=forms.RadioSelect,
        required=False,
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100, required=False)
    organisation_name = forms.CharField(
        label=gettext_lazy("Name of the organisation"), max_length=200, required=False
    )
    company_number = forms.CharField(
        label=gettext_lazy("Enterprise number"), max_length=12, required=False
    )
    street = forms.CharField(
        label=gettext_lazy("Street and number"), max_length=200, required=False
    )
    postcode = forms.CharField(label=gettext_lazy("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=gettext_lazy("Municipality"), max_length=100, required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"), choices=COUNTRIES, initial="BE")
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)

    NEW_FIELDS = (
        "holder_kind",
        "first_name",
        "last_name",
        "organisation_name",
        "company_number",
        "street",
        "postcode",
        "city",
        "country",
        "email",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_person"].queryset = receivers().order_by(
            "last_name", "first_name", "organisation_name"
        )

    def clean_company_number(self):
        value = self.cleaned_data.get("company_number", "")
        return normalize_company_number(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("receiver") == "existing":
            if not data.get("to_person"):
                self.add_error("to_person", _("Choose who receives the shares."))
            return data
        legal = data.get("holder_kind") == Person.Kind.LEGAL
        required = ("organisation_name",) if legal else ("first_name", "last_name")
        for name in (*required, "street", "postcode", "city"):
            if not data.get(name):
                self.add_error(name, _("The register needs this for a new shareholder."))
        if data.get("postcode") and data.get("country"):
            try:
                data["postcode"] = validate_postcode(data["postcode"], data["country"])
            except ValidationError as exc:
                self.add_error("postcode", exc)
        return data

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        data = self.cleaned_data
        if data["receiver"] == "existing":
            kwargs["to_person"] = data["to_person"]
        else:
            kwargs["new_holder"] = {
                "kind": data.get("holder_kind") or Person.Kind.NATURAL,
                **{name: data.get(name, "") for name in self.NEW_FIELDS if name != "holder_kind"},
            }
        return kwargs


class PaybackForm(OperationForm):
    """Redemption and exclusion: the shares go back, and money is owed for them."""

    all_allowed = True

    amount_per_share = forms.DecimalField(
        label=gettext_lazy("Paid back per share (EUR)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        help_text=gettext_lazy(
            "As the statutes say. Empty: what the shareholder paid in per share. "
            "It can still be changed when the operation is executed."
        ),
    )

    def service_kwargs(self) -> dict:
        return {
            **super().service_kwargs(),
            "amount_per_share": self.cleaned_data.get("amount_per_share"),
        }


class RedemptionForm(PaybackForm):
    kind = K.REDEMPTION

    requested_on = forms.DateField(
        label=gettext_lazy("Asked on"),
        widget=DateInput,
        help_text=gettext_lazy(
            "The day the shareholder asked (letter, e-mail, at the counter). "
            "It must fall in the exit window of the statutes."
        ),
    )
    field_order = ["person", "share_class", "quantity", "requested_on", "effective_date"]

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "requested_on": self.cleaned_data["requested_on"]}


class ExclusionForm(PaybackForm):
    kind = K.EXCLUSION

    reason = forms.CharField(
        label=gettext_lazy("Grounds for the exclusion"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("As decided by the board or the general meeting; kept with it."),
        error_messages={"required": gettext_lazy("Give the grounds for the exclusion.")},
    )
    field_order = ["person", "share_class", "quantity", "reason"]

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "reason": self.cleaned_data["reason"]}


class ConversionForm(OperationForm):
    kind = K.CONVERSION

    to_class = forms.ModelChoiceField(
        label=gettext_lazy("Into class"), queryset=ShareClass.objects.all()
    )
    field_order = ["person", "share_class", "quantity", "to_class"]

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "to_class": self.cleaned_data["to_class"]}


class CreateSpec:
    """One kind on the "new operation" page: its form, title and explanation."""

    def __init__(self, kind, form_class, title, intro, icon):
        self.kind, self.form_class, self.title, self.intro, self.icon = (
            kind,
            form_class,
            title,
            intro,
            icon,
        )

    @property
    def url(self) -> str:
        return url("new_kind", self.kind)


KINDS = {
    spec.kind: spec
    for spec in (
        CreateSpec(
            K.TRANSFER,
            TransferForm,
            gettext_lazy("Transfer"),
            gettext_lazy(
                "A shareholder passes shares on to someone in the register or to someone "
                "new, who then gets a member number."
            ),
            "arrow-right-full",
        ),
        CreateSpec(
            K.REDEMPTION,
            RedemptionForm,
            gettext_lazy("Redemption"),
            gettext_lazy(
                "A shareholder resigns some or all shares and gets money back. Only when "
                "asked in the exit window of the statutes."
            ),
            "logout",
        ),
        CreateSpec(
            K.EXCLUSION,
            ExclusionForm,
            gettext_lazy("Exclusion"),
            gettext_lazy(
                "The board excludes a shareholder, with the grounds. Possible at any time; "
                "the shares are paid back."
            ),
            "warning",
        ),
        CreateSpec(
            K.CONVERSION,
            ConversionForm,
            gettext_lazy("Conversion"),
            gettext_lazy(
                "Shares of one class become shares of another class of the same total value."
            ),
            "rotate",
        ),
    )
}


# --- the list -----------------------------------------------------------------------------


class OperationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=S.choices, widget=forms.RadioSelect
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"), choices=K.choices, widget=forms.RadioSelect
    )
    payout = django_filters.ChoiceFilter(
        label=gettext_lazy("Money paid back"),
        choices=[
            ("outstanding", gettext_lazy("Still to pay")),
            ("paid", gettext_lazy("Paid")),
        ],
        method="filter_payout",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ShareOperation
        fields = ["status", "kind", "payout"]

    def filter_payout(self, queryset, name, value):
        executed = queryset.filter(status=S.EXECUTED, payout_due__gt=0)
        if value == "outstanding":
            return executed.filter(payout_paid_at__isnull=True)
        return executed.filter(payout_paid_at__isnull=False)


def _payout_text(operation: ShareOperation) -> str:
    if not operation.payout_due:
        return ""
    if operation.payout_paid_at:
        return _("%(amount)s, paid") % {"amount": euro(operation.payout_due)}
    return _("%(amount)s, to pay") % {"amount": euro(operation.payout_due)}


class OperationIndexView(IndexView):
    template_name = "members/admin/operations/index.html"
    page_title = gettext_lazy("Share operations")
    add_item_label = gettext_lazy("New operation")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("person", "share_class", "to_person", "to_class")
        )

    def get_add_url(self):
        if self.request.user.has_perm(CHANGE):
            return url("new")
        return None

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "person",
                label=_("Shareholder"),
                accessor="person",
                sort_key="person__last_name",
                get_url=lambda operation: url("inspect", operation.pk),
            ),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda operation: operation.status == S.REQUESTED,
                sort_key="status",
            ),
            Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
            Column("what", label=_("What"), accessor=describe),
            Column("payout", label=_("Paid back"), accessor=_payout_text),
            DateColumn("created", label=_("Asked"), sort_key="created", classname="bp-wide-only"),
        ]

    def get_context_data(self, **kwargs):
        payouts = outstanding_payouts()
        return super().get_context_data(
            payouts=payouts[:10],
            payouts_count=payouts.count(),
            payouts_total=payouts.aggregate(total=Sum("payout_due"))["total"] or Decimal("0"),
            payouts_url=url("index") + "?payout=outstanding",
            open_count=ShareOperation.objects.filter(status=S.REQUESTED).count(),
            open_url=url("index") + "?status=requested",
            **kwargs,
        )


# --- the "new operation" pages --------------------------------------------------------------


class ChangeRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooseKindView(ChangeRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "members/admin/operations/choose.html"
    page_title = gettext_lazy("New share operation")
    header_icon = "redirect"

    def get_breadcrumbs_items(self):
        return [
            {"url": url("index"), "label": _("Share operations")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        query = self.request.GET.urlencode()
        kinds = [
            {"spec": spec, "url": spec.url + (f"?{query}" if query else "")}
            for spec in KINDS.values()
        ]
        return super().get_context_data(kinds=kinds, **kwargs)


class CreateView(ChangeRequiredMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "members/admin/operations/create.html"
    header_icon = "redirect"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        spec = KINDS.get(kwargs["kind"])
        if spec is None:
            raise Http404
        self.spec = spec

    def get_form_class(self):
        return self.spec.form_class

    def get_page_title(self):
        return _("New operation: %(kind)s") % {"kind": self.spec.title}

    def get_breadcrumbs_items(self):
        return [
            {"url": url("index"), "label": _("Share operations")},
            {"url": url("new"), "label": _("New share operation")},
            {"url": "", "label": self.spec.title},
        ]

    def get_initial(self):
        initial = {"requested_on": localtime.today()}
        for name in ("person", "share_class"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        if "person" in initial and "share_class" not in initial:
            # A shareholder of one class only: that class.
            held = (
                RegisterEntry.objects.filter(person_id=initial["person"])
                .values("share_class")
                .annotate(total=Sum("quantity"))
                .filter(total__gt=0)
            )
            if len(held) == 1:
                initial["share_class"] = held[0]["share_class"]
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            spec=self.spec, cancel_url=url("index"), new_fields=TransferForm.NEW_FIELDS, **kwargs
        )

    def form_valid(self, form):
        try:
            operation = operation_request(
                kind=self.spec.kind, actor=self.request.user, **form.service_kwargs()
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        if "execute" in self.request.POST:
            try:
                operation_execute(operation=operation, actor=self.request.user)
            except ServiceError as exc:
                messages.warning(
                    self.request,
                    _("The request is saved but could not be executed: %(reason)s")
                    % {"reason": exc.message},
                )
            else:
                messages.success(
                    self.request,
                    _("Done and entered in the register: %(what)s.") % _what(operation),
                )
        else:
            messages.success(
                self.request,
                _("Request saved: %(what)s. Execute it when ready.") % _what(operation),
            )
        return redirect(url("inspect", operation.pk))


def _what(operation: ShareOperation) -> dict:
    operation = ShareOperation.objects.select_related(
        "person", "share_class", "to_person", "to_class"
    ).get(pk=operation.pk)
    return {"what": f"{operation.get_kind_display()} · {operation.person} · {describe(operation)}"}


# --- one operation --------------------------------------------------------------------------


def available_actions(operation: ShareOperation, user) -> list[dict]:
    """The buttons of an operation's page: what its state allows and the user may do."""
    if not user.has_perm(CHANGE):
        return []
    candidates = [
        ("execute", _("Execute…"), "button", operation.is_open),
        ("refuse", _("Refuse…"), "button no", operation.is_open),
        ("cancel", _("Cancel request…"), "button button-secondary no", operation.is_open),
        (
            "payout_paid",
            _("Mark paid back…"),
            "button",
            operation.payout_outstanding,
        ),
    ]
    return [
        {"name": name, "label": label, "classname": classname, "url": url(name, operation.pk)}
        for name, label, classname, allowed in candidates
        if allowed
    ]


class OperationInspectView(InspectView):
    template_name = "members/admin/operations/inspect.html"
    page_title = gettext_lazy("Share operation")

    def get_object(self, queryset=None):
        try:
            return ShareOperation.objects.select_related(
                "person",
                "share_class",
                "to_person",
                "to_class",
                "requested_by",
                "executed_by",
                "closed_by",
            ).get(pk=int(self.pk))
        except (ShareOperation.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def get_fields(self):
        return []

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        operation = self.object
        blocked = ""
        if operation.is_open:
            try:
                operation_check(operation=operation)
            except ServiceError as exc:
                blocked = exc.message
        return super().get_context_data(
            operation=operation,
            what=describe(operation),
            person=operation.person,
            held=holding(operation.person, operation.share_class),
            entries=operation.entries.select_related("share_class", "counterparty").order_by(
                "number"
            ),
            actions=available_actions(operation, self.request.user),
            blocked=blocked,
            history=history(operation),
            history_url=url("history", operation.pk),
            person_url=reverse("people:inspect", args=[operation.person_id]),
            to_person_url=(
                reverse("people:inspect", args=[operation.to_person_id])
                if operation.to_person_id
                else ""
            ),
            **kwargs,
        )


# --- actions, one service each ----------------------------------------------------------------


class ExecuteForm(forms.Form):
    effective_date = forms.DateField(
        label=gettext_lazy("Effective date"),
        widget=DateInput,
        help_text=gettext_lazy("The date of the register entries: today or earlier."),
    )
    amount_per_share = forms.DecimalField(
        label=gettext_lazy("Paid back per share (EUR)"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
    )

    def __init__(self, *args, operation: ShareOperation, **kwargs):
        super().__init__(*args, **kwargs)
        if not operation.pays_back:
            del self.fields["amount_per_share"]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The shareholder reads this in the e-mail that tells them."),
        error_messages={"required": gettext_lazy("Give the reason for the refusal.")},
    )


class OperationActionView(ActionView):
    model = ShareOperation
    permission = CHANGE
    header_icon = "redirect"
    template_name = "members/admin/operations/action.html"

    def get_queryset(self):
        return ShareOperation.objects.select_related(
            "person", "share_class", "to_person", "to_class"
        )

    def get_success_url(self):
        return url("inspect", self.object.pk)

    def get_breadcrumbs_items(self):
        return [
            {"url": url("index"), "label": _("Share operations")},
            {"url": self.get_success_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(operation=self.object, what=describe(self.object), **kwargs)

    def names(self) -> dict:
        return {"person": self.object.person, "what": describe(self.object)}


class ExecuteView(OperationActionView):
    form_class = ExecuteForm
    page_title = gettext_lazy("Execute operation")
    submit_label = gettext_lazy("Execute and enter in the register")
    intro = gettext_lazy(
        "The entries above are written in the share register; they cannot be changed "
        "afterwards, only reversed. The shareholders concerned get an e-mail."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "operation": self.object}

    def get_initial(self):
        operation = self.object
        initial = {"effective_date": operation.effective_date or localtime.today()}
        if operation.pays_back:
            initial["amount_per_share"] = (
                operation.amount_per_share
                if operation.amount_per_share is not None
                else paid_per_share(operation.person, operation.share_class)
            )
        return initial

    def get_context_data(self, **kwargs):
        operation = self.object
        blocked = ""
        try:
            operation_check(operation=operation)
        except ServiceError as exc:
            blocked = exc.message
        return super().get_context_data(
            blocked=blocked,
            preview=_preview(operation),
            per_share=paid_per_share(operation.person, operation.share_class),
            **kwargs,
        )

    def perform(self, effective_date, amount_per_share=None):
        operation_execute(
            operation=self.object,
            actor=self.request.user,
            effective_date=effective_date,
            amount_per_share=amount_per_share,
        )
        return _("Done and entered in the register: %(what)s.") % _what(self.object)


def _preview(operation: ShareOperation) -> list[dict]:
    """The entries executing ``operation`` would write, as the confirmation page lists them."""
    person, cls, n = operation.person, operation.share_class, operation.quantity
    if operation.kind == K.TRANSFER:
        receiver = operation.receiver_name
        return [
            {
                "kind": _("Transfer (out)"),
                "person": person,
                "shares": -n,
                "cls": cls,
                "other": receiver,
            },
            {
                "kind": _("Transfer (in)"),
                "person": receiver,
                "shares": n,
                "cls": cls,
                "other": person,
            },
        ]
    if operation.kind == K.CONVERSION:
        rows = [{"kind": _("Conversion (out)"), "person": person, "shares": -n, "cls": cls}]
        if operation.to_quantity:
            rows.append(
                {
                    "kind": _("Conversion (in)"),
                    "person": person,
                    "shares": operation.to_quantity,
                    "cls": operation.to_class,
                }
            )
        return rows
    return [{"kind": operation.get_kind_display(), "person": person, "shares": -n, "cls": cls}]


class RefuseView(OperationActionView):
    form_class = RefuseForm
    page_title = gettext_lazy("Refuse operation")
    submit_label = gettext_lazy("Refuse")
    submit_classname = "button serious"
    intro = gettext_lazy(
        "The shareholder gets an e-mail with your reason. Nothing changes in the register."
    )

    def perform(self, reason):
        operation_refuse(operation=self.object, reason=reason, actor=self.request.user)
        return _("Refused: %(what)s of %(person)s.") % self.names()


class CancelView(OperationActionView):
    form_class = CancelForm
    page_title = gettext_lazy("Cancel request")
    submit_label = gettext_lazy("Yes, cancel the request")
    submit_classname = "button serious"
    intro = gettext_lazy(
        "For a request that is withdrawn, e.g. by the shareholder. Nobody gets an e-mail."
    )

    def perform(self, reason):
        operation_cancel(operation=self.object, reason=reason, actor=self.request.user)
        return _("Cancelled: %(what)s of %(person)s.") % self.names()


class PayoutPaidView(OperationActionView):
    form_class = PaidNoteForm
    page_title = gettext_lazy("Mark paid back")
    submit_label = gettext_lazy("Yes, it was paid back")
    intro = gettext_lazy("Once the amount below has been paid to the shareholder.")

    def perform(self, note):
        redemption_payout_mark_paid(operation=self.object, actor=self.request.user, note=note)
        return _("Marked as paid back to %(person)s.") % self.names()


# --- the viewset ---------------------------------------------------------------------------


class ShareOperationViewSet(TenantOnlyViewSetMixin, ModelViewSet):
    model = ShareOperation
    name = NAME
    icon = "redirect"
    menu_label = gettext_lazy("Share operations")
    index_view_class = OperationIndexView
    inspect_view_enabled = True
    inspect_view_class = OperationInspectView
    history_view_class = ViewHistoryView
    copy_view_enabled = False
    # No generic form is ever shown (the policy refuses add and change), but Wagtail
    # builds the views, and their form class, all the same.
    exclude_form_fields: list[str] = []
    filterset_class = OperationFilterSet
    ordering = "-created"
    list_per_page = 50

    def extra_urlpatterns(self):
        return [
            path("choose/", ChooseKindView.as_view(), name="new"),
            path("choose/<str:kind>/", CreateView.as_view(), name="new_kind"),
            path("execute/<int:pk>/", ExecuteView.as_view(), name="execute"),
            path("refuse/<int:pk>/", RefuseView.as_view(), name="refuse"),
            path("cancel/<int:pk>/", CancelView.as_view(), name="cancel"),
            path("payout-paid/<int:pk>/", PayoutPaidView.as_view(), name="payout_paid"),
        ]

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_shareoperation", "change_shareoperation"])
        )


__all__ = ["ShareOperationViewSet"]
