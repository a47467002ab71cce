"""Opening hours of the demo buurtpunten, read from ``demo.toml`` (see ``core.hooks``)."""

from __future__ import annotations

import tomllib
from datetime import date, time, timedelta
from pathlib import Path

from wagtail.models import Site

from core import localtime
from core.demo_dates import WEEKDAYS, relative_day

from . import rules
from .models import OpeningHours
from .services import opening_hours_replace

DATA = Path(__file__).with_name("demo.toml")


def seed(buurtpunt) -> list[str]:
    """Give a demo buurtpunt its opening hours, unless the team already entered some."""
    spec = tomllib.loads(DATA.read_text(encoding="utf-8")).get(buurtpunt.schema_name)
    if spec is None:
        return []
    site = Site.objects.get(is_default_site=True)
    if OpeningHours.objects.filter(site=site, periods__isnull=False).exists():
        return []
    opening_hours_replace(site=site, schedule=schedule_from(spec, localtime.today()))
    return ["opening hours"]


def schedule_from(spec: dict, today: date) -> rules.Schedule:
    """The ``Schedule`` a demo buurtpunt's entry in ``demo.toml`` describes, seen from ``today``."""
    weekly = {
        WEEKDAYS.index(day): tuple(_period(text) for text in periods)
        for day, periods in spec.get("weekly", {}).items()
    }
    exceptions = []
    for item in spec.get("exceptions", []):
        start = relative_day(item["starts"], today)
        exceptions.append(
            rules.ExceptionRange(
                start=start,
                end=start + timedelta(days=item.get("days", 1) - 1),
                periods=tuple(_period(text) for text in item.get("periods", [])),
                reason=item["reason"],
            )
        )
    return rules.Schedule(weekly=weekly, exceptions=tuple(exceptions))


def _period(text: str) -> rules.Period:
    opens, closes = (time.fromisoformat(part.strip().zfill(5)) for part in text.split("-"))
    return rules.Period(opens=opens, closes=closes)
