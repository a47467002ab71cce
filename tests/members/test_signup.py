"""The "become a shareholder" page, as a resident uses it: the form, the e-mail
link, the payment details; bad input, bots, double posts and the other tenant."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from django.db import connection
from django_tenants.utils import tenant_context

from members.models import Person, ShareClass, Subscription
from members.models.pages import POSTS_PER_WINDOW
from tests.members.factories import ShareClassFactory, bank_account, signup_page
from tests.queue import run_queued

pytestmark = pytest.mark.django_db

URL = "/lid-worden/"


@pytest.fixture
def page_a(tenant_a):
    with tenant_context(tenant_a):
        bank_account(holder="Buurtpunt Alfa CV")
        ShareClassFactory(code="B", name="Buurtaandeel", nominal_value="25.00", max_per_person=20)
        signup_page(intro="<p>Word mede-eigenaar van Alfa</p>")
    connection.set_schema_to_public()
    return tenant_a


@pytest.fixture
def page_b(tenant_b):
    with tenant_context(tenant_b):
        bank_account(iban="BE71096123456769", holder="Buurtpunt Bravo CV")
        ShareClassFactory(code="B", name="Bravo-aandeel", nominal_value="10.00")
        signup_page()
    connection.set_schema_to_public()
    return tenant_b


def form_data(client, **overrides):
    page = client.get(URL)
    assert page.status_code == 200
    token = re.search(r'name="request_token" value="([^"]+)"', page.text).group(1)
    with tenant_context(client.tenant):
        share_class = ShareClass.objects.get(code="B")
    connection.set_schema_to_public()
    data = {
        "request_token": token,
        "share_class": share_class.pk,
        "quantity": "4",
        "kind": "natural",
        "first_name": "An",
        "last_name": "Peeters",
        "street": "Kerkstraat 3",
        "postcode": "8691",
        "city": "Beveren",
        "country": "BE",
        "email": "an@example.be",
        "phone": "0470 12 34 56",
        "language": "nl",
        "iban": "",
        "consent_statutes": "on",
        "consent_privacy": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def client_a(page_a, client_a):
    client_a.tenant = page_a
    return client_a


@pytest.fixture
def client_b(page_b, client_b):
    client_b.tenant = page_b
    return client_b


def subscriptions(tenant):
    with tenant_context(tenant):
        found = list(Subscription.objects.select_related("person").order_by("pk"))
    connection.set_schema_to_public()
    return found


def test_the_page_shows_the_classes_with_price_and_limits_and_is_never_cached(client_a):
    response = client_a.get(URL)
    assert response.status_code == 200
    assert "Buurtaandeel" in response.text
    assert "Word mede-eigenaar van Alfa" in response.text
    assert "1 tot 20 aandelen per persoon" in response.text
    assert "no-store" in response["Cache-Control"]
    # A second visitor gets a form with a token of their own.
    again = client_a.get(URL)
    token = re.compile(r'name="request_token" value="([^"]+)"')
    assert token.search(response.text).group(1) != token.search(again.text).group(1)


def test_the_whole_way_from_form_to_payment_details(client_a):
    response = client_a.post(URL, form_data(client_a))
    assert response.status_code == 302
    assert response["Location"].endswith("/lid-worden/verzonden/")
    assert "mailbox" in client_a.get(response["Location"]).text.lower()
    [subscription] = subscriptions(client_a.tenant)
    assert subscription.status == "unconfirmed"
    assert (subscription.person.name, subscription.quantity) == ("An Peeters", 4)

    run_queued("members.tasks.send_confirmation_link")
    [message] = mail.outbox
    link = re.search(r"http://alfa\.localhost:8000(/lid-worden/bevestig/[^/\s]+/)", message.body)
    confirm_url = link.group(1)
    page = client_a.get(confirm_url)
    assert page.status_code == 200
    assert "€ 100.00" in page.text or "€ 100,00" in page.text
    assert subscriptions(client_a.tenant)[0].status == "unconfirmed"  # a GET confirms nothing

    response = client_a.post(confirm_url)
    assert response.status_code == 302
    status = client_a.get(response["Location"])
    [subscription] = subscriptions(client_a.tenant)
    assert subscription.status == "submitted"
    with tenant_context(client_a.tenant):
        reference = subscription.payment.display_reference
    connection.set_schema_to_public()
    assert reference in status.text
    assert "BE68 5390 0754 7034" in status.text
    assert "Buurtpunt Alfa CV" in status.text
    assert "<svg" in status.text  # the QR code

    # The link again, or the status page reloaded: nothing new.
    assert client_a.post(confirm_url).status_code == 302
    assert client_a.get(response["Location"]).status_code == 200
    assert len(subscriptions(client_a.tenant)) == 1
    run_queued("members.tasks.send_payment_instructions")
    assert reference in mail.outbox[-1].body


def test_a_double_post_of_the_same_form_makes_one_request(client_a):
    data = form_data(client_a)
    first = client_a.post(URL, data)
    second = client_a.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert len(subscriptions(client_a.tenant)) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quantity": "0"}, "quantity", "minstens één aandeel"),
        ({"quantity": "-2"}, "quantity", "minstens één aandeel"),
        ({"quantity": "21"}, "quantity", "hoogstens 20"),
        ({"quantity": "12345678901234567890"}, "quantity", "meer aandelen dan er"),
        ({"quantity": "drie"}, "quantity", "geheel aantal"),
        ({"postcode": "123"}, "postcode", "vier cijfers"),
        ({"email": "an@"}, "email", "geldig e-mailadres"),
        ({"iban": "BE00 1234 5678 9012"}, "iban", "geen geldig IBAN"),
        ({"consent_statutes": None}, "consent_statutes", "statuten"),
        ({"consent_privacy": None}, "consent_privacy", "privacy"),
        (
            {"kind": "legal", "organisation_name": "Bakkerij", "company_number": "0123.456.789"},
            "company_number",
            "ondernemingsnummer",
        ),
        ({"first_name": ""}, "first_name", "voornaam"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_stores_nothing(client_a, overrides, field, message):
    response = client_a.post(URL, form_data(client_a, **overrides))
    assert response.status_code == 200
    error = re.search(rf'id="id_{field}_error">([^<]+)<', response.text)
    assert error, response.text[:3000]
    assert message.lower() in error.group(1).lower()
    assert subscriptions(client_a.tenant) == []


def test_html_or_a_formula_as_a_name_is_stored_as_text(client_a):
    data = form_data(client_a, first_name="<b>An</b>", last_name="=HYPERLINK(1)")
    assert client_a.post(URL, data).status_code == 302
    [subscription] = subscriptions(client_a.tenant)
    assert subscription.person.first_name == "<b>An</b>"
    run_queued("members.tasks.send_confirmation_link")
    confirm = re.search(r"(/lid-worden/bevestig/[^/\s]+/)", mail.outbox[0].body).group(1)
    page = client_a.get(confirm)
    assert "&lt;b&gt;An&lt;/b&gt;" in page.text
    assert "<b>An</b>" not in page.text


def test_a_legal_person_with_a_valid_enterprise_number(client_a):
    data = form_data(
        client_a,
        kind="legal",
        first_name="",
        last_name="",
        organisation_name="Bakkerij Peeters bv",
        company_number="0403.170.701",
    )
    assert client_a.post(URL, data).status_code == 302
    [subscription] = subscriptions(client_a.tenant)
    assert subscription.person.name == "Bakkerij Peeters bv"
    assert subscription.person.company_number == "0403.170.701"


def test_a_bot_filling_the_honeypot_gets_the_same_answer_and_nothing_is_stored(client_a):
    response = client_a.post(URL, form_data(client_a, hp_website="http://spam.example"))
    assert response.status_code == 302
    assert subscriptions(client_a.tenant) == []


def test_a_flood_of_posts_is_cut_off(client_a):
    for n in range(POSTS_PER_WINDOW):
        client_a.post(
            URL, form_data(client_a, email=f"p{n}@example.be", request_token=str(uuid.uuid4()))
        )
    client_a.post(URL, form_data(client_a, email="one-too-many@example.be"))
    emails = [s.person.email for s in subscriptions(client_a.tenant)]
    assert len(emails) == POSTS_PER_WINDOW
    assert "one-too-many@example.be" not in emails


def test_a_forged_or_foreign_confirmation_link_is_refused(client_a, client_b):
    assert client_a.get("/lid-worden/bevestig/abcdefghi/").status_code == 400
    client_a.post(URL, form_data(client_a))
    run_queued("members.tasks.send_confirmation_link")
    confirm = re.search(r"(/lid-worden/bevestig/[^/\s]+/)", mail.outbox[0].body).group(1)
    # The link of alfa's request means nothing on bravo's site.
    assert client_b.get(confirm).status_code == 400
    assert client_b.post(confirm).status_code == 400
    assert subscriptions(client_a.tenant)[0].status == "unconfirmed"
    assert subscriptions(client_b.tenant) == []


def test_the_status_page_of_one_tenant_is_not_found_on_the_other(client_a, client_b):
    client_a.post(URL, form_data(client_a))
    [subscription] = subscriptions(client_a.tenant)
    assert client_a.get(f"/lid-worden/aanvraag/{subscription.public_id}/").status_code == 200
    assert client_b.get(f"/lid-worden/aanvraag/{subscription.public_id}/").status_code == 404


def test_without_a_bank_account_the_page_says_the_board_sends_the_details(client_a):
    with tenant_context(client_a.tenant):
        bank_account(iban="", holder="")
    connection.set_schema_to_public()
    client_a.post(URL, form_data(client_a))
    run_queued("members.tasks.send_confirmation_link")
    confirm = re.search(r"(/lid-worden/bevestig/[^/\s]+/)", mail.outbox[0].body).group(1)
    status = client_a.get(client_a.post(confirm)["Location"])
    assert "bestuur stuurt je de betaalgegevens" in status.text.lower()
    with tenant_context(client_a.tenant):
        assert Person.objects.count() == 1
