"""The links a resident follows for a request: confirm it, and see its state.

The confirmation link is signed with a timestamp and expires; the status link
carries the request's random id, which only the applicant was sent.
"""

from __future__ import annotations

import base64
import uuid

from django.core import signing

CONFIRM_SALT = "members.subscription.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(subscription) -> str:
    """The signed id, in base64 (Wagtail's page URLs allow only letters, digits, - and _)."""
    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.public_id))
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def public_id_from_confirm_token(token: str) -> uuid.UUID | None:
    """The request's id from a confirmation token; None when forged or expired."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(signed, max_age=CONFIRM_MAX_AGE)
        return uuid.UUID(value)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None


def signup_page():
    from .models import SignupPage

    return SignupPage.objects.live().first()


def signup_links(subscription) -> dict[str, str]:
    """Absolute URLs of the confirmation and status pages of ``subscription``."""
    page = signup_page()
    if page is None:
        return {}
    base = page.full_url
    return {
        "confirm": base + page.reverse_subpage("confirm", args=[confirm_token(subscription)]),
        "status": base + page.reverse_subpage("status", args=[subscription.public_id]),
        "page": base,
    }


EMAIL_CHANGE_SALT = "members.person.email_change"
EMAIL_CHANGE_MAX_AGE = 2 * 24 * 3600


def _site_root() -> str:
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_url


def portal_scope() -> str:
    """Login tokens are bound to the buurtpunt: one tenant's token means nothing on another."""
    from core.tenancy import current_schema

    return f"portal:{current_schema()}"


def portal_login_url(user) -> str:
    from django.urls import reverse
    from sesame.utils import get_query_string

    return (
        _site_root()
        + reverse("members:portal_login")
        + get_query_string(user, scope=portal_scope())
    )


def portal_url(name: str = "members:portal") -> str:
    from django.urls import reverse

    return _site_root() + reverse(name)


def email_change_token(person, new_email: str) -> str:
    signed = signing.dumps({"p": person.pk, "e": new_email}, salt=EMAIL_CHANGE_SALT)
    return signed


def email_change_from_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
        return int(data["p"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def email_change_url(person, new_email: str) -> str:
    from django.urls import reverse

    return _site_root() + reverse(
        "members:portal_email_confirm", args=[email_change_token(person, new_email)]
    )
