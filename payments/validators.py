"""IBAN and BIC checks (schwifty), each behind one function of ours."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException


def normalize_iban(value: str) -> str:
    """An IBAN in its compact form (``BE68539007547034``); ``ValidationError`` when invalid."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return IBAN(value, validate_bban=True).compact
    except (SchwiftyException, ValueError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid IBAN. Check the number on your bank card.")
            % {"value": value[:42]},
            code="iban",
        ) from exc


def format_iban(value: str) -> str:
    """An IBAN in groups of four, as printed: ``BE68 5390 0754 7034``."""
    return IBAN(value).formatted if value else ""


def validate_iban(value: str) -> None:
    normalize_iban(value)


def validate_bic(value: str) -> None:
    value = (value or "").strip()
    if not value:
        return
    try:
        BIC(value)
    except (SchwiftyException, ValueError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid BIC.") % {"value": value[:11]}, code="bic"
        ) from exc
