"""A buurtpunt's opening hours: a site setting the team edits on one screen.

``OpeningHours`` (one per Wagtail Site) holds the weekly ``OpeningPeriod`` rows
and the ``OpeningException`` date ranges, each with its own
``OpeningExceptionPeriod`` rows; all are edited as inline panels of the setting.
Rules about one row live in ``clean()``; rules across rows (overlaps) in
``hours.rules.schedule_problems``, which ``hours.forms.OpeningHoursForm`` puts
on the rows. The computations (open now, next opening, a week) are pure
functions in ``hours.rules`` over the ``Schedule`` that
``OpeningHours.to_schedule()`` returns. Saving the setting sends
``hours.signals.opening_hours_changed`` once the transaction commits.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.tenancy import current_schema

from . import rules
from .forms import OpeningHoursForm
from .messages import row_message


class Weekday(models.IntegerChoices):
    # Python's numbering (date.weekday()): Monday is 0.
    MONDAY = 0, WEEKDAYS[0]
    TUESDAY = 1, WEEKDAYS[1]
    WEDNESDAY = 2, WEEKDAYS[2]
    THURSDAY = 3, WEEKDAYS[3]
    FRIDAY = 4, WEEKDAYS[4]
    SATURDAY = 5, WEEKDAYS[5]
    SUNDAY = 6, WEEKDAYS[6]


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
        problem = rules.period_problem(self.opens, self.closes, self.until_next_day)
        if problem:
            field, message = row_message(problem)
            raise ValidationError({field: message})

    def to_period(self) -> rules.Period:
        return rules.Period(opens=self.opens, closes=self.closes)


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
        from .selectors import forget_schedule
        from .signals import send_opening_hours_changed

        # Wagtail creates an empty setting when its screen is first opened: no
        # hours changed then, so nothing to announce.
        created_empty = (
            self._state.adding and not self.periods.exists() and not self.exceptions.exists()
        )
        super().save(*args, **kwargs)
        if created_empty:
            return
        forget_schedule(self.site_id)
        schema_name = current_schema()
        transaction.on_commit(
            lambda: send_opening_hours_changed(site_id=self.site_id, schema_name=schema_name)
        )

    def to_schedule(self) -> rules.Schedule:
        """The pure ``Schedule`` of this setting (prefetch periods and exceptions first)."""
        weekly: dict[int, list[rules.Period]] = {}
        for period in self.periods.all():
            weekly.setdefault(period.weekday, []).append(period.to_period())
        exceptions = tuple(
            rules.ExceptionRange(
                start=exception.start_date,
                end=exception.end_date,
                periods=()
                if exception.closed
                else tuple(p.to_period() for p in exception.periods.all()),
                reason=exception.reason,
            )
            for exception in self.exceptions.all()
        )
        return rules.Schedule(
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
            field, message = row_message(rules.EXCEPTION_ENDS_BEFORE_START)
            raise ValidationError({field: message})


class OpeningExceptionPeriod(PeriodFields):
    """A period of each day of an exception that is not closed."""

    exception = ParentalKey(OpeningException, on_delete=models.CASCADE, related_name="periods")

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["opens"]

    def __str__(self):
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"
