"""The demo website content (``cms.demo``, data in ``cms/demo/*.toml``) and the one test
that ``seed_demo`` as a whole adds nothing when it runs again."""

from datetime import date, datetime, time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.models import Page, Revision

from cms import demo
from core import localtime
from tenants.services import buurtpunt_create
from tests.conftest import host_client

pytestmark = pytest.mark.django_db

DEMO_SCHEMAS = ("public", "beveren", "zonnegem")


def row_counts() -> dict[str, int]:
    """The number of rows of every table of the network and the demo buurtpunten."""
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_type = 'BASE TABLE' AND table_schema = ANY(%s)",
            [list(DEMO_SCHEMAS)],
        )
        for schema, table in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608
            counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def test_seed_demo_a_second_time_adds_nothing(db):
    first = StringIO()
    call_command("seed_demo", "--force", stdout=first)
    assert "beveren: cms added" in first.getvalue()
    assert "zonnegem: cms added" in first.getvalue()
    before = row_counts()
    assert before["beveren.wagtailcore_page"] > before["zonnegem.wagtailcore_page"] > 2

    second = StringIO()
    call_command("seed_demo", "--force", stdout=second)
    assert " added " not in second.getvalue()
    assert row_counts() == before


# --- the loader, on beveren ----------------------------------------------------------


def seeded_beveren():
    """The beveren buurtpunt with its demo website; ``made`` is what the seed added."""
    buurtpunt = buurtpunt_create(
        slug="beveren", name="Dorpspunt Beveren", legal_form="cv+vzw"
    ).buurtpunt
    with tenant_context(buurtpunt):
        buurtpunt.made = demo.seed(buurtpunt)
    connection.set_schema_to_public()
    return buurtpunt


@pytest.fixture
def beveren(db):
    return seeded_beveren()


def site_page_types() -> set[type[Page]]:
    """Every page type a buurtpunt site can hold: the home page and what may go below it."""
    from cms.models import HomePage

    found, todo = set(), [HomePage]
    while todo:
        model = todo.pop()
        if model not in found:
            found.add(model)
            todo.extend(model.allowed_subpage_models())
    return found


def test_beveren_gets_a_page_of_every_type(beveren):
    from cms.models import ContactPage, HomePage, ServicesPage, Supplier

    client = host_client(beveren.primary_domain)
    with tenant_context(beveren):
        pages = list(Page.objects.filter(depth__gt=1).specific().order_by("path"))
        assert {type(page) for page in pages} == site_page_types()
        suppliers = [f"supplier {name}" for name in Supplier.objects.values_list("name", flat=True)]
        assert len(suppliers) == 6
        assert sorted(beveren.made) == sorted(
            [*(page.url_path for page in pages if page.depth > 2), *suppliers, "home page"]
        )
        for page in pages:
            # Published through a revision, in the menu when right under the home page.
            assert page.live and page.live_revision_id, page.url_path
            assert not page.has_unpublished_changes, page.url_path
            assert page.show_in_menus == (page.depth == 3), page.url_path
            response = client.get(page.url)
            assert response.status_code == 200, page.url_path
            assert page.title in response.content.decode(), page.url_path

        home = HomePage.objects.get()
        grid = next(block for block in home.body if block.block_type == "services_grid")
        assert grid.value["services_page"].specific == ServicesPage.objects.get()
        contact = ContactPage.objects.get()
        assert contact.to_address == "admin@beveren.localhost"
        assert [f.label for f in contact.form_fields.order_by("sort_order")] == [
            "Naam",
            "E-mail",
            "Telefoon",
            "Onderwerp",
            "Bericht",
        ]
        # A field the data leaves out is stored as the admin would store it.
        services = ServicesPage.objects.get().services.raw_data
        cafe = next(item["value"] for item in services if item["type"] == "cafe")
        assert (cafe["icon"], cafe["link"]) == ("", {"label": "", "page": None, "url": ""})
        assert "Hoeve De Lindeboom" in client.get("/leveranciers/").content.decode()


SEED_DAY = datetime(2027, 3, 31, 10, 0, tzinfo=localtime.TIMEZONE)  # a Wednesday


@time_machine.travel(SEED_DAY, tick=False)
def test_relative_dates_land_in_the_future(db):
    from cms.models import AgendaIndexPage, EventPage, NewsItemPage
    from cms.selectors.agenda import past_occurrences, upcoming_occurrences

    with tenant_context(seeded_beveren()):
        events = {event.slug: event for event in EventPage.objects.all()}
        # The first Saturday of the month, at 9:30 on the wall clock (after the clocks
        # went forward on 28 March): the series started before the seed day.
        assert events["repair-cafe"].start == localtime.at(date(2027, 3, 6), time(9, 30))
        assert events["koffieklets"].start == localtime.at(date(2027, 4, 6), time(14, 0))
        agenda = AgendaIndexPage.objects.get()
        upcoming = {o.event.slug for o in upcoming_occurrences(root_path=agenda.path)}
        past = {o.event.slug for o in past_occurrences(root_path=agenda.path)}
        news_dates = set(NewsItemPage.objects.values_list("date", flat=True))
    # Everything is still to come, except the one event kept for the archive.
    assert upcoming == set(events) - {"nieuwjaarsdrink"}
    assert "nieuwjaarsdrink" in past
    assert max(news_dates) < SEED_DAY.date()


def test_what_a_team_edited_is_kept(beveren):
    from cms.models import ContentPage, HomePage

    with tenant_context(beveren):
        about = ContentPage.objects.get(slug="over-ons")
        about.title = "Wie we zijn"
        about.intro = "Onze eigen tekst."
        about.save_revision().publish()
        home = HomePage.objects.get()
        home.hero_heading = "Welkom"
        home.body = [("rich_text", "<p>Onze eigen startpagina.</p>")]
        home.save_revision().publish()
        revisions = Revision.objects.count()

        assert demo.seed(beveren) == []

        about = ContentPage.objects.get(slug="over-ons")
        assert (about.title, about.intro) == ("Wie we zijn", "Onze eigen tekst.")
        home = HomePage.objects.get()
        assert home.hero_heading == "Welkom"
        assert [block.block_type for block in home.body] == ["rich_text"]
        assert Revision.objects.count() == revisions


def test_a_buurtpunt_without_demo_data_gets_nothing(tenant_a, public_tenant):
    for buurtpunt in (tenant_a, public_tenant):
        with tenant_context(buurtpunt):
            pages = Page.objects.count()
            assert demo.seed(buurtpunt) == []
            assert Page.objects.count() == pages
