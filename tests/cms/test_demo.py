"""The demo content that seed_demo writes into beveren and zonnegem: every page type, idempotent."""

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import tenant_context
from icalendar import Calendar
from wagtail.models import Page, Revision

from tenants.models import Buurtpunt
from tests.conftest import host_client

pytestmark = pytest.mark.django_db

BEVEREN_PAGES = {
    "/": "Winkel, café en ontmoeting",
    "/over-ons/": "oude pastorij",
    "/over-ons/cooperatie/": "Een aandeel kost",
    "/nieuws/": "Nieuwe elektrische bakfiets",
    "/nieuws/bakfiets/": "pannenkoekenverkoop",
    "/agenda/": "Repair café",
    "/agenda/archief/": "Nieuwjaarsdrink",
    "/agenda/repair-cafe/": "Dorpspunt, zaal achteraan",
    "/agenda/dorpsrestaurant/": "€ 16, kinderen € 8",
    "/diensten/": "Pakjespunt",
    "/leveranciers/": "Hoeve De Lindeboom",
    "/mobipunt/": "De IJzerpijl",
    "/contact/": "Dorpsplaats 1",
}
ZONNEGEM_PAGES = {
    "/": "Soep, koffie en een pakjespunt",
    "/agenda/": "Soepcafé",
    "/nieuws/": "Soepcafé is terug",
    "/diensten/": "Buurtcafé",
    "/contact/": "Kerkplein 3",
}


def counts(slug):
    with tenant_context(Buurtpunt.objects.get(schema_name=slug)):
        found = (Page.objects.count(), Revision.objects.count())
    connection.set_schema_to_public()
    return found


def test_seed_demo_fills_both_sites_and_is_idempotent(db):
    call_command("seed_demo", "--force")
    beveren, zonnegem = host_client("beveren.localhost"), host_client("zonnegem.localhost")
    for path, text in BEVEREN_PAGES.items():
        response = beveren.get(path)
        assert response.status_code == 200, path
        assert text in response.text, path
    for path, text in ZONNEGEM_PAGES.items():
        response = zonnegem.get(path)
        assert response.status_code == 200, path
        assert text in response.text, path
        assert "Beveren" not in response.text, path
    assert zonnegem.get("/mobipunt/").status_code == 404
    # The sections under the home page are the main menu.
    for client, sections in (
        (beveren, ("/agenda/", "/contact/", "/mobipunt/")),
        (zonnegem, ("/agenda/", "/contact/")),
    ):
        menu = client.get("/").text.split('id="site-nav-list"', 1)[1].split("</ul>", 1)[0]
        for section in sections:
            assert f'href="{section}"' in menu, section

    for client, slug, minimum in ((beveren, "beveren", 5), (zonnegem, "zonnegem", 2)):
        feed = Calendar.from_ical(client.get("/agenda/ical/").content)
        uids = [str(event["UID"]) for event in feed.walk("VEVENT")]
        assert len(uids) >= minimum
        assert all(uid.endswith(f"@{slug}.localhost") for uid in uids)

    # Published through revisions, as the admin does.
    with tenant_context(Buurtpunt.objects.get(schema_name="beveren")):
        pages = Page.objects.filter(depth__gt=1)
        assert pages.filter(live=True).count() == pages.count() > 15
        assert not pages.filter(live_revision__isnull=True).exists()
    connection.set_schema_to_public()

    before = counts("beveren"), counts("zonnegem")
    call_command("seed_demo", "--force")
    assert (counts("beveren"), counts("zonnegem")) == before
