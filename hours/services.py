"""State changes of the opening hours outside the admin's settings screen."""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Site

from core.errors import ServiceError

from . import rules
from .messages import problem_message
from .models import OpeningException, OpeningExceptionPeriod, OpeningHours, OpeningPeriod


class OpeningHoursError(ServiceError):
    """Opening hours that the admin form would refuse too."""


def _rows(schedule: rules.Schedule):
    weekly = [
        (weekday, period)
        for weekday, periods in sorted(schedule.weekly.items())
        for period in periods
    ]
    exceptions = [
        rules.ExceptionRows(
            start=exception.start,
            end=exception.end,
            closed=exception.closed,
            periods=exception.periods,
            reason=exception.reason,
        )
        for exception in schedule.exceptions
    ]
    return weekly, exceptions


def opening_hours_replace(*, site: Site, schedule: rules.Schedule, actor=None) -> OpeningHours:
    """Replace all opening hours of ``site`` by ``schedule`` (demo data, imports).

    Checks the rules of the admin form (a period closing before it opens is
    taken as "until the next day" here), then saves the setting with its
    periods and exceptions in one transaction; saving sends
    ``opening_hours_changed`` on commit.
    """
    weekly, exceptions = _rows(schedule)
    problems = rules.schedule_problems(weekly, exceptions)
    if problems:
        _field, message = problem_message(problems[0], weekly=weekly, exceptions=exceptions)
        raise OpeningHoursError(message)

    def period_fields(period: rules.Period) -> dict:
        overnight = period.ends_next_day and period.closes != rules.MIDNIGHT
        return {"opens": period.opens, "closes": period.closes, "until_next_day": overnight}

    with transaction.atomic():
        hours, _created = OpeningHours.objects.select_for_update().get_or_create(site=site)
        hours.periods = [
            OpeningPeriod(weekday=weekday, **period_fields(period)) for weekday, period in weekly
        ]
        hours.exceptions = [
            OpeningException(
                start_date=exception.start,
                end_date=exception.end,
                reason=exception.reason,
                closed=exception.closed,
                periods=[OpeningExceptionPeriod(**period_fields(p)) for p in exception.periods],
            )
            for exception in schedule.exceptions
        ]
        hours.save()
        log(instance=hours, action="wagtail.edit", user=actor, content_changed=True)
    return hours
