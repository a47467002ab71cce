"""Reads of the cms app: what a page of a site needs, for the site it is on."""

from __future__ import annotations

from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from cms import opening_hours as logic

# The schedule changes only when the team saves it (which forgets it), so it
# may stay cached long. Keys are per schema (django_tenants.cache.make_key).
SCHEDULE_CACHE_SECONDS = 24 * 3600
_REQUEST_ATTR = "_cms_opening_hours_schedule"


def _schedule_key(site_id: int) -> str:
    # The version changes with the shape of the cached Schedule.
    return f"cms.opening_hours.schedule.v1.{site_id}"


def forget_schedule(site_id: int) -> None:
    cache.delete(_schedule_key(site_id))


def opening_hours_schedule(site: Site) -> logic.Schedule:
    """The site's opening hours as a pure ``Schedule`` (empty when none are entered).

    Read from the cache, else in four queries (setting, weekly periods,
    exceptions, their periods). Reading never creates the setting.
    """
    from cms.models import OpeningHours

    key = _schedule_key(site.pk)
    schedule = cache.get(key)
    if schedule is None:
        hours = (
            OpeningHours.objects.filter(site=site)
            .prefetch_related("periods", "exceptions__periods")
            .first()
        )
        schedule = hours.to_schedule() if hours is not None else logic.Schedule()
        cache.set(key, schedule, SCHEDULE_CACHE_SECONDS)
    return schedule


def opening_hours_schedule_for_request(request) -> logic.Schedule | None:
    """The schedule of the request's site, read once per request; None without a site."""
    if request is None:
        return None
    if not hasattr(request, _REQUEST_ATTR):
        site = Site.find_for_request(request)
        setattr(request, _REQUEST_ATTR, opening_hours_schedule(site) if site else None)
    return getattr(request, _REQUEST_ATTR)


def opening_hours_status(
    schedule: logic.Schedule | None, now: datetime | None = None
) -> logic.Status | None:
    """Open or closed now (None when the site has no hours, so nothing is shown)."""
    if schedule is None or schedule.is_empty:
        return None
    return logic.status(schedule, now or timezone.now())


def opening_hours_week(
    schedule: logic.Schedule | None, start: date | None = None, days: int = 7
) -> list[logic.DayHours]:
    """The hours of ``days`` days from ``start`` (today in Brussels), exceptions applied;
    for the home page table and the printable week flyer."""
    if schedule is None or schedule.is_empty:
        return []
    start = start or logic.local(timezone.now()).date()
    return logic.week(schedule, start, days)
