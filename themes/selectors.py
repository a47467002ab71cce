"""Reads of a site's look and identity, for other apps."""

from __future__ import annotations

from .models import SiteIdentity


def site_identity(request) -> SiteIdentity:
    """Who the buurtpunt of ``request``'s site is: name, address, contact, logo, menu."""
    return SiteIdentity.for_request(request)
