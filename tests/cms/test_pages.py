"""Every page type renders in each buurtpunt with its own content only; the tree keeps its shape."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.models import Page

from core.localtime import TIMEZONE
from tests.conftest import login_as
from tests.factories import ContentPageFactory, ImageFactory, home

pytestmark = pytest.mark.django_db

PAGES = [
    # (path, the text of that tenant's page)
    ("/", "Repair café {label}"),  # the home page's upcoming events
    ("/over-ons/", "Tekst van {label}"),
    ("/nieuws/", "Nieuws uit {label}"),
    ("/nieuws/nieuws-item/", "Lang nieuws van {label}"),
    ("/agenda/", "Repair café {label}"),
    ("/agenda/repair-cafe/", "Zaal {label}"),
    ("/diensten/", "Pakjespunt {label}"),
    ("/leveranciers/", "Hoeve {label}"),
    ("/mobipunt/", "Bakfiets {label}"),
    ("/contact/", "Schrijf {label}"),
]


@pytest.fixture
def with_home_blocks(sites, tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            page = home()
            page.body = [
                ("upcoming_events", {"heading": "", "count": 3}),
                ("latest_news", {"heading": "", "count": 3}),
                ("services_grid", {"heading": "", "services_page": None}),
            ]
            page.save_revision().publish()
    connection.set_schema_to_public()
    return sites


@pytest.mark.parametrize(("path", "text"), PAGES)
def test_each_page_type_shows_its_own_tenants_content_only(
    with_home_blocks, client_a, client_b, path, text
):
    a = client_a.get(path)
    b = client_b.get(path)
    assert a.status_code == b.status_code == 200, path
    assert text.format(label="Alfa") in a.text
    assert text.format(label="Bravo") not in a.text
    assert text.format(label="Bravo") in b.text
    assert text.format(label="Alfa") not in b.text
    assert '<html lang="nl"' in a.text


def test_home_page_blocks_show_events_news_and_services(with_home_blocks, client_a):
    text = client_a.get("/").text
    assert 'href="/agenda/repair-cafe/"' in text
    assert 'href="/nieuws/nieuws-item/"' in text
    assert 'href="/diensten/#service-1"' in text and "Café Alfa" in text
    assert 'href="/agenda/"' in text and 'href="/nieuws/"' in text


def test_home_page_hero_with_image_and_alternative_text(sites, tenant_a, client_a):
    with tenant_context(tenant_a):
        page = home()
        page.hero_image = ImageFactory(title="dorpsplein")
        page.hero_image_alt = "Het dorpsplein met de winkel"
        page.hero_heading = "Welkom in Alfa"
        page.hero_text = "Winkel, café en ontmoeting"
        page.save_revision().publish()
    connection.set_schema_to_public()
    text = client_a.get("/").text
    assert '<h1 id="hero-title">Welkom in Alfa</h1>' in text
    assert 'alt="Het dorpsplein met de winkel"' in text
    assert "Winkel, café en ontmoeting" in text


def test_hero_image_without_alternative_text_is_refused(tenant_a):
    from django.core.exceptions import ValidationError

    with tenant_context(tenant_a):
        page = home()
        page.hero_image = ImageFactory(title="plein")
        page.hero_image_alt = " "
        with pytest.raises(ValidationError) as info:
            page.full_clean()
        assert "hero_image_alt" in info.value.message_dict


def test_a_page_of_one_tenant_is_not_found_on_the_other(tenant_a, tenant_b, client_b):
    with tenant_context(tenant_a):
        ContentPageFactory(title="Alleen in Alfa", slug="alleen-alfa")
    connection.set_schema_to_public()
    assert client_b.get("/alleen-alfa/").status_code == 404


def test_bad_page_numbers_and_filters_never_give_an_error(sites, client_a):
    for path in (
        "/nieuws/?page=abc",
        "/nieuws/?page=999",
        "/agenda/?page=-1",
        "/agenda/archief/?page=x",
        "/leveranciers/?season=never&category=<b>",
    ):
        assert client_a.get(path).status_code == 200, path


# --- the tree -------------------------------------------------------------------------


def test_home_page_children(tenant_a):
    from cms.models import (
        AgendaIndexPage,
        ContactPage,
        ContentPage,
        EventPage,
        HomePage,
        MobipuntPage,
        NewsIndexPage,
        NewsItemPage,
        ServicesPage,
        SuppliersPage,
    )

    allowed = {
        ContentPage,
        NewsIndexPage,
        AgendaIndexPage,
        ServicesPage,
        SuppliersPage,
        MobipuntPage,
        ContactPage,
    }
    assert set(HomePage.allowed_subpage_models()) == allowed
    with tenant_context(tenant_a):
        root = home()
        for model in allowed:
            assert model.can_create_at(root), model
        assert not EventPage.can_create_at(root)
        assert not NewsItemPage.can_create_at(root)
        assert not HomePage.can_create_at(root)


def test_deeper_rules(sites, tenant_a):
    from cms.models import (
        AgendaIndexPage,
        ContactPage,
        ContentPage,
        EventPage,
        NewsIndexPage,
        NewsItemPage,
    )

    assert set(ContentPage.allowed_subpage_models()) == {ContentPage}
    assert set(NewsIndexPage.allowed_subpage_models()) == {NewsItemPage}
    assert set(AgendaIndexPage.allowed_subpage_models()) == {EventPage}
    assert EventPage.allowed_parent_page_models() == [AgendaIndexPage]
    assert NewsItemPage.allowed_parent_page_models() == [NewsIndexPage]
    for model in (EventPage, NewsItemPage, ContactPage):
        assert model.allowed_subpage_models() == []
    with tenant_context(tenant_a):
        site = sites.a
        assert ContentPage.can_create_at(site.content)
        assert not EventPage.can_create_at(site.news)
        assert not NewsItemPage.can_create_at(site.agenda)
        assert EventPage.can_create_at(site.agenda)
        # At most one agenda, news index and contact page under a home page.
        root = home()
        for model in (AgendaIndexPage, NewsIndexPage, ContactPage):
            assert not model.can_create_at(root), model
        assert ContentPage.can_create_at(root)


def test_buurtpunt_page_types_cannot_go_on_the_network_site(public_tenant):
    from cms.models import ContentPage, HomePage, NetworkHomePage

    network_home = NetworkHomePage.objects.get()
    assert not ContentPage.can_create_at(network_home)
    assert not HomePage.can_create_at(Page.get_first_root_node())


# --- speed ------------------------------------------------------------------------------

# The home page with every block (hero image, events, news with an image, services grid,
# opening hours, a call to action to a page), uncached, runs at most HOME_QUERY_BUDGET
# queries once the process-level caches (Wagtail's site root paths, renditions) are warm.
# Today it runs 15: routing and Wagtail's serving take 7 (tenant, site, the page's content
# type, page, two for view restrictions, theme settings) and the content 8 (hero image, the
# section pages and their content types, events, news and its renditions, the services
# page, the call to action's page). Two of those are content type lookups that a
# per-tenant ContentType cache would save. django-tenants sends a "SET search_path" before
# each query (TENANT_LIMIT_SET_CALLS is off), so django_assert_max_num_queries, which
# counts statements, gets twice the budget.
HOME_QUERY_BUDGET = 15


def test_home_page_query_budget(sites, tenant_a, client_a, django_assert_max_num_queries):
    with tenant_context(tenant_a):
        page = home()
        page.hero_image = ImageFactory(title="plein")
        page.hero_image_alt = "Het plein"
        page.body = [
            ("rich_text", "<p>Welkom</p>"),
            ("upcoming_events", {"heading": "", "count": 3}),
            ("latest_news", {"heading": "", "count": 3}),
            ("services_grid", {"heading": "", "services_page": None}),
            ("opening_hours", {"heading": ""}),
            (
                "call_to_action",
                {
                    "heading": "Word lid",
                    "text": "",
                    "link": {"label": "Lid worden", "page": sites.a.content, "url": ""},
                },
            ),
        ]
        page.save_revision().publish()
        item = sites.a.news_item
        item.image = ImageFactory(title="nieuws")
        item.image_alt = "Nieuws"
        item.save_revision().publish()
    connection.set_schema_to_public()
    assert client_a.get("/").status_code == 200  # warms the process caches, makes renditions

    with django_assert_max_num_queries(2 * HOME_QUERY_BUDGET) as captured:
        response = client_a.get("/")
    assert response.status_code == 200
    queries = [q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]
    assert len(queries) <= HOME_QUERY_BUDGET, "\n".join(q["sql"][:120] for q in queries)
    # Everything the blocks show is there.
    assert "Repair café Alfa" in response.text and "Nieuws uit Alfa" in response.text
    assert "Café Alfa" in response.text and 'alt="Het plein"' in response.text


# --- the admin ----------------------------------------------------------------------------


def test_the_team_can_open_the_editor_of_every_page_type(sites, tenant_a, client_a):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    site = sites.a
    parents = {
        "contentpage": site.home,
        "newsindexpage": None,  # one per home: the existing one is edited below
        "agendaindexpage": None,
        "contactpage": None,
        "servicespage": site.home,
        "supplierspage": site.home,
        "mobipuntpage": site.home,
        "newsitempage": site.news,
        "eventpage": site.agenda,
    }
    for model, parent in parents.items():
        if parent is None:
            continue
        response = client_a.get(f"/admin/pages/add/cms/{model}/{parent.pk}/")
        assert response.status_code == 200, model
    for page in (
        site.home,
        site.content,
        site.news,
        site.news_item,
        site.agenda,
        site.event,
        site.services,
        site.suppliers,
        site.mobipunt,
        site.contact,
    ):
        response = client_a.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    assert client_a.get("/admin/snippets/cms/supplier/add/").status_code == 200
    assert client_a.get(f"/admin/snippets/cms/supplier/edit/{site.supplier.pk}/").status_code == 200


def test_an_editor_adds_an_event_through_the_admin(sites, tenant_a, client_a):
    from wagtail.test.utils.form_data import rich_text

    from cms.models import EventPage

    login_as(client_a, tenant_a, "admin@alfa.localhost")
    response = client_a.post(
        f"/admin/pages/add/cms/eventpage/{sites.a.agenda.pk}/",
        {
            "title": "Wandeling",
            "slug": "wandeling",
            "start": "2026-04-04 10:00",
            "end": "2026-04-04 12:00",
            "repeat": "monthly_nth",
            "repeat_until": "",
            "repeat_count": "3",
            "place": "Kerk",
            "price": "",
            "registration_url": "",
            "intro": "",
            "description": rich_text("<p>Langs de IJzer</p>"),
            "image_alt": "",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(tenant_a):
        event = EventPage.objects.get(slug="wandeling")
        assert event.live
        assert "Langs de IJzer" in event.description
        assert event.start.astimezone(TIMEZONE).hour == 10
        assert [o.start.date().isoformat() for o in event.occurrences()] == [
            "2026-04-04",
            "2026-05-02",
            "2026-06-06",
        ]


def test_a_bad_event_in_the_admin_comes_back_with_a_message(sites, tenant_a, client_a):
    from django.utils import translation
    from wagtail.test.utils.form_data import rich_text

    from cms.models import EventPage

    login_as(client_a, tenant_a, "admin@alfa.localhost")
    response = client_a.post(
        f"/admin/pages/add/cms/eventpage/{sites.a.agenda.pk}/",
        {
            "title": "Reeks zonder einde",
            "slug": "reeks",
            "start": "2026-04-04 10:00",
            "end": "2026-04-04 09:00",
            "repeat": "weekly",
            "description": rich_text(""),
            "action-publish": "publish",
        },
    )
    assert response.status_code == 200
    with translation.override("nl"):
        for message in (
            "The end must come after the start.",
            "A repeating event needs an end date or a number of times.",
        ):
            assert translation.gettext(message) in response.content.decode()
    with tenant_context(tenant_a):
        assert not EventPage.objects.filter(slug="reeks").exists()
