"""Recurring events: a few simple RFC 5545 rules, expanded in Europe/Brussels wall time.

An editor picks one of a handful of rules (weekly, monthly on the Nth weekday,
monthly on the last weekday) and ends the series with a date or a number of
occurrences. The weekday and N come from the first occurrence, so DTSTART is
always an occurrence of its own rule (RFC 5545 leaves it ambiguous otherwise).

Occurrences are computed with ``dateutil.rrule`` on Brussels *wall-clock*
times (``core.localtime.wall_clock``) and only then made aware again: a repair
café at 9:30 stays at 9:30 on both sides of a daylight-saving change, as
people expect, while its UTC time moves by an hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil import rrule
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.localtime import from_wall_clock, wall_clock

# Bounds that keep one event from expanding without end.
MAX_COUNT = 520  # ten years of a weekly event
MAX_YEARS = 5


class Repeat(models.TextChoices):
    NEVER = "", _("Does not repeat")
    WEEKLY = "weekly", _("Every week, on the weekday of the start")
    MONTHLY_NTH = "monthly_nth", _("Every month, on the same weekday (e.g. the first Saturday)")
    MONTHLY_LAST = "monthly_last", _("Every month, on the last such weekday (e.g. the last Friday)")


RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def nth_weekday_of_month(day: date) -> int:
    """1 for the first Saturday of a month, 2 for the second, ..."""
    return (day.day - 1) // 7 + 1


@dataclass(frozen=True)
class Rule:
    """A recurrence of an event whose first occurrence starts at ``start`` (aware)."""

    repeat: str
    start: datetime
    until: date | None = None
    count: int | None = None

    @property
    def repeats(self) -> bool:
        return bool(self.repeat)

    def _byweekday(self):
        first = wall_clock(self.start)
        weekday = RRULE_DAYS[first.weekday()]
        if self.repeat == Repeat.MONTHLY_NTH:
            return weekday(nth_weekday_of_month(first))
        if self.repeat == Repeat.MONTHLY_LAST:
            return weekday(-1)
        return weekday

    def _until_wall_time(self) -> datetime | None:
        return datetime.combine(self.until, time.max) if self.until else None

    def to_rrule(self) -> rrule.rrule:
        freq = rrule.WEEKLY if self.repeat == Repeat.WEEKLY else rrule.MONTHLY
        return rrule.rrule(
            freq,
            dtstart=wall_clock(self.start),
            byweekday=self._byweekday(),
            until=self._until_wall_time(),
            count=self.count if not self.until else None,
        )

    def to_ical(self) -> dict[str, Any]:
        """The RRULE value for an iCalendar VEVENT whose DTSTART carries TZID=Europe/Brussels."""
        day = ICAL_DAYS[wall_clock(self.start).weekday()]
        if self.repeat == Repeat.WEEKLY:
            value: dict[str, Any] = {"FREQ": "WEEKLY", "BYDAY": day}
        elif self.repeat == Repeat.MONTHLY_NTH:
            value = {
                "FREQ": "MONTHLY",
                "BYDAY": f"{nth_weekday_of_month(wall_clock(self.start))}{day}",
            }
        else:
            value = {"FREQ": "MONTHLY", "BYDAY": f"-1{day}"}
        if self.until:
            # RFC 5545 3.3.10: with a zoned DTSTART, UNTIL is given in UTC.
            value["UNTIL"] = from_wall_clock(
                self._until_wall_time().replace(microsecond=0)
            ).astimezone(UTC)
        elif self.count:
            value["COUNT"] = self.count
        return value

    def starts(
        self, *, after: datetime | None = None, before: datetime | None = None
    ) -> list[datetime]:
        """Aware start times of the occurrences with ``after <= start < before``."""
        if not self.repeats:
            starts = [self.start]
        else:
            starts = [from_wall_clock(wall) for wall in self.to_rrule()[:MAX_COUNT]]
        return [
            moment
            for moment in starts
            if (after is None or moment >= after) and (before is None or moment < before)
        ]

    def last_start(self) -> datetime:
        if not self.repeats:
            return self.start
        walls = list(self.to_rrule()[:MAX_COUNT])
        return from_wall_clock(walls[-1]) if walls else self.start


def check_rule(rule: Rule) -> dict[str, str]:
    """Field errors of a rule an editor filled in (empty when the rule is fine)."""
    if not rule.repeats:
        return {}
    errors: dict[str, Any] = {}
    if rule.until and rule.count:
        errors["repeat_count"] = _("Give either an end date or a number of times, not both.")
    elif not rule.until and not rule.count:
        errors["repeat_until"] = _("A repeating event needs an end date or a number of times.")
    first_day = wall_clock(rule.start).date()
    if rule.until and rule.until < first_day:
        errors["repeat_until"] = _("The series cannot end before its first day.")
    if rule.until and rule.until > first_day + timedelta(days=365 * MAX_YEARS):
        errors["repeat_until"] = _("A series can run for at most %(years)d years.") % {
            "years": MAX_YEARS
        }
    if rule.count is not None and not 1 <= rule.count <= MAX_COUNT:
        errors["repeat_count"] = _("Choose a number of times between 1 and %(max)d.") % {
            "max": MAX_COUNT
        }
    if rule.repeat == Repeat.MONTHLY_NTH and nth_weekday_of_month(first_day) == 5:
        errors["repeat"] = _(
            "Not every month has a fifth such weekday: choose 'the last such weekday' instead."
        )
    return errors


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: a single event has one, a series has many."""

    event: Any
    start: datetime
    end: datetime | None
    recurrence_id: datetime | None = None  # the series' own start of this occurrence

    @property
    def effective_end(self) -> datetime:
        return effective_end(self.start, self.end)


def effective_end(start: datetime, end: datetime | None) -> datetime:
    """When an occurrence stops being upcoming: its end, or the end of its day."""
    if end is not None:
        return end
    return from_wall_clock(datetime.combine(wall_clock(start).date(), time(23, 59, 59)))


def expand(
    event: Any,
    rule: Rule,
    end: datetime | None,
    *,
    after: datetime | None = None,
    before: datetime | None = None,
) -> list[Occurrence]:
    """Occurrences of ``event`` that are not over at ``after`` and start before ``before``.

    The wall-clock length of the first occurrence is kept for every other one.
    """
    length = wall_clock(end) - wall_clock(rule.start) if end is not None else None
    # An occurrence that started before ``after`` may still be running.
    lookback = (length or timedelta(days=1)) if after is not None else None
    found = []
    for start in rule.starts(after=after - lookback if after else None, before=before):
        occurrence_end = from_wall_clock(wall_clock(start) + length) if length is not None else None
        if after is not None and effective_end(start, occurrence_end) < after:
            continue
        found.append(
            Occurrence(
                event=event,
                start=start,
                end=occurrence_end,
                recurrence_id=start if rule.repeats else None,
            )
        )
    return found


def describe(rule: Rule) -> str:
    """The rule in words, for the event page and the agenda."""
    if not rule.repeats:
        return ""
    first = wall_clock(rule.start)
    weekday = date_format(first, "l")
    if rule.repeat == Repeat.WEEKLY:
        text = gettext("Every %(weekday)s") % {"weekday": weekday}
    elif rule.repeat == Repeat.MONTHLY_LAST:
        text = gettext("Every last %(weekday)s of the month") % {"weekday": weekday}
    else:
        ordinals = {
            1: gettext("Every first %(weekday)s of the month"),
            2: gettext("Every second %(weekday)s of the month"),
            3: gettext("Every third %(weekday)s of the month"),
            4: gettext("Every fourth %(weekday)s of the month"),
        }
        text = ordinals.get(nth_weekday_of_month(first), ordinals[4]) % {"weekday": weekday}
    return text
