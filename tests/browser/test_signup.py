"""Becoming a shareholder in a real browser, on a phone: the form, the e-mail
link, the payment details with the QR code; axe-core finds nothing serious."""

import re

import pytest
from django.db import connections
from django_tenants.utils import tenant_context

from cms import demo as cms_demo
from members import demo as members_demo
from members.links import confirm_token
from members.models import Subscription
from tenants.services import buurtpunt_create
from tests.browser.conftest import remove_buurtpunt
from tests.browser.test_accessibility import PHONE, blocking_violations


@pytest.fixture
def shop(live_server_url):
    """``beveren`` with its website and share administration, committed for the server."""
    remove_buurtpunt("beveren")
    bp = buurtpunt_create(slug="beveren", name="Dorpspunt Beveren", legal_form="cv+vzw").buurtpunt
    with tenant_context(bp):
        cms_demo.seed(bp)
        members_demo.seed(bp)
    try:
        yield bp, f"http://beveren.localhost:{live_server_url}"
    finally:
        remove_buurtpunt("beveren")
        connections.close_all()


def test_a_resident_asks_for_shares_on_a_phone_and_gets_the_payment_details(shop, browser):
    bp, base = shop
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{base}/lid-worden/")
    assert blocking_violations(page) == []
    page.get_by_label("Buurtaandelen").check()
    page.get_by_label("Aantal aandelen").fill("3")
    assert "75,00" in page.locator(".total").inner_text()
    page.get_by_label("Voornaam").fill("Lotte")
    page.get_by_label("Achternaam").fill("Vermeersch")
    page.get_by_label("Straat en nummer").fill("Kerkstraat 4")
    page.get_by_label("Postcode").fill("8691")
    page.get_by_label("Gemeente").fill("Beveren-aan-den-IJzer")
    page.get_by_label("E-mail").fill("lotte@example.be")
    page.locator("#id_consent_statutes").check()
    page.locator("#id_consent_privacy").check()
    page.get_by_role("button", name="Mijn aanvraag versturen").click()
    page.wait_for_load_state()
    assert "Kijk in je mailbox" in page.content()

    with tenant_context(bp):
        subscription = Subscription.objects.get(person__email="lotte@example.be")
        assert (subscription.quantity, subscription.status) == (3, "unconfirmed")
        token = confirm_token(subscription)
    page.goto(f"{base}/lid-worden/bevestig/{token}/")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Ja, bevestig mijn aanvraag").click()
    page.wait_for_load_state()
    text = page.content()
    assert re.search(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+", text)
    assert page.locator(".pay-qr svg").is_visible()
    assert blocking_violations(page) == []
    with tenant_context(bp):
        subscription.refresh_from_db()
        assert subscription.status == "submitted"
        assert subscription.payment.display_reference in text


def test_the_portal_login_page_passes_axe(shop, browser):
    _bp, base = shop
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{base}/mijn/")
    assert "inloglink" in page.content()
    assert blocking_violations(page) == []
