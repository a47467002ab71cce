"""The demo's opening hours (hours/demo.toml): dates relative to the day of the seed,
hours the service accepts, and a seed that never overwrites what a team entered.
(seed_demo as a whole, run twice, is tests/cms/test_demo.py.)"""

import tomllib
from datetime import date, time
from types import SimpleNamespace

from django_tenants.utils import tenant_context
from wagtail.models import Site

from hours import demo
from hours import rules as logic
from hours.models import OpeningHours
from hours.services import opening_hours_replace

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
SPECS = tomllib.loads(demo.DATA.read_text(encoding="utf-8"))


def p(opens: str, closes: str) -> logic.Period:
    return logic.Period(time.fromisoformat(opens), time.fromisoformat(closes))


def test_the_weekly_hours_are_read_as_written():
    schedule = demo.schedule_from(SPECS["zonnegem"], date(2026, 6, 1))
    assert schedule.weekly == {
        WED: (p("14:00", "17:00"),),
        FRI: (p("18:00", "01:00"),),  # past midnight
        SAT: (p("09:00", "12:00"),),
    }


def test_an_exception_lasts_its_days_from_the_day_it_starts():
    # How a demo date is read is tests/core/test_demo_dates.py.
    spec = {
        "exceptions": [
            {"reason": "Vakantie", "starts": {"date": "07-15", "weekday": "monday"}, "days": 14},
            {"reason": "Open", "starts": {"after_days": 3}, "periods": ["8:00-18:00"]},
        ]
    }
    holiday, open_day = demo.schedule_from(spec, date(2026, 6, 1)).exceptions
    # 15 July 2026 is a Wednesday: from the Monday after, for two weeks.
    assert (holiday.start, holiday.end, holiday.closed) == (
        date(2026, 7, 20),
        date(2026, 8, 2),
        True,
    )
    assert (open_day.start, open_day.end) == (date(2026, 6, 4), date(2026, 6, 4))
    assert open_day.periods == (p("08:00", "18:00"),)


def test_every_demo_buurtpunts_hours_pass_the_rules_of_the_admin(tenant_a):
    with tenant_context(tenant_a):
        site = Site.objects.get(is_default_site=True)
        for name, spec in SPECS.items():
            schedule = demo.schedule_from(spec, date(2026, 6, 1))
            opening_hours_replace(site=site, schedule=schedule)  # raises when refused
            assert OpeningHours.objects.get(site=site).to_schedule().weekly == schedule.weekly, name


def as_demo(slug: str):
    """A demo buurtpunt, as ``seed`` is told of it (here seeded into Alfa or Bravo)."""
    return SimpleNamespace(schema_name=slug)


def test_the_seed_gives_each_buurtpunt_its_own_hours_and_keeps_what_a_team_entered(
    tenant_a, tenant_b
):
    with tenant_context(tenant_a):
        assert demo.seed(as_demo("beveren")) == ["opening hours"]
        beveren = OpeningHours.objects.get().to_schedule()
    assert MON not in beveren.weekly
    assert beveren.weekly[TUE] == (p("08:00", "12:00"), p("14:00", "18:00"))
    assert {e.reason for e in beveren.exceptions} == {
        "Kermis: uitzonderlijk de hele dag open",
        "Jaarlijkse vakantie",
    }

    team_hours = logic.Schedule(weekly={SAT: (p("10:00", "11:00"),)})
    with tenant_context(tenant_b):
        opening_hours_replace(site=Site.objects.get(is_default_site=True), schedule=team_hours)
        assert demo.seed(as_demo("zonnegem")) == []
        assert OpeningHours.objects.get().to_schedule() == team_hours
    with tenant_context(tenant_a):
        assert OpeningHours.objects.get().to_schedule() == beveren
