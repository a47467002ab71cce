"""The agenda's iCal feed: RFC 5545 as icalendar reads it, stable UIDs, Brussels time,
one feed per buurtpunt."""

from datetime import date, datetime

import pytest
from dateutil.rrule import rrulestr
from django.db import connection
from django_tenants.utils import tenant_context
from icalendar import Calendar

from core.localtime import TIMEZONE
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def feed(client) -> Calendar:
    response = client.get("/agenda/ical/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def series(sites, tenant_a):
    with tenant_context(tenant_a):
        event = EventPageFactory(
            parent=sites.a.agenda,
            title="Repair cafe",
            start=datetime(2026, 1, 3, 9, 30, tzinfo=TIMEZONE),
            slug="repair-cafe-maandelijks",
            end=datetime(2026, 1, 3, 12, 0, tzinfo=TIMEZONE),
            repeat="monthly_nth",
            repeat_until=date(2030, 6, 30),
            place="Dorpsplein 1",
            intro="Samen herstellen",
        )
    connection.set_schema_to_public()
    return event


def test_feed_is_valid_icalendar_with_its_timezone(series, client_a):
    calendar = feed(client_a)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
        assert event["DTSTART"].dt.tzinfo is not None
        assert event["DTSTAMP"]


def test_each_tenant_feed_has_only_its_own_events(series, sites, client_a, client_b):
    a = events_by_uid(feed(client_a))
    b = events_by_uid(feed(client_b))
    assert set(a) == {
        f"event-{sites.a.event.pk}@alfa.localhost",
        f"event-{series.pk}@alfa.localhost",
    }
    assert set(b) == {f"event-{sites.b.event.pk}@bravo.localhost"}
    assert {str(e["SUMMARY"]) for e in b.values()} == {"Repair café Bravo"}


def test_a_series_is_one_event_with_an_rrule_that_gives_our_dates(series, client_a):
    event = events_by_uid(feed(client_a))[f"event-{series.pk}@alfa.localhost"]
    assert event["DTSTART"].dt == datetime(2026, 1, 3, 9, 30, tzinfo=TIMEZONE)
    assert event["DTEND"].dt == datetime(2026, 1, 3, 12, 0, tzinfo=TIMEZONE)
    assert str(event["LOCATION"]) == "Dorpsplein 1"
    assert "Samen herstellen" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith("/agenda/repair-cafe-maandelijks/")
    rule = event["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYDAY"] == ["1SA"]
    assert rule["UNTIL"][0].utcoffset().total_seconds() == 0  # UTC, as RFC 5545 requires
    # A calendar app expanding the RRULE finds the dates of the agenda.
    text = event["RRULE"].to_ical().decode()
    start = event["DTSTART"].dt.replace(tzinfo=None)
    theirs = [d.date() for d in rrulestr(text.replace("Z", ""), dtstart=start)]
    ours = [o.start.date() for o in series.occurrences()]
    assert theirs == ours
    assert theirs[:3] == [date(2026, 1, 3), date(2026, 2, 7), date(2026, 3, 7)]


def test_uids_are_stable_across_requests_edits_and_a_new_domain(series, tenant_a, client_a):
    from tenants.services import domain_add
    from tests.conftest import host_client

    before = set(events_by_uid(feed(client_a)))
    with tenant_context(tenant_a):
        series.title = "Repair café (nieuw uur)"
        series.save_revision().publish()
    connection.set_schema_to_public()
    assert set(events_by_uid(feed(client_a))) == before
    domain_add(buurtpunt=tenant_a, domain="www.alfa-dorp.be", make_primary=True)
    after = events_by_uid(feed(host_client("www.alfa-dorp.be")))
    assert set(after) == before
    assert str(after[f"event-{series.pk}@alfa.localhost"]["SUMMARY"]) == "Repair café (nieuw uur)"


def test_unpublished_events_leave_the_feed(series, tenant_a, client_a):
    with tenant_context(tenant_a):
        series.unpublish()
    connection.set_schema_to_public()
    assert f"event-{series.pk}@alfa.localhost" not in events_by_uid(feed(client_a))


def test_the_agenda_page_links_to_its_feed(sites, client_a):
    html = client_a.get("/agenda/").text
    assert 'type="text/calendar"' in html
    assert 'href="/agenda/ical/"' in html
