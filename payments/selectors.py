"""Reads of the payments app, for the other apps and the views."""

from __future__ import annotations

from .models import Payment
from .providers import Instructions, provider_for


def payment_by_reference(text: str) -> Payment | None:
    from .structured import compact

    reference = compact(text)
    return Payment.objects.filter(reference=reference).first() if reference else None


def payment_instructions(payment: Payment, site) -> Instructions | None:
    return provider_for(payment).instructions(payment, site)


def bank_transfer_ready(site) -> bool:
    from .providers import BankTransfer

    return BankTransfer().is_available(site)


def payments_of(ids) -> list[Payment]:
    """The payments with these ids, oldest first."""
    return list(Payment.objects.filter(pk__in=list(ids)).order_by("created"))
