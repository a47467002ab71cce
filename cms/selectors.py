"""Reads of the buurtpunt sites' content, for pages, blocks, the feed and the week flyer.

Every read is limited to one site's tree (``root_path``, the path of its home
page) and to pages that are live and not behind a view restriction. A tenant
schema holds one site, but the tree limit keeps a listing right even where a
schema would hold two.

The week flyer (``/deze-week/``, ``themes.views.week_flyer``) reads opening
hours, events and news as plain values (the dataclasses at the end), so it
does not depend on how those page types and models are built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from cms import opening_hours as logic

from .recurrence import Occurrence

UPCOMING_HORIZON = timedelta(days=366)


def site_path(context) -> str | None:
    """The tree path of the home page of the site being rendered (from a template context)."""
    page = context.get("page")
    if isinstance(page, Page) and page.path and page.depth >= 2:
        return page.path[: 2 * Page.steplen]
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page.path if site else None


def public(queryset: QuerySet) -> QuerySet:
    """Live pages outside any private section, in the same query (no restriction lookup)."""
    restricted = PageViewRestriction.objects.annotate(length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("length"))
    )
    return queryset.live().exclude(Exists(restricted))


def within(queryset: QuerySet, root_path: str) -> QuerySet:
    return public(queryset.filter(path__startswith=root_path))


SECTION_MODELS = (
    "AgendaIndexPage",
    "NewsIndexPage",
    "ServicesPage",
    "SuppliersPage",
    "MobipuntPage",
    "ContactPage",
)


def sections(*, root_path: str, request=None) -> dict[str, Page]:
    """The section pages right under a home page, by model name (the first of each kind).

    One query, remembered on ``request``: the agenda, news and services blocks of
    one page all ask for it. The pages are plain ``Page`` objects (enough for a
    link); take ``.specific`` for their own fields.
    """
    memo = getattr(request, "_cms_sections", {}) if request is not None else {}
    if root_path in memo:
        return memo[root_path]
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    models = [apps.get_model("cms", name) for name in SECTION_MODELS]
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    names = {content_type.pk: model.__name__ for model, content_type in types.items()}
    children = Page.objects.filter(
        content_type_id__in=names, depth=len(root_path) // Page.steplen + 1
    )
    found: dict[str, Page] = {}
    for page in within(children, root_path).order_by("path"):
        found.setdefault(names[page.content_type_id], page)
    if request is not None:
        request._cms_sections = {**memo, root_path: found}
    return found


def agenda_index(*, root_path: str, request=None) -> Page | None:
    return sections(root_path=root_path, request=request).get("AgendaIndexPage")


def news_index(*, root_path: str, request=None) -> Page | None:
    return sections(root_path=root_path, request=request).get("NewsIndexPage")


def services_page(*, root_path: str, request=None):
    page = sections(root_path=root_path, request=request).get("ServicesPage")
    return page.specific if page is not None else None


# --- agenda -------------------------------------------------------------------


def events(*, root_path: str) -> QuerySet:
    from .models import EventPage

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


# --- news ---------------------------------------------------------------------


def news_items(*, root_path: str) -> QuerySet:
    from .models import NewsItemPage

    return (
        within(NewsItemPage.objects.all(), root_path)
        .select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-first_published_at", "-pk")
    )


def latest_news(*, root_path: str, limit: int) -> list:
    return list(news_items(root_path=root_path)[:limit])


# --- suppliers ----------------------------------------------------------------


def suppliers(*, season: str = "", category: str = "") -> QuerySet:
    from .models import Supplier

    queryset = Supplier.objects.select_related("image").prefetch_related("image__renditions")
    if season:
        queryset = queryset.filter(Q(**{f"season_{season}": True}))
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("name")


# --- the week flyer -------------------------------------------------------------


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
    return [
        DayHours(
            date=day.day,
            periods=[(period.opens, period.closes) for period in day.periods],
            note=day.reason,
        )
        for day in opening_hours_week(opening_hours_schedule(site), start, 7)
    ]


def week_events(*, site: Site, start: dt.date, end: dt.date) -> list[WeekEvent]:
    """The live events of ``site`` that take place from ``start`` to ``end`` (both
    included, Europe/Brussels), recurring ones as one ``WeekEvent`` per occurrence,
    ordered by start."""
    from .recurrence import aware

    after = aware(dt.datetime.combine(start, dt.time.min))
    before = aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
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


def site_search(*, site: Site, query: str):
    """Live, public pages of ``site`` matching ``query`` (Wagtail's search backend, so
    only the current tenant's index), best match first."""
    query = " ".join((query or "").split())[:200]
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().in_site(site).search(query)


# --- opening hours -----------------------------------------------------------------


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
