"""Reads of a site's content: the week, the flyer's extension points, search per tenant."""

import datetime as dt

import pytest
import time_machine
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site
from wagtail.search import index

from cms import selectors
from cms.models import HomePage


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (dt.date(2026, 12, 7), dt.date(2026, 12, 7)),  # a Monday
        (dt.date(2026, 12, 13), dt.date(2026, 12, 7)),  # its Sunday
        (dt.date(2027, 1, 1), dt.date(2026, 12, 28)),  # across the new year
        (dt.date(2026, 3, 29), dt.date(2026, 3, 23)),  # the Sunday clocks go forward
    ],
)
def test_week_bounds(day, monday):
    assert selectors.week_bounds(day) == (monday, monday + dt.timedelta(days=6))


def test_current_week_start_follows_brussels_not_utc():
    # Sunday 22:30 UTC is Sunday 23:30 in Brussels: still the old week.
    with time_machine.travel(dt.datetime(2026, 12, 13, 22, 30, tzinfo=dt.UTC), tick=False):
        assert selectors.current_week_start() == dt.date(2026, 12, 7)
    # Sunday 23:30 UTC is Monday 00:30 in Brussels: the new week.
    with time_machine.travel(dt.datetime(2026, 12, 13, 23, 30, tzinfo=dt.UTC), tick=False):
        assert selectors.current_week_start() == dt.date(2026, 12, 14)


@pytest.mark.django_db
def test_extension_points_answer_empty_lists_until_filled(tenant_a):
    with tenant_context(tenant_a):
        site = Site.objects.get()
        start = selectors.current_week_start()
        assert selectors.week_opening_hours(site=site, start=start) == []
        assert selectors.week_events(site=site, start=start, end=start) == []
        assert selectors.recent_news(site=site, limit=3) == []


@pytest.mark.django_db
def test_site_search_stays_in_its_tenant_and_site(tenant_a, tenant_b):
    for tenant, title in ((tenant_a, "Kaasmarkt Alfa"), (tenant_b, "Kaasmarkt Bravo")):
        with tenant_context(tenant):
            page = HomePage.objects.get().add_child(instance=Page(title=title, slug="kaas"))
            index.insert_or_update_object(page)
    with tenant_context(tenant_a):
        site = Site.objects.get()
        assert [p.title for p in selectors.site_search(site=site, query="kaasmarkt")] == [
            "Kaasmarkt Alfa"
        ]
        assert list(selectors.site_search(site=site, query="   ")) == []
    with tenant_context(tenant_b):
        site = Site.objects.get()
        assert [p.title for p in selectors.site_search(site=site, query="kaasmarkt")] == [
            "Kaasmarkt Bravo"
        ]
