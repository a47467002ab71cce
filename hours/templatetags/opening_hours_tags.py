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
from django.urls import reverse
from django.utils.safestring import mark_safe
from wagtail.models import Site

from core import localtime
from core.tenancy import current_buurtpunt, on_network_site
from hours import rules, selectors
from hours.display import status_html
from themes.selectors import site_identity

register = template.Library()

# Exceptions starting within this many days after the shown week are listed below it.
ANNOUNCE_EXCEPTIONS_DAYS = 60
# Characters that would let JSON end a <script> element (as Django's json_script).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _status_url() -> str | None:
    return None if on_network_site() else reverse("hours:status_json")


@register.inclusion_tag("hours/badge.html", takes_context=True)
def opening_hours_badge(context):
    """ "Open now · closes at 17:30" / "Closed · opens tomorrow at 8:00".

    The page carries the moment this status stops being true; a small script
    asks ``/openingsuren.json`` for the current status when that moment has
    passed (a page from a full-page cache, or a tab left open).
    """
    status = selectors.status(selectors.schedule_for_request(context.get("request")))
    if status is None:
        return {"status": None}
    return {
        "status": status,
        "label": status_html(status),
        "changes_at": status.changes_at.isoformat() if status.changes_at else "",
        "status_url": _status_url(),
    }


def _day_row(day: rules.DayHours, today) -> dict:
    return {
        "date": day.day,
        "is_today": day.day == today,
        "closed": day.closed,
        "reason": day.reason,
        "periods": [
            {
                "opens": rules.format_time(period.opens),
                "closes": rules.format_time(period.closes),
                "opens_iso": period.opens.strftime("%H:%M"),
                "closes_iso": period.closes.strftime("%H:%M"),
            }
            for period in day.periods
        ],
    }


@register.inclusion_tag("hours/table.html", takes_context=True)
def opening_hours_table(context, days: int = 7, heading: str = ""):
    """The hours of the coming ``days`` days from today, exceptions applied, and
    the exceptions announced for the weeks after; ``heading`` replaces the default one."""
    schedule = selectors.schedule_for_request(context.get("request"))
    today = localtime.today()
    week = selectors.days(schedule, today, days)
    if not week:
        return {"days": [], "heading": heading}
    last_shown = today + timedelta(days=days - 1)
    later = [
        exception
        for exception in rules.upcoming_exceptions(schedule, today)
        if last_shown < exception.start <= last_shown + timedelta(days=ANNOUNCE_EXCEPTIONS_DAYS)
    ]
    return {
        "days": [_day_row(day, today) for day in week],
        "later_exceptions": [
            {
                "exception": exception,
                "periods": [rules.format_period(p) for p in sorted(exception.periods)],
            }
            for exception in later
        ],
        "heading": heading,
    }


def _identity_extras(request) -> dict:
    """Name, address, phone and e-mail as the team entered them (Settings → Site identity)."""
    identity = site_identity(request)
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
    tenant = current_buurtpunt()
    locality = getattr(tenant, "municipality", "")
    if not locality:
        return None
    address = {"@type": "PostalAddress", "addressLocality": locality, "addressCountry": "BE"}
    if getattr(tenant, "postcode", ""):
        address["postalCode"] = tenant.postcode
    return address


def local_business(site, schedule: rules.Schedule, today, **extras) -> dict:
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
    weekly = rules.opening_hours_specification(schedule)
    if weekly:
        data["openingHoursSpecification"] = weekly
    special = rules.special_opening_hours_specification(schedule, today)
    if special:
        data["specialOpeningHoursSpecification"] = special
    return data


@register.simple_tag(takes_context=True)
def opening_hours_jsonld(context, **extras):
    """``<script type="application/ld+json">`` with the buurtpunt as a LocalBusiness
    (its hours included when it has any)."""
    request = context.get("request")
    if request is None or on_network_site():
        return ""  # the network's own site is not a business
    site = Site.find_for_request(request)
    schedule = selectors.schedule_for_request(request)
    if site is None or schedule is None:
        return ""
    today = localtime.today()
    data = local_business(site, schedule, today, **{**_identity_extras(request), **extras})
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
