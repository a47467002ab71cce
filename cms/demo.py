"""Demo content of the cms app for ``manage.py seed_demo``."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from cms import opening_hours as logic

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def _periods(*spans: tuple[int, int, int, int]) -> tuple[logic.Period, ...]:
    return tuple(logic.Period(time(h1, m1), time(h2, m2)) for h1, m1, h2, m2 in spans)


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _this_or_next_year(today: date, month: int, day: int) -> date:
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def demo_schedule(slug: str, today: date) -> logic.Schedule | None:
    """Realistic hours of a demo buurtpunt, with exceptions dated from ``today``."""
    if slug == "beveren":
        # A village shop-café: closed on Monday, a long break at noon.
        shop = _periods((8, 0, 12, 0), (14, 0, 18, 0))
        holiday = _next_weekday(_this_or_next_year(today, 7, 15), MON)
        fair = _next_weekday(today + timedelta(days=10), SUN)
        return logic.Schedule(
            weekly={
                TUE: shop,
                WED: shop,
                THU: shop,
                FRI: shop,
                SAT: shop,
                SUN: _periods((8, 0, 12, 0)),
            },
            exceptions=(
                logic.ExceptionRange(
                    start=fair,
                    end=fair,
                    periods=_periods((8, 0, 18, 0)),
                    reason="Kermis: uitzonderlijk de hele dag open",
                ),
                logic.ExceptionRange(
                    start=holiday, end=holiday + timedelta(days=13), reason="Jaarlijkse vakantie"
                ),
            ),
        )
    if slug == "zonnegem":
        # A smaller place run by volunteers, with a café evening on Friday.
        christmas = _this_or_next_year(today, 12, 24)
        return logic.Schedule(
            weekly={
                WED: _periods((14, 0, 17, 0)),
                FRI: _periods((18, 0, 1, 0)),
                SAT: _periods((9, 0, 12, 0)),
            },
            exceptions=(
                logic.ExceptionRange(
                    start=christmas, end=christmas + timedelta(days=8), reason="Kerstvakantie"
                ),
            ),
        )
    return None


def seed_opening_hours(buurtpunt) -> bool:
    """Give a demo buurtpunt its opening hours, unless the team already entered some."""
    from wagtail.models import Site

    from cms.models import OpeningHours
    from cms.services import opening_hours_replace

    schedule = demo_schedule(buurtpunt.schema_name, logic.local(timezone.now()).date())
    if schedule is None:
        return False
    with tenant_context(buurtpunt):
        site = Site.objects.get(is_default_site=True)
        if OpeningHours.objects.filter(site=site, periods__isnull=False).exists():
            return False
        opening_hours_replace(site=site, schedule=schedule)
    return True
