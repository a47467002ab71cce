"""The life of a share subscription, one service per transition.

``subscription_request`` (the sign-up page) -> ``subscription_confirm`` (the
e-mail link) -> ``subscription_approve`` (board) and ``subscription_mark_paid``
(the payment, through ``payments.signals``), in either order, and the second
makes it effective. Exits: ``subscription_reject``, ``subscription_cancel``,
``subscription_expire``, ``subscription_mark_refunded``.
Each one checks, locks, changes in one transaction, logs, and sends its mail
through a task enqueued in that transaction.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.models import Site

from core import localtime
from payments.services import payment_cancel, payment_create

from ..errors import SubscriptionError
from ..models import MAX_SHARES, Consent, CooperativeSettings, Person, ShareClass, Subscription
from ..selectors import holding, outstanding
from .numbers import MEMBER_NUMBER, next_number
from .register import register_entry_write

S = Subscription.Status
# An unconfirmed request is forgotten after this long.
CONFIRM_DAYS = 7


def _settings() -> CooperativeSettings:
    return CooperativeSettings.for_site(Site.objects.get(is_default_site=True))


def _open_quantity(person: Person, share_class: ShareClass, exclude=None) -> int:
    """Shares asked for by ``person`` in requests not yet effective nor closed."""
    requests = Subscription.objects.filter(
        person=person, share_class=share_class, status__in=[S.SUBMITTED, S.APPROVED, S.PAID]
    )
    if exclude is not None:
        requests = requests.exclude(pk=exclude.pk)
    return sum(requests.values_list("quantity", flat=True))


def check_quantity(*, share_class: ShareClass, quantity: int, held: int = 0) -> None:
    """Refuse a number of shares outside the class's limits, given what is held already."""
    if quantity is None or quantity < 1:
        raise SubscriptionError(_("Choose at least one share."), field="quantity")
    if quantity > MAX_SHARES:
        raise SubscriptionError(_("That is more shares than there are."), field="quantity")
    if held + quantity < share_class.min_per_person:
        raise SubscriptionError(
            _("Class %(cls)s asks for at least %(min)d shares per person.")
            % {"cls": share_class.code, "min": share_class.min_per_person},
            field="quantity",
        )
    limit = share_class.max_per_person
    if limit is not None and held + quantity > limit:
        if held:
            message = _(
                "Class %(cls)s allows at most %(max)d shares per person; with the %(held)d "
                "you hold or asked for already, you can take %(left)d more."
            ) % {"cls": share_class.code, "max": limit, "held": held, "left": max(limit - held, 0)}
        else:
            message = _("Class %(cls)s allows at most %(max)d shares per person.") % {
                "cls": share_class.code,
                "max": limit,
            }
        raise SubscriptionError(message, field="quantity")


def _check_class_total(share_class: ShareClass, quantity: int) -> None:
    if share_class.max_issued is not None and outstanding(share_class) + quantity > (
        share_class.max_issued
    ):
        raise SubscriptionError(
            _("Class %(cls)s has no %(n)d shares left to issue.")
            % {"cls": share_class.code, "n": quantity}
        )


def subscription_request(
    *,
    share_class: ShareClass,
    quantity: int,
    person: dict,
    consents: dict[str, bool],
    request_token: uuid.UUID | None = None,
    source: str = "website",
) -> tuple[Subscription, bool]:
    """A request from the sign-up page, waiting for its e-mail to be confirmed.

    ``person`` holds the fields of a new ``Person``; ``consents`` the purposes
    ticked. Returns ``(subscription, created)``: a second post of the same form
    (same ``request_token``) returns the first request and changes nothing.
    """
    from ..tasks import send_confirmation_link

    if request_token is not None:
        existing = Subscription.objects.filter(request_token=request_token).first()
        if existing is not None:
            return existing, False
    if not share_class.offered_online:
        raise SubscriptionError(_("This class of shares is not offered here."), field="share_class")
    for purpose in (Consent.Purpose.STATUTES, Consent.Purpose.PRIVACY):
        if not consents.get(purpose):
            raise SubscriptionError(
                _("Please agree to the statutes and the privacy statement."), field=purpose
            )
    check_quantity(share_class=share_class, quantity=quantity)
    with transaction.atomic():
        applicant = Person.objects.create(**person)
        now = timezone.now()
        Consent.objects.bulk_create(
            Consent(person=applicant, purpose=purpose, given_at=now, source=source)
            for purpose, given in consents.items()
            if given
        )
        subscription = Subscription.objects.create(
            request_token=request_token,
            person=applicant,
            share_class=share_class,
            quantity=quantity,
            amount=share_class.nominal_value * quantity,
            source=source,
        )
        log(subscription, "members.subscription.requested", user=None)
        send_confirmation_link.enqueue(subscription_id=subscription.pk)
    return subscription, True


def _same_person(applicant: Person) -> Person | None:
    """The confirmed person this applicant already is (same e-mail, same name), if any."""
    if not applicant.email:
        return None
    candidates = Person.objects.filter(
        email__iexact=applicant.email,
        email_confirmed_at__isnull=False,
        erased_at__isnull=True,
        kind=applicant.kind,
    ).exclude(pk=applicant.pk)
    for candidate in candidates:
        if candidate.name.casefold() == applicant.name.casefold():
            return candidate
    return None


def subscription_confirm(*, subscription: Subscription) -> Subscription:
    """The e-mail link was followed: the request counts, the payment is asked for.

    An applicant who is already a confirmed shareholder (same e-mail and name)
    is not made twice: the request moves to that person. Following the link
    again changes nothing.
    """
    from ..tasks import notify_board, send_payment_instructions

    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status != S.UNCONFIRMED:
            return subscription
        applicant = subscription.person
        known = _same_person(applicant)
        if known is not None:
            applicant.consents.update(person=known)
            subscription.person = known
            Subscription.objects.filter(pk=subscription.pk).update(person=known)
            applicant.delete()
        else:
            applicant.email_confirmed_at = timezone.now()
            applicant.save(update_fields=["email_confirmed_at"])
        person = subscription.person
        try:
            check_quantity(
                share_class=subscription.share_class,
                quantity=subscription.quantity,
                held=holding(person, subscription.share_class)
                + _open_quantity(person, subscription.share_class),
            )
        except SubscriptionError as exc:
            # Over the limit with what the person holds already: closed with the
            # reason, which the page and the board see.
            _close(subscription, S.REJECTED, reason=exc.message)
            log(
                subscription,
                "members.subscription.rejected",
                user=None,
                data={"reason": exc.message},
            )
            return subscription
        subscription.payment = payment_create(
            amount=subscription.amount,
            description=ngettext(
                "%(n)d share %(cls)s", "%(n)d shares %(cls)s", subscription.quantity
            )
            % {"n": subscription.quantity, "cls": subscription.share_class.code},
            payer_name=person.name,
            payer_email=person.email,
        )
        subscription.status = S.SUBMITTED
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["person", "payment", "status", "confirmed_at"])
        log(subscription, "members.subscription.submitted", user=None)
        send_payment_instructions.enqueue(subscription_id=subscription.pk)
        notify_board.enqueue(subscription_id=subscription.pk)
    return subscription


def _locked(subscription: Subscription) -> Subscription:
    return (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("share_class", "person")
        .get(pk=subscription.pk)
    )


def subscription_approve(*, subscription: Subscription, actor=None) -> Subscription:
    """The board agrees. Already paid: the shares are issued now; else on payment."""
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in (S.SUBMITTED, S.PAID):
            raise SubscriptionError(
                _("Only a submitted or paid request can be approved (this one is “%(s)s”).")
                % {"s": subscription.get_status_display()}
            )
        subscription.approved_at = timezone.now()
        subscription.decided_by = actor if getattr(actor, "pk", None) else None
        if subscription.status == S.PAID:
            _make_effective(subscription, actor=actor)
        else:
            _check_limits(subscription)
            subscription.status = S.APPROVED
            subscription.save(update_fields=["status", "approved_at", "decided_by"])
        log(subscription, "members.subscription.approved", user=actor)
    return subscription


def subscription_mark_paid(*, subscription: Subscription, actor=None) -> Subscription:
    """Its payment came in (called by the payments app's signal, in its transaction).

    Approved already, or the tenant approves paid requests itself and the
    request is within the limits: effective now. Otherwise it waits, paid,
    for the board.
    """
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in (S.SUBMITTED, S.APPROVED):
            # Paid after it was closed (expired, cancelled, rejected): the money is
            # there but no shares; the board sees it and pays it back.
            log(subscription, "members.subscription.paid_when_closed", user=actor)
            return subscription
        subscription.paid_at = timezone.now()
        log(subscription, "members.subscription.paid", user=actor)
        approved = subscription.status == S.APPROVED
        if approved or _settings().auto_approve:
            try:
                _check_limits(subscription)
            except SubscriptionError as exc:
                # The money is in, but the shares no longer fit (others were issued
                # meanwhile): the request waits, paid, for the board to decide.
                subscription.reason = exc.message
            else:
                if not approved:
                    subscription.approved_at = subscription.paid_at
                _make_effective(subscription, actor=actor)
                if not approved:
                    log(
                        subscription,
                        "members.subscription.approved",
                        user=None,
                        data={"auto": True},
                    )
                return subscription
        subscription.status = S.PAID
        subscription.save(update_fields=["status", "paid_at", "reason"])
    return subscription


def _check_limits(subscription: Subscription) -> None:
    share_class = ShareClass.objects.select_for_update().get(pk=subscription.share_class_id)
    person = subscription.person
    held = holding(person, share_class) + _open_quantity(person, share_class, exclude=subscription)
    check_quantity(share_class=share_class, quantity=subscription.quantity, held=held)
    _check_class_total(share_class, subscription.quantity)


def _make_effective(subscription: Subscription, *, actor) -> None:
    """Issue the shares: the register entry, the member number, the welcome mail.

    The share class's row lock serialises issues of one class, so that two
    approvals at once cannot both take the last shares a person or the class
    may have; the counters' locks keep the numbers gapless.
    """
    from ..tasks import send_welcome

    _check_limits(subscription)
    person = Person.objects.select_for_update().get(pk=subscription.person_id)
    if person.member_number is None:
        person.member_number = next_number(MEMBER_NUMBER)
        person.save(update_fields=["member_number"])
    register_entry_write(
        kind="issue",
        person=person,
        share_class=subscription.share_class,
        quantity=subscription.quantity,
        entry_date=localtime.today(),
        amount_per_share=subscription.share_class.nominal_value,
        subscription=subscription,
        actor=actor,
    )
    subscription.status = S.EFFECTIVE
    subscription.effective_at = timezone.now()
    subscription.save(
        update_fields=["status", "effective_at", "approved_at", "paid_at", "decided_by", "reason"]
    )
    log(subscription, "members.subscription.effective", user=actor)
    send_welcome.enqueue(subscription_id=subscription.pk)


def _close(subscription: Subscription, status: str, *, reason: str = "", actor=None) -> None:
    subscription.status = status
    subscription.closed_at = timezone.now()
    subscription.reason = reason
    subscription.decided_by = actor if getattr(actor, "pk", None) else None
    subscription.save(update_fields=["status", "closed_at", "reason", "decided_by"])
    if subscription.payment_id and subscription.payment.is_pending:
        subscription.payment = payment_cancel(payment=subscription.payment, actor=actor)


def subscription_reject(*, subscription: Subscription, reason: str, actor=None) -> Subscription:
    """The board says no, with the reason (kept, and told to the applicant)."""
    from ..tasks import send_rejection

    if not (reason or "").strip():
        raise SubscriptionError(_("Give the reason for the rejection."), field="reason")
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in (S.SUBMITTED, S.APPROVED, S.PAID):
            raise SubscriptionError(
                _("Only an open request can be rejected (this one is “%(s)s”).")
                % {"s": subscription.get_status_display()}
            )
        _close(subscription, S.REJECTED, reason=reason.strip(), actor=actor)
        log(subscription, "members.subscription.rejected", user=actor, data={"reason": reason})
        send_rejection.enqueue(subscription_id=subscription.pk)
    return subscription


def subscription_cancel(
    *, subscription: Subscription, actor=None, reason: str = ""
) -> Subscription:
    """The applicant (or the board for them) withdraws a request that is not paid."""
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in (S.UNCONFIRMED, S.SUBMITTED, S.APPROVED):
            raise SubscriptionError(
                _("Only a request that is not paid yet can be cancelled (this one is “%(s)s”).")
                % {"s": subscription.get_status_display()}
            )
        _close(subscription, S.CANCELLED, reason=reason, actor=actor)
        log(subscription, "members.subscription.cancelled", user=actor)
    return subscription


def subscription_mark_refunded(*, subscription: Subscription, actor=None) -> Subscription:
    """A rejected request's payment was paid back."""
    from payments.services import payment_mark_refunded

    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status != S.REJECTED or subscription.paid_at is None:
            raise SubscriptionError(_("Only a rejected request that was paid can be refunded."))
        payment_mark_refunded(payment=subscription.payment, actor=actor)
        subscription.status = S.REFUNDED
        subscription.save(update_fields=["status"])
        log(subscription, "members.subscription.refunded", user=actor)
    return subscription


def subscriptions_expire(*, now=None) -> int:
    """Close requests left too long: unconfirmed after ``CONFIRM_DAYS``, unpaid after
    the days to pay of the bank transfer settings. Returns how many were closed."""
    from payments.models import BankTransferSettings

    now = now or timezone.now()
    site = Site.objects.get(is_default_site=True)
    payment_days = BankTransferSettings.for_site(site).payment_days
    stale = Subscription.objects.filter(
        status=S.UNCONFIRMED, created__lt=now - timedelta(days=CONFIRM_DAYS)
    ) | Subscription.objects.filter(
        status__in=[S.SUBMITTED, S.APPROVED], confirmed_at__lt=now - timedelta(days=payment_days)
    )
    closed = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            subscription = _locked(Subscription(pk=pk))
            if subscription.status not in (S.UNCONFIRMED, S.SUBMITTED, S.APPROVED):
                continue
            _close(subscription, S.EXPIRED)
            log(subscription, "members.subscription.expired", user=None)
            closed += 1
    return closed
