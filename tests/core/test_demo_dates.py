"""Dates of the demo data, relative to the day of the seed (pure, no database)."""

from datetime import date

import pytest

from core.demo_dates import relative_day

SEED_DAY = date(2027, 3, 31)  # a Wednesday


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({}, date(2027, 3, 31)),
        ({"after_days": -30}, date(2027, 3, 1)),
        ({"weekday": "wednesday"}, date(2027, 3, 31)),
        ({"weekday": "tuesday"}, date(2027, 4, 6)),
        ({"after_days": 10, "weekday": "sunday"}, date(2027, 4, 11)),
        ({"weekday": "saturday", "nth": 1}, date(2027, 3, 6)),
        ({"weekday": "thursday", "nth": 3}, date(2027, 3, 18)),
        ({"date": "07-15"}, date(2027, 7, 15)),
        ({"date": "07-15", "weekday": "monday"}, date(2027, 7, 19)),
        ({"date": "03-31"}, date(2027, 3, 31)),  # today still counts as this year
        ({"date": "01-06"}, date(2028, 1, 6)),  # passed: next year
    ],
)
def test_a_demo_date_is_read_relative_to_the_seed_day(spec, expected):
    assert relative_day(spec, SEED_DAY) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [({"weekdag": "monday"}, "weekdag"), ({"nth": 2}, "needs a weekday")],
)
def test_a_demo_date_that_makes_no_sense_is_refused(spec, message):
    with pytest.raises(ValueError, match=message):
        relative_day(spec, SEED_DAY)
