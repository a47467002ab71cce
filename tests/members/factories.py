"""Factories of the members and payments apps (call them inside ``tenant_context``)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Site

from members.models import CooperativeSettings, Person, ShareClass


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    street = "Dorpsstraat 1"
    postcode = "8691"
    city = "Beveren-aan-den-IJzer"
    email = factory.Sequence(lambda n: f"persoon{n}@example.be")
    email_confirmed_at = factory.LazyFunction(timezone.now)


class ShareClassFactory(DjangoModelFactory):
    class Meta:
        model = ShareClass
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"K{n}")
    name = factory.Sequence(lambda n: f"Klasse {n}")
    nominal_value = Decimal("25.00")
    min_per_person = 1
    max_per_person = 20


def cooperative(**fields) -> CooperativeSettings:
    settings = CooperativeSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def bank_account(iban="BE68539007547034", holder="Buurtpunt CV"):
    from payments.models import BankTransferSettings

    settings = BankTransferSettings.for_site(Site.objects.get(is_default_site=True))
    settings.iban = iban
    settings.account_holder = holder
    settings.save()
    return settings


PERSON_DATA = {
    "kind": "natural",
    "first_name": "An",
    "last_name": "Peeters",
    "organisation_name": "",
    "company_number": "",
    "street": "Kerkstraat 3",
    "postcode": "8691",
    "city": "Beveren-aan-den-IJzer",
    "country": "BE",
    "email": "an.peeters@example.be",
    "phone": "",
    "language": "nl",
    "iban": "",
}
CONSENTS = {"statutes": True, "privacy": True, "newsletter": False}


def signup_page(**fields):
    """The published "become a shareholder" page at /lid-worden/ of the current tenant."""
    from members.models import SignupPage
    from tests.factories import home

    page = SignupPage.objects.first()
    if page is None:
        page = SignupPage(title="Word mede-eigenaar", slug="lid-worden", **fields)
        home().add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
    return page
