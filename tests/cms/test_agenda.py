"""The agenda: upcoming and past dates with series expanded, paginated, per buurtpunt."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation
from django_tenants.utils import tenant_context

from core.localtime import TIMEZONE
from tests.factories import EventPageFactory, home

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=TIMEZONE)


@pytest.fixture
def agendas(sites, tenant_a, tenant_b):
    """Events around NOW in Alfa; one in Bravo."""
    with tenant_context(tenant_a):
        agenda = sites.a.agenda
        sites.a.event.delete()
        EventPageFactory(
            parent=agenda,
            title="Repair cafe",
            start=datetime(2026, 1, 3, 9, 30, tzinfo=TIMEZONE),
            end=datetime(2026, 1, 3, 12, 0, tzinfo=TIMEZONE),
            repeat="monthly_nth",
            repeat_until=date(2026, 6, 30),
        )
        EventPageFactory(
            parent=agenda,
            title="Dorpsrestaurant",
            start=datetime(2026, 3, 19, 18, 30, tzinfo=TIMEZONE),
            repeat="monthly_nth",
            repeat_count=3,
        )
        EventPageFactory(
            parent=agenda, title="Infoavond", start=datetime(2026, 3, 12, 20, 0, tzinfo=TIMEZONE)
        )
        EventPageFactory(
            parent=agenda,
            title="Nieuwjaarsdrink",
            start=datetime(2026, 1, 10, 17, 0, tzinfo=TIMEZONE),
        )
    with tenant_context(tenant_b):
        sites.b.event.delete()
        EventPageFactory(
            parent=sites.b.agenda,
            title="Bravo kaartavond",
            start=datetime(2026, 3, 20, 19, 0, tzinfo=TIMEZONE),
        )
    connection.set_schema_to_public()
    return sites


def titles_and_days(html: str) -> list[tuple[str, str]]:
    import re

    cards = re.findall(
        r'<time datetime="(\d{4}-\d\d-\d\d)T[^"]*">.*?class="event-title"><a [^>]*>([^<]+)</a>',
        html,
        re.S,
    )
    return [(title, day) for day, title in cards]


@time_machine.travel(NOW, tick=False)
def test_upcoming_dates_soonest_first_with_series_expanded(agendas, client_a, client_b):
    html = client_a.get("/agenda/").text
    assert titles_and_days(html) == [
        ("Infoavond", "2026-03-12"),
        ("Dorpsrestaurant", "2026-03-19"),
        ("Repair cafe", "2026-04-04"),
        ("Dorpsrestaurant", "2026-04-16"),
        ("Repair cafe", "2026-05-02"),
        ("Dorpsrestaurant", "2026-05-21"),
        ("Repair cafe", "2026-06-06"),
    ]
    assert "Bravo" not in html
    assert titles_and_days(client_b.get("/agenda/").text) == [("Bravo kaartavond", "2026-03-20")]


@time_machine.travel(NOW, tick=False)
def test_past_dates_most_recent_first(agendas, client_a):
    html = client_a.get("/agenda/archief/").text
    assert titles_and_days(html) == [
        ("Repair cafe", "2026-03-07"),
        ("Repair cafe", "2026-02-07"),
        ("Nieuwjaarsdrink", "2026-01-10"),
        ("Repair cafe", "2026-01-03"),
    ]
    assert 'class="event-card is-past"' in html


@time_machine.travel(NOW, tick=False)
def test_wall_times_are_brussels_times_across_dst(agendas, client_a):
    # The repair café is at 9:30 in March (UTC+1) and in April (UTC+2).
    html = client_a.get("/agenda/").text
    assert '<time datetime="2026-04-04T09:30:00+02:00">' in html
    assert "zaterdag 4 april 2026, 09:30–12:00" in html
    past = client_a.get("/agenda/archief/").text
    assert '<time datetime="2026-03-07T09:30:00+01:00">' in past


@time_machine.travel(NOW, tick=False)
def test_the_agenda_is_paginated(sites, tenant_a, client_a):
    with tenant_context(tenant_a):
        sites.a.event.delete()
        EventPageFactory(
            parent=sites.a.agenda,
            title="Breiclub",
            start=datetime(2026, 3, 11, 14, 0, tzinfo=TIMEZONE),
            repeat="weekly",
            repeat_count=20,
        )
    connection.set_schema_to_public()
    first = client_a.get("/agenda/")
    second = client_a.get("/agenda/?page=2")
    assert len(titles_and_days(first.text)) == 12
    assert 'rel="next"' in first.text
    assert titles_and_days(second.text)[0][1] > titles_and_days(first.text)[-1][1]
    assert len(titles_and_days(second.text)) == 20 - 12
    assert 'rel="prev"' in second.text


@time_machine.travel(NOW, tick=False)
def test_home_page_block_shows_the_next_n_dates(agendas, tenant_a, client_a):
    with tenant_context(tenant_a):
        page = home()
        page.body = [("upcoming_events", {"heading": "Binnenkort", "count": 2})]
        page.save_revision().publish()
    connection.set_schema_to_public()
    html = client_a.get("/").text
    assert titles_and_days(html) == [("Infoavond", "2026-03-12"), ("Dorpsrestaurant", "2026-03-19")]
    assert ">Binnenkort</h2>" in html


@time_machine.travel(NOW, tick=False)
def test_event_page_shows_the_rule_and_the_next_dates(agendas, client_a):
    html = client_a.get("/agenda/repair-cafe/").text
    assert "zaterdag 4 april 2026, 09:30" in html
    assert "zaterdag 7 maart 2026" not in html  # over
    over = client_a.get("/agenda/nieuwjaarsdrink/").text
    assert 'class="badge"' in over


def test_unpublished_and_private_events_are_not_listed(sites, tenant_a, client_a):
    from wagtail.models import PageViewRestriction

    with tenant_context(tenant_a):
        sites.a.event.unpublish()
        private = EventPageFactory(
            parent=sites.a.agenda,
            title="Bestuursvergadering",
            start=datetime.now(tz=TIMEZONE) + timedelta(days=2),
        )
        PageViewRestriction.objects.create(page=private, restriction_type="login")
    connection.set_schema_to_public()
    html = client_a.get("/agenda/").text
    assert "Repair café Alfa" not in html
    assert "Bestuursvergadering" not in html
    assert translation.gettext("No activities planned at the moment.") in html


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"end": datetime(2026, 3, 1, 9, 0, tzinfo=TIMEZONE)}, "end"),
        ({"repeat": "weekly"}, "repeat_until"),
        ({"repeat": "weekly", "repeat_count": 3, "repeat_until": date(2026, 5, 1)}, "repeat_count"),
        (
            {
                "repeat": "monthly_nth",
                "repeat_count": 3,
                "start": datetime(2026, 1, 29, 19, tzinfo=TIMEZONE),
            },
            "repeat",
        ),
    ],
)
def test_an_editor_gets_a_message_for_a_bad_event(tenant_a, sites, fields, error_field):
    from cms.models import EventPage

    values = {
        "title": "Fout",
        "slug": "fout",
        "start": datetime(2026, 3, 1, 10, 0, tzinfo=TIMEZONE),
        "end": datetime(2026, 3, 1, 12, 0, tzinfo=TIMEZONE),
        **fields,
    }
    with tenant_context(tenant_a):
        page = EventPage(**values)
        with pytest.raises(ValidationError) as info:
            sites.a.agenda.add_child(instance=page)
        assert error_field in info.value.message_dict


def test_last_end_follows_the_series(tenant_a, sites):
    with tenant_context(tenant_a):
        event = EventPageFactory(
            parent=sites.a.agenda,
            title="Reeks",
            start=datetime(2026, 1, 3, 9, 30, tzinfo=TIMEZONE),
            end=datetime(2026, 1, 3, 12, 0, tzinfo=TIMEZONE),
            repeat="monthly_nth",
            repeat_count=3,
        )
        assert event.last_end == datetime(2026, 3, 7, 12, 0, tzinfo=TIMEZONE)
        event.repeat = ""
        event.save_revision().publish()
        event.refresh_from_db()
        assert event.last_end == datetime(2026, 1, 3, 12, 0, tzinfo=TIMEZONE)
        assert event.repeat_count is None
