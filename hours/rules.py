"""Opening hours as pure logic: no database, no request, only dates and times.

A buurtpunt's schedule is a set of weekly periods plus exceptions for date
ranges. This module answers three questions about it:

- ``status(schedule, now)``: open now and until when, or closed and when it
  opens next, computed in Europe/Brussels;
- ``week(schedule, start)``: the hours of seven days from a date, exceptions
  applied (the home page table, the printable week flyer);
- ``period_problem`` / ``overlapping_periods`` / ``overlapping_ranges``: the
  checks the admin form runs before anything is saved.

Rules the editors see in the admin (and that these functions hold):

- A period belongs to the day it *opens* on. ``closes`` before ``opens`` means
  "until the next day" and is only accepted when that box is ticked; a period
  closing at 00:00 ends at midnight and needs no tick. Equal times are refused.
- An exception replaces the weekly periods of every day in its range (start
  and end included): either closed, or its own periods. A weekly period that
  opened the evening before an exception keeps running until it closes.
- Wall-clock times on the nights the clocks change (``core.localtime``): a
  period opens at the first occurrence of a time that exists twice and closes
  at its second, so a period never loses the hour the clock gives back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from core.localtime import at, local

MIDNIGHT = time(0, 0)
# How far ahead the next opening is looked for; beyond it a site is "closed".
HORIZON_DAYS = 400
# A next opening more than this many days ahead is named by its date, not its weekday.
WEEKDAY_NAMES_WITHIN_DAYS = 6


# --- the schedule --------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """One opening period of a day: ``opens`` on the day, ``closes`` the same day or,
    when it ends before it starts (or at 00:00), on the next day."""

    opens: time
    closes: time

    @property
    def ends_next_day(self) -> bool:
        return self.closes <= self.opens

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        """The period on ``day`` as two instants in UTC (compared and merged as such)."""
        end_day = day + timedelta(days=1) if self.ends_next_day else day
        return (
            at(day, self.opens).astimezone(UTC),
            at(end_day, self.closes, later=True).astimezone(UTC),
        )


@dataclass(frozen=True)
class ExceptionRange:
    """Dates (both included) whose hours differ from the week: closed, or ``periods``."""

    start: date
    end: date
    periods: tuple[Period, ...] = ()
    reason: str = ""

    @property
    def closed(self) -> bool:
        return not self.periods

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Schedule:
    """Weekly periods by weekday (0 is Monday) and the exceptions to them."""

    weekly: dict[int, tuple[Period, ...]] = field(default_factory=dict)
    exceptions: tuple[ExceptionRange, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing entered yet: a site without hours shows no badge rather than "closed"."""
        return not any(self.weekly.values()) and not self.exceptions

    def exception_on(self, day: date) -> ExceptionRange | None:
        for exception in self.exceptions:
            if exception.covers(day):
                return exception
        return None

    def periods_on(self, day: date) -> tuple[Period, ...]:
        exception = self.exception_on(day)
        if exception is not None:
            return tuple(sorted(exception.periods))
        return tuple(sorted(self.weekly.get(day.weekday(), ())))


# --- status --------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """Open or closed at ``now``; ``closes_at`` when open, ``opens_at`` (maybe None)
    when closed; both in Europe/Brussels. ``reason`` is today's exception reason."""

    now: datetime
    is_open: bool
    closes_at: datetime | None = None
    opens_at: datetime | None = None
    reason: str = ""

    @property
    def changes_at(self) -> datetime | None:
        """When this status stops being true (a cached page must be refreshed then)."""
        return self.closes_at if self.is_open else self.opens_at


def _day_intervals(schedule: Schedule, day: date) -> list[tuple[datetime, datetime]]:
    return sorted(period.bounds(day) for period in schedule.periods_on(day))


def merged_intervals(
    schedule: Schedule, first_day: date, days: int
) -> Iterator[tuple[datetime, datetime]]:
    """Opening intervals (UTC) of the periods that open on ``days`` days from
    ``first_day``, in order; touching or overlapping intervals are joined, so a
    café open 18:00-00:00 and 00:00-02:00 "closes at 02:00"."""
    current: tuple[datetime, datetime] | None = None
    for offset in range(days):
        for start, end in _day_intervals(schedule, first_day + timedelta(days=offset)):
            if current is not None and start <= current[1]:
                current = (current[0], max(current[1], end))
                continue
            if current is not None:
                yield current
            current = (start, end)
    if current is not None:
        yield current


def status(schedule: Schedule, now: datetime, *, horizon_days: int = HORIZON_DAYS) -> Status:
    """Open or closed at ``now`` (an aware datetime), and the next change.

    1. Walk the merged opening intervals from yesterday (a period of last night
       may still be running) up to ``horizon_days`` ahead.
    2. The first interval that has not ended decides: if it has started, the
       site is open until its end; otherwise it is closed until its start.
    3. Nothing ahead: closed, with no next opening.
    """
    if now.tzinfo is None:
        raise ValueError("status() needs an aware datetime")
    now_utc = now.astimezone(UTC)
    today = local(now).date()
    exception = schedule.exception_on(today)
    reason = exception.reason if exception is not None else ""
    for start, end in merged_intervals(schedule, today - timedelta(days=1), horizon_days + 2):
        if end <= now_utc:
            continue
        if start <= now_utc:
            return Status(now=local(now), is_open=True, closes_at=local(end), reason=reason)
        return Status(now=local(now), is_open=False, opens_at=local(start), reason=reason)
    return Status(now=local(now), is_open=False, reason=reason)


def relative_day(moment: datetime, now: datetime) -> str:
    """How a visitor names the day of ``moment`` seen from ``now`` (both local):
    ``"today"``, ``"tomorrow"``, ``"weekday"`` (within the coming week) or ``"date"``."""
    days = (local(moment).date() - local(now).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days <= WEEKDAY_NAMES_WITHIN_DAYS:
        return "weekday"
    return "date"


# --- a week --------------------------------------------------------------------


@dataclass(frozen=True)
class DayHours:
    """The hours of one date with exceptions applied; ``exception`` is set when
    they differ from the week (then ``reason`` says why)."""

    day: date
    periods: tuple[Period, ...]
    exception: ExceptionRange | None = None

    @property
    def closed(self) -> bool:
        return not self.periods

    @property
    def reason(self) -> str:
        return self.exception.reason if self.exception is not None else ""


def week(schedule: Schedule, start: date, days: int = 7) -> list[DayHours]:
    """The hours of ``days`` consecutive days from ``start``."""
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        result.append(DayHours(day, schedule.periods_on(day), schedule.exception_on(day)))
    return result


def upcoming_exceptions(schedule: Schedule, today: date) -> list[ExceptionRange]:
    """Exceptions that have not ended yet, soonest first."""
    return sorted((e for e in schedule.exceptions if e.end >= today), key=lambda e: e.start)


# --- checks for the admin ------------------------------------------------------

# Codes returned by ``period_problem``; the form turns them into messages.
EQUAL_TIMES = "equal_times"
CLOSES_BEFORE_OPENS = "closes_before_opens"
NEXT_DAY_NOT_NEEDED = "next_day_not_needed"


def period_problem(opens: time, closes: time, until_next_day: bool) -> str | None:
    """What is wrong with one period as typed, or None.

    Closing at 00:00 is midnight and needs no tick; closing before opening
    needs "until the next day" ticked, and that box is refused when the period
    closes the same day.
    """
    if opens == closes:
        return EQUAL_TIMES
    if closes == MIDNIGHT:
        return None
    if closes < opens and not until_next_day:
        return CLOSES_BEFORE_OPENS
    if closes > opens and until_next_day:
        return NEXT_DAY_NOT_NEEDED
    return None


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _week_span(weekday: int, period: Period) -> tuple[int, int]:
    """The period as minutes from Monday 00:00 (a Sunday-night period passes 7 days)."""
    start = weekday * 1440 + _minutes(period.opens)
    end = weekday * 1440 + _minutes(period.closes)
    if period.ends_next_day:
        end += 1440
    return start, end


def overlapping_periods(
    items: Sequence[tuple[int, Period]], *, cycle_days: int = 7
) -> list[tuple[int, int]]:
    """Pairs of indexes ``(earlier, later)`` of ``(weekday, period)`` items that
    overlap; touching is fine. The schedule repeats every ``cycle_days`` days, so
    a Sunday-night period meets Monday morning (weekly), and with ``cycle_days=1``
    (the periods of an exception, which repeat on each of its days) a period past
    midnight meets the next morning."""
    cycle = cycle_days * 1440
    spans = [_week_span(weekday, period) for weekday, period in items]
    pairs = []
    for i, (a_start, a_end) in enumerate(spans):
        for j in range(i + 1, len(spans)):
            b_start, b_end = spans[j]
            for shift in (-cycle, 0, cycle):
                if a_start < b_end + shift and b_start + shift < a_end:
                    pairs.append((i, j) if a_start <= b_start + shift else (j, i))
                    break
    return pairs


def overlapping_ranges(ranges: Iterable[tuple[date, date]]) -> list[tuple[int, int]]:
    """Pairs of indexes ``(earlier, later)`` of date ranges (ends included) that share a day."""
    items = list(ranges)
    pairs = []
    for i, (a_start, a_end) in enumerate(items):
        for j in range(i + 1, len(items)):
            b_start, b_end = items[j]
            if a_start <= b_end and b_start <= a_end:
                pairs.append((i, j) if a_start <= b_start else (j, i))
    return pairs


# --- rules across rows ----------------------------------------------------------

WEEKLY_OVERLAP = "weekly_overlap"
EXCEPTION_ENDS_BEFORE_START = "exception_ends_before_start"
EXCEPTION_CLOSED_WITH_PERIODS = "exception_closed_with_periods"
EXCEPTION_OPEN_WITHOUT_PERIODS = "exception_open_without_periods"
EXCEPTION_PERIOD_OVERLAP = "exception_period_overlap"
EXCEPTIONS_OVERLAP = "exceptions_overlap"


@dataclass(frozen=True)
class ExceptionRows:
    """An exception as typed: its dates (None where the field itself was wrong),
    whether "closed" is ticked (None when unknown) and its periods."""

    start: date | None
    end: date | None
    closed: bool | None
    periods: Sequence[Period] = ()
    reason: str = ""


@dataclass(frozen=True)
class Problem:
    """Something wrong across rows. ``where`` is the row the message belongs on and
    ``other`` the row it clashes with: ``("weekly", i)``, ``("exception", i)`` or
    ``("exception_period", i, j)`` (period ``j`` of exception ``i``)."""

    code: str
    where: tuple
    other: tuple | None = None


def schedule_problems(
    weekly: Sequence[tuple[int, Period]], exceptions: Sequence[ExceptionRows]
) -> list[Problem]:
    """Every rule of a schedule that spans rows, the same for the admin form and for
    hours given in code. Rules about one period alone are ``period_problem``."""
    problems = [
        Problem(EQUAL_TIMES, ("weekly", i))
        for i, (_day, period) in enumerate(weekly)
        if period.opens == period.closes
    ]
    problems += [
        Problem(WEEKLY_OVERLAP, ("weekly", later), ("weekly", earlier))
        for earlier, later in overlapping_periods(weekly)
    ]
    for index, exception in enumerate(exceptions):
        problems += _exception_problems(index, exception)
    dated = [
        index
        for index, exception in enumerate(exceptions)
        if exception.start and exception.end and exception.start <= exception.end
    ]
    problems += [
        Problem(EXCEPTIONS_OVERLAP, ("exception", dated[later]), ("exception", dated[earlier]))
        for earlier, later in overlapping_ranges(
            (exceptions[i].start, exceptions[i].end) for i in dated
        )
    ]
    return problems


def _exception_problems(index: int, exception: ExceptionRows) -> list[Problem]:
    where = ("exception", index)
    problems = []
    if exception.start and exception.end and exception.end < exception.start:
        problems.append(Problem(EXCEPTION_ENDS_BEFORE_START, where))
    if exception.closed and exception.periods:
        problems.append(Problem(EXCEPTION_CLOSED_WITH_PERIODS, where))
    elif exception.closed is False and not exception.periods:
        problems.append(Problem(EXCEPTION_OPEN_WITHOUT_PERIODS, where))
    problems += [
        Problem(EQUAL_TIMES, ("exception_period", index, j))
        for j, period in enumerate(exception.periods)
        if period.opens == period.closes
    ]
    problems += [
        Problem(
            EXCEPTION_PERIOD_OVERLAP,
            ("exception_period", index, later),
            ("exception_period", index, earlier),
        )
        for earlier, later in overlapping_periods(
            [(0, period) for period in exception.periods], cycle_days=1
        )
    ]
    return problems


# --- display -------------------------------------------------------------------


def format_time(at: time) -> str:
    """``8:00``, ``17:30``: how a time is written on the site (no leading zero)."""
    return f"{at.hour}:{at.minute:02d}"


def format_period(period: Period) -> str:
    return f"{format_time(period.opens)}–{format_time(period.closes)}"


# --- schema.org ----------------------------------------------------------------

SCHEMA_DAYS = (
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
)


def _schema_time(at: time, *, closes: bool = False) -> str:
    # Closing at midnight is written 23:59, as search engines read "open until
    # midnight"; 00:00-00:00 is the schema.org way of saying "closed that day".
    if closes and at == MIDNIGHT:
        return "23:59"
    return at.strftime("%H:%M")


def opening_hours_specification(schedule: Schedule) -> list[dict]:
    """schema.org ``openingHoursSpecification``: one entry per distinct period,
    with all the weekdays it applies to, in weekday order."""
    groups: dict[tuple[time, time], list[int]] = {}
    for weekday in range(7):
        for period in sorted(schedule.weekly.get(weekday, ())):
            groups.setdefault((period.opens, period.closes), []).append(weekday)
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA_DAYS[day] for day in days],
            "opens": _schema_time(opens),
            "closes": _schema_time(closes, closes=True),
        }
        for (opens, closes), days in groups.items()
    ]


def special_opening_hours_specification(schedule: Schedule, today: date) -> list[dict]:
    """schema.org ``specialOpeningHoursSpecification`` for the exceptions that have
    not ended: closed days as opens = closes = 00:00, else one entry per period."""
    specs = []
    for exception in upcoming_exceptions(schedule, today):
        common = {
            "@type": "OpeningHoursSpecification",
            "validFrom": exception.start.isoformat(),
            "validThrough": exception.end.isoformat(),
        }
        if exception.reason:
            common["description"] = exception.reason
        if exception.closed:
            specs.append({**common, "opens": "00:00", "closes": "00:00"})
            continue
        for period in sorted(exception.periods):
            specs.append(
                {
                    **common,
                    "opens": _schema_time(period.opens),
                    "closes": _schema_time(period.closes, closes=True),
                }
            )
    return specs
