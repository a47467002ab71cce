"""A buurtpunt's opening hours: a site setting the team edits on one screen.

``OpeningHours`` (one per Wagtail Site) holds the weekly ``OpeningPeriod`` rows
and the ``OpeningException`` date ranges, each with its own
``OpeningExceptionPeriod`` rows; all are edited as inline panels of the setting.
Rules about one row live in ``clean()``; rules across rows (overlaps) in
``cms.forms.OpeningHoursForm``. The computations (open now, next opening, a
week) are pure functions in ``cms.opening_hours`` over the ``Schedule`` that
``OpeningHours.to_schedule()`` returns. Saving the setting sends
``cms.signals.opening_hours_changed`` once the transaction commits.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms import opening_hours as logic
from cms.forms import OpeningHoursForm


class Weekday(models.IntegerChoices):
    # Python's numbering (date.weekday()): Monday is 0.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def period_error_message(problem: str) -> tuple[str, str]:
    """The field and the message for a problem code of ``logic.period_problem``."""
    messages = {
        logic.EQUAL_TIMES: (
            "closes",
            _("The closing time must differ from the opening time."),
        ),
        logic.CLOSES_BEFORE_OPENS: (
            "closes",
            _(
                "The closing time is before the opening time. If this period runs past "
                "midnight, tick “until the next day”."
            ),
        ),
        logic.NEXT_DAY_NOT_NEEDED: (
            "until_next_day",
            _(
                "“Until the next day” is only for a period that closes after midnight, "
                "at a time earlier than it opens."
            ),
        ),
    }
    return messages[problem]


class PeriodFields(models.Model):
    """Opening and closing time of one period, and the one rule about a single period."""

    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    until_next_day = models.BooleanField(
        _("until the next day"),
        default=False,
        help_text=_("Tick when the period closes after midnight, e.g. 18:00 to 01:00."),
    )

    panels = [FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]), "until_next_day"]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.opens is None or self.closes is None:
            return
        problem = logic.period_problem(self.opens, self.closes, self.until_next_day)
        if problem:
            field, message = period_error_message(problem)
            raise ValidationError({field: message})

    def to_period(self) -> logic.Period:
        return logic.Period(opens=self.opens, closes=self.closes)


@register_setting(icon="time")
class OpeningHours(ClusterableModel, BaseSiteSetting):
    """When the buurtpunt is open: the week and its exceptions (a site setting, so
    the team edits it in the admin under Settings without a developer)."""

    panels = [
        InlinePanel(
            "periods",
            heading=_("Every week"),
            label=_("period"),
            help_text=_(
                "Add a period for each time the buurtpunt opens; a day may have several, "
                "e.g. 8:00 to 12:00 and 14:00 to 18:00. A day without periods is closed."
            ),
        ),
        InlinePanel(
            "exceptions",
            heading=_("Exceptions"),
            label=_("exception"),
            help_text=_(
                "Days whose hours differ from the week: a holiday closure, the village fair, "
                "an exceptionally open Sunday. They replace the weekly hours of those days."
            ),
        ),
    ]

    base_form_class = OpeningHoursForm

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def save(self, *args, **kwargs):
        from cms.selectors import forget_schedule
        from cms.signals import send_opening_hours_changed

        # Wagtail creates an empty setting when its screen is first opened: no
        # hours changed then, so nothing to announce.
        created_empty = (
            self._state.adding and not self.periods.exists() and not self.exceptions.exists()
        )
        super().save(*args, **kwargs)
        if created_empty:
            return
        forget_schedule(self.site_id)
        schema_name = connection.schema_name
        transaction.on_commit(
            lambda: send_opening_hours_changed(site_id=self.site_id, schema_name=schema_name)
        )

    def to_schedule(self) -> logic.Schedule:
        """The pure ``Schedule`` of this setting (prefetch periods and exceptions first)."""
        weekly: dict[int, list[logic.Period]] = {}
        for period in self.periods.all():
            weekly.setdefault(period.weekday, []).append(period.to_period())
        exceptions = tuple(
            logic.ExceptionRange(
                start=exception.start_date,
                end=exception.end_date,
                periods=()
                if exception.closed
                else tuple(p.to_period() for p in exception.periods.all()),
                reason=exception.reason,
            )
            for exception in self.exceptions.all()
        )
        return logic.Schedule(
            weekly={day: tuple(sorted(periods)) for day, periods in weekly.items()},
            exceptions=exceptions,
        )


class OpeningPeriod(PeriodFields):
    """A period of a weekday, every week; a day may have several (8:00-12:00, 14:00-18:00)."""

    hours = ParentalKey(OpeningHours, on_delete=models.CASCADE, related_name="periods")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        "until_next_day",
    ]

    class Meta:
        verbose_name = _("weekly period")
        verbose_name_plural = _("weekly periods")
        ordering = ["weekday", "opens"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class OpeningException(ClusterableModel):
    """Dates whose hours differ from the week: a holiday closure, the village fair,
    an exceptionally open Sunday. Either closed, or open in its own periods."""

    hours = ParentalKey(OpeningHours, on_delete=models.CASCADE, related_name="exceptions")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until and including"))
    reason = models.CharField(
        _("reason"),
        max_length=100,
        help_text=_("Shown to visitors, e.g. “Annual holiday” or “Village fair”."),
    )
    closed = models.BooleanField(
        _("closed"),
        default=True,
        help_text=_("Untick and add periods below when open at other hours on these days."),
    )

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        "reason",
        "closed",
        InlinePanel("periods", heading=_("Hours on these days"), label=_("period")),
    ]

    class Meta:
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        ordering = ["start_date"]

    def __str__(self):
        return f"{self.reason} ({self.start_date:%Y-%m-%d} - {self.end_date:%Y-%m-%d})"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day is before the first day.")})


class OpeningExceptionPeriod(PeriodFields):
    """A period of each day of an exception that is not closed."""

    exception = ParentalKey(OpeningException, on_delete=models.CASCADE, related_name="periods")

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["opens"]

    def __str__(self):
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"
