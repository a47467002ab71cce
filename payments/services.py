"""State changes of payments: one function each, checked, locked, logged.

The app that asked for a payment hears of it through ``payments.signals``,
sent inside the same transaction.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import signals, structured
from .errors import PaymentError
from .models import Payment
from .providers import PROVIDERS

REFERENCE_ATTEMPTS = 20


def payment_create(
    *,
    amount: Decimal,
    description: str,
    payer_name: str = "",
    payer_email: str = "",
    provider: str = "bank_transfer",
    actor=None,
) -> Payment:
    """A pending payment with a structured communication of its own in this tenant."""
    if provider not in PROVIDERS:
        raise PaymentError(_("This payment method is not available."))
    if amount is None or amount <= 0:
        raise PaymentError(_("The amount must be more than zero."))
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    amount=amount,
                    description=description[:140],
                    payer_name=payer_name[:200],
                    payer_email=payer_email,
                    provider=provider,
                    reference=structured.random_reference(),
                )
        except IntegrityError:
            continue  # the reference was taken: draw another
        log(payment, "payments.payment.created", user=actor, data={"amount": str(amount)})
        return payment
    raise PaymentError(_("No free structured communication was found; please try again."))


def _locked(payment: Payment) -> Payment:
    return Payment.objects.select_for_update().get(pk=payment.pk)


def payment_mark_paid(
    *,
    payment: Payment,
    actor=None,
    amount: Decimal | None = None,
    paid_via: str = "manual",
    note: str = "",
) -> Payment:
    """Record that ``payment`` was paid in full (by hand, an import or a provider).

    A payment that is not awaiting payment is refused: a second statement line
    or a second click never pays twice.
    """
    with transaction.atomic():
        payment = _locked(payment)
        if payment.status != Payment.Status.PENDING:
            raise PaymentError(
                _("This payment is not awaiting payment (it is “%(status)s”).")
                % {"status": payment.get_status_display()}
            )
        received = payment.amount if amount is None else amount
        if received != payment.amount:
            raise PaymentError(
                _("%(received)s was received, but %(amount)s is owed.")
                % {"received": received, "amount": payment.amount}
            )
        payment.status = Payment.Status.PAID
        payment.amount_received = received
        payment.paid_at = timezone.now()
        payment.paid_via = paid_via
        payment.updated_by = actor if getattr(actor, "pk", None) else None
        if note:
            payment.note = "\n".join(filter(None, [payment.note, note]))
        payment.save(
            update_fields=[
                "status",
                "amount_received",
                "paid_at",
                "paid_via",
                "updated_by",
                "note",
            ]
        )
        log(
            payment,
            "payments.payment.paid",
            user=actor,
            data={"amount": str(received), "via": paid_via, "note": note},
        )
        signals.payment_paid.send(sender=Payment, payment=payment, actor=actor)
    return payment


def payment_cancel(*, payment: Payment, actor=None) -> Payment:
    """A payment that is no longer owed (its request was rejected, expired or cancelled)."""
    with transaction.atomic():
        payment = _locked(payment)
        if payment.status == Payment.Status.CANCELLED:
            return payment
        if payment.status != Payment.Status.PENDING:
            raise PaymentError(_("Only a payment that is awaiting payment can be cancelled."))
        payment.status = Payment.Status.CANCELLED
        payment.save(update_fields=["status"])
        log(payment, "payments.payment.cancelled", user=actor)
    return payment


def payment_mark_refunded(*, payment: Payment, actor=None, note: str = "") -> Payment:
    """Record that a paid amount was paid back to the payer."""
    with transaction.atomic():
        payment = _locked(payment)
        if payment.status != Payment.Status.PAID:
            raise PaymentError(_("Only a paid payment can be refunded."))
        payment.status = Payment.Status.REFUNDED
        if note:
            payment.note = "\n".join(filter(None, [payment.note, note]))
        payment.save(update_fields=["status", "note"])
        log(payment, "payments.payment.refunded", user=actor, data={"note": note})
        signals.payment_refunded.send(sender=Payment, payment=payment, actor=actor)
    return payment
