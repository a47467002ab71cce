"""One week of a site as plain values, for the printable week flyer (``/deze-week/``).

Events and news come as the dataclasses below, opening hours as the hours
app's ``DayHours`` values (through ``hours.selectors``), so the flyer does not
depend on how those page types and models are built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wagtail.models import Site

from core import localtime
from hours import selectors as hours_selectors

from .agenda import events
from .news import latest_news


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
    return week_bounds(localtime.today())[0]


def week_opening_hours(*, site: Site, start: dt.date) -> list:
    """Seven days of opening hours (``DayHours`` of the hours app), Monday ``start`` to
    Sunday, exceptions applied; empty while the site keeps no opening hours."""
    return hours_selectors.days(hours_selectors.schedule(site), start, 7)


def week_events(*, site: Site, start: dt.date, end: dt.date) -> list[WeekEvent]:
    """The live events of ``site`` that take place from ``start`` to ``end`` (both
    included, Europe/Brussels), recurring ones as one ``WeekEvent`` per occurrence,
    ordered by start."""
    after = localtime.at(start, dt.time.min)
    before = localtime.at(end + dt.timedelta(days=1), dt.time.min)
    found = []
    for event in events(root_path=site.root_page.path).filter(
        last_end__gte=after, start__lt=before
    ):
        found.extend(event.occurrences(after=after, before=before))
    found.sort(key=lambda o: (o.start, o.event.title))
    return [
        WeekEvent(
            title=o.event.title, start=o.start, end=o.end, place=o.event.place, url=o.event.url
        )
        for o in found
    ]


def recent_news(*, site: Site, limit: int = 3) -> list[NewsItem]:
    """The ``limit`` newest live news items of ``site``, newest first."""
    return [
        NewsItem(title=item.title, date=item.date, summary=item.intro, url=item.url)
        for item in latest_news(root_path=site.root_page.path, limit=limit)
    ]
