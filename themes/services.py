"""State changes of a site's look and identity outside the admin's settings screens."""

from __future__ import annotations

from wagtail.models import Site

from .models import SiteIdentity, ThemeSettings
from .registry import get_theme


def site_settings_create(buurtpunt) -> None:
    """The theme and the identity of a new buurtpunt's site, from what the network gave:
    its theme, name, postcode and municipality."""
    site = Site.objects.get(is_default_site=True)
    ThemeSettings.objects.create(site=site, theme=get_theme(buurtpunt.theme).name)
    SiteIdentity.objects.create(
        site=site,
        name=buurtpunt.name,
        postcode=buurtpunt.postcode,
        municipality=buurtpunt.municipality,
    )
