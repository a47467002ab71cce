"""Opening hours on a page: the open-now badge, the week table, schema.org JSON-LD.

    {% load opening_hours_tags %}
    {% opening_hours_badge %}
    {% opening_hours_table %}            {# or days=14 #}
    {% opening_hours_jsonld telephone="+32 58 00 00 00" address=... %}

Each tag reads the schedule of the request's site (once per request, cached
between requests) and renders nothing when the site has no hours yet.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django import template
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_tenants.utils import get_public_schema_name

from cms import opening_hours as logic
from cms.opening_hours_display import status_html
from cms.selectors import (
    opening_hours_schedule_for_request,
    opening_hours_status,
    opening_hours_week,
)

register = template.Library()

# Exceptions starting within this many days after the shown week are listed below it.
ANNOUNCE_EXCEPTIONS_DAYS = 60
# Characters that would let JSON end a <script> element (as Django's json_script).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _status_url() -> str | None:
    try:
        return reverse("cms:opening_hours_json")
    except NoReverseMatch:  # the network site has no such URL
        return None


@register.inclusion_tag("cms/includes/opening_hours_badge.html", takes_context=True)
def opening_hours_badge(context):
    """ "Open now · closes at 17:30" / "Closed · opens tomorrow at 8:00".

    The page carries the moment this status stops being true; a small script
    asks ``/openingsuren.json`` for the current status when that moment has
    passed (a page from a full-page cache, or a tab left open).
    """
    schedule = opening_hours_schedule_for_request(context.get("request"))
    status = opening_hours_status(schedule)
    if status is None:
        return {"status": None}
    return {
        "status": status,
        "label": status_html(status),
        "changes_at": status.changes_at.isoformat() if status.changes_at else "",
        "status_url": _status_url(),
    }


def _day_row(day: logic.DayHours, today) -> dict:
    return {
        "date": day.day,
        "is_today": day.day == today,
        "closed": day.closed,
        "reason": day.reason,
        "periods": [
            {
                "opens": logic.format_time(period.opens),
                "closes": logic.format_time(period.closes),
                "opens_iso": period.opens.strftime("%H:%M"),
                "closes_iso": period.closes.strftime("%H:%M"),
            }
            for period in day.periods
        ],
    }


@register.inclusion_tag("cms/includes/opening_hours_table.html", takes_context=True)
def opening_hours_table(context, days: int = 7, heading: str = ""):
    """The hours of the coming ``days`` days from today, exceptions applied, and
    the exceptions announced for the weeks after; ``heading`` replaces the default one."""
    schedule = opening_hours_schedule_for_request(context.get("request"))
    today = logic.local(timezone.now()).date()
    week = opening_hours_week(schedule, today, days)
    if not week:
        return {"days": [], "heading": heading}
    last_shown = today + timedelta(days=days - 1)
    later = [
        exception
        for exception in logic.upcoming_exceptions(schedule, today)
        if last_shown < exception.start <= last_shown + timedelta(days=ANNOUNCE_EXCEPTIONS_DAYS)
    ]
    return {
        "days": [_day_row(day, today) for day in week],
        "later_exceptions": [
            {
                "exception": exception,
                "periods": [logic.format_period(p) for p in sorted(exception.periods)],
            }
            for exception in later
        ],
        "heading": heading,
    }


def _identity_extras(request) -> dict:
    """Name, address, phone and e-mail as the team entered them (Settings → Site identity)."""
    from themes.models import SiteIdentity

    identity = SiteIdentity.for_request(request)
    extras = {"name": identity.name, "telephone": identity.phone, "email": identity.email}
    if identity.has_address:
        extras["address"] = {
            key: value
            for key, value in (
                ("streetAddress", identity.street),
                ("postalCode", identity.postcode),
                ("addressLocality", identity.municipality),
                ("addressCountry", "BE"),
            )
            if value
        }
    return {key: value for key, value in extras.items() if value}


def _default_address() -> dict | None:
    tenant = getattr(connection, "tenant", None)
    locality = getattr(tenant, "municipality", "")
    if not locality:
        return None
    address = {"@type": "PostalAddress", "addressLocality": locality, "addressCountry": "BE"}
    if getattr(tenant, "postcode", ""):
        address["postalCode"] = tenant.postcode
    return address


def local_business(site, schedule: logic.Schedule, today, **extras) -> dict:
    """The schema.org ``LocalBusiness`` of a site; ``extras`` (address, telephone,
    email, image, ...) are added when given, the address defaults to the
    buurtpunt's municipality."""
    root_url = site.root_url.rstrip("/")
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": f"{root_url}/#business",
        "name": site.site_name or str(site),
        "url": f"{root_url}/",
    }
    address = extras.pop("address", None) or _default_address()
    if isinstance(address, dict):
        data["address"] = {"@type": "PostalAddress", **address}
    elif address:
        data["address"] = str(address)
    data.update({key: value for key, value in extras.items() if value not in (None, "")})
    weekly = logic.opening_hours_specification(schedule)
    if weekly:
        data["openingHoursSpecification"] = weekly
    special = logic.special_opening_hours_specification(schedule, today)
    if special:
        data["specialOpeningHoursSpecification"] = special
    return data


@register.simple_tag(takes_context=True)
def opening_hours_jsonld(context, **extras):
    """``<script type="application/ld+json">`` with the buurtpunt as a LocalBusiness
    (its hours included when it has any)."""
    from wagtail.models import Site

    request = context.get("request")
    if request is None or connection.schema_name == get_public_schema_name():
        return ""  # the network's own site is not a business
    site = Site.find_for_request(request)
    schedule = opening_hours_schedule_for_request(request)
    if site is None or schedule is None:
        return ""
    today = logic.local(timezone.now()).date()
    data = local_business(site, schedule, today, **{**_identity_extras(request), **extras})
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
