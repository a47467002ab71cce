"""The agenda: events of a site and their dates, recurring ones expanded."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from cms.models import EventPage
from cms.recurrence import Occurrence

from .tree import within

UPCOMING_HORIZON = timedelta(days=366)


def events(*, root_path: str) -> QuerySet:
    return within(EventPage.objects.all(), root_path)


def upcoming_occurrences(
    *, root_path: str, now: datetime | None = None, limit: int | None = None
) -> list[Occurrence]:
    """Dates that are not over yet, soonest first, up to a year ahead."""
    now = now or timezone.now()
    before = now + UPCOMING_HORIZON
    found: list[Occurrence] = []
    for event in events(root_path=root_path).filter(last_end__gte=now, start__lt=before):
        found.extend(event.occurrences(after=now, before=before))
    found.sort(key=lambda o: (o.start, o.event.title))
    return found[:limit] if limit is not None else found


def past_occurrences(*, root_path: str, now: datetime | None = None) -> list[Occurrence]:
    """Dates that are over, most recent first."""
    now = now or timezone.now()
    found: list[Occurrence] = []
    for event in events(root_path=root_path).filter(start__lt=now):
        found.extend(o for o in event.occurrences(before=now) if o.effective_end < now)
    found.sort(key=lambda o: (o.start, o.event.title), reverse=True)
    return found


def feed_events(*, root_path: str, now: datetime | None = None) -> QuerySet:
    """Events for the iCal feed: all that still run or ended less than a year ago."""
    now = now or timezone.now()
    return events(root_path=root_path).filter(last_end__gte=now - timedelta(days=365))
