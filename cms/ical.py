"""The agenda as an RFC 5545 calendar, built with ``icalendar``.

One VEVENT per event page; a series is one VEVENT with an RRULE, so a
calendar app shows every date and follows later edits. UIDs are
``event-<page id>@<slug>.<BASE_DOMAIN>``: they do not change when the
buurtpunt moves to a domain of its own, so a subscriber never sees an event
twice. Times carry TZID=Europe/Brussels with its VTIMEZONE.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import unescape

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

from core.localtime import TIMEZONE
from core.tenancy import current_schema

PRODID = "-//Buurtpunt//Agenda//NL"


def uid_domain() -> str:
    """The stable part of every UID of the current tenant."""
    return f"{current_schema()}.{settings.BASE_DOMAIN}"


def event_uid(event) -> str:
    return f"event-{event.pk}@{uid_domain()}"


def _plain(html: str) -> str:
    return unescape(strip_tags(html.replace("</p>", "</p>\n"))).strip()


def _event_component(event, request, now: datetime) -> Event:
    component = Event()
    component.add("uid", event_uid(event))
    component.add("summary", event.title)
    component.add("dtstamp", now.astimezone(UTC))
    component.add("dtstart", event.start.astimezone(TIMEZONE))
    if event.end:
        component.add("dtend", event.end.astimezone(TIMEZONE))
    else:
        # A start without an end: RFC 5545 would read it as an instant.
        component.add("duration", timedelta(hours=2))
    if event.rule.repeats:
        component.add("rrule", event.rule.to_ical())
    if event.last_published_at:
        component.add("last-modified", event.last_published_at.astimezone(UTC))
    if event.place:
        component.add("location", event.place)
    description = "\n\n".join(
        part for part in (event.intro, _plain(event.description), event.price) if part
    )
    if description:
        component.add("description", description)
    component.add("url", event.get_full_url(request))
    return component


def agenda_calendar(*, agenda, events, request) -> bytes:
    """The feed of ``agenda``: ``events`` as VEVENTs with the VTIMEZONE they use."""
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    site = agenda.get_site()
    name = f"{site.site_name} – {agenda.title}" if site and site.site_name else agenda.title
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIMEZONE.key)
    first = now.date()
    for event in events.order_by("start", "pk"):
        calendar.add_component(_event_component(event, request, now))
        first = min(first, event.start.date())
    calendar.add_missing_timezones(
        first_date=first - timedelta(days=1), last_date=date(now.year + 6, 1, 1)
    )
    return calendar.to_ical()
