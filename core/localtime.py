"""Time in Europe/Brussels, the one time zone of the platform.

Datetimes are aware everywhere; a *wall clock* time (naive, what a clock on the
wall of the buurtpunt shows) appears only where a rule is expanded on it
(``dateutil.rrule``) and is made aware again right after, by ``at()`` or
``from_wall_clock()``. On the nights the clocks change:

- a wall time that does not exist (02:30 on the last Sunday of March) is read as
  the same time after the jump (03:30);
- a wall time that exists twice (02:30 on the last Sunday of October) is its
  first occurrence, or its second with ``later=True`` (a period that closes then
  keeps the hour the clock gives back).

Compare and sort instants in UTC (``.astimezone(UTC)``): Python compares two
datetimes of the same zone by their wall clock, ignoring ``fold``, which is
wrong within the hour the clock repeats.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

TIMEZONE = ZoneInfo("Europe/Brussels")


def local(instant: datetime) -> datetime:
    """``instant`` (aware) as Brussels local time, still aware."""
    if instant.tzinfo is None:
        raise ValueError("local() needs an aware datetime")
    return instant.astimezone(TIMEZONE)


def now() -> datetime:
    return local(timezone.now())


def today() -> date:
    return now().date()


def at(day: date, clock: time, *, later: bool = False) -> datetime:
    """The aware moment the Brussels wall clock shows ``clock`` on ``day``."""
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=TIMEZONE, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=TIMEZONE, fold=1).astimezone(UTC)
    if first <= second:  # normal (equal) or repeated hour (first < second)
        return local(second if later else first)
    return local(first)  # skipped hour: fold=0 reads it with the offset before the jump


def wall_clock(instant: datetime) -> datetime:
    """The naive Brussels wall-clock time of an aware ``instant``."""
    return local(instant).replace(tzinfo=None)


def from_wall_clock(wall: datetime, *, later: bool = False) -> datetime:
    """A naive Brussels wall-clock time as an aware datetime (see the module's rules)."""
    return at(wall.date(), wall.time(), later=later)
