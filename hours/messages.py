"""What an editor reads about a problem in their opening hours, in their language.

One text per rule, shared by the admin form (which puts it on the row and field
to change) and by ``hours.services`` (which refuses hours given in code).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from . import rules


def row_message(code: str) -> tuple[str, str]:
    """The field and the message for a problem of one row: a code of
    ``rules.period_problem``, or of ``rules.schedule_problems`` that names no other row."""
    messages = {
        rules.EQUAL_TIMES: (
            "closes",
            _("The closing time must differ from the opening time."),
        ),
        rules.CLOSES_BEFORE_OPENS: (
            "closes",
            _(
                "The closing time is before the opening time. If this period runs past "
                "midnight, tick “until the next day”."
            ),
        ),
        rules.NEXT_DAY_NOT_NEEDED: (
            "until_next_day",
            _(
                "“Until the next day” is only for a period that closes after midnight, "
                "at a time earlier than it opens."
            ),
        ),
        rules.EXCEPTION_ENDS_BEFORE_START: ("end_date", _("The last day is before the first day.")),
        rules.EXCEPTION_CLOSED_WITH_PERIODS: (
            "closed",
            _(
                "An exception is either closed or open in its own periods: "
                "untick “closed” or remove the periods."
            ),
        ),
        rules.EXCEPTION_OPEN_WITHOUT_PERIODS: (
            "closed",
            _("Tick “closed”, or add the periods it is open on these days."),
        ),
    }
    return messages[code]


def problem_message(
    problem: rules.Problem,
    *,
    weekly: Sequence[tuple[int, rules.Period]],
    exceptions: Sequence[rules.ExceptionRows],
) -> tuple[str, str]:
    """The field of the row ``problem.where`` and the message to show there."""
    code = problem.code
    if code == rules.WEEKLY_OVERLAP:
        weekday, period = weekly[problem.other[1]]
        return "opens", _("This period overlaps with %(other)s on %(day)s.") % {
            "other": rules.format_period(period),
            "day": WEEKDAYS[weekday],
        }
    if code == rules.EXCEPTION_PERIOD_OVERLAP:
        _kind, index, earlier = problem.other
        return "opens", _("This period overlaps with %(other)s.") % {
            "other": rules.format_period(exceptions[index].periods[earlier])
        }
    if code == rules.EXCEPTIONS_OVERLAP:
        other = exceptions[problem.other[1]]
        return "start_date", _(
            "These dates overlap with the exception “%(reason)s” (%(start)s to %(end)s)."
        ) % {
            "reason": other.reason,
            "start": other.start.strftime("%d-%m-%Y"),
            "end": other.end.strftime("%d-%m-%Y"),
        }
    return row_message(code)
