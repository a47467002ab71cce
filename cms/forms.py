"""Admin forms of the cms app."""

from __future__ import annotations

from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms import opening_hours as logic


def _kept_forms(formset) -> list:
    """The forms of ``formset`` that will be saved: cleaned, not deleted, not a blank extra."""
    kept = []
    for form in formset.forms:
        form.errors  # noqa: B018 - runs the form's own cleaning
        if formset.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME):
            continue
        if form.empty_permitted and not form.has_changed():
            continue
        kept.append(form)
    return kept


def _periods_of(forms: list) -> list[tuple[object, logic.Period]]:
    """``(form, Period)`` for each form whose times passed its own checks."""
    result = []
    for form in forms:
        data = form.cleaned_data
        if "opens" in data and "closes" in data and not form.has_error("closes"):
            result.append((form, logic.Period(opens=data["opens"], closes=data["closes"])))
    return result


class OpeningHoursForm(WagtailAdminModelForm):
    """The opening hours setting: the rules across rows, each refused on the row
    and field where the editor has to change something (nothing is saved then).

    Rules about a single row (times, dates) are the models' ``clean()``.
    """

    def clean(self):
        cleaned_data = super().clean()
        if "periods" in self.formsets:
            self._check_weekly(self.formsets["periods"])
        if "exceptions" in self.formsets:
            self._check_exceptions(self.formsets["exceptions"])
        return cleaned_data

    def _check_weekly(self, formset) -> None:
        items = [
            (form, form.cleaned_data["weekday"], period)
            for form, period in _periods_of(_kept_forms(formset))
            if form.cleaned_data.get("weekday") is not None
        ]
        pairs = logic.overlapping_periods([(weekday, period) for _f, weekday, period in items])
        for earlier, later in pairs:
            form = items[later][0]
            if form.has_error("opens"):
                continue
            form.add_error(
                "opens",
                _("This period overlaps with %(other)s on %(day)s.")
                % {
                    "other": logic.format_period(items[earlier][2]),
                    "day": _weekday_name(items[earlier][0]),
                },
            )

    def _check_exceptions(self, formset) -> None:
        forms = _kept_forms(formset)
        for form in forms:
            self._check_exception(form)
        dated = [
            form
            for form in forms
            if "start_date" in form.cleaned_data
            and "end_date" in form.cleaned_data
            and not form.has_error("end_date")
        ]
        pairs = logic.overlapping_ranges(
            (form.cleaned_data["start_date"], form.cleaned_data["end_date"]) for form in dated
        )
        for earlier, later in pairs:
            other = dated[earlier].cleaned_data
            if dated[later].has_error("start_date"):
                continue
            dated[later].add_error(
                "start_date",
                _("These dates overlap with the exception “%(reason)s” (%(start)s to %(end)s).")
                % {
                    "reason": other.get("reason", ""),
                    "start": other["start_date"].strftime("%d-%m-%Y"),
                    "end": other["end_date"].strftime("%d-%m-%Y"),
                },
            )

    @staticmethod
    def _check_exception(form) -> None:
        nested = getattr(form, "formsets", {}).get("periods")
        kept = _kept_forms(nested) if nested is not None else []
        closed = form.cleaned_data.get("closed")
        if closed and kept:
            form.add_error(
                "closed",
                _(
                    "An exception is either closed or open in its own periods: "
                    "untick “closed” or remove the periods."
                ),
            )
        elif closed is False and not kept:
            form.add_error(
                "closed", _("Tick “closed”, or add the periods it is open on these days.")
            )
        periods = _periods_of(kept)
        pairs = logic.overlapping_periods([(0, period) for _f, period in periods], cycle_days=1)
        for earlier, later in pairs:
            period_form = periods[later][0]
            if not period_form.has_error("opens"):
                period_form.add_error(
                    "opens",
                    _("This period overlaps with %(other)s.")
                    % {"other": logic.format_period(periods[earlier][1])},
                )


def _weekday_name(form) -> str:
    weekday = form.cleaned_data["weekday"]
    return str(dict(form.fields["weekday"].choices).get(weekday, weekday))
