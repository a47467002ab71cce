"""The agenda: one index page per site with its events below it, and their iCal feed."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.ical import agenda_calendar
from cms.recurrence import Occurrence, Repeat, Rule, check_rule, describe, effective_end, expand
from core.images import ImageWithAlt

from .blocks import RICH_TEXT_FEATURES

EVENTS_PER_PAGE = 12


class AgendaIndexPage(RoutablePageMixin, Page):
    """The agenda of a site (one, under the home page, usually at ``/agenda/``).

    It lists the dates of the events below it, recurring ones expanded:
    upcoming ones at its own URL, past ones at ``archief/``, and all of them
    as an RFC 5545 feed at ``ical/`` that residents can subscribe to.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def _paginated(self, request, occurrences: list[Occurrence]):
        return Paginator(occurrences, EVENTS_PER_PAGE).get_page(request.GET.get("page"))

    @path("")
    def upcoming(self, request):
        from cms.selectors.agenda import upcoming_occurrences

        occurrences = upcoming_occurrences(root_path=self.path)
        return self.render(
            request,
            context_overrides={
                "occurrences": self._paginated(request, occurrences),
                "showing_past": False,
            },
        )

    @path("archief/", name="past")
    def past(self, request):
        from cms.selectors.agenda import past_occurrences

        occurrences = past_occurrences(root_path=self.path)
        return self.render(
            request,
            context_overrides={
                "occurrences": self._paginated(request, occurrences),
                "showing_past": True,
            },
        )

    @path("ical/", name="ical")
    def ical(self, request):
        from cms.selectors.agenda import feed_events

        body = agenda_calendar(
            agenda=self, events=feed_events(root_path=self.path), request=request
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="agenda.ics"'
        return response


class EventPage(ImageWithAlt, Page):
    """One activity in the agenda (only under the agenda index).

    A single date, or a series such as the repair café on the first Saturday
    of every month: the rule is one of a few simple RFC 5545 rules
    (``cms.recurrence``), expanded into dates in the agenda and given as an
    RRULE in the iCal feed. Times are stored in UTC and shown in Brussels time.
    """

    start = models.DateTimeField(_("start"), help_text=_("Of the first time, for a series."))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("e.g. 'In the café, Dorpsplein 1'")
    )
    price = models.CharField(
        _("price"),
        max_length=120,
        blank=True,
        help_text=_("In words, e.g. 'Free' or '€ 12, members € 10'."),
    )
    registration_url = models.URLField(
        _("registration link"), blank=True, help_text=_("Where people sign up, if they must.")
    )
    intro = models.TextField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for the agenda and the home page."),
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    repeat = models.CharField(
        _("repeats"), max_length=20, choices=Repeat.choices, default=Repeat.NEVER, blank=True
    )
    repeat_until = models.DateField(
        _("last date"), null=True, blank=True, help_text=_("The series ends on this day.")
    )
    repeat_count = models.PositiveSmallIntegerField(
        _("number of times"),
        null=True,
        blank=True,
        help_text=_("Or: the series ends after this many times."),
    )
    # The end of the last occurrence, so that listings filter in the database.
    last_end = models.DateTimeField(editable=False, null=True, db_index=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        MultiFieldPanel(
            [FieldPanel("repeat"), FieldPanel("repeat_until"), FieldPanel("repeat_count")],
            heading=_("Repetition"),
        ),
        FieldPanel("place"),
        FieldPanel("price"),
        FieldPanel("registration_url"),
        FieldPanel("intro"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("place"),
    ]

    parent_page_types = ["cms.AgendaIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def rule(self) -> Rule:
        return Rule(
            repeat=self.repeat or Repeat.NEVER,
            start=self.start,
            until=self.repeat_until if self.repeat else None,
            count=self.repeat_count if self.repeat else None,
        )

    @property
    def rule_description(self) -> str:
        return describe(self.rule)

    def occurrences(
        self, *, after: datetime | None = None, before: datetime | None = None
    ) -> list[Occurrence]:
        return expand(self, self.rule, self.end, after=after, before=before)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must come after the start.")
        if self.start:
            errors.update(check_rule(self.rule))
        errors.update(self.image_errors())
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.repeat:
            self.repeat_until = self.repeat_count = None
        if self.start:
            last = self.rule.last_start()
            length = (self.end - self.start) if self.end else None
            self.last_end = effective_end(last, last + length if length is not None else None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "last_end" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "last_end"]
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        upcoming = self.occurrences(after=now)
        context["next_occurrences"] = upcoming[:6]
        context["is_over"] = not upcoming
        return context
