"""Payment providers: how a person pays an amount owed.

Every provider implements ``PaymentProvider``; the rest of the code asks
``provider_for(payment)`` and never names a provider's class. Bank transfer is
the first; an online provider comes in beside it through the same interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .epc import epc_png, epc_svg
from .models import BankTransferSettings, Payment
from .structured import display
from .validators import format_iban


@dataclass(frozen=True)
class Instructions:
    """What a person needs to pay: shown on the page and written in the e-mail."""

    amount: Decimal
    account_holder: str
    iban: str
    bic: str
    reference: str
    due_days: int
    qr_svg: str
    qr_png: bytes

    @property
    def display_reference(self) -> str:
        return display(self.reference)


class PaymentProvider:
    """The interface of a payment provider."""

    name: str = ""
    label = ""

    def is_available(self, site) -> bool:
        """Whether the buurtpunt of ``site`` can take payments this way."""
        raise NotImplementedError

    def instructions(self, payment: Payment, site) -> Instructions | None:
        """What to show the payer; None when the provider sends them elsewhere instead."""
        raise NotImplementedError


class BankTransfer(PaymentProvider):
    """A transfer to the buurtpunt's account with the payment's structured communication;
    the statement import (or a person) marks it paid."""

    name = "bank_transfer"
    label = _("Bank transfer")

    def is_available(self, site) -> bool:
        return BankTransferSettings.for_site(site).is_complete

    def instructions(self, payment: Payment, site) -> Instructions | None:
        settings = BankTransferSettings.for_site(site)
        if not settings.is_complete:
            return None
        qr = {
            "name": settings.account_holder,
            "iban": settings.iban,
            "amount": payment.amount,
            "reference": payment.reference,
            "bic": settings.bic,
        }
        return Instructions(
            amount=payment.amount,
            account_holder=settings.account_holder,
            iban=format_iban(settings.iban),
            bic=settings.bic,
            reference=payment.reference,
            due_days=settings.payment_days,
            qr_svg=epc_svg(**qr),
            qr_png=epc_png(**qr),
        )


PROVIDERS: dict[str, PaymentProvider] = {BankTransfer.name: BankTransfer()}


def provider_for(payment: Payment) -> PaymentProvider:
    return PROVIDERS[payment.provider]
