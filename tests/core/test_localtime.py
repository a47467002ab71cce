"""Time in Brussels (core.localtime), above all on the two nights a year the clocks change.

2026-03-29: at 02:00 CET the clocks jump to 03:00 CEST (02:30 does not exist).
2026-10-25: at 03:00 CEST the clocks go back to 02:00 CET (02:30 happens twice).
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from core import localtime

SPRING_FORWARD = date(2026, 3, 29)
FALL_BACK = date(2026, 10, 25)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# An aware time in the repeated hour never equals a time of another zone (PEP 495),
# so the instants are compared in UTC.
def in_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def test_an_ordinary_wall_time_is_that_moment_in_brussels():
    winter = localtime.at(date(2026, 1, 15), time(9, 30))
    summer = localtime.at(date(2026, 7, 15), time(9, 30))
    assert winter == utc(2026, 1, 15, 8, 30) and winter.utcoffset() == timedelta(hours=1)
    assert summer == utc(2026, 7, 15, 7, 30) and summer.utcoffset() == timedelta(hours=2)
    assert localtime.at(date(2026, 7, 15), time(9, 30), later=True) == summer


def test_a_wall_time_the_clock_skips_is_read_after_the_jump():
    moment = localtime.at(SPRING_FORWARD, time(2, 30))
    assert moment == utc(2026, 3, 29, 1, 30)
    assert (moment.hour, moment.minute) == (3, 30)
    assert moment.utcoffset() == timedelta(hours=2)
    # later=True changes nothing for a time that exists at most once
    assert localtime.at(SPRING_FORWARD, time(2, 30), later=True) == moment


def test_a_wall_time_that_comes_twice_is_the_first_unless_later():
    first = localtime.at(FALL_BACK, time(2, 30))
    second = localtime.at(FALL_BACK, time(2, 30), later=True)
    assert in_utc(first) == utc(2026, 10, 25, 0, 30) and first.utcoffset() == timedelta(hours=2)
    assert in_utc(second) == utc(2026, 10, 25, 1, 30)
    assert second.utcoffset() == timedelta(hours=1)
    assert (first.hour, first.minute) == (second.hour, second.minute) == (2, 30)
    assert in_utc(second) - in_utc(first) == timedelta(hours=1)


@pytest.mark.parametrize(
    "instant",
    [
        utc(2026, 1, 15, 8, 30),
        utc(2026, 7, 15, 7, 30),
        utc(2026, 3, 29, 0, 59),  # 01:59 CET, the last minute before the jump
        utc(2026, 3, 29, 1, 0),  # 03:00 CEST, the first after it
        utc(2026, 10, 25, 0, 30),  # the first 02:30
    ],
)
def test_wall_clock_and_back_is_the_same_instant(instant):
    wall = localtime.wall_clock(instant)
    assert wall.tzinfo is None
    assert in_utc(localtime.from_wall_clock(wall)) == instant


def test_the_second_pass_of_a_repeated_hour_comes_back_with_later():
    second = utc(2026, 10, 25, 1, 30)  # 02:30 CET
    wall = localtime.wall_clock(second)
    assert wall == datetime(2026, 10, 25, 2, 30)  # noqa: DTZ001 - a wall-clock time
    assert in_utc(localtime.from_wall_clock(wall)) == utc(2026, 10, 25, 0, 30)
    assert in_utc(localtime.from_wall_clock(wall, later=True)) == second


def test_local_needs_an_aware_datetime():
    with pytest.raises(ValueError, match="aware"):
        localtime.local(datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001
    assert localtime.local(utc(2026, 1, 1, 12, 0)).hour == 13


def test_today_is_the_date_in_brussels_not_in_utc():
    # 23:30 UTC on 31 December is already New Year's Day in Brussels.
    with time_machine.travel(utc(2026, 12, 31, 23, 30), tick=False):
        assert localtime.today() == date(2027, 1, 1)
        assert localtime.now().utcoffset() == timedelta(hours=1)
