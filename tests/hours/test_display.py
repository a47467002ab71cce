"""How a status reads (hours.display): one sentence per situation, in the active
language, with the moment as a <time> element in HTML and in JSON."""

from datetime import date, datetime, time

import pytest
from django.utils import translation

from core.localtime import TIMEZONE
from hours import rules as logic
from hours.display import status_html, status_payload, status_text

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def p(opens: str, closes: str) -> logic.Period:
    return logic.Period(time.fromisoformat(opens), time.fromisoformat(closes))


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TIMEZONE)


SHOP = (p("08:00", "12:00"), p("14:00", "18:00"))
# Closed on Monday, Tuesday to Saturday two periods, Sunday morning. 2025-06-03 is a Tuesday.
VILLAGE = logic.Schedule(
    weekly={TUE: SHOP, WED: SHOP, THU: SHOP, FRI: SHOP, SAT: SHOP, SUN: (p("08:00", "12:00"),)}
)


@pytest.mark.parametrize(
    ("now", "text"),
    [
        (at(2025, 6, 3, 10, 0), "Open now · closes at 12:00"),
        (at(2025, 6, 3, 12, 30), "Closed · opens today at 14:00"),
        (at(2025, 6, 3, 18, 30), "Closed · opens tomorrow at 8:00"),
        (at(2025, 6, 8, 12, 30), "Closed · opens on Tuesday at 8:00"),
        (at(2025, 6, 6, 23, 0), "Open now · closes tomorrow at 1:00"),
    ],
)
def test_status_text(now, text):
    schedule = logic.Schedule(weekly={**VILLAGE.weekly, FRI: (*SHOP, p("20:00", "01:00"))})
    with translation.override("en"):
        assert status_text(logic.status(schedule, now)) == text


def test_a_long_closure_names_the_date_and_closed_for_good_says_only_closed():
    christmas = logic.Schedule(
        weekly=VILLAGE.weekly,
        exceptions=(logic.ExceptionRange(date(2025, 12, 22), date(2026, 1, 2), reason="Kerst"),),
    )
    for_good = logic.Schedule(
        weekly=VILLAGE.weekly,
        exceptions=(logic.ExceptionRange(date(2025, 1, 1), date(2030, 12, 31), reason="Dicht"),),
    )
    with translation.override("en"):
        assert status_text(logic.status(christmas, at(2025, 12, 23, 10, 0))) == (
            "Closed · opens again on 3 January at 8:00"
        )
        assert status_text(logic.status(for_good, at(2025, 6, 3, 10, 0))) == "Closed"
        assert str(status_html(logic.status(for_good, at(2025, 6, 3, 10, 0)))) == "Closed"


def test_status_html_has_the_moment_as_a_time_element_and_json_carries_it_too():
    status = logic.status(VILLAGE, at(2025, 6, 3, 10, 0))
    with translation.override("en"):
        html = str(status_html(status))
        payload = status_payload(status)
    assert html == 'Open now · closes at <time datetime="2025-06-03T12:00:00+02:00">12:00</time>'
    assert payload["open"] is True and payload["html"] == html
    assert payload["closes_at"] == "2025-06-03T12:00:00+02:00"
    assert payload["changes_at"] == payload["closes_at"] and payload["opens_at"] is None
    assert payload["computed_at"] == "2025-06-03T10:00:00+02:00"
    assert status_payload(None) == {
        "known": False,
        "open": None,
        "text": "",
        "html": "",
        "reason": "",
    }


def test_the_status_in_dutch():
    with translation.override("nl"):
        assert status_text(logic.status(VILLAGE, at(2025, 6, 8, 12, 30))) == (
            "Gesloten · opent dinsdag om 8:00"
        )
        assert status_text(logic.status(VILLAGE, at(2025, 6, 3, 10, 0))).endswith(" 12:00")
