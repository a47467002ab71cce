"""A person's own data: all of it in one download, and erasure that keeps only
what the registers must keep."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import translation
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from core import localtime
from members.errors import MembersError
from members.models import Person
from members.privacy import person_export
from members.services import (
    person_erase,
    person_update,
    person_user,
    portal_link_request,
    register_entry_write,
    subscription_confirm,
    subscription_request,
)
from tests.members.factories import (
    CONSENTS,
    PERSON_DATA,
    PersonFactory,
    ShareClassFactory,
    bank_account,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Services speak the language of the request; these tests read their messages in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        bank_account()
        yield
    connection.set_schema_to_public()


def shareholder(**fields) -> Person:
    person = PersonFactory(phone="0470 11 22 33", iban="BE68539007547034", **fields)
    share_class = ShareClassFactory(code="B")
    register_entry_write(
        kind="issue",
        person=person,
        share_class=share_class,
        quantity=2,
        entry_date=localtime.today(),
        amount_per_share=share_class.nominal_value,
    )
    return person


def test_the_export_holds_everything_on_the_person(in_a):
    subscription, _ = subscription_request(
        share_class=ShareClassFactory(code="B"),
        quantity=2,
        person=PERSON_DATA,
        consents={**CONSENTS, "newsletter": True},
        request_token=uuid.uuid4(),
    )
    subscription = subscription_confirm(subscription=subscription)
    data = person_export(subscription.person)
    assert data["person"]["email"] == "an.peeters@example.be"
    assert {c["purpose"] for c in data["consents"]} == {"statutes", "privacy", "newsletter"}
    assert data["share_requests"][0]["quantity"] == 2
    assert data["payments"][0]["reference"] == subscription.payment.display_reference


def test_erasing_a_shareholder_keeps_the_register_content_and_drops_the_rest(in_a):
    person = shareholder(first_name="Mieke", last_name="Claes", street="Dorp 1")
    user = person_user(person)
    person_update(person=person, data={"street": "Dorp 2"})
    person = person_erase(person=person)
    person.refresh_from_db()
    assert (person.name, person.street, person.postcode) == ("Mieke Claes", "Dorp 2", "8691")
    assert (person.email, person.phone, person.iban) == ("", "", "")
    assert person.entries.count() == 1
    assert person.erased_at is not None
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert portal_link_request(email="") == 0
    assert "members.person.erased" in set(
        ModelLogEntry.objects.for_instance(person).values_list("action", flat=True)
    )


def test_erasing_someone_in_no_register_pseudonymises_them(in_a):
    person = PersonFactory(first_name="Jan", last_name="Smet", email="jan@example.be")
    old_email = person.email
    person = person_erase(person=person)
    person.refresh_from_db()
    assert person.name == f"Gewist #{person.pk}"
    assert (person.street, person.city, person.email) == ("", "", "")
    labels = set(ModelLogEntry.objects.for_instance(person).values_list("label", flat=True))
    assert "Jan Smet" not in labels
    assert portal_link_request(email=old_email) == 0


def test_an_open_request_or_a_second_erasure_is_refused(in_a):
    subscription, _ = subscription_request(
        share_class=ShareClassFactory(code="B"),
        quantity=1,
        person=PERSON_DATA,
        consents=CONSENTS,
        request_token=uuid.uuid4(),
    )
    with pytest.raises(MembersError, match="open request"):
        person_erase(person=subscription.person)
    person = PersonFactory()
    person_erase(person=person)
    with pytest.raises(MembersError, match="already"):
        person_erase(person=person)


def test_erasure_in_one_tenant_leaves_the_other_alone(tenant_a, tenant_b):
    with tenant_context(tenant_b):
        other = PersonFactory(email="zelfde@example.be")
    with tenant_context(tenant_a):
        person_erase(person=PersonFactory(email="zelfde@example.be"))
    with tenant_context(tenant_b):
        other.refresh_from_db()
        assert other.email == "zelfde@example.be"
        assert other.erased_at is None
    connection.set_schema_to_public()


def test_the_board_downloads_and_erases_from_the_admin(tenant_a, client_a):
    from tests.conftest import login_as

    with tenant_context(tenant_a):
        person = PersonFactory(first_name="Els", last_name="Maes", email="els@example.be")
    connection.set_schema_to_public()
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    page = client_a.get(f"/admin/members/people/{person.pk}/privacy/")
    assert page.status_code == 200
    assert "Els Maes" in page.text
    download = client_a.get(f"/admin/members/people/{person.pk}/data.json")
    assert download.json()["person"]["email"] == "els@example.be"
    assert client_a.post(f"/admin/members/people/{person.pk}/privacy/").status_code == 302
    with tenant_context(tenant_a):
        person.refresh_from_db()
        assert person.erased_at is not None and person.email == ""
    # Twice: a message, no error page.
    again = client_a.post(f"/admin/members/people/{person.pk}/privacy/", follow=True)
    assert again.status_code == 200


def test_the_privacy_screen_of_one_tenant_does_not_reach_the_other(tenant_a, tenant_b, client_b):
    from tests.conftest import login_as

    with tenant_context(tenant_a):
        person = PersonFactory(first_name="Alleen", last_name="Alfa")
    connection.set_schema_to_public()
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    response = client_b.get(f"/admin/members/people/{person.pk}/privacy/")
    assert response.status_code == 404
