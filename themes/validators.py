"""Field validators of the themes app."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .contrast import is_hex_colour

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ./()-]{5,24}$")
LINK_RE = re.compile(r"^(/[^\s]*|https?://[^\s/]+[^\s]*|mailto:[^\s@]+@[^\s]+|tel:\+?[0-9]+)$")


def validate_hex_colour(value: str) -> None:
    if value and not is_hex_colour(value):
        raise ValidationError(
            _("“%(value)s” is not a colour code; write it as # and six hex digits, e.g. #2f6b3b."),
            code="invalid_colour",
            params={"value": value},
        )


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(value):
        raise ValidationError(
            _("“%(value)s” is not a phone number; use digits, spaces and an optional +."),
            code="invalid_phone",
            params={"value": value},
        )


def validate_link(value: str) -> None:
    """A path on the site (/deze-week/), a web address, mailto: or tel:."""
    if value and not LINK_RE.match(value):
        raise ValidationError(
            _(
                "“%(value)s” is not a link; use a path such as /agenda/ "
                "or a full address starting with https://."
            ),
            code="invalid_link",
            params={"value": value},
        )


def phone_href(value: str) -> str:
    """A ``tel:`` link for a Belgian number as people write it: ``051 12 34 56`` becomes
    ``tel:+3251123456``; numbers with + or 00 keep their country code."""
    digits = re.sub(r"[^0-9+]", "", value or "")
    if not digits:
        return ""
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+32" + digits[1:]
    return f"tel:{digits}"
