"""Every page type of a full demo site in a real browser: axe-core finds nothing
serious or critical, on a phone and on a desktop; the contact form works."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from django_tenants.utils import tenant_context
from wagtail.models import Page

from cms import demo as cms_demo
from hours import demo as hours_demo
from tenants.models import Buurtpunt
from tenants.services import buurtpunt_create
from tests.browser.conftest import remove_buurtpunt

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING = {"serious", "critical"}


@pytest.fixture
def demo_site(live_server_url):
    """``beveren`` with its demo website and opening hours, committed for the server process."""
    remove_buurtpunt("beveren")
    bp = buurtpunt_create(slug="beveren", name="Dorpspunt Beveren", legal_form="cv+vzw").buurtpunt
    with tenant_context(bp):
        cms_demo.seed(bp)
        hours_demo.seed(bp)
        pages = {}
        for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path"):
            pages.setdefault(type(page).__name__, page.url)
    try:
        yield live_server_url, pages
    finally:
        remove_buurtpunt("beveren")
        connections.close_all()


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_every_page_type_passes_axe(demo_site, browser):
    port, pages = demo_site
    expected = {
        "HomePage", "ContentPage", "NewsIndexPage", "NewsItemPage", "AgendaIndexPage",
        "EventPage", "ServicesPage", "SuppliersPage", "MobipuntPage", "ContactPage",
    }  # fmt: skip
    assert expected <= set(pages), sorted(pages)
    paths = [*pages.values(), "/agenda/archief/", "/deze-week/", "/zoeken/?q=koffie"]
    findings = {}
    for viewport in (PHONE, DESKTOP):
        page = browser.new_page(viewport=viewport)
        for path in paths:
            response = page.goto(f"http://beveren.localhost:{port}{path}")
            assert response.status == 200, path
            found = blocking_violations(page)
            if found:
                findings[f"{viewport['width']}px {path}"] = found
        page.close()
    assert findings == {}


def test_contact_form_sends_a_message(demo_site, browser):
    port, pages = demo_site
    page = browser.new_page(viewport=PHONE)
    page.goto(f"http://beveren.localhost:{port}{pages['ContactPage']}")
    page.get_by_label("Naam").fill("Mieke Peeters")
    page.get_by_label("E-mail").fill("mieke@example.be")
    page.get_by_label("Onderwerp").select_option(index=1)
    page.get_by_label("Bericht").fill("Is de bakfiets zaterdag vrij?")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert "Bedankt voor je bericht" in page.content()

    from cms.models import ContactPage

    with tenant_context(Buurtpunt.objects.get(schema_name="beveren")):
        submissions = ContactPage.objects.get().get_submission_class().objects.all()
        assert [s.get_data()["bericht"] for s in submissions] == ["Is de bakfiets zaterdag vrij?"]
