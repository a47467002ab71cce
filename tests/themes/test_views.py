"""robots.txt, sitemap.xml, search and the week flyer, each on its own tenant's host."""

import datetime as dt
import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page
from wagtail.search import index

from cms.models import HomePage

from .helpers import tags

pytestmark = pytest.mark.django_db


def add_page(tenant, title: str, slug: str, *, live: bool = True, **fields) -> Page:
    """A page as an editor publishes it, indexed as the worker's index task would."""
    with tenant_context(tenant):
        home = HomePage.objects.get()
        page = home.add_child(instance=Page(title=title, slug=slug, live=live, **fields))
        index.insert_or_update_object(page)
        return page


# --- robots.txt -----------------------------------------------------------------


def test_robots_txt_per_host_points_to_its_own_sitemap(client_a, client_b, network_client):
    a, b, net = (c.get("/robots.txt") for c in (client_a, client_b, network_client))
    assert a.status_code == b.status_code == net.status_code == 200
    assert a["Content-Type"].startswith("text/plain")
    assert "User-agent: *\nAllow: /\n" in a.text
    assert "Sitemap: http://alfa.localhost:8000/sitemap.xml" in a.text
    assert "Sitemap: http://bravo.localhost:8000/sitemap.xml" in b.text
    assert "Sitemap: http://localhost:8000/sitemap.xml" in net.text
    for text, others in ((a.text, ("bravo", "//localhost")), (b.text, ("alfa", "//localhost"))):
        assert not any(other in text for other in others)
    assert "Disallow: /zoeken/" in a.text and "/zoeken/" not in net.text


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


def test_flyer_renders_on_both_tenants_with_print_css(client_a, client_b, tenant_a):
    a, b = client_a.get("/deze-week/"), client_b.get("/deze-week/")
    assert a.status_code == b.status_code == 200
    for response, name in ((a, "Buurtpunt Alfa"), (b, "Buurtpunt Bravo")):
        html = response.text
        assert tags(html, "link", rel="stylesheet", href="/static/themes/css/flyer.css")
        assert name in html
        assert html.count("<h1") == 1
        for section in ("flyer-hours", "flyer-events", "flyer-news"):
            assert f'class="flyer-section {section}"' in html
    assert "Buurtpunt Bravo" not in a.text
    css = open(finders.find("themes/css/flyer.css")).read()
    assert re.search(r"@page\s*{\s*size:\s*A4", css)
    assert "@media print" in css


def test_flyer_shows_the_week_asked_for(client_a):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    this_week = client_a.get("/deze-week/")
    assert this_week.context["week_start"] == monday
    assert this_week.context["week_end"] == monday + dt.timedelta(days=6)
    assert this_week.context["is_this_week"]
    next_day = monday + dt.timedelta(days=9)  # a Wednesday of next week
    response = client_a.get("/deze-week/", {"week": next_day.isoformat()})
    assert response.context["week_start"] == monday + dt.timedelta(days=7)
    assert not response.context["is_this_week"]
    for nonsense in ("garbage", "2026-02-30", "1900-01-01", ""):
        response = client_a.get("/deze-week/", {"week": nonsense})
        assert response.status_code == 200
        assert response.context["week_start"] == monday


def test_flyer_is_not_on_the_network_host(network_client):
    assert network_client.get("/deze-week/").status_code == 404


def test_flyer_prints_the_identity(client_a, tenant_a):
    from themes.models import SiteIdentity

    with tenant_context(tenant_a):
        SiteIdentity.objects.update(street="Dorpsplein 3", phone="058 11 22 33")
    html = client_a.get("/deze-week/").text
    footer = html.split('class="flyer-footer"', 1)[1]
    assert "Dorpsplein 3" in footer and "058 11 22 33" in footer
    assert "http://alfa.localhost:8000" in footer


def test_flyer_prints_what_the_selectors_give(client_a, monkeypatch):
    """The contract of the extension points in cms.selectors, as the flyer prints it."""
    from cms import selectors

    brussels = timezone.get_default_timezone()
    monday = selectors.current_week_start()
    hours = [
        selectors.DayHours(
            date=monday, periods=[(dt.time(8), dt.time(12)), (dt.time(14), dt.time(18))]
        ),
        selectors.DayHours(date=monday + dt.timedelta(days=1), note="Kermis"),
    ]
    events = [
        selectors.WeekEvent(
            title="Repair café",
            start=dt.datetime.combine(monday + dt.timedelta(days=2), dt.time(19), brussels),
            end=dt.datetime.combine(monday + dt.timedelta(days=2), dt.time(22), brussels),
            place="Dorpshuis",
        )
    ]
    news = [selectors.NewsItem(title="Nieuwe bakfiets", date=monday, summary="Te leen vanaf nu.")]
    calls = {}

    def record(name, value):
        def selector(**kwargs):
            calls[name] = kwargs
            return value

        return selector

    monkeypatch.setattr(selectors, "week_opening_hours", record("hours", hours))
    monkeypatch.setattr(selectors, "week_events", record("events", events))
    monkeypatch.setattr(selectors, "recent_news", record("news", news))
    html = client_a.get("/deze-week/").text
    assert calls["hours"]["start"] == monday
    assert (calls["events"]["start"], calls["events"]["end"]) == (
        monday,
        monday + dt.timedelta(days=6),
    )
    assert calls["events"]["site"].hostname == "alfa.localhost"
    assert "08:00–12:00, 14:00–18:00" in html
    assert 'class="flyer-exception"' in html and "Kermis" in html
    assert "19:00–22:00" in html and "Repair café" in html and "Dorpshuis" in html
    assert "Nieuwe bakfiets" in html and "Te leen vanaf nu." in html
