"""Checks of what people type about themselves, each behind one function."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError as StdnumError

BELGIAN_POSTCODE = re.compile(r"^[1-9][0-9]{3}$")
PHONE = re.compile(r"^\+?[0-9 ./()-]{6,20}$")
# A spreadsheet reads a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def normalize_company_number(value: str) -> str:
    """A Belgian enterprise number as 0123.456.749; ``ValidationError`` when invalid."""
    value = (value or "").strip()
    try:
        compact = be_vat.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid Belgian enterprise number (e.g. 0123.456.749).")
            % {"value": value[:20]},
            code="company_number",
        ) from exc
    return f"{compact[:4]}.{compact[4:7]}.{compact[7:]}"


def validate_postcode(postcode: str, country: str) -> str:
    postcode = (postcode or "").strip().upper()
    if country == "BE" and not BELGIAN_POSTCODE.match(postcode):
        raise ValidationError(_("A Belgian postcode has four digits, e.g. 9120."), code="postcode")
    if not postcode or len(postcode) > 12:
        raise ValidationError(_("Enter the postcode."), code="postcode")
    return postcode


def validate_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not PHONE.match(value):
        raise ValidationError(
            _("Enter a phone number with digits only, e.g. 0470 12 34 56."), code="phone"
        )
    return value


def neutralise_formula(value):
    """A text that a spreadsheet would run as a formula, made plain text (``'=...``)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
