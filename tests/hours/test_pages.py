"""Opening hours on the sites of two buurtpunten: the badge on every page, the week
table on the home page, schema.org JSON-LD and /openingsuren.json."""

import json
import re
from datetime import date, datetime, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from wagtail.models import Site

from core.localtime import TIMEZONE
from hours import rules as logic
from hours.models import OpeningHours
from hours.services import opening_hours_replace
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
BRUSSELS = TIMEZONE
# Tuesday 3 June 2025, 10:00 in Brussels.
TUESDAY_MORNING = datetime(2025, 6, 3, 10, 0, tzinfo=BRUSSELS)


def p(opens: str, closes: str) -> logic.Period:
    return logic.Period(time.fromisoformat(opens), time.fromisoformat(closes))


SHOP = (p("08:00", "12:00"), p("14:00", "17:30"))
ALFA_HOURS = logic.Schedule(
    weekly={TUE: SHOP, WED: SHOP, THU: SHOP, FRI: SHOP, SAT: SHOP, SUN: (p("08:00", "12:00"),)},
    exceptions=(
        logic.ExceptionRange(date(2025, 6, 5), date(2025, 6, 5), reason="Kermis"),
        logic.ExceptionRange(date(2025, 7, 14), date(2025, 7, 27), reason="Jaarlijkse vakantie"),
    ),
)
BRAVO_HOURS = logic.Schedule(
    weekly={TUE: (p("18:00", "01:00"),), FRI: (p("18:00", "01:00"),), SAT: (p("09:00", "12:00"),)}
)


def set_hours(tenant, schedule):
    with tenant_context(tenant):
        opening_hours_replace(site=Site.objects.get(is_default_site=True), schedule=schedule)
    connection.set_schema_to_public()


@pytest.fixture
def hours(tenant_a, tenant_b):
    set_hours(tenant_a, ALFA_HOURS)
    set_hours(tenant_b, BRAVO_HOURS)


def badge(html: str) -> str:
    match = re.search(r'<p class="opening-badge[^"]*".*?</p>', html, re.S)
    assert match, "no opening badge on the page"
    return match.group(0)


def jsonld(html: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_each_site_shows_its_own_status(hours, client_a, client_b):
    a = badge(client_a.get("/").text)
    b = badge(client_b.get("/").text)
    assert "opening-badge--open" in a
    assert '<time datetime="2025-06-03T12:00:00+02:00">12:00</time>' in a
    assert 'data-changes-at="2025-06-03T12:00:00+02:00"' in a
    assert 'data-status-url="/openingsuren.json"' in a
    assert "opening-badge--closed" in b
    assert '<time datetime="2025-06-03T18:00:00+02:00">18:00</time>' in b


@time_machine.travel(datetime(2025, 6, 4, 0, 30, tzinfo=BRUSSELS), tick=False)
def test_after_midnight_bravo_is_still_open_from_last_night(hours, client_a, client_b):
    b = badge(client_b.get("/").text)
    assert "opening-badge--open" in b
    assert '<time datetime="2025-06-04T01:00:00+02:00">1:00</time>' in b
    a = badge(client_a.get("/").text)
    assert "opening-badge--closed" in a
    assert '<time datetime="2025-06-04T08:00:00+02:00">8:00</time>' in a


@time_machine.travel(datetime(2025, 6, 5, 10, 0, tzinfo=BRUSSELS), tick=False)
def test_an_exception_closes_alfa_and_says_why(hours, client_a):
    a = badge(client_a.get("/").text)
    assert "opening-badge--closed" in a
    assert '<span class="opening-badge__reason" data-opening-reason>Kermis</span>' in a
    assert '<time datetime="2025-06-06T08:00:00+02:00">' in a


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_the_home_page_shows_the_week_with_exceptions(hours, client_a, client_b):
    html = client_a.get("/").text
    table = re.search(r'<table class="opening-hours__table".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr.*?</tr>", table, re.S)
    assert len(rows) == 7
    assert 'aria-current="date"' in rows[0] and '<time datetime="2025-06-03">' in rows[0]
    assert '<time datetime="08:00">8:00</time>' in rows[0]
    assert '<time datetime="17:30">17:30</time>' in rows[0]
    assert "data-exception" in rows[2] and "Kermis" in rows[2]  # Thursday 5 June
    assert "<time datetime" not in rows[2].split("</th>")[1]  # no periods: closed
    assert '<time datetime="2025-06-09">' in rows[6]  # Monday: closed every week
    assert "<time datetime" not in rows[6].split("</th>")[1]
    section = re.search(r'<section class="opening-hours".*?</section>', html, re.S).group(0)
    announced = re.search(r'<ul class="opening-hours__exceptions">.*?</ul>', section, re.S)
    assert "Jaarlijkse vakantie" in announced.group(0)  # within 60 days after the week
    assert "Jaarlijkse vakantie" not in table and "Kermis" not in announced.group(0)
    bravo_table = client_b.get("/").text
    assert '<time datetime="18:00">18:00</time>' in bravo_table
    assert "Kermis" not in bravo_table


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_json_ld_describes_each_buurtpunt(hours, client_a, client_b, tenant_a):
    a = jsonld(client_a.get("/").text)
    assert a["@context"] == "https://schema.org" and a["@type"] == "LocalBusiness"
    assert a["name"] == "Buurtpunt Alfa"
    assert a["url"] == f"http://{tenant_a.primary_domain}:8000/"
    assert a["address"]["addressLocality"] == "Alveringem"
    weekly = a["openingHoursSpecification"]
    assert weekly[1] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": [
            f"https://schema.org/{day}"
            for day in ("Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
        ],
        "opens": "14:00",
        "closes": "17:30",
    }
    special = a["specialOpeningHoursSpecification"]
    assert [(s["validFrom"], s["validThrough"], s["opens"], s["closes"]) for s in special] == [
        ("2025-06-05", "2025-06-05", "00:00", "00:00"),
        ("2025-07-14", "2025-07-27", "00:00", "00:00"),
    ]
    b = jsonld(client_b.get("/").text)
    assert b["name"] == "Buurtpunt Bravo"
    assert {s["opens"] for s in b["openingHoursSpecification"]} == {"18:00", "09:00"}
    assert "specialOpeningHoursSpecification" not in b


def test_json_ld_escapes_what_could_end_the_script(tenant_a, client_a):
    schedule = logic.Schedule(
        exceptions=(
            logic.ExceptionRange(
                date(2099, 1, 1), date(2099, 1, 1), reason="</script><script>alert(1)</script>"
            ),
        )
    )
    set_hours(tenant_a, schedule)
    html = client_a.get("/").text
    assert "<script>alert(1)" not in html
    assert jsonld(html)["specialOpeningHoursSpecification"][0]["description"] == (
        "</script><script>alert(1)</script>"
    )


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_status_endpoint_per_buurtpunt(hours, client_a, client_b):
    a = client_a.get("/openingsuren.json")
    b = client_b.get("/openingsuren.json")
    assert a.status_code == b.status_code == 200
    assert a["Content-Type"] == "application/json"
    assert "max-age=60" in a["Cache-Control"]
    a, b = a.json(), b.json()
    assert (a["known"], a["open"], a["closes_at"]) == (True, True, "2025-06-03T12:00:00+02:00")
    assert (b["open"], b["opens_at"]) == (False, "2025-06-03T18:00:00+02:00")
    assert a["computed_at"].startswith("2025-06-03T10:00:00")
    assert '<time datetime="2025-06-03T12:00:00+02:00">' in a["html"]


@time_machine.travel(datetime(2025, 6, 3, 11, 59, 30, tzinfo=BRUSSELS), tick=False)
def test_status_endpoint_is_not_cached_past_the_change(hours, client_a):
    assert "max-age=30" in client_a.get("/openingsuren.json")["Cache-Control"]


def test_status_endpoint_only_answers_get(hours, client_a):
    assert client_a.post("/openingsuren.json").status_code == 405


def test_without_hours_nothing_is_claimed(tenant_a, client_a, network_client):
    html = client_a.get("/").text
    assert "opening-badge" not in html and "opening-hours__table" not in html
    assert "openingHoursSpecification" not in jsonld(html)
    assert client_a.get("/openingsuren.json").json()["known"] is False
    with tenant_context(tenant_a):
        assert not OpeningHours.objects.exists()  # reading never creates the setting
    network = network_client.get("/").text
    assert "opening-badge" not in network and "application/ld+json" not in network
    assert network_client.get("/openingsuren.json").status_code == 404


def hours_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return sum('"hours_opening' in q["sql"] for q in queries.captured_queries)


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_schedule_is_read_once_then_cached_and_forgotten_on_change(hours, tenant_a, client_a):
    assert hours_queries(client_a) == 4  # setting, weekly periods, exceptions, their periods
    assert hours_queries(client_a) == 0
    assert "opening-badge--open" in badge(client_a.get("/").text)
    set_hours(tenant_a, logic.Schedule(weekly={TUE: (p("14:00", "18:00"),)}))
    html = client_a.get("/").text
    assert "opening-badge--closed" in badge(html)
    assert '<time datetime="2025-06-03T14:00:00+02:00">' in badge(html)


def test_json_ld_carries_the_site_identity(hours, tenant_a, client_a, client_b):
    from themes.models import SiteIdentity

    with tenant_context(tenant_a):
        identity = SiteIdentity.objects.get()
        identity.street = "Dorpsplein 1"
        identity.phone = "058 12 34 56"
        identity.email = "hallo@alfa.be"
        identity.save()
    a = jsonld(client_a.get("/").text)
    assert a["telephone"] == "058 12 34 56" and a["email"] == "hallo@alfa.be"
    assert a["address"]["streetAddress"] == "Dorpsplein 1"
    assert a["address"]["addressCountry"] == "BE"
    b = jsonld(client_b.get("/").text)
    assert "telephone" not in b and "Dorpsplein" not in str(b)


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_the_opening_hours_block_shows_the_table_under_its_heading_or_nothing(
    hours, tenant_a, tenant_b, client_a, client_b
):
    body = [("opening_hours", {"heading": "Wanneer zijn we open?"})]
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            ContentPageFactory(title="Praktisch", body=body)
    with tenant_context(tenant_b):
        OpeningHours.objects.all().delete()
    connection.set_schema_to_public()

    html = client_a.get("/praktisch/").text
    section = re.search(r'<section class="opening-hours".*?</section>', html, re.S).group(0)
    assert '<h2 id="opening-hours-title">Wanneer zijn we open?</h2>' in section
    assert len(re.findall(r"<tr", section)) == 7
    assert '<time datetime="17:30">17:30</time>' in section
    bravo = client_b.get("/praktisch/")
    assert bravo.status_code == 200
    assert "opening-hours__table" not in bravo.text and "Wanneer zijn we open?" not in bravo.text


def test_the_status_url_is_named_and_on_each_buurtpunts_host(hours, client_a, client_b):
    from django.urls import reverse

    assert reverse("hours:status_json") == "/openingsuren.json"
    assert client_a.get(reverse("hours:status_json")).json()["known"] is True
    assert client_b.get(reverse("hours:status_json")).json()["known"] is True
