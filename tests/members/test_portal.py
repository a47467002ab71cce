"""The member portal: a login link that works once and expires, a person's own data
only, changes they may make, and the other tenant's people never reachable."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from core import localtime
from members.models import Consent, Person
from members.services import register_entry_write
from tests.members.factories import PersonFactory, ShareClassFactory
from tests.queue import run_queued

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\w+\.localhost:8000(/mijn/inloggen/\?sleutel=\S+)")


def make_shareholder(tenant, member_number=7, **fields) -> Person:
    with tenant_context(tenant):
        person = PersonFactory(**fields)
        share_class = ShareClassFactory(code="B", name="Buurtaandeel")
        register_entry_write(
            kind="issue",
            person=person,
            share_class=share_class,
            quantity=3,
            entry_date=localtime.today(),
            amount_per_share=share_class.nominal_value,
        )
        if not Person.objects.filter(member_number=member_number).exists():
            Person.objects.filter(pk=person.pk).update(member_number=member_number)
        person.refresh_from_db()
    connection.set_schema_to_public()
    return person


def login_link(client, email) -> str:
    response = client.post("/mijn/", {"email": email})
    assert response.status_code == 200
    run_queued("members.tasks.send_portal_link")
    return LINK.search(mail.outbox[-1].body).group(1)


def test_a_shareholder_logs_in_by_link_and_sees_their_shares(tenant_a, client_a):
    make_shareholder(tenant_a, first_name="Mieke", last_name="Claes", email="mieke@example.be")
    assert "Stuur me een inloglink" in client_a.get("/mijn/").text
    link = login_link(client_a, "Mieke@Example.be")
    assert mail.outbox[-1].to == ["mieke@example.be"]
    response = client_a.get(link)
    assert response.status_code == 302
    page = client_a.get("/mijn/")
    assert "Mieke Claes" in page.text
    assert "Lidnummer 7" in page.text
    assert "Buurtaandeel" in page.text
    assert "no-store" in page["Cache-Control"]


def test_the_link_works_once(tenant_a, client_a, client):
    make_shareholder(tenant_a, email="een@example.be")
    link = login_link(client_a, "een@example.be")
    assert client_a.get(link).status_code == 302
    other = type(client_a)(HTTP_HOST=tenant_a.primary_domain)
    again = other.get(link)
    assert again.status_code == 200
    assert "werkt niet meer" in again.text
    assert "Mijn aandelen" not in other.get("/mijn/").text


def test_the_link_expires_after_twenty_minutes(tenant_a, client_a):
    make_shareholder(tenant_a, email="laat@example.be")
    link = login_link(client_a, "laat@example.be")
    with time_machine.travel(timezone.now() + timedelta(minutes=21)):
        assert "werkt niet meer" in client_a.get(link).text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(tenant_a, client_a):
    response = client_a.post("/mijn/", {"email": "niemand@example.be"})
    assert "Kijk in je mailbox" in response.text
    run_queued("members.tasks.send_portal_link")
    assert mail.outbox == []


def test_a_link_of_one_buurtpunt_means_nothing_on_another(tenant_a, tenant_b, client_a, client_b):
    make_shareholder(tenant_a, email="a@example.be")
    make_shareholder(tenant_b, email="b@example.be")
    link = login_link(client_a, "a@example.be")
    response = client_b.get(link)
    assert "werkt niet meer" in response.text
    assert "Mijn aandelen" not in client_b.get("/mijn/").text


def test_changing_details_and_the_newsletter(tenant_a, client_a):
    person = make_shareholder(tenant_a, email="wijzig@example.be")
    client_a.get(login_link(client_a, "wijzig@example.be"))
    data = {
        "street": "Nieuwstraat 9",
        "postcode": "123",
        "city": "Beveren",
        "country": "BE",
        "phone": "",
        "language": "nl",
        "iban": "",
        "email": "wijzig@example.be",
        "newsletter": "on",
    }
    refused = client_a.post("/mijn/gegevens/", data)
    assert "vier cijfers" in refused.text
    data["postcode"] = "8691"
    assert client_a.post("/mijn/gegevens/", data).status_code == 302
    with tenant_context(tenant_a):
        person.refresh_from_db()
        assert person.street == "Nieuwstraat 9"
        assert person.consents.filter(
            purpose=Consent.Purpose.NEWSLETTER, withdrawn_at=None
        ).exists()


def test_a_new_email_address_counts_after_its_link(tenant_a, client_a):
    person = make_shareholder(tenant_a, email="oud@example.be")
    client_a.get(login_link(client_a, "oud@example.be"))
    data = {
        "street": "Dorpsstraat 1",
        "postcode": "8691",
        "city": "Beveren",
        "country": "BE",
        "phone": "",
        "language": "nl",
        "iban": "",
        "email": "nieuw@example.be",
    }
    client_a.post("/mijn/gegevens/", data)
    with tenant_context(tenant_a):
        person.refresh_from_db()
        assert person.email == "oud@example.be"
    connection.set_schema_to_public()
    run_queued("members.tasks.send_email_change_link")
    message = mail.outbox[-1]
    assert message.to == ["nieuw@example.be"]
    confirm = re.search(r"(/mijn/e-mail/\S+/)", message.body).group(1)
    client_a.get(confirm)
    with tenant_context(tenant_a):
        person.refresh_from_db()
        assert person.email == "nieuw@example.be"


def test_download_all_my_data_holds_mine_only(tenant_a, client_a):
    make_shareholder(tenant_a, first_name="Mijn", email="mijn@example.be")
    make_shareholder(tenant_a, first_name="Ander", email="ander@example.be")
    client_a.get(login_link(client_a, "mijn@example.be"))
    response = client_a.get("/mijn/mijn-gegevens.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["first_name"] == "Mijn"
    assert data["share_register"][0]["quantity"] == 3
    assert "Ander" not in response.content.decode()


def test_the_certificate_names_the_buurtpunt_and_the_holding(tenant_a, client_a):
    make_shareholder(tenant_a, first_name="Jan", last_name="Smet", email="jan@example.be")
    client_a.get(login_link(client_a, "jan@example.be"))
    page = client_a.get("/mijn/aandeelbewijs/")
    assert "Aandeelbewijs" in page.text
    assert tenant_a.name in page.text
    assert "Jan Smet" in page.text


def test_an_administrator_without_a_person_sees_the_login_form(tenant_a, client_a):
    from tests.conftest import login_as

    login_as(client_a, tenant_a, "admin@alfa.localhost")
    assert "Stuur me een inloglink" in client_a.get("/mijn/").text
    assert client_a.get("/mijn/mijn-gegevens.json").status_code == 302
