"""Search in a site's own pages."""

from __future__ import annotations

from wagtail.models import Page, Site


def site_search(*, site: Site, query: str):
    """Live, public pages of ``site`` matching ``query`` (Wagtail's search backend, so
    only the current tenant's index), best match first."""
    query = " ".join((query or "").split())[:200]
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().in_site(site).search(query)
