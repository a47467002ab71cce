"""The sign-up form of the "become a shareholder" page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceErrorFormMixin
from payments.validators import normalize_iban

from .countries import COUNTRIES
from .models import MAX_SHARES, Consent, Person, ShareClass
from .validators import normalize_company_number, validate_phone, validate_postcode

HONEYPOT_FIELD = "hp_website"


class ShareClassChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SignupForm(ServiceErrorFormMixin, forms.Form):
    """Who the applicant is, how many shares, and what they agree to."""

    request_token = forms.UUIDField(widget=forms.HiddenInput)
    share_class = ShareClassChoiceField(
        label=_("Share class"),
        queryset=ShareClass.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a class of shares.")},
    )
    quantity = forms.IntegerField(
        label=_("Number of shares"),
        min_value=1,
        max_value=MAX_SHARES,
        initial=1,
        error_messages={
            "required": _("How many shares would you like?"),
            "invalid": _("Enter a whole number of shares."),
            "min_value": _("Choose at least one share."),
            "max_value": _("That is more shares than there are."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
    )
    kind = forms.ChoiceField(
        label=_("I subscribe as"),
        choices=[
            (Person.Kind.NATURAL, _("a private person")),
            (Person.Kind.LEGAL, _("an organisation or company")),
        ],
        initial=Person.Kind.NATURAL,
        widget=forms.RadioSelect,
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    organisation_name = forms.CharField(
        label=_("Name of the organisation"), max_length=200, required=False
    )
    company_number = forms.CharField(
        label=_("Enterprise number"),
        max_length=20,
        required=False,
        help_text=_("As in the Crossroads Bank for Enterprises, e.g. 0123.456.749."),
    )
    street = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        error_messages={"required": _("Enter your street and house number.")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=12,
        error_messages={"required": _("Enter the postcode.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("Municipality"),
        max_length=100,
        error_messages={"required": _("Enter the municipality.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES, initial="BE")
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send a link to confirm it, then how to pay."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, e.g. an@example.be."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language for our mails"), choices=settings.LANGUAGES, initial="nl"
    )
    iban = forms.CharField(
        label=_("Your IBAN (optional)"),
        max_length=42,
        required=False,
        help_text=_("For paying back shares or a dividend later."),
    )
    consent_statutes = forms.BooleanField(
        label=_("I have read the statutes and accept them."),
        error_messages={"required": _("Please accept the statutes.")},
    )
    consent_privacy = forms.BooleanField(
        label=_("I agree that the buurtpunt keeps my data for its registers."),
        error_messages={"required": _("Please agree to the privacy statement.")},
    )
    consent_newsletter = forms.BooleanField(
        label=_("Send me the newsletter (you can stop it at any time)."), required=False
    )

    # Where a ServiceError's field points to, on this form.
    SERVICE_FIELDS = {"statutes": "consent_statutes", "privacy": "consent_privacy"}

    def __init__(self, *args, share_classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share_class"].queryset = share_classes
        if len(share_classes) == 1:
            self.fields["share_class"].initial = share_classes[0].pk
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def filled_by_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def add_service_error(self, exc):
        exc.field = self.SERVICE_FIELDS.get(exc.field, exc.field)
        super().add_service_error(exc)

    def clean_phone(self):
        return validate_phone(self.cleaned_data["phone"])

    def clean_iban(self):
        return normalize_iban(self.cleaned_data["iban"])

    def clean(self):
        data = super().clean()
        if data.get("kind") == Person.Kind.LEGAL:
            if not data.get("organisation_name", "").strip():
                self.add_error("organisation_name", _("Enter the name of the organisation."))
            if data.get("country") == "BE":
                try:
                    data["company_number"] = normalize_company_number(
                        data.get("company_number", "")
                    )
                except ValidationError as exc:
                    self.add_error("company_number", exc)
        else:
            if not data.get("first_name", "").strip():
                self.add_error("first_name", _("Enter your first name."))
            if not data.get("last_name", "").strip():
                self.add_error("last_name", _("Enter your last name."))
        if "postcode" in data and "country" in data:
            try:
                data["postcode"] = validate_postcode(data["postcode"], data["country"])
            except ValidationError as exc:
                self.add_error("postcode", exc)
        return data

    def person_data(self) -> dict:
        data = self.cleaned_data
        legal = data["kind"] == Person.Kind.LEGAL
        return {
            "kind": data["kind"],
            "first_name": "" if legal else data["first_name"].strip(),
            "last_name": "" if legal else data["last_name"].strip(),
            "organisation_name": data["organisation_name"].strip() if legal else "",
            "company_number": data.get("company_number", "") if legal else "",
            "street": data["street"].strip(),
            "postcode": data["postcode"],
            "city": data["city"].strip(),
            "country": data["country"],
            "email": data["email"].strip(),
            "phone": data["phone"],
            "language": data["language"],
            "iban": data["iban"],
        }

    def consents(self) -> dict[str, bool]:
        data = self.cleaned_data
        return {
            Consent.Purpose.STATUTES: data["consent_statutes"],
            Consent.Purpose.PRIVACY: data["consent_privacy"],
            Consent.Purpose.NEWSLETTER: data["consent_newsletter"],
        }
