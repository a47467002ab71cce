"""Recurring events: expansion in Brussels wall time, across DST, with an end date or count."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from cms.recurrence import Repeat, Rule, check_rule, describe, expand
from core.localtime import TIMEZONE

UTC = ZoneInfo("UTC")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TIMEZONE)


def local_times(starts):
    return [
        (s.astimezone(TIMEZONE).date(), s.astimezone(TIMEZONE).strftime("%H:%M")) for s in starts
    ]


def test_a_single_event_has_one_occurrence():
    rule = Rule(repeat=Repeat.NEVER, start=at(2026, 5, 2, 9, 30))
    assert rule.starts() == [at(2026, 5, 2, 9, 30)]
    assert rule.starts(after=at(2026, 5, 3)) == []


def test_weekly_until_a_date_includes_that_day():
    rule = Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19, 0), until=date(2026, 2, 3))
    starts = rule.starts()
    assert [s.date() for s in starts] == [
        date(2026, 1, 6),
        date(2026, 1, 13),
        date(2026, 1, 20),
        date(2026, 1, 27),
        date(2026, 2, 3),
    ]
    assert all(s.weekday() == 1 for s in starts)  # Tuesdays


def test_weekly_keeps_the_wall_time_across_both_dst_changes():
    # Saturdays 9:30 from early March to early November 2026:
    # DST starts on 29 March and ends on 25 October.
    rule = Rule(repeat=Repeat.WEEKLY, start=at(2026, 3, 21, 9, 30), count=33)
    starts = rule.starts()
    assert len(starts) == 33
    assert {time for _day, time in local_times(starts)} == {"09:30"}
    by_day = {s.astimezone(TIMEZONE).date(): s for s in starts}
    assert by_day[date(2026, 3, 28)].astimezone(UTC).hour == 8  # winter time, UTC+1
    assert by_day[date(2026, 4, 4)].astimezone(UTC).hour == 7  # summer time, UTC+2
    assert by_day[date(2026, 10, 24)].astimezone(UTC).hour == 7
    assert by_day[date(2026, 10, 31)].astimezone(UTC).hour == 8
    # Seven days apart in wall time, so 167 or 169 hours apart across a change.
    # (Python subtracts datetimes of one zone in wall time: compare in UTC.)
    utc = {day: moment.astimezone(UTC) for day, moment in by_day.items()}
    assert utc[date(2026, 4, 4)] - utc[date(2026, 3, 28)] == timedelta(hours=167)
    assert utc[date(2026, 10, 31)] - utc[date(2026, 10, 24)] == timedelta(hours=169)


def test_monthly_on_the_first_saturday_with_a_count():
    rule = Rule(repeat=Repeat.MONTHLY_NTH, start=at(2026, 1, 3, 9, 30), count=6)
    assert [d for d, _t in local_times(rule.starts())] == [
        date(2026, 1, 3),
        date(2026, 2, 7),
        date(2026, 3, 7),
        date(2026, 4, 4),
        date(2026, 5, 2),
        date(2026, 6, 6),
    ]
    assert {t for _d, t in local_times(rule.starts())} == {"09:30"}


def test_monthly_on_the_third_thursday_until_a_date():
    rule = Rule(repeat=Repeat.MONTHLY_NTH, start=at(2026, 9, 17, 18, 30), until=date(2026, 12, 31))
    assert [d for d, _t in local_times(rule.starts())] == [
        date(2026, 9, 17),
        date(2026, 10, 15),
        date(2026, 11, 19),
        date(2026, 12, 17),
    ]


def test_monthly_on_the_last_friday():
    rule = Rule(repeat=Repeat.MONTHLY_LAST, start=at(2026, 1, 30, 20, 0), count=4)
    assert [d for d, _t in local_times(rule.starts())] == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
        date(2026, 4, 24),
    ]


def test_expand_keeps_the_wall_clock_length_and_the_window():
    rule = Rule(repeat=Repeat.WEEKLY, start=at(2026, 3, 21, 9, 30), count=4)
    occurrences = expand("event", rule, at(2026, 3, 21, 12, 0), after=at(2026, 3, 28, 11, 0))
    # The one of 28 March is still running at 11:00, so it is not over.
    assert [o.start.date() for o in occurrences] == [
        date(2026, 3, 28),
        date(2026, 4, 4),
        date(2026, 4, 11),
    ]
    assert {o.end.astimezone(TIMEZONE).strftime("%H:%M") for o in occurrences} == {"12:00"}
    assert all(o.recurrence_id == o.start for o in occurrences)
    before = expand("event", rule, at(2026, 3, 21, 12, 0), before=at(2026, 4, 4))
    assert [o.start.date() for o in before] == [date(2026, 3, 21), date(2026, 3, 28)]


def test_an_occurrence_without_an_end_stays_upcoming_until_the_end_of_its_day():
    rule = Rule(repeat=Repeat.NEVER, start=at(2026, 6, 1, 20, 0))
    assert expand("e", rule, None, after=at(2026, 6, 1, 23, 0))
    assert not expand("e", rule, None, after=at(2026, 6, 2, 0, 1))


def test_ical_rule_parts():
    weekly = Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19, 0), count=10)
    assert weekly.to_ical() == {"FREQ": "WEEKLY", "BYDAY": "TU", "COUNT": 10}
    first_saturday = Rule(
        repeat=Repeat.MONTHLY_NTH, start=at(2026, 1, 3, 9, 30), until=date(2026, 12, 31)
    )
    value = first_saturday.to_ical()
    assert value["BYDAY"] == "1SA" and value["FREQ"] == "MONTHLY"
    assert value["UNTIL"] == datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC)
    last_friday = Rule(repeat=Repeat.MONTHLY_LAST, start=at(2026, 1, 30, 20, 0), count=3)
    assert last_friday.to_ical()["BYDAY"] == "-1FR"


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19)), "repeat_until"),
        (
            Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19), until=date(2026, 2, 1), count=3),
            "repeat_count",
        ),
        (
            Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19), until=date(2025, 12, 1)),
            "repeat_until",
        ),
        (
            Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19), until=date(2040, 1, 1)),
            "repeat_until",
        ),
        (Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19), count=0), "repeat_count"),
        (Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19), count=10_000), "repeat_count"),
        # 29 January 2026 is the fifth Thursday: not every month has one.
        (Rule(repeat=Repeat.MONTHLY_NTH, start=at(2026, 1, 29, 19), count=5), "repeat"),
    ],
)
def test_bad_rules_are_refused_with_a_message_on_the_field(rule, field):
    errors = check_rule(rule)
    assert field in errors
    with translation.override("nl"):
        assert str(errors[field])


def test_good_rules_pass():
    assert check_rule(Rule(repeat=Repeat.NEVER, start=at(2026, 1, 6, 19))) == {}
    assert check_rule(Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19), count=52)) == {}


def test_description_names_the_weekday():
    rule = Rule(repeat=Repeat.MONTHLY_NTH, start=at(2026, 1, 3, 9, 30), count=6)
    with translation.override("en"):
        assert describe(rule) == "Every first Saturday of the month"
    weekly = Rule(repeat=Repeat.WEEKLY, start=at(2026, 1, 6, 19), count=3)
    with translation.override("en"):
        assert describe(weekly) == "Every Tuesday"
    assert describe(Rule(repeat=Repeat.NEVER, start=at(2026, 1, 6, 19))) == ""
