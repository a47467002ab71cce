"""The admin form of the opening hours."""

from __future__ import annotations

from django.forms.formsets import DELETION_FIELD_NAME
from wagtail.admin.forms import WagtailAdminModelForm

from . import rules
from .messages import problem_message


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


def _period_rows(forms: list) -> list[tuple[object, rules.Period]]:
    """``(form, Period)`` for each form whose times passed its own checks."""
    rows = []
    for form in forms:
        data = form.cleaned_data
        if "opens" in data and "closes" in data and not form.has_error("closes"):
            rows.append((form, rules.Period(opens=data["opens"], closes=data["closes"])))
    return rows


class OpeningHoursForm(WagtailAdminModelForm):
    """The opening hours setting: the rules across rows (``rules.schedule_problems``),
    each put on the row and field where the editor has to change something, so
    nothing is saved until all hold. Rules about a single row are the models'
    ``clean()``.
    """

    def clean(self):
        cleaned_data = super().clean()
        weekly_forms, weekly = self._weekly()
        exception_forms, period_forms, exceptions = self._exceptions()
        for problem in rules.schedule_problems(weekly, exceptions):
            kind, *index = problem.where
            if kind == "weekly":
                form = weekly_forms[index[0]]
            elif kind == "exception":
                form = exception_forms[index[0]]
            else:
                form = period_forms[index[0]][index[1]]
            field, message = problem_message(problem, weekly=weekly, exceptions=exceptions)
            if not form.has_error(field):
                form.add_error(field, message)
        return cleaned_data

    def _weekly(self):
        if "periods" not in self.formsets:
            return [], []
        rows = [
            (form, (form.cleaned_data["weekday"], period))
            for form, period in _period_rows(_kept_forms(self.formsets["periods"]))
            if form.cleaned_data.get("weekday") is not None
        ]
        return [form for form, _row in rows], [row for _form, row in rows]

    def _exceptions(self):
        if "exceptions" not in self.formsets:
            return [], [], []
        forms, period_forms, exceptions = [], [], []
        for form in _kept_forms(self.formsets["exceptions"]):
            nested = getattr(form, "formsets", {}).get("periods")
            kept = _kept_forms(nested) if nested is not None else []
            periods = _period_rows(kept)
            data = form.cleaned_data
            forms.append(form)
            period_forms.append([period_form for period_form, _period in periods])
            exceptions.append(
                rules.ExceptionRows(
                    start=None if form.has_error("start_date") else data.get("start_date"),
                    end=None if form.has_error("end_date") else data.get("end_date"),
                    # Undecided while a typed period is itself wrong (it shows its own error).
                    closed=data.get("closed") if len(periods) == len(kept) else None,
                    periods=[period for _form, period in periods],
                    reason=data.get("reason", ""),
                )
            )
        return forms, period_forms, exceptions
