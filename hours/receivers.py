"""Receivers of the opening hours, connected in HoursConfig.ready()."""

from django_tenants.utils import schema_context

from core.page_cache import purge_current_tenant

from .selectors import forget_schedule


def forget_cached_schedule(sender, *, site, schema_name: str, **kwargs) -> None:
    """``opening_hours_changed``: drop the cached schedule and the cached pages once
    more after commit, in case a request cached the old hours between the save and
    the commit."""
    with schema_context(schema_name):
        forget_schedule(site.pk)
        purge_current_tenant()
