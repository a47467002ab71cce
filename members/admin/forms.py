"""Forms of the board's screens: the reasons and notes an action asks for, the
dates the register is read at, and the contact details of a person."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from core import localtime

from ..countries import COUNTRIES
from ..validators import validate_phone, validate_postcode


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads this in the e-mail that tells them."),
        error_messages={"required": _("Give the reason for the rejection.")},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (for the board's records)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PaidNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How and when it was paid, e.g. “cash at the counter, 12 March”."),
    )


class DateInput(forms.DateInput):
    """The browser's own date picker: easy on a tablet, ISO on the wire."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AsOfForm(forms.Form):
    """The date a register or a list is read at (today when none or a wrong one is given)."""

    on = forms.DateField(label=_("As of"), required=False, widget=DateInput)

    def __init__(self, data=None, *, label=None, **kwargs):
        super().__init__(data, **kwargs)
        # The date picker shows the date the page is read at, today when none was asked.
        self.fields["on"].initial = localtime.today()
        if label is not None:
            self.fields["on"].label = label
        self.fields["on"].widget.attrs["max"] = localtime.today().isoformat()

    def clean_on(self):
        on = self.cleaned_data.get("on") or localtime.today()
        if on > localtime.today():
            raise ValidationError(_("Choose today or a day in the past."))
        return on

    @property
    def date(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data["on"]
        return localtime.today()


class PersonContactForm(WagtailAdminModelForm):
    """Where a person lives and how to reach them: what the board may correct.

    The name and the member number stay as the register has them.
    """

    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES, initial="BE")

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if self.instance.email and not email:
            raise ValidationError(_("An e-mail address can be corrected here, not removed."))
        return email

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country") or "BE"
        if "postcode" in self.fields and "postcode" in cleaned:
            try:
                cleaned["postcode"] = validate_postcode(cleaned["postcode"], country)
            except ValidationError as exc:
                self.add_error("postcode", exc)
        if "phone" in cleaned:
            try:
                cleaned["phone"] = validate_phone(cleaned["phone"])
            except ValidationError as exc:
                self.add_error("phone", exc)
        return cleaned
