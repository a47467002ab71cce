"""Reads of a site's content (cms.selectors): real content in its order, limited to one
site's tree, never a draft or a private page, and in each buurtpunt its own."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django_tenants.utils import tenant_context
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from cms.selectors import agenda, news, search, suppliers, tree, week
from core import localtime
from hours import rules
from hours.services import opening_hours_replace
from tests.factories import (
    AgendaIndexPageFactory,
    ContentPageFactory,
    EventPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    NewsItemPageFactory,
    ServicesPageFactory,
    SupplierFactory,
    home,
)

pytestmark = pytest.mark.django_db


def make_private(page) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def root_path() -> str:
    return home().path


def titles(items) -> list[str]:
    return [item.title for item in items]


# --- the tree -------------------------------------------------------------------------


def test_sections_are_the_first_live_public_page_of_each_kind_under_the_home(
    sites, tenant_a, tenant_b
):
    with tenant_context(tenant_a):
        path = root_path()
        found = tree.sections(root_path=path)
        assert {name: page.pk for name, page in found.items()} == {
            "AgendaIndexPage": sites.a.agenda.pk,
            "NewsIndexPage": sites.a.news.pk,
            "ServicesPage": sites.a.services.pk,
            "SuppliersPage": sites.a.suppliers.pk,
            "MobipuntPage": sites.a.mobipunt.pk,
            "ContactPage": sites.a.contact.pk,
        }
        ServicesPageFactory(title="Meer diensten")  # a second one comes after the first
        make_private(sites.a.mobipunt)
        sites.a.suppliers.unpublish()
        found = tree.sections(root_path=path)
        assert set(found) == {"AgendaIndexPage", "NewsIndexPage", "ServicesPage", "ContactPage"}
        assert tree.services_page(root_path=path).title == "Diensten"
        assert tree.news_index(root_path=path).pk == sites.a.news.pk
    with tenant_context(tenant_b):
        # Bravo's tree has the same paths, and its own pages on them.
        assert tree.agenda_index(root_path=path).pk == sites.b.agenda.pk
        assert len(tree.sections(root_path=path)) == 6


def test_sections_are_read_once_per_request(sites, tenant_a, django_assert_num_queries):
    request = RequestFactory().get("/")
    with tenant_context(tenant_a):
        path = root_path()
        first = tree.sections(root_path=path, request=request)
        with django_assert_num_queries(0):
            assert tree.agenda_index(root_path=path, request=request) == first["AgendaIndexPage"]
            assert tree.news_index(root_path=path, request=request) == first["NewsIndexPage"]


def test_the_site_path_comes_from_the_page_or_else_the_requests_site(sites, tenant_a, tenant_b):
    for tenant, site in ((tenant_a, sites.a), (tenant_b, sites.b)):
        with tenant_context(tenant):
            home_path = site.home.path
            assert tree.site_path({"page": site.news_item}) == home_path
            request = RequestFactory().get("/", HTTP_HOST=tenant.primary_domain)
            assert tree.site_path({"request": request}) == home_path
            assert tree.site_path({}) is None


def test_within_keeps_to_one_sites_tree_and_leaves_out_drafts_and_private_sections(sites, tenant_a):
    with tenant_context(tenant_a):
        other_home = HomePageFactory(title="Ander dorp", slug="ander-dorp")
        other_news = NewsIndexPageFactory(parent=other_home)
        NewsItemPageFactory(parent=other_news, title="Nieuws van elders")
        intern = ContentPageFactory(title="Intern")
        ContentPageFactory(parent=intern, title="Notulen")  # under a private page
        ContentPageFactory(title="Concept", published=False)
        make_private(intern)

        mine = titles(tree.within(Page.objects.all(), root_path()))
        assert "Nieuws uit Alfa" in mine and "Over Alfa" in mine
        assert not {"Ander dorp", "Nieuws van elders", "Intern", "Notulen", "Concept"} & set(mine)
        assert titles(tree.within(Page.objects.all(), other_home.path)) == [
            "Ander dorp",
            "Nieuws",
            "Nieuws van elders",
        ]


# --- news -----------------------------------------------------------------------------


def test_news_newest_first_in_its_own_site_and_buurtpunt(sites, tenant_a, tenant_b):
    today = localtime.today()
    with tenant_context(tenant_a):
        for days_ago, title in ((5, "Oudst"), (3, "Zelfde dag, eerst"), (3, "Zelfde dag, later")):
            NewsItemPageFactory(
                parent=sites.a.news, title=title, date=today - dt.timedelta(days_ago)
            )
        NewsItemPageFactory(parent=sites.a.news, title="Concept", date=today, published=False)
        make_private(NewsItemPageFactory(parent=sites.a.news, title="Intern", date=today))
        other_news = NewsIndexPageFactory(parent=HomePageFactory(title="Ander dorp"))
        NewsItemPageFactory(parent=other_news, title="Van elders", date=today)

        path = root_path()
        assert titles(news.news_items(root_path=path)) == [
            "Nieuws uit Alfa",
            "Zelfde dag, later",  # the same date: the last published first
            "Zelfde dag, eerst",
            "Oudst",
        ]
        assert titles(news.latest_news(root_path=path, limit=2)) == [
            "Nieuws uit Alfa",
            "Zelfde dag, later",
        ]
        make_private(sites.a.news)
        assert titles(news.news_items(root_path=path)) == []
    with tenant_context(tenant_b):
        assert titles(news.news_items(root_path=path)) == ["Nieuws uit Bravo"]


# --- the agenda -----------------------------------------------------------------------

# Tuesday 10 March 2026, noon.
NOW = localtime.at(dt.date(2026, 3, 10), dt.time(12))


def on(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return localtime.at(dt.date(2026, month, day), dt.time(hour, minute))


@pytest.fixture
def agendas(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        agenda_a = AgendaIndexPageFactory()
        for title, start, end, fields in (
            ("Breiclub", on(3, 14), on(3, 16), {"repeat": "weekly", "repeat_count": 4}),
            ("Infoavond", on(12, 20), on(12, 22), {}),
            ("Al bezig", on(10, 11), on(10, 13), {}),  # running at NOW: not over yet
            ("Nieuwjaarsdrink", on(10, 17, month=1), on(10, 19, month=1), {}),
            ("Concept", on(11, 10), on(11, 12), {"published": False}),
        ):
            EventPageFactory(parent=agenda_a, title=title, start=start, end=end, **fields)
        make_private(EventPageFactory(parent=agenda_a, title="Bestuur", start=on(11, 20)))
    with tenant_context(tenant_b):
        EventPageFactory(parent=AgendaIndexPageFactory(), title="Kaartavond", start=on(11, 19))
    connection.set_schema_to_public()


def dates(occurrences) -> list[tuple[str, str]]:
    return [(o.event.title, localtime.local(o.start).strftime("%m-%d %H:%M")) for o in occurrences]


def test_upcoming_dates_soonest_first_with_series_expanded(agendas, tenant_a, tenant_b):
    with tenant_context(tenant_a):
        path = root_path()
        assert dates(agenda.upcoming_occurrences(root_path=path, now=NOW)) == [
            ("Al bezig", "03-10 11:00"),
            ("Breiclub", "03-10 14:00"),
            ("Infoavond", "03-12 20:00"),
            ("Breiclub", "03-17 14:00"),
            ("Breiclub", "03-24 14:00"),
        ]
        assert len(agenda.upcoming_occurrences(root_path=path, now=NOW, limit=2)) == 2
        assert dates(agenda.past_occurrences(root_path=path, now=NOW)) == [
            ("Breiclub", "03-03 14:00"),
            ("Nieuwjaarsdrink", "01-10 17:00"),
        ]
        feed = titles(agenda.feed_events(root_path=path, now=NOW + dt.timedelta(days=300)))
        assert sorted(feed) == ["Al bezig", "Breiclub", "Infoavond", "Nieuwjaarsdrink"]
        assert "Nieuwjaarsdrink" not in titles(
            agenda.feed_events(root_path=path, now=on(11, 12, month=1) + dt.timedelta(days=366))
        )
    with tenant_context(tenant_b):
        assert dates(agenda.upcoming_occurrences(root_path=path, now=NOW)) == [
            ("Kaartavond", "03-11 19:00")
        ]


# --- the week of the flyer ------------------------------------------------------------


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
    assert week.week_bounds(day) == (monday, monday + dt.timedelta(days=6))


def test_current_week_start_follows_brussels_not_utc():
    # Sunday 22:30 UTC is Sunday 23:30 in Brussels: still the old week.
    with time_machine.travel(dt.datetime(2026, 12, 13, 22, 30, tzinfo=dt.UTC), tick=False):
        assert week.current_week_start() == dt.date(2026, 12, 7)
    # Sunday 23:30 UTC is Monday 00:30 in Brussels: the new week.
    with time_machine.travel(dt.datetime(2026, 12, 13, 23, 30, tzinfo=dt.UTC), tick=False):
        assert week.current_week_start() == dt.date(2026, 12, 14)


# The week the clocks go forward: Monday 23 to Sunday 29 March 2026.
DST_MONDAY, DST_SUNDAY = dt.date(2026, 3, 23), dt.date(2026, 3, 29)


def test_week_events_are_the_dates_from_monday_midnight_to_sunday_night(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        for title, start in (
            ("Te vroeg", on(22, 23, 30)),  # the Sunday before
            ("Begin", on(23, 0)),
            ("Einde", on(29, 23, 30)),  # after the clocks went forward
            ("Te laat", on(30, 0)),
        ):
            EventPageFactory(title=title, start=start, end=start + dt.timedelta(minutes=20))
        EventPageFactory(
            title="Breiclub", start=on(10, 14), place="Dorpshuis", repeat="weekly", repeat_count=9
        )
        site = Site.objects.get(is_default_site=True)
        found = week.week_events(site=site, start=DST_MONDAY, end=DST_SUNDAY)
        assert [(e.title, localtime.local(e.start).strftime("%a %H:%M")) for e in found] == [
            ("Begin", "Mon 00:00"),
            ("Breiclub", "Tue 14:00"),
            ("Einde", "Sun 23:30"),
        ]
        assert (found[1].place, found[1].url) == ("Dorpshuis", "/agenda/breiclub/")
    with tenant_context(tenant_b):
        site = Site.objects.get(is_default_site=True)
        assert week.week_events(site=site, start=DST_MONDAY, end=DST_SUNDAY) == []


def test_week_opening_hours_are_seven_days_with_exceptions_or_none(tenant_a, tenant_b):
    period = rules.Period(dt.time(9), dt.time(12))
    with tenant_context(tenant_a):
        site = Site.objects.get(is_default_site=True)
        opening_hours_replace(
            site=site,
            schedule=rules.Schedule(
                weekly=dict.fromkeys(range(7), (period,)),
                exceptions=(rules.ExceptionRange(DST_SUNDAY, DST_SUNDAY, reason="Kermis"),),
            ),
        )
        days = week.week_opening_hours(site=site, start=DST_MONDAY)
    assert [day.day for day in days] == [DST_MONDAY + dt.timedelta(days=n) for n in range(7)]
    assert all(day.periods == (period,) for day in days[:6])
    assert (days[6].closed, days[6].reason) == (True, "Kermis")
    with tenant_context(tenant_b):
        site = Site.objects.get(is_default_site=True)
        assert week.week_opening_hours(site=site, start=DST_MONDAY) == []


def test_recent_news_is_the_newest_with_its_summary_and_address(sites, tenant_a, tenant_b):
    with tenant_context(tenant_a):
        NewsItemPageFactory(
            parent=sites.a.news, title="Gisteren", date=localtime.today() - dt.timedelta(days=1)
        )
        site = Site.objects.get(is_default_site=True)
        items = week.recent_news(site=site, limit=2)
    assert items == [
        week.NewsItem(
            title="Nieuws uit Alfa",
            date=localtime.today(),
            summary="Kort nieuws van Alfa",
            url="/nieuws/nieuws-item/",
        ),
        week.NewsItem(title="Gisteren", date=items[1].date, summary="", url="/nieuws/gisteren/"),
    ]
    with tenant_context(tenant_b):
        site = Site.objects.get(is_default_site=True)
        assert titles(week.recent_news(site=site)) == ["Nieuws uit Bravo"]


# --- suppliers and search --------------------------------------------------------------


def test_suppliers_by_name_filtered_by_season_and_kind(sites, tenant_a, tenant_b):
    with tenant_context(tenant_a):
        SupplierFactory(name="Bakkerij Altijd", category="bread")
        SupplierFactory(name="Imkerij Zomer", category="pantry", season_winter=False)
        assert [s.name for s in suppliers.suppliers()] == [
            "Bakkerij Altijd",
            "Hoeve Alfa",
            "Imkerij Zomer",
        ]
        assert [s.name for s in suppliers.suppliers(season="winter")] == ["Bakkerij Altijd"]
        assert [s.name for s in suppliers.suppliers(category="pantry")] == ["Imkerij Zomer"]
    with tenant_context(tenant_b):
        assert [s.name for s in suppliers.suppliers()] == ["Hoeve Bravo"]


def test_site_search_stays_in_its_tenant_and_leaves_out_drafts_and_private_pages(
    tenant_a, tenant_b
):
    for tenant, label in ((tenant_a, "Alfa"), (tenant_b, "Bravo")):
        with tenant_context(tenant):
            pages = [
                ContentPageFactory(title=f"Kaasmarkt {label}"),
                ContentPageFactory(title=f"Kaasmarkt concept {label}", published=False),
                ContentPageFactory(title=f"Kaasmarkt intern {label}"),
            ]
            make_private(pages[2])
            for page in pages:
                index.insert_or_update_object(page)
    for tenant, label in ((tenant_a, "Alfa"), (tenant_b, "Bravo")):
        with tenant_context(tenant):
            site = Site.objects.get(is_default_site=True)
            assert titles(search.site_search(site=site, query="kaasmarkt")) == [
                f"Kaasmarkt {label}"
            ]
            assert list(search.site_search(site=site, query="   ")) == []
