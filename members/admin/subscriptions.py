"""Share requests: the board's list, one request's page and its actions.

The list shows the newest first and hides requests whose e-mail is not
confirmed yet (the status filter shows them). A request's page shows the
person, the payment and the history, with a button for each action its
state allows. Every action is one service call (``members.services``, or
``payments.services.payment_mark_paid`` for a payment, which moves the
request on through the payments signal); a refusal is shown as a message and
nothing changes. Approve and reject also work on many requests at once.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.errors import ServiceError
from core.tenancy import on_network_site
from payments.services import payment_mark_paid

from ..models import ShareClass, Subscription
from ..selectors import holding
from ..services import (
    subscription_approve,
    subscription_cancel,
    subscription_mark_refunded,
    subscription_reject,
)
from .base import (
    ActionView,
    LimitedPermissionPolicy,
    TenantOnlyViewSetMixin,
    ViewHistoryView,
    history,
)
from .formatting import euro
from .forms import CancelForm, PaidNoteForm, ReasonForm

S = Subscription.Status
CHANGE = "members.change_subscription"
CHANGE_PAYMENT = "payments.change_payment"
OPEN_TO_DECIDE = (S.SUBMITTED, S.APPROVED, S.PAID)
# Failures listed one by one after a bulk action; past this, a count.
FAILURES_LISTED = 10

# Requests change only through the services: no generic add, edit or delete form.
register_permission_policy(
    Subscription, LimitedPermissionPolicy(Subscription, blocked={"add", "change", "delete"})
)


# --- which actions a state allows (the services check again) ------------------------


def can_approve(subscription: Subscription) -> bool:
    return subscription.status in (S.SUBMITTED, S.PAID)


def can_reject(subscription: Subscription) -> bool:
    return subscription.status in OPEN_TO_DECIDE


def can_cancel(subscription: Subscription) -> bool:
    return subscription.status in (S.UNCONFIRMED, S.SUBMITTED, S.APPROVED)


def can_mark_paid(subscription: Subscription) -> bool:
    payment = subscription.payment
    return (
        payment is not None
        and payment.is_pending
        and subscription.status in (S.SUBMITTED, S.APPROVED)
    )


def can_mark_refunded(subscription: Subscription) -> bool:
    return subscription.status == S.REJECTED and subscription.paid_at is not None


def available_actions(subscription: Subscription, user) -> list[dict]:
    """The buttons of a request's page: what its state allows and the user may do."""
    may_change = user.has_perm(CHANGE)
    candidates = [
        ("approve", _("Approve"), "button", "post", may_change and can_approve(subscription)),
        (
            "mark_paid",
            _("Mark paid…"),
            "button button-secondary",
            "get",
            may_change and user.has_perm(CHANGE_PAYMENT) and can_mark_paid(subscription),
        ),
        ("reject", _("Reject…"), "button no", "get", may_change and can_reject(subscription)),
        (
            "cancel",
            _("Cancel request…"),
            "button button-secondary no",
            "get",
            may_change and can_cancel(subscription),
        ),
        (
            "refunded",
            _("Mark refunded…"),
            "button button-secondary",
            "get",
            may_change and can_mark_refunded(subscription),
        ),
    ]
    return [
        {
            "name": name,
            "label": label,
            "classname": classname,
            "method": method,
            "url": reverse(f"share_requests:{name}", args=[subscription.pk]),
        }
        for name, label, classname, method, allowed in candidates
        if allowed
    ]


def needs_decision(subscription: Subscription) -> bool:
    return subscription.status in (S.SUBMITTED, S.PAID)


# --- the list --------------------------------------------------------------------------


STATUS_CHOICES = [
    ("open", gettext_lazy("To handle (submitted, approved or paid)")),
    *S.choices,
]


class SubscriptionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=gettext_lazy("All but unconfirmed"),
        widget=forms.RadioSelect,
    )
    share_class = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Share class"),
        queryset=ShareClass.objects.all(),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Subscription
        fields = ["status", "share_class"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_TO_DECIDE)
        return queryset.filter(status=value)


def hide_unconfirmed(queryset, filters: SubscriptionFilterSet | None):
    """Unconfirmed requests stay out of sight unless the status filter asks for them."""
    if filters is not None and filters.is_valid() and filters.form.cleaned_data.get("status"):
        return queryset
    return queryset.exclude(status=S.UNCONFIRMED)


def search(queryset, query: str):
    """Every word must match the applicant's name, e-mail or member number, or the
    payment's structured communication (its digits, however they are typed)."""
    for word in query.split():
        match = (
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__organisation_name__icontains=word)
            | Q(person__email__icontains=word)
        )
        digits = re.sub(r"\D", "", word)
        if word.isdigit():
            match |= Q(person__member_number=int(word))
        if len(digits) >= 3 and digits == re.sub(r"[+/* ]", "", word):
            match |= Q(payment__reference__contains=digits)
        queryset = queryset.filter(match)
    return queryset


def listed_subscriptions(data, request=None):
    """The requests the list shows for the query ``data`` (its filters and search, not
    its page): what "select all" in the list means to a bulk action."""
    filters = SubscriptionFilterSet(data, queryset=Subscription.objects.all(), request=request)
    queryset = filters.qs if filters.is_valid() else Subscription.objects.all()
    return search(hide_unconfirmed(queryset, filters), data.get("q", ""))


class SubscriptionIndexView(IndexView):
    template_name = "members/admin/subscription_index.html"
    page_title = gettext_lazy("Share requests")
    verbose_name_plural = gettext_lazy("share requests")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("person", "share_class")

    def filter_queryset(self, queryset):
        return hide_unconfirmed(super().filter_queryset(queryset), self.filters)

    def search_queryset(self, queryset):
        return search(queryset, self.search_query) if self.is_searching else queryset

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="subscription"),
            *super().columns,
        ]

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(
            *args, **kwargs, get_title_id=lambda instance: f"subscription_{instance.pk}_title"
        )


# --- one request -----------------------------------------------------------------------


class SubscriptionInspectView(InspectView):
    template_name = "members/admin/subscription_inspect.html"
    page_title = gettext_lazy("Share request")

    def get_object(self, queryset=None):
        try:
            return Subscription.objects.select_related(
                "person", "share_class", "payment", "decided_by"
            ).get(pk=int(self.pk))
        except (Subscription.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def get_fields(self):
        return []

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        subscription = self.object
        return super().get_context_data(
            subscription=subscription,
            person=subscription.person,
            payment=subscription.payment,
            held=holding(subscription.person, subscription.share_class),
            actions=available_actions(subscription, self.request.user),
            needs_decision=needs_decision(subscription),
            history=history(subscription, subscription.payment),
            history_url=reverse("share_requests:history", args=[subscription.pk]),
            person_url=reverse("people:inspect", args=[subscription.person_id]),
            payment_url=(
                reverse("payments:inspect", args=[subscription.payment_id])
                if subscription.payment_id
                else ""
            ),
            **kwargs,
        )


# --- actions, one service each -----------------------------------------------------------


class SubscriptionActionView(ActionView):
    model = Subscription
    permission = CHANGE
    header_icon = "form"

    def get_queryset(self):
        return Subscription.objects.select_related("person", "share_class", "payment")

    def get_success_url(self):
        return reverse("share_requests:inspect", args=[self.object.pk])

    def names(self, subscription: Subscription | None = None) -> dict:
        subscription = subscription or self.object
        return {
            "person": subscription.person,
            "n": subscription.quantity,
            "cls": subscription.share_class.code,
        }


class ApproveView(SubscriptionActionView):
    page_title = gettext_lazy("Approve request")
    submit_label = gettext_lazy("Yes, approve")
    intro = gettext_lazy(
        "Approved and paid, the shares are issued and entered in the register at once; "
        "approved but not yet paid, they are issued when the payment comes in."
    )

    def perform(self):
        subscription = subscription_approve(subscription=self.object, actor=self.request.user)
        if subscription.status == S.EFFECTIVE:
            return _("Approved: %(n)d shares of class %(cls)s are issued to %(person)s.") % (
                self.names(subscription)
            )
        return _("Approved: the shares are issued once %(person)s has paid.") % self.names(
            subscription
        )


class RejectView(SubscriptionActionView):
    form_class = ReasonForm
    page_title = gettext_lazy("Reject request")
    submit_label = gettext_lazy("Reject")
    submit_classname = "button serious"
    intro = gettext_lazy(
        "The applicant gets an e-mail with your reason. A payment still awaited is "
        "cancelled; money already received must be paid back (then mark it refunded)."
    )

    def perform(self, reason):
        subscription_reject(subscription=self.object, reason=reason, actor=self.request.user)
        return _("Rejected the request of %(person)s.") % self.names()


class MarkPaidView(SubscriptionActionView):
    permission = (CHANGE, CHANGE_PAYMENT)
    form_class = PaidNoteForm
    page_title = gettext_lazy("Mark paid")
    submit_label = gettext_lazy("Mark paid")
    intro = gettext_lazy(
        "Only when the full amount was received. Bank transfers are matched when a "
        "statement is imported; use this for cash or a transfer seen in the bank's app."
    )

    def perform(self, note):
        if self.object.payment is None:
            raise ServiceError(_("This request has no payment yet: its e-mail is not confirmed."))
        payment_mark_paid(payment=self.object.payment, actor=self.request.user, note=note)
        subscription = Subscription.objects.select_related("person", "share_class").get(
            pk=self.object.pk
        )
        if subscription.status == S.EFFECTIVE:
            return _("Paid: %(n)d shares of class %(cls)s are issued to %(person)s.") % (
                self.names(subscription)
            )
        if subscription.status == S.PAID:
            return _("Paid: the request of %(person)s now waits for the board's approval.") % (
                self.names(subscription)
            )
        return _("The payment of %(person)s is recorded.") % self.names(subscription)

    def get_context_data(self, **kwargs):
        return super().get_context_data(payment=self.object.payment, **kwargs)


class CancelView(SubscriptionActionView):
    form_class = CancelForm
    page_title = gettext_lazy("Cancel request")
    submit_label = gettext_lazy("Yes, cancel the request")
    submit_classname = "button serious"
    intro = gettext_lazy(
        "For a request the applicant withdraws before paying. Its payment is no longer "
        "awaited. The applicant gets no e-mail."
    )

    def perform(self, reason):
        subscription_cancel(subscription=self.object, reason=reason, actor=self.request.user)
        return _("Cancelled the request of %(person)s.") % self.names()


class RefundedView(SubscriptionActionView):
    page_title = gettext_lazy("Mark refunded")
    submit_label = gettext_lazy("Yes, it was paid back")
    intro = gettext_lazy("Once the amount received has been paid back to the applicant.")

    def perform(self):
        subscription_mark_refunded(subscription=self.object, actor=self.request.user)
        return _("The payment of %(person)s is marked as paid back.") % self.names()


# --- many at once ------------------------------------------------------------------------


class SubscriptionBulkAction(BulkAction):
    """Approve or reject the selected requests, each through its own service call.

    One request that cannot change does not stop the others: each refusal is
    listed in a message, and the rest go through.
    """

    models = [Subscription]
    template_name = "members/admin/bulk_action.html"
    allowed = staticmethod(lambda subscription: True)
    confirm_text = ""
    button_text = ""
    button_classname = "button"

    def __init__(self, request, model):
        super().__init__(request, model)
        self.failures: list[tuple[Subscription, str]] = []
        self.skipped: list[Subscription] = []

    def dispatch(self, request, *args, **kwargs):
        if on_network_site():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [int(pk) for pk in object_ids if str(pk).isdigit()]
        queryset = Subscription.objects.filter(pk__in=ids).select_related("person", "share_class")
        if not ids or not queryset.exists():
            raise Http404
        return list(queryset.order_by("-created"))

    def get_all_objects_in_listing_query(self, parent_id):
        return listed_subscriptions(self.request.GET, self.request).values_list("pk", flat=True)

    def check_perm(self, obj):
        return self.request.user.has_perm(CHANGE)

    def object_context(self, obj):
        return {
            "item": obj,
            "url": reverse("share_requests:inspect", args=[obj.pk]),
            "allowed": self.allowed(obj),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            header_icon="form",
            page_title=self.display_name,
            confirm_text=self.confirm_text,
            button_text=self.button_text,
            button_classname=self.button_classname,
            any_allowed=any(item["allowed"] for item in context["items"]),
        )
        return context

    def get_execution_context(self):
        return {"action": self, "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, action=None, user=None, **kwargs):
        done = 0
        for subscription in objects:
            if not action.allowed(subscription):
                action.skipped.append(subscription)
                continue
            try:
                action.perform(subscription, user=user)
            except ServiceError as exc:
                action.failures.append((subscription, exc.message))
            else:
                done += 1
        return done, 0

    def perform(self, subscription: Subscription, *, user) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.skipped:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d request was left as it was: its status does not allow this.",
                    "%(count)d requests were left as they were: their status does not allow this.",
                    len(self.skipped),
                )
                % {"count": len(self.skipped)},
            )
        for subscription, message in self.failures[:FAILURES_LISTED]:
            messages.error(
                self.request,
                _("%(request)s: %(message)s") % {"request": subscription, "message": message},
            )
        if len(self.failures) > FAILURES_LISTED:
            rest = len(self.failures) - FAILURES_LISTED
            messages.error(
                self.request,
                ngettext(
                    "And %(count)d more request could not change.",
                    "And %(count)d more requests could not change.",
                    rest,
                )
                % {"count": rest},
            )
        return response


class ApproveBulkAction(SubscriptionBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected requests")
    action_priority = 10
    allowed = staticmethod(can_approve)
    confirm_text = gettext_lazy(
        "Approve these requests? Paid ones are issued at once, the others when paid."
    )
    button_text = gettext_lazy("Yes, approve")

    def perform(self, subscription, *, user):
        subscription_approve(subscription=subscription, actor=user)

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects:
            return None
        return ngettext(
            "%(count)d request approved.", "%(count)d requests approved.", num_parent_objects
        ) % {"count": num_parent_objects}


class RejectBulkAction(SubscriptionBulkAction):
    display_name = gettext_lazy("Reject")
    action_type = "reject"
    aria_label = gettext_lazy("Reject the selected requests")
    action_priority = 20
    classes = {"serious"}
    form_class = ReasonForm
    allowed = staticmethod(can_reject)
    confirm_text = gettext_lazy(
        "Reject these requests? Each applicant gets an e-mail with the reason below."
    )
    button_text = gettext_lazy("Reject")
    button_classname = "button serious"

    def perform(self, subscription, *, user):
        subscription_reject(
            subscription=subscription,
            reason=self.cleaned_form.cleaned_data["reason"],
            actor=user,
        )

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects:
            return None
        return ngettext(
            "%(count)d request rejected.", "%(count)d requests rejected.", num_parent_objects
        ) % {"count": num_parent_objects}


BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction]


# --- the viewset ---------------------------------------------------------------------------


def _status_column():
    return StatusTagColumn(
        "status",
        label=gettext_lazy("Status"),
        accessor="get_status_display",
        primary=needs_decision,
        sort_key="status",
    )


class SubscriptionViewSet(TenantOnlyViewSetMixin, ModelViewSet):
    model = Subscription
    name = "share_requests"
    icon = "form"
    menu_label = gettext_lazy("Share requests")
    index_view_class = SubscriptionIndexView
    inspect_view_enabled = True
    inspect_view_class = SubscriptionInspectView
    history_view_class = ViewHistoryView
    copy_view_enabled = False
    # No form is ever shown (the policy refuses add and change), but Wagtail builds
    # the views, and their form class, all the same.
    exclude_form_fields: list[str] = []
    filterset_class = SubscriptionFilterSet
    # Turns the search box on; the search itself is ``search`` (every word must match).
    search_fields = ["person__last_name"]
    ordering = "-created"
    list_per_page = 50
    list_display = [
        "person",
        _status_column(),
        Column(
            "shares",
            label=gettext_lazy("Shares"),
            accessor=lambda s: f"{s.quantity} × {s.share_class.code}",
            sort_key="quantity",
        ),
        Column("amount", label=gettext_lazy("Amount"), accessor=lambda s: euro(s.amount)),
        DateColumn("created", label=gettext_lazy("Received"), sort_key="created"),
        DateColumn(
            "confirmed_at",
            label=gettext_lazy("Confirmed"),
            sort_key="confirmed_at",
            classname="bp-wide-only",
        ),
    ]

    def extra_urlpatterns(self):
        return [
            path("approve/<int:pk>/", ApproveView.as_view(), name="approve"),
            path("reject/<int:pk>/", RejectView.as_view(), name="reject"),
            path("mark-paid/<int:pk>/", MarkPaidView.as_view(), name="mark_paid"),
            path("cancel/<int:pk>/", CancelView.as_view(), name="cancel"),
            path("refunded/<int:pk>/", RefundedView.as_view(), name="refunded"),
        ]

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_subscription", "change_subscription"])
        )


__all__ = ["BULK_ACTIONS", "SubscriptionViewSet"]
