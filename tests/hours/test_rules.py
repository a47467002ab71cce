"""The opening-hours rules (hours.rules): pure functions, no database."""

from datetime import UTC, date, datetime, time

import pytest

from core.localtime import TIMEZONE
from hours import rules as logic

BRUSSELS = TIMEZONE
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def p(opens: str, closes: str) -> logic.Period:
    return logic.Period(time.fromisoformat(opens), time.fromisoformat(closes))


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


SHOP = (p("08:00", "12:00"), p("14:00", "18:00"))
# Dorpspunt-like: closed on Monday, Tue-Sat two periods, Sunday morning.
VILLAGE = logic.Schedule(
    weekly={TUE: SHOP, WED: SHOP, THU: SHOP, FRI: SHOP, SAT: SHOP, SUN: (p("08:00", "12:00"),)}
)
# 2025-06-03 is a Tuesday.


# --- several periods a day -----------------------------------------------------


@pytest.mark.parametrize(
    ("now", "is_open", "moment"),
    [
        (at(2025, 6, 3, 7, 59), False, at(2025, 6, 3, 8, 0)),
        (at(2025, 6, 3, 8, 0), True, at(2025, 6, 3, 12, 0)),
        (at(2025, 6, 3, 11, 59), True, at(2025, 6, 3, 12, 0)),
        (at(2025, 6, 3, 12, 0), False, at(2025, 6, 3, 14, 0)),  # closing time is closed
        (at(2025, 6, 3, 13, 0), False, at(2025, 6, 3, 14, 0)),
        (at(2025, 6, 3, 17, 30), True, at(2025, 6, 3, 18, 0)),
        (at(2025, 6, 3, 18, 0), False, at(2025, 6, 4, 8, 0)),
    ],
)
def test_two_periods_a_day(now, is_open, moment):
    status = logic.status(VILLAGE, now)
    assert status.is_open is is_open
    assert status.changes_at == moment
    assert (status.closes_at if is_open else status.opens_at) == moment


def test_next_opening_days_ahead_skips_the_closed_monday():
    status = logic.status(VILLAGE, at(2025, 6, 8, 12, 30))  # Sunday afternoon
    assert not status.is_open
    assert status.opens_at == at(2025, 6, 10, 8, 0)  # Tuesday
    assert logic.relative_day(status.opens_at, status.now) == "weekday"


def test_status_is_given_in_brussels_whatever_the_zone_of_now():
    status = logic.status(VILLAGE, utc(2025, 6, 3, 8, 30))  # 10:30 in Brussels (CEST)
    assert status.is_open
    assert status.closes_at.utcoffset().total_seconds() == 7200
    assert status.closes_at == at(2025, 6, 3, 12, 0)
    assert status.now.tzinfo == BRUSSELS


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        logic.status(VILLAGE, datetime(2025, 6, 3, 10, 0))  # noqa: DTZ001


def test_empty_schedule_is_closed_with_no_next_opening():
    schedule = logic.Schedule()
    assert schedule.is_empty
    status = logic.status(schedule, at(2025, 6, 3, 10, 0))
    assert (status.is_open, status.opens_at, status.changes_at) == (False, None, None)


# --- midnight ------------------------------------------------------------------

CAFE = logic.Schedule(weekly={FRI: (p("18:00", "01:00"),), SAT: (p("18:00", "00:00"),)})


def test_a_period_past_midnight_is_open_after_midnight_and_closes_tomorrow():
    evening = logic.status(CAFE, at(2025, 6, 6, 23, 0))  # Friday 23:00
    assert evening.is_open and evening.closes_at == at(2025, 6, 7, 1, 0)
    assert logic.relative_day(evening.closes_at, evening.now) == "tomorrow"
    night = logic.status(CAFE, at(2025, 6, 7, 0, 30))  # Saturday 00:30, Friday's period
    assert night.is_open and night.closes_at == at(2025, 6, 7, 1, 0)
    assert logic.relative_day(night.closes_at, night.now) == "today"
    after = logic.status(CAFE, at(2025, 6, 7, 1, 0))
    assert not after.is_open and after.opens_at == at(2025, 6, 7, 18, 0)


def test_closing_at_midnight_closes_at_the_start_of_the_next_day():
    status = logic.status(CAFE, at(2025, 6, 7, 22, 0))  # Saturday
    assert status.is_open and status.closes_at == at(2025, 6, 8, 0, 0)
    assert not logic.status(CAFE, at(2025, 6, 8, 0, 0)).is_open


def test_sunday_night_period_runs_into_monday():
    schedule = logic.Schedule(weekly={SUN: (p("20:00", "02:00"),)})
    status = logic.status(schedule, at(2025, 6, 9, 1, 0))  # Monday 01:00
    assert status.is_open and status.closes_at == at(2025, 6, 9, 2, 0)


def test_touching_periods_across_midnight_read_as_one():
    schedule = logic.Schedule(weekly={FRI: (p("18:00", "00:00"),), SAT: (p("00:00", "02:00"),)})
    status = logic.status(schedule, at(2025, 6, 6, 21, 0))
    assert status.closes_at == at(2025, 6, 7, 2, 0)


# --- daylight saving time ------------------------------------------------------
# 2025-03-30: 02:00 CET becomes 03:00 CEST. 2025-10-26: 03:00 CEST becomes 02:00 CET.

NIGHT = (p("01:00", "04:00"),)


def test_spring_forward_night_period_is_two_real_hours():
    schedule = logic.Schedule(weekly={SUN: NIGHT})
    opens, closes = NIGHT[0].bounds(date(2025, 3, 30))
    assert opens == utc(2025, 3, 30, 0, 0)  # 01:00 CET
    assert closes == utc(2025, 3, 30, 2, 0)  # 04:00 CEST
    inside = logic.status(schedule, utc(2025, 3, 30, 1, 30))  # 03:30 CEST
    assert inside.is_open
    assert inside.closes_at.hour == 4 and inside.closes_at.utcoffset().total_seconds() == 7200
    assert not logic.status(schedule, utc(2025, 3, 30, 2, 0)).is_open
    before = logic.status(schedule, at(2025, 3, 30, 0, 30))
    assert not before.is_open and before.opens_at == utc(2025, 3, 30, 0, 0)


def test_fall_back_night_period_is_four_real_hours_and_open_in_both_two_thirties():
    schedule = logic.Schedule(weekly={SUN: NIGHT})
    opens, closes = NIGHT[0].bounds(date(2025, 10, 26))
    assert opens == utc(2025, 10, 25, 23, 0)  # 01:00 CEST
    assert closes == utc(2025, 10, 26, 3, 0)  # 04:00 CET
    first = logic.status(schedule, utc(2025, 10, 26, 0, 30))  # 02:30 CEST
    second = logic.status(schedule, utc(2025, 10, 26, 1, 30))  # 02:30 CET
    assert first.is_open and second.is_open
    assert first.closes_at == second.closes_at == utc(2025, 10, 26, 3, 0)
    assert not logic.status(schedule, utc(2025, 10, 26, 3, 0)).is_open


def test_a_time_that_exists_twice_closes_at_its_second_occurrence():
    schedule = logic.Schedule(weekly={SAT: (p("22:00", "02:30"),)})
    # Saturday 25 October 22:00 CEST until the second 02:30 (CET) on Sunday.
    status = logic.status(schedule, utc(2025, 10, 26, 1, 15))  # 02:15 CET, second pass
    assert status.is_open and status.closes_at.astimezone(UTC) == utc(2025, 10, 26, 1, 30)
    assert status.closes_at.isoformat() == "2025-10-26T02:30:00+01:00"


def test_periods_in_the_repeated_hour_are_merged_by_their_real_instants():
    # 00:00-02:30 closes at the second 02:30 (01:30 UTC); 02:45-05:00 opens at the
    # first 02:45 (00:45 UTC), before it: one long opening, not two.
    schedule = logic.Schedule(weekly={SUN: (p("00:00", "02:30"), p("02:45", "05:00"))})
    status = logic.status(schedule, utc(2025, 10, 26, 1, 0))
    assert status.is_open
    assert status.closes_at.astimezone(UTC) == utc(2025, 10, 26, 4, 0)  # 05:00 CET


def test_a_time_the_clock_skips_is_read_after_the_jump():
    schedule = logic.Schedule(weekly={SUN: (p("02:30", "05:00"),)})
    status = logic.status(schedule, at(2025, 3, 30, 1, 0))
    assert not status.is_open
    assert status.opens_at == utc(2025, 3, 30, 1, 30)  # 03:30 CEST
    assert status.opens_at.hour == 3


def test_day_periods_keep_their_wall_clock_across_dst_weeks():
    winter = logic.status(VILLAGE, at(2025, 3, 29, 10, 0))  # Saturday before
    summer = logic.status(VILLAGE, at(2025, 3, 30, 10, 0))  # Sunday after the change
    assert winter.closes_at.hour == summer.closes_at.hour == 12
    assert winter.closes_at.utcoffset() != summer.closes_at.utcoffset()


# --- exceptions ----------------------------------------------------------------


def test_closed_exception_overrides_the_week_and_gives_its_reason():
    schedule = logic.Schedule(
        weekly=VILLAGE.weekly,
        exceptions=(logic.ExceptionRange(date(2025, 6, 3), date(2025, 6, 3), reason="Kermis"),),
    )
    status = logic.status(schedule, at(2025, 6, 3, 10, 0))
    assert not status.is_open
    assert status.reason == "Kermis"
    assert status.opens_at == at(2025, 6, 4, 8, 0)


def test_exception_with_its_own_periods_opens_on_a_sunday_afternoon():
    schedule = logic.Schedule(
        weekly=VILLAGE.weekly,
        exceptions=(
            logic.ExceptionRange(
                date(2025, 6, 8),
                date(2025, 6, 8),
                periods=(p("13:00", "19:00"),),
                reason="Uitzonderlijk open op zondag",
            ),
        ),
    )
    morning = logic.status(schedule, at(2025, 6, 8, 10, 0))  # weekly Sunday hours replaced
    assert not morning.is_open and morning.opens_at == at(2025, 6, 8, 13, 0)
    afternoon = logic.status(schedule, at(2025, 6, 8, 15, 0))
    assert afternoon.is_open and afternoon.closes_at == at(2025, 6, 8, 19, 0)
    assert afternoon.reason == "Uitzonderlijk open op zondag"


def test_long_closure_names_the_date_of_reopening():
    schedule = logic.Schedule(
        weekly=VILLAGE.weekly,
        exceptions=(
            logic.ExceptionRange(date(2025, 12, 22), date(2026, 1, 2), reason="Kerstvakantie"),
        ),
    )
    status = logic.status(schedule, at(2025, 12, 23, 10, 0))
    assert not status.is_open and status.reason == "Kerstvakantie"
    assert status.opens_at == at(2026, 1, 3, 8, 0)  # Saturday 3 January
    assert logic.relative_day(status.opens_at, status.now) == "date"


def test_an_overnight_period_the_evening_before_a_closure_still_runs():
    schedule = logic.Schedule(
        weekly=CAFE.weekly,
        exceptions=(logic.ExceptionRange(date(2025, 6, 7), date(2025, 6, 7), reason="Feest"),),
    )
    status = logic.status(schedule, at(2025, 6, 7, 0, 30))
    assert status.is_open and status.closes_at == at(2025, 6, 7, 1, 0)
    assert status.reason == "Feest"


def test_closed_for_good_has_no_next_opening():
    schedule = logic.Schedule(
        weekly=VILLAGE.weekly,
        exceptions=(logic.ExceptionRange(date(2025, 1, 1), date(2030, 12, 31), reason="Dicht"),),
    )
    status = logic.status(schedule, at(2025, 6, 3, 10, 0))
    assert (status.is_open, status.opens_at, status.changes_at) == (False, None, None)


# --- a week ----------------------------------------------------------------------


def test_week_applies_exceptions_and_keeps_the_order_of_days():
    schedule = logic.Schedule(
        weekly=VILLAGE.weekly,
        exceptions=(
            logic.ExceptionRange(date(2025, 6, 5), date(2025, 6, 6), reason="Jaarlijkse vakantie"),
            logic.ExceptionRange(
                date(2025, 6, 9), date(2025, 6, 9), (p("10:00", "16:00"),), "Pinkstermaandag"
            ),
        ),
    )
    days = logic.week(schedule, date(2025, 6, 3))
    assert [d.day for d in days] == [date(2025, 6, n) for n in range(3, 10)]
    assert days[0].periods == SHOP and days[0].exception is None
    assert days[2].closed and days[2].reason == "Jaarlijkse vakantie"
    assert days[3].closed and days[3].reason == "Jaarlijkse vakantie"
    assert days[5].periods == (p("08:00", "12:00"),)  # Sunday
    assert days[6].periods == (p("10:00", "16:00"),) and days[6].reason == "Pinkstermaandag"
    assert days[4].day.weekday() == SAT and days[4].periods == SHOP


def test_upcoming_exceptions_leave_out_the_past():
    past = logic.ExceptionRange(date(2025, 1, 1), date(2025, 1, 2), reason="old")
    now = logic.ExceptionRange(date(2025, 6, 1), date(2025, 6, 5), reason="now")
    later = logic.ExceptionRange(date(2025, 8, 1), date(2025, 8, 5), reason="later")
    schedule = logic.Schedule(exceptions=(later, past, now))
    assert logic.upcoming_exceptions(schedule, date(2025, 6, 3)) == [now, later]


# --- the admin's checks ----------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "closes", "next_day", "problem"),
    [
        ("08:00", "12:00", False, None),
        ("18:00", "01:00", True, None),
        ("18:00", "00:00", False, None),  # midnight needs no tick
        ("18:00", "00:00", True, None),
        ("08:00", "08:00", False, logic.EQUAL_TIMES),
        ("08:00", "08:00", True, logic.EQUAL_TIMES),
        ("18:00", "01:00", False, logic.CLOSES_BEFORE_OPENS),
        ("08:00", "12:00", True, logic.NEXT_DAY_NOT_NEEDED),
    ],
)
def test_period_problem(opens, closes, next_day, problem):
    assert (
        logic.period_problem(time.fromisoformat(opens), time.fromisoformat(closes), next_day)
        == problem
    )


def test_overlapping_weekly_periods():
    items = [
        (TUE, p("08:00", "12:00")),
        (TUE, p("12:00", "18:00")),  # touching: fine
        (TUE, p("11:00", "13:00")),  # overlaps both
        (WED, p("08:00", "12:00")),  # another day: fine
        (FRI, p("20:00", "02:00")),
        (SAT, p("01:00", "03:00")),  # overlaps Friday night
        (SUN, p("22:00", "03:00")),
        (MON, p("02:00", "05:00")),  # overlaps Sunday night, across the week's end
    ]
    # (earlier, later): 11:00-13:00 starts before 12:00-18:00
    assert sorted(logic.overlapping_periods(items)) == [(0, 2), (2, 1), (4, 5), (6, 7)]


def test_overlapping_periods_of_an_exception_repeat_daily():
    items = [(0, p("20:00", "02:00")), (0, p("01:00", "05:00")), (0, p("10:00", "12:00"))]
    assert logic.overlapping_periods(items, cycle_days=1) == [(0, 1)]
    assert logic.overlapping_periods(items) == []  # as one weekday they would not meet


def test_overlapping_date_ranges():
    ranges = [
        (date(2025, 7, 1), date(2025, 7, 14)),
        (date(2025, 7, 14), date(2025, 7, 20)),  # shares the 14th
        (date(2025, 7, 21), date(2025, 7, 21)),
        (date(2025, 6, 1), date(2025, 7, 1)),  # shares the 1st, and comes first
    ]
    assert sorted(logic.overlapping_ranges(ranges)) == [(0, 1), (3, 0)]


# --- schema.org --------------------------------------------------------------------


def test_opening_hours_specification_groups_days_with_the_same_period():
    schedule = logic.Schedule(weekly={**VILLAGE.weekly, FRI: (p("18:00", "00:00"),)})
    specs = logic.opening_hours_specification(schedule)
    day = "https://schema.org/"
    assert specs == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"{day}{d}" for d in ("Tuesday", "Wednesday", "Thursday")]
            + [f"{day}Saturday", f"{day}Sunday"],
            "opens": "08:00",
            "closes": "12:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"{day}{d}" for d in ("Tuesday", "Wednesday", "Thursday", "Saturday")],
            "opens": "14:00",
            "closes": "18:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"{day}Friday"],
            "opens": "18:00",
            "closes": "23:59",
        },
    ]


def test_special_opening_hours_specification():
    schedule = logic.Schedule(
        weekly=VILLAGE.weekly,
        exceptions=(
            logic.ExceptionRange(date(2025, 1, 1), date(2025, 1, 1), reason="past"),
            logic.ExceptionRange(date(2025, 7, 14), date(2025, 7, 27), reason="Vakantie"),
            logic.ExceptionRange(
                date(2025, 6, 8), date(2025, 6, 8), (p("13:00", "15:00"), p("09:00", "11:00")), "X"
            ),
        ),
    )
    specs = logic.special_opening_hours_specification(schedule, date(2025, 6, 3))
    assert [(s["validFrom"], s["validThrough"], s["opens"], s["closes"]) for s in specs] == [
        ("2025-06-08", "2025-06-08", "09:00", "11:00"),
        ("2025-06-08", "2025-06-08", "13:00", "15:00"),
        ("2025-07-14", "2025-07-27", "00:00", "00:00"),
    ]
    assert specs[2]["description"] == "Vakantie"


# --- rules across rows: schedule_problems --------------------------------------------


def rows(start, end, closed=True, periods=(), reason="Kermis") -> logic.ExceptionRows:
    return logic.ExceptionRows(
        start=start, end=end, closed=closed, periods=list(periods), reason=reason
    )


JULY_1, JULY_2, JULY_3 = date(2025, 7, 1), date(2025, 7, 2), date(2025, 7, 3)


def test_a_sound_schedule_has_no_problems():
    weekly = [(TUE, p("08:00", "12:00")), (TUE, p("12:00", "18:00")), (FRI, p("18:00", "01:00"))]
    exceptions = [
        rows(JULY_1, JULY_1),
        rows(JULY_2, JULY_3, closed=False, periods=[p("20:00", "01:00"), p("10:00", "12:00")]),
    ]
    assert logic.schedule_problems(weekly, exceptions) == []


@pytest.mark.parametrize(
    ("weekly", "exceptions", "expected"),
    [
        (
            [(TUE, p("11:00", "14:00")), (TUE, p("08:00", "12:00"))],
            [],
            # on the row that starts later, naming the one it clashes with
            [logic.Problem(logic.WEEKLY_OVERLAP, ("weekly", 0), ("weekly", 1))],
        ),
        (
            [(SUN, p("22:00", "03:00")), (MON, p("02:00", "05:00"))],
            [],
            [logic.Problem(logic.WEEKLY_OVERLAP, ("weekly", 1), ("weekly", 0))],
        ),
        (
            [],
            [rows(JULY_3, JULY_1)],
            [logic.Problem(logic.EXCEPTION_ENDS_BEFORE_START, ("exception", 0))],
        ),
        (
            [],
            [rows(JULY_1, JULY_1, closed=True, periods=[p("10:00", "12:00")])],
            [logic.Problem(logic.EXCEPTION_CLOSED_WITH_PERIODS, ("exception", 0))],
        ),
        (
            [],
            [rows(JULY_1, JULY_1, closed=False)],
            [logic.Problem(logic.EXCEPTION_OPEN_WITHOUT_PERIODS, ("exception", 0))],
        ),
        (
            [],
            [
                rows(
                    JULY_1, JULY_2, closed=False, periods=[p("20:00", "02:00"), p("01:00", "05:00")]
                )
            ],
            # an exception's periods repeat every day: last night's meets this morning's
            [
                logic.Problem(
                    logic.EXCEPTION_PERIOD_OVERLAP,
                    ("exception_period", 0, 1),
                    ("exception_period", 0, 0),
                )
            ],
        ),
        (
            [],
            [rows(JULY_2, JULY_3, reason="B"), rows(JULY_1, JULY_2, reason="A")],
            [logic.Problem(logic.EXCEPTIONS_OVERLAP, ("exception", 0), ("exception", 1))],
        ),
    ],
    ids=[
        "weekly-overlap",
        "weekly-overlap-across-the-week",
        "ends-before-start",
        "closed-with-periods",
        "open-without-periods",
        "exception-periods-overlap",
        "exceptions-overlap",
    ],
)
def test_schedule_problems(weekly, exceptions, expected):
    assert logic.schedule_problems(weekly, exceptions) == expected


def test_equal_times_come_first_so_that_the_service_names_them():
    # Read as a period of 24 hours, such a row overlaps the others as well; the
    # service reports the first problem, which must be the one the editor can fix.
    weekly = [(TUE, p("08:00", "12:00")), (TUE, p("08:00", "08:00"))]
    assert logic.schedule_problems(weekly, [])[0] == logic.Problem(logic.EQUAL_TIMES, ("weekly", 1))
    exception = rows(
        JULY_1, JULY_1, closed=False, periods=[p("10:00", "12:00"), p("09:00", "09:00")]
    )
    assert logic.schedule_problems([], [exception])[0] == logic.Problem(
        logic.EQUAL_TIMES, ("exception_period", 0, 1)
    )


def test_rows_the_form_could_not_read_raise_no_problem_of_their_own():
    # A date or the "closed" box that failed its own field check is None: only that
    # field's error shows, no guess about the rest.
    exceptions = [
        rows(None, JULY_1),
        rows(JULY_1, None),
        rows(JULY_1, JULY_1, closed=None),
        rows(JULY_3, JULY_1, reason="backwards"),  # an impossible range overlaps nothing
        rows(JULY_2, JULY_2),
    ]
    assert logic.schedule_problems([], exceptions) == [
        logic.Problem(logic.EXCEPTION_ENDS_BEFORE_START, ("exception", 3))
    ]
