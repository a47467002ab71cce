"""Forms of the member portal."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceErrorFormMixin
from payments.validators import normalize_iban

from .countries import COUNTRIES
from .validators import validate_phone, validate_postcode


class LoginLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, e.g. an@example.be."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PersonForm(ServiceErrorFormMixin, forms.Form):
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=12)
    city = forms.CharField(label=_("Municipality"), max_length=100)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    language = forms.ChoiceField(label=_("Language for our mails"), choices=settings.LANGUAGES)
    iban = forms.CharField(
        label=_("Your IBAN"),
        max_length=42,
        required=False,
        help_text=_("For paying back shares or a dividend later."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("A new address gets a link to confirm it first."),
        error_messages={"invalid": _("Enter a valid e-mail address, e.g. an@example.be.")},
    )
    newsletter = forms.BooleanField(label=_("Send me the newsletter"), required=False)

    def clean_phone(self):
        return validate_phone(self.cleaned_data["phone"])

    def clean_iban(self):
        return normalize_iban(self.cleaned_data["iban"])

    def clean(self):
        data = super().clean()
        if "postcode" in data and "country" in data:
            try:
                data["postcode"] = validate_postcode(data["postcode"], data["country"])
            except ValidationError as exc:
                self.add_error("postcode", exc)
        return data
