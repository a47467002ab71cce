"""Receivers of the cms app, connected in ``CmsConfig.ready()``."""

from __future__ import annotations

from django_tenants.utils import schema_context

from cms.selectors import forget_schedule


def forget_cached_schedule(sender, *, site, schema_name: str, **kwargs) -> None:
    """``opening_hours_changed``: drop the cached schedule once more after commit,
    in case a request cached the old hours between the save and the commit."""
    with schema_context(schema_name):
        forget_schedule(site.pk)
