"""Reads of a buurtpunt's site content, for views and templates outside the page tree.

The week flyer (``/deze-week/``, ``themes.views.week_flyer``) and other
summaries read opening hours, events and news only through the functions
below, as plain values (the dataclasses here), so the flyer does not depend on
how those page types and models are built.

Extension points: ``week_opening_hours``, ``week_events`` and ``recent_news``
answer empty until the opening-hours model and the agenda and news page types
fill them in; each says what it must return.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Page, Site


@dataclass(frozen=True)
class DayHours:
    """One day of the week as the flyer prints it."""

    date: dt.date
    # (opens, closes) in local time, in order; empty when closed all day.
    periods: list[tuple[dt.time, dt.time]] = field(default_factory=list)
    # Why the day differs from the usual week ("Kerstdag", "uitzonderlijk gesloten"), if it does.
    note: str = ""

    @property
    def is_closed(self) -> bool:
        return not self.periods


@dataclass(frozen=True)
class WeekEvent:
    """An event (or one occurrence of a recurring event) in the week."""

    title: str
    start: dt.datetime  # aware; shown in Europe/Brussels
    end: dt.datetime | None = None
    place: str = ""
    url: str = ""


@dataclass(frozen=True)
class NewsItem:
    title: str
    date: dt.date
    summary: str = ""
    url: str = ""


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week ``day`` is in."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def current_week_start() -> dt.date:
    return week_bounds(timezone.localdate())[0]


def week_opening_hours(*, site: Site, start: dt.date) -> list[DayHours]:
    """Seven ``DayHours``, Monday ``start`` to Sunday, with the weekly schedule and the
    exceptions of that week applied; empty while no opening hours are kept."""
    return []


def week_events(*, site: Site, start: dt.date, end: dt.date) -> list[WeekEvent]:
    """The live events of ``site`` that take place from ``start`` to ``end`` (both
    included, Europe/Brussels), recurring ones as one ``WeekEvent`` per occurrence,
    ordered by start; empty while there is no agenda."""
    return []


def recent_news(*, site: Site, limit: int = 3) -> list[NewsItem]:
    """The ``limit`` newest live news items of ``site``, newest first; empty while
    there is no news."""
    return []


def site_search(*, site: Site, query: str):
    """Live, public pages of ``site`` matching ``query`` (Wagtail's search backend, so
    only the current tenant's index), best match first."""
    query = " ".join((query or "").split())[:200]
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().in_site(site).search(query)
