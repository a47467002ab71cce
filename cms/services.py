"""State changes of the cms app outside Wagtail's own editing screens: contact
submissions and opening hours."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from cms import opening_hours as logic


def contact_submission_create(*, page, form):
    """Store a message sent through ``page`` (a ContactPage) and have it mailed to the team.

    The form is valid and not a bot's (the page checked both). The mail goes
    out through a task enqueued in the same transaction: no mail for a
    message that was not stored, and no request waiting for a mail server.
    """
    from .models.contact import HONEYPOT_FIELD
    from .tasks import send_contact_submission

    data = {name: value for name, value in form.cleaned_data.items() if name != HONEYPOT_FIELD}
    with transaction.atomic():
        submission = page.get_submission_class().objects.create(form_data=data, page=page)
        send_contact_submission.enqueue(submission_id=submission.pk)
    return submission


class OpeningHoursError(Exception):
    """Opening hours that the admin form would refuse too; ``message`` is for people."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_schedule(schedule: logic.Schedule) -> None:
    """The admin form's rules, for hours given in code (a period closing before it
    opens is taken as "until the next day" here)."""
    weekly = [
        (weekday, period)
        for weekday, periods in sorted(schedule.weekly.items())
        for period in periods
    ]
    everything = [period for _day, period in weekly] + [
        period for exception in schedule.exceptions for period in exception.periods
    ]
    for period in everything:
        if period.opens == period.closes:
            raise OpeningHoursError(_("The closing time must differ from the opening time."))
    if logic.overlapping_periods(weekly):
        raise OpeningHoursError(_("Two weekly periods overlap."))
    for exception in schedule.exceptions:
        if exception.end < exception.start:
            raise OpeningHoursError(_("The last day is before the first day."))
        if logic.overlapping_periods([(0, p) for p in exception.periods], cycle_days=1):
            raise OpeningHoursError(_("Two periods of an exception overlap."))
    if logic.overlapping_ranges((e.start, e.end) for e in schedule.exceptions):
        raise OpeningHoursError(_("Two exceptions overlap."))


def opening_hours_replace(*, site: Site, schedule: logic.Schedule, actor=None):
    """Replace all opening hours of ``site`` by ``schedule`` (demo data, imports).

    Checks the same rules as the admin form, then saves the setting with its
    periods and exceptions in one transaction; saving sends
    ``opening_hours_changed`` on commit. Returns the ``OpeningHours`` setting.
    """
    from cms.models import (
        OpeningException,
        OpeningExceptionPeriod,
        OpeningHours,
        OpeningPeriod,
    )

    _check_schedule(schedule)

    def period_fields(period: logic.Period) -> dict:
        overnight = period.ends_next_day and period.closes != logic.MIDNIGHT
        return {"opens": period.opens, "closes": period.closes, "until_next_day": overnight}

    with transaction.atomic():
        hours, _created = OpeningHours.objects.select_for_update().get_or_create(site=site)
        hours.periods = [
            OpeningPeriod(weekday=weekday, **period_fields(period))
            for weekday, periods in sorted(schedule.weekly.items())
            for period in periods
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
