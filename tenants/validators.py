"""Validation of slugs, host names and enterprise numbers, shared by every entry point."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError as StdnumError

from core.constants import PUBLIC_SCHEMA

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
SLUG_MIN, SLUG_MAX = 3, 40
RESERVED_SLUGS = frozenset({PUBLIC_SCHEMA, "www", "admin", "api", "static", "media"})
HOST_LABEL_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def reserved_slugs() -> frozenset[str]:
    return RESERVED_SLUGS | {settings.TENANT_BASE_SCHEMA}


def validate_slug_format(slug: str) -> None:
    """The shape of a slug; whether it is taken is the service's question."""
    if not SLUG_MIN <= len(slug) <= SLUG_MAX:
        raise ValidationError(
            _("The slug must be %(min)d to %(max)d characters long.")
            % {"min": SLUG_MIN, "max": SLUG_MAX},
            code="slug_length",
        )
    if not SLUG_RE.match(slug):
        raise ValidationError(
            _(
                "The slug may only contain lowercase letters, digits and hyphens, "
                "and must start and end with a letter or digit."
            ),
            code="slug_chars",
        )
    if slug in reserved_slugs() or slug.startswith("pg_"):
        raise ValidationError(
            _("The slug “%(slug)s” is reserved.") % {"slug": slug}, code="slug_reserved"
        )


def normalize_host(host: str) -> str:
    return host.strip().lower().rstrip(".")


def validate_host(host: str) -> None:
    """A host name such as ``beveren.localhost`` or ``www.dorpspunt.be`` (no port, no scheme)."""
    labels = host.split(".")
    if not host or len(host) > 253 or not all(HOST_LABEL_RE.match(label) for label in labels):
        raise ValidationError(
            _("“%(host)s” is not a valid domain name.") % {"host": host}, code="host_invalid"
        )


def normalize_enterprise_number(value: str) -> str:
    """Belgian enterprise number (KBO/BCE) in its usual 0123.456.789 form."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        compact = be_vat.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid Belgian enterprise number.") % {"value": value},
            code="enterprise_number",
        ) from exc
    return f"{compact[:4]}.{compact[4:7]}.{compact[7:]}"


def validate_enterprise_number(value: str) -> None:
    normalize_enterprise_number(value)
