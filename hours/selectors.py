"""Reads of the opening hours: a site's schedule (cached), open now, a week of days.

Other apps (the home page, the week flyer) read opening hours only through here.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from core import localtime

from . import rules
from .models import OpeningHours

# The schedule changes only when the team saves it (which forgets it), so it
# may stay cached long. Keys are per schema (django_tenants.cache.make_key).
SCHEDULE_CACHE_SECONDS = 24 * 3600
_REQUEST_ATTR = "_hours_schedule"


def _schedule_key(site_id: int) -> str:
    # The version changes with the shape of the cached Schedule.
    return f"hours.schedule.v1.{site_id}"


def forget_schedule(site_id: int) -> None:
    cache.delete(_schedule_key(site_id))


def schedule(site: Site) -> rules.Schedule:
    """The site's opening hours as a pure ``Schedule`` (empty when none are entered).

    Read from the cache, else in four queries (setting, weekly periods,
    exceptions, their periods). Reading never creates the setting.
    """
    key = _schedule_key(site.pk)
    found = cache.get(key)
    if found is None:
        hours = (
            OpeningHours.objects.filter(site=site)
            .prefetch_related("periods", "exceptions__periods")
            .first()
        )
        found = hours.to_schedule() if hours is not None else rules.Schedule()
        cache.set(key, found, SCHEDULE_CACHE_SECONDS)
    return found


def schedule_for_request(request) -> rules.Schedule | None:
    """The schedule of the request's site, read once per request; None without a site."""
    if request is None:
        return None
    if not hasattr(request, _REQUEST_ATTR):
        site = Site.find_for_request(request)
        setattr(request, _REQUEST_ATTR, schedule(site) if site else None)
    return getattr(request, _REQUEST_ATTR)


def status(found: rules.Schedule | None, now: datetime | None = None) -> rules.Status | None:
    """Open or closed now (None when the site has no hours, so nothing is shown)."""
    if found is None or found.is_empty:
        return None
    return rules.status(found, now or timezone.now())


def days(
    found: rules.Schedule | None, start: date | None = None, count: int = 7
) -> list[rules.DayHours]:
    """The hours of ``count`` days from ``start`` (today in Brussels), exceptions
    applied; empty while the site has no hours. For the home page table and the
    printable week flyer."""
    if found is None or found.is_empty:
        return []
    return rules.week(found, start or localtime.today(), count)
