"""Dates in the demo data of every app, relative to the day of the seed, so that the
demo always looks current (what is coming is still to come).

A date is a small table in an app's demo file (TOML)::

    after_days = N        N days after the seed day (negative: before it); default 0
    date = "MM-DD"        that day of the year, this year or, once passed, the next
    weekday = "tuesday"   then the first such weekday on or after that day
    nth = N               with weekday: the Nth such weekday of that day's month
"""

from __future__ import annotations

from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
KEYS = {"after_days", "date", "weekday", "nth"}


def relative_day(spec: dict, today: date) -> date:
    """The day a date of the demo data means, seen from ``today``."""
    if unknown := set(spec) - KEYS:
        raise ValueError(f"unknown keys in a demo date: {sorted(unknown)}")
    if "nth" in spec and "weekday" not in spec:
        raise ValueError(f"a demo date with nth needs a weekday: {spec}")
    day = today + timedelta(days=spec.get("after_days", 0))
    if "date" in spec:
        month, day_of_month = (int(part) for part in spec["date"].split("-"))
        day = date(day.year, month, day_of_month)
        if day < today:
            day = date(day.year + 1, month, day_of_month)
    if "weekday" not in spec:
        return day
    weekday = WEEKDAYS.index(spec["weekday"])
    if "nth" in spec:
        first = day.replace(day=1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (spec["nth"] - 1))
    return day + timedelta(days=(weekday - day.weekday()) % 7)
