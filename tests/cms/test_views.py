"""The pages of cms.views, each on its own tenant's host: robots.txt, sitemap.xml,
search and the printable week flyer (/deze-week/)."""

import datetime as dt
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site
from wagtail.search import index

from cms.selectors import week
from core import localtime
from hours import rules
from hours.services import opening_hours_replace
from tests.factories import ContentPageFactory, EventPageFactory, NewsItemPageFactory
from tests.html import tags

pytestmark = pytest.mark.django_db


def add_page(tenant, title: str, slug: str, *, live: bool = True) -> Page:
    """A page as an editor publishes it (or leaves it a draft), indexed as the worker's
    index task would."""
    with tenant_context(tenant):
        page = ContentPageFactory(title=title, slug=slug, published=live)
        index.insert_or_update_object(page)
        return page


# --- robots.txt -----------------------------------------------------------------


def robots(client) -> list[str]:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.text.splitlines()


def test_robots_txt_of_each_buurtpunt_points_to_its_own_sitemap_and_keeps_out_search(
    client_a, client_b
):
    a, b = robots(client_a), robots(client_b)
    assert a == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /zoeken/",
        "",
        "Sitemap: http://alfa.localhost:8000/sitemap.xml",
    ]
    assert b[-1] == "Sitemap: http://bravo.localhost:8000/sitemap.xml"
    assert b[:-1] == a[:-1]


def test_robots_txt_of_the_network_has_no_search_to_keep_out(network_client):
    # The network's site has no search page (its URLs do not include it).
    assert robots(network_client) == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "",
        "Sitemap: http://localhost:8000/sitemap.xml",
    ]


# --- sitemap.xml ----------------------------------------------------------------


def locations(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_sitemap_lists_only_the_tenants_own_live_pages_on_its_primary_domain(
    client_a, client_b, network_client, tenant_a, tenant_b
):
    add_page(tenant_a, "Winkel", "winkel")
    add_page(tenant_a, "Concept", "concept", live=False)
    add_page(tenant_b, "Repair café", "repair-cafe")
    a, b = client_a.get("/sitemap.xml"), client_b.get("/sitemap.xml")
    assert a.status_code == b.status_code == 200
    assert a["Content-Type"].startswith("application/xml")
    assert locations(a.text) == [
        "http://alfa.localhost:8000/",
        "http://alfa.localhost:8000/winkel/",
    ]
    assert locations(b.text) == [
        "http://bravo.localhost:8000/",
        "http://bravo.localhost:8000/repair-cafe/",
    ]
    assert locations(network_client.get("/sitemap.xml").text) == ["http://localhost:8000/"]


def test_sitemap_uses_the_primary_domain_when_reached_by_another(tenant_a):
    from tenants.services import domain_add
    from tests.conftest import host_client

    domain_add(buurtpunt=tenant_a, domain="www.alfa.localhost")
    xml = host_client("www.alfa.localhost").get("/sitemap.xml").text
    assert locations(xml) == ["http://alfa.localhost:8000/"]


# --- search ---------------------------------------------------------------------


@pytest.fixture
def distinct_content(tenant_a, tenant_b):
    add_page(tenant_a, "Fietsherstel in het dorpshuis", "fietsherstel")
    add_page(tenant_a, "Buurtfeest Alfa", "buurtfeest")
    add_page(tenant_a, "Verborgen soepavond", "soep-concept", live=False)
    add_page(tenant_b, "Soepavond in de school", "soepavond")
    add_page(tenant_b, "Buurtfeest Bravo", "buurtfeest")


def result_links(html: str) -> list[str]:
    found = re.search(r'<ol class="search-results".*?</ol>', html, re.S)
    return [t["href"] for t in tags(found.group(0), "a")] if found else []


def test_search_returns_only_the_tenants_own_pages(client_a, client_b, distinct_content):
    assert result_links(client_a.get("/zoeken/", {"q": "fietsherstel"}).text) == ["/fietsherstel/"]
    assert result_links(client_b.get("/zoeken/", {"q": "fietsherstel"}).text) == []
    assert result_links(client_b.get("/zoeken/", {"q": "soepavond"}).text) == ["/soepavond/"]
    # Not the draft of alfa with the same word, not bravo's page.
    assert result_links(client_a.get("/zoeken/", {"q": "soepavond"}).text) == []
    # A word both tenants use: each finds its own page only.
    a = client_a.get("/zoeken/", {"q": "buurtfeest"}).text
    b = client_b.get("/zoeken/", {"q": "buurtfeest"}).text
    assert result_links(a) == result_links(b) == ["/buurtfeest/"]
    assert "Buurtfeest Alfa" in a and "Buurtfeest Bravo" not in a
    assert "Buurtfeest Bravo" in b and "Buurtfeest Alfa" not in b


def test_search_page_is_accessible_and_not_indexed(client_a, distinct_content):
    response = client_a.get("/zoeken/", {"q": "buurtfeest"})
    html = response.text
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert tags(html, "form", role="search", method="get")
    assert tags(html, "label", **{"for": "search-q"}) and tags(html, "input", id="search-q")
    assert tags(html, "meta", name="robots", content="noindex")
    assert tags(html, "input", id="search-q")[0]["value"] == "buurtfeest"


@pytest.mark.parametrize(
    "query", ["", "   ", "'", '"unterminated', "%", "a & b | !c", "<script>", "x" * 5000, "()"]
)
def test_odd_search_input_never_fails(client_a, distinct_content, query):
    response = client_a.get("/zoeken/", {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_search_results_are_paged(client_a, tenant_a):
    for number in range(12):
        add_page(tenant_a, f"Kookles {number}", f"kookles-{number}")
    first = client_a.get("/zoeken/", {"q": "kookles"}).text
    second = client_a.get("/zoeken/", {"q": "kookles", "page": 2}).text
    assert len(result_links(first)) == 10
    assert len(result_links(second)) == 2
    assert not set(result_links(first)) & set(result_links(second))
    assert tags(first, "a", rel="next")


def test_no_search_on_the_network_host(network_client):
    assert network_client.get("/zoeken/", {"q": "x"}).status_code == 404


# --- the week flyer ---------------------------------------------------------------

# Wednesday 3 June 2026: the week runs from Monday 1 to Sunday 7 June.
WEDNESDAY = dt.datetime(2026, 6, 3, 10, 0, tzinfo=localtime.TIMEZONE)
MON, TUE, WED, THU, FRI = (dt.date(2026, 6, day) for day in range(1, 6))


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def flyer(client, **params) -> BeautifulSoup:
    response = client.get("/deze-week/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def hours_rows(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(day, hours) of each row, the hours as a reader sees them (periods are spans)."""
    return [
        (text(row.th), " ".join(row.td.get_text().split()))
        for row in page.select("section.flyer-hours table.flyer-table tr")
    ]


def period(opens: str, closes: str) -> rules.Period:
    return rules.Period(dt.time.fromisoformat(opens), dt.time.fromisoformat(closes))


@pytest.fixture
def week_of_two_buurtpunten(tenant_a, tenant_b):
    """Hours, events and news around the week of WEDNESDAY, in Alfa and in Bravo."""
    with time_machine.travel(WEDNESDAY, tick=False):
        with tenant_context(tenant_a):
            opening_hours_replace(
                site=Site.objects.get(is_default_site=True),
                schedule=rules.Schedule(
                    weekly={
                        TUE.weekday(): (period("08:30", "12:15"),),
                        THU.weekday(): (period("08:00", "12:00"), period("14:00", "18:00")),
                        FRI.weekday(): (period("08:00", "12:00"),),
                    },
                    exceptions=(rules.ExceptionRange(FRI, FRI, reason="Kermis"),),
                ),
            )
            EventPageFactory(
                title="Repair café Alfa",
                start=localtime.at(THU, dt.time(19)),
                end=localtime.at(THU, dt.time(22)),
                place="Zaal Alfa",
                repeat="weekly",
                repeat_count=4,
            )
            EventPageFactory(
                title="Breiclub Alfa",
                start=localtime.at(MON, dt.time(9)),
                end=localtime.at(MON, dt.time(11)),
            )
            EventPageFactory(
                title="Volgende week", start=localtime.at(MON, dt.time(9)) + dt.timedelta(days=7)
            )
            EventPageFactory(
                title="Vorige week", start=localtime.at(MON, dt.time(9)) - dt.timedelta(days=1)
            )
            for day, title in ((MON, "Nieuwe bakfiets"), (TUE, "Soep"), (WED, "Kermis")):
                NewsItemPageFactory(title=title, date=day, intro=f"Over {title.lower()}.")
            NewsItemPageFactory(title="Oud nieuws", date=MON - dt.timedelta(days=30))
        with tenant_context(tenant_b):
            EventPageFactory(
                title="Kaartavond Bravo",
                start=localtime.at(TUE, dt.time(20)),
                end=localtime.at(TUE, dt.time(23, 30)),
            )
            NewsItemPageFactory(title="Nieuws uit Bravo", date=TUE)


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_flyer_prints_each_buurtpunts_own_hours_events_and_news(
    week_of_two_buurtpunten, client_a, client_b
):
    a, b = flyer(client_a), flyer(client_b)

    assert hours_rows(a) == [
        ("maandag 1/6", "gesloten"),
        ("dinsdag 2/6", "8:30–12:15"),
        ("woensdag 3/6", "gesloten"),
        ("donderdag 4/6", "8:00–12:00, 14:00–18:00"),  # 8:00, as everywhere on the site
        ("vrijdag 5/6", "gesloten (Kermis)"),
        ("zaterdag 6/6", "gesloten"),
        ("zondag 7/6", "gesloten"),
    ]
    exception_rows = a.select("section.flyer-hours tr.flyer-exception")
    assert [text(row.th) for row in exception_rows] == ["vrijdag 5/6"]
    assert [text(li) for li in a.select("section.flyer-events li")] == [
        "maandag 1/6, 9:00–11:00 Breiclub Alfa",
        "donderdag 4/6, 19:00–22:00 Repair café Alfa Zaal Alfa",
    ]
    assert [text(li.strong) for li in a.select("section.flyer-news li")] == [
        "Kermis",
        "Soep",
        "Nieuwe bakfiets",
    ]

    # Bravo keeps no opening hours: it says so, and shows nothing of Alfa's.
    assert b.select("section.flyer-hours table") == []
    assert text(b.select_one("section.flyer-hours p")) == "Vraag ons naar onze openingsuren."
    assert [text(li) for li in b.select("section.flyer-events li")] == [
        "dinsdag 2/6, 20:00–23:30 Kaartavond Bravo"
    ]
    assert [text(li.strong) for li in b.select("section.flyer-news li")] == ["Nieuws uit Bravo"]
    assert "Alfa" not in text(b.select_one("article.flyer-sheet"))


@time_machine.travel(WEDNESDAY, tick=False)
def test_the_flyer_of_another_week_prints_that_weeks_hours_and_events(
    week_of_two_buurtpunten, client_a
):
    page = flyer(client_a, week=(MON + dt.timedelta(days=10)).isoformat())
    rows = hours_rows(page)
    assert [day for day, _hours in rows][0] == "maandag 8/6"
    assert rows[4] == ("vrijdag 12/6", "8:00–12:00")  # the Kermis was last week
    assert [text(li) for li in page.select("section.flyer-events li")] == [
        "maandag 8/6, 9:00–11:00 Volgende week",
        "donderdag 11/6, 19:00–22:00 Repair café Alfa Zaal Alfa",
    ]
    assert text(page.select_one("h1")).startswith("De week")


def test_flyer_renders_on_both_tenants_with_print_css(client_a, client_b):
    for client, name, other in (
        (client_a, "Buurtpunt Alfa", "Bravo"),
        (client_b, "Buurtpunt Bravo", "Alfa"),
    ):
        page = flyer(client)
        assert page.select('link[rel=stylesheet][href="/static/cms/css/flyer.css"]')
        assert len(page.select("h1")) == 1
        assert text(page.select_one(".flyer-name")) == name
        sections = [s["class"][1] for s in page.select("section.flyer-section")]
        assert sections == ["flyer-hours", "flyer-events", "flyer-news"]
        assert other not in text(page.select_one("article.flyer-sheet"))
    css = open(finders.find("cms/css/flyer.css")).read()
    assert re.search(r"@page\s*{\s*size:\s*A4", css)
    assert "@media print" in css


def test_flyer_shows_the_week_asked_for(client_a, client_b):
    monday = week.current_week_start()
    assert monday.weekday() == 0 and monday <= localtime.today() < monday + dt.timedelta(days=7)
    this_week = client_a.get("/deze-week/")
    assert this_week.context["week_start"] == monday
    assert this_week.context["week_end"] == monday + dt.timedelta(days=6)
    assert this_week.context["is_this_week"]
    next_day = monday + dt.timedelta(days=9)  # a Wednesday of next week
    response = client_b.get("/deze-week/", {"week": next_day.isoformat()})
    assert response.context["week_start"] == monday + dt.timedelta(days=7)
    assert not response.context["is_this_week"]
    links = BeautifulSoup(response.text, "html.parser").select(".flyer-tools a")
    assert [link["href"] for link in links] == [
        f"/deze-week/?week={monday.isoformat()}",
        f"/deze-week/?week={(monday + dt.timedelta(days=14)).isoformat()}",
    ]
    for nonsense in ("garbage", "2026-02-30", "1900-01-01", ""):
        response = client_a.get("/deze-week/", {"week": nonsense})
        assert response.status_code == 200
        assert response.context["week_start"] == monday


def test_flyer_is_not_on_the_network_host(network_client):
    assert network_client.get("/deze-week/").status_code == 404


def test_flyer_prints_the_identity_of_its_own_buurtpunt(client_a, client_b, tenant_a):
    from themes.models import SiteIdentity

    with tenant_context(tenant_a):
        SiteIdentity.objects.update(street="Dorpsplein 3", phone="058 11 22 33")
    a = text(flyer(client_a).select_one("footer.flyer-footer"))
    b = text(flyer(client_b).select_one("footer.flyer-footer"))
    assert "Dorpsplein 3, Alveringem" in a and "058 11 22 33" in a
    assert a.endswith("http://alfa.localhost:8000")
    assert "Dorpsplein" not in b and b.endswith("http://bravo.localhost:8000")
