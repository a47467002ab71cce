"""Opening hours in a real browser: the team enters them in the admin (nested
inline panels), and the badge of a stale page (as from a full-page cache)
refreshes itself from /openingsuren.json."""

import urllib.request
from datetime import time

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from wagtail.models import ModelLogEntry, Site

from hours import rules as logic
from hours.models import OpeningHours
from hours.services import opening_hours_replace
from tenants.models import Buurtpunt
from tests.conftest import PASSWORD


@pytest.fixture
def alfa(db):
    tenant = Buurtpunt.objects.get(schema_name="alfa")
    yield tenant
    with tenant_context(tenant):
        OpeningHours.objects.all().delete()
        ModelLogEntry.objects.filter(content_type__model="openinghours").delete()
    connection.set_schema_to_public()


def pick(page, selector, value):
    """Type a date or time, then click away to close the picker the admin opens
    over the form (it would hide the fields below it)."""
    page.fill(selector, value)
    pickers = page.locator(".xdsoft_datetimepicker:visible")
    try:  # the picker opens a moment after the field gets focus
        pickers.first.wait_for(state="visible", timeout=1000)
    except PlaywrightTimeoutError:
        pass
    for _attempt in range(20):
        if pickers.count() == 0:
            return
        page.mouse.click(1260, 300)  # the empty margin right of the form
        page.wait_for_timeout(50)
    raise AssertionError("a date or time picker stays open")


def test_the_team_enters_weekly_hours_and_an_exception(live_server_url, browser, alfa):
    base = f"http://alfa.localhost:{live_server_url}"
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "admin@alfa.localhost")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/settings/hours/openinghours/")

    page.click("#id_periods-ADD")
    page.select_option("#id_periods-0-weekday", "1")
    pick(page, "#id_periods-0-opens", "08:00")
    pick(page, "#id_periods-0-closes", "12:00")
    page.click("#id_periods-ADD")
    page.select_option("#id_periods-1-weekday", "4")
    pick(page, "#id_periods-1-opens", "18:00")
    pick(page, "#id_periods-1-closes", "01:00")
    page.check("#id_periods-1-until_next_day")

    page.click("#id_exceptions-ADD")
    pick(page, "#id_exceptions-0-start_date", "2030-08-04")
    pick(page, "#id_exceptions-0-end_date", "2030-08-04")
    page.fill("#id_exceptions-0-reason", "Uitzonderlijk open op zondag")
    page.uncheck("#id_exceptions-0-closed")
    page.click("#id_exceptions-0-periods-ADD")
    pick(page, "#id_exceptions-0-periods-0-opens", "10:00")
    pick(page, "#id_exceptions-0-periods-0-closes", "16:00")
    with page.expect_navigation():
        page.click("footer button.button-longrunning[type=submit]")
    assert page.locator(".error-message").count() == 0, page.content()
    assert page.locator(".messages .success").count() == 1

    with tenant_context(alfa):
        schedule = OpeningHours.objects.get().to_schedule()
    connection.set_schema_to_public()
    assert schedule.weekly == {
        1: (logic.Period(time(8), time(12)),),
        4: (logic.Period(time(18), time(1)),),
    }
    [exception] = schedule.exceptions
    assert exception.reason == "Uitzonderlijk open op zondag"
    assert exception.periods == (logic.Period(time(10), time(16)),)


def test_a_stale_badge_asks_the_site_for_the_current_status(live_server_url, browser, alfa):
    with tenant_context(alfa):
        # Open day and night, so the test does not depend on the hour it runs.
        every_day = (logic.Period(time(0), time(12)), logic.Period(time(12), time(0)))
        opening_hours_replace(
            site=Site.objects.get(is_default_site=True),
            schedule=logic.Schedule(weekly=dict.fromkeys(range(7), every_day)),
        )
    connection.set_schema_to_public()
    base = f"http://alfa.localhost:{live_server_url}"
    page = browser.new_page(viewport={"width": 390, "height": 844})

    def stale(route):
        # What a full-page cache could serve: a status that stopped being true.
        request = urllib.request.Request(
            f"http://127.0.0.1:{live_server_url}/",
            headers={"Host": f"alfa.localhost:{live_server_url}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            html = response.read().decode()
        html = html.replace('class="opening-badge opening-badge--open"', 'class="opening-badge"')
        start = html.index("data-opening-label>") + len("data-opening-label>")
        end = html.index("</span>", start)
        html = html[:start] + "STALE" + html[end:]
        html = html.replace('data-changes-at="', 'data-changes-at="2000-01-01T00:00:00+01:00" x="')
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    page.route(f"{base}/", stale)
    with page.expect_response(f"{base}/openingsuren.json") as status_response:
        page.goto(f"{base}/")
    assert status_response.value.ok
    label = page.locator("[data-opening-label]")
    label.locator("time").wait_for()
    assert "STALE" not in label.inner_text()
    assert page.locator(".opening-badge--open").count() == 1
    assert label.locator("time").get_attribute("datetime").endswith(("+01:00", "+02:00"))
