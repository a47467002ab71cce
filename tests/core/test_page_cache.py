"""The full-page cache: per tenant, zero queries on a hit, purged by any change of
what a visitor sees (core.page_cache.shows_on_public_pages) and by nothing else."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import tenant_context
from wagtail.documents.models import Document
from wagtail.images.models import Image, Rendition
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    ModelLogEntry,
    PageViewRestriction,
    Revision,
    Site,
)

from cms.models import ContactSubmission, ContentPage, HomePage, Supplier
from core.page_cache import shows_on_public_pages
from hours.models import OpeningHours, OpeningPeriod
from tenants.models import Buurtpunt
from tenants.services import buurtpunt_suspend
from tests.conftest import login_as
from tests.factories import ImageFactory
from themes.models import SiteIdentity, ThemeSettings

pytestmark = pytest.mark.django_db


def publish_title(tenant, title):
    with tenant_context(tenant):
        home = HomePage.objects.get()
        home.title = title
        home.save_revision().publish()


def test_second_anonymous_request_is_a_hit_without_queries(client_a, django_assert_num_queries):
    first = client_a.get("/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client_a.get("/")
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_tenants_have_their_own_cached_pages(client_a, client_b):
    client_a.get("/")
    response_b = client_b.get("/")
    assert response_b["X-Page-Cache"] == "miss"
    assert "Buurtpunt Bravo" in response_b.text and "Buurtpunt Alfa" not in response_b.text
    assert "Buurtpunt Alfa" in client_a.get("/").text


def test_publishing_purges_only_that_tenants_pages(tenant_a, client_a, client_b):
    client_a.get("/")
    client_b.get("/")
    publish_title(tenant_a, "Alfa vernieuwd")
    fresh = client_a.get("/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Alfa vernieuwd" in fresh.text
    assert client_b.get("/")["X-Page-Cache"] == "hit"


def test_a_settings_change_purges(tenant_a, client_a):
    from themes.models import ThemeSettings

    client_a.get("/")
    with tenant_context(tenant_a):
        theme = ThemeSettings.objects.get()
        theme.primary_colour = "#1f4d2b"
        theme.save()
    fresh = client_a.get("/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "#1f4d2b" in fresh.text


def test_logged_in_requests_are_never_cached(tenant_a, client_a):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    assert "X-Page-Cache" not in client_a.get("/")
    assert "X-Page-Cache" not in client_a.get("/")


def test_a_cached_page_of_a_suspended_buurtpunt_is_not_served(tenant_a, client_a):
    client_a.get("/")
    assert client_a.get("/")["X-Page-Cache"] == "hit"
    buurtpunt_suspend(buurtpunt=tenant_a, reason="test")
    assert client_a.get("/").status_code == 503


def test_admin_and_errors_are_not_cached(client_a):
    client_a.get("/admin/login/")
    assert "X-Page-Cache" not in client_a.get("/admin/login/")
    client_a.get("/bestaat-niet/")
    assert "X-Page-Cache" not in client_a.get("/bestaat-niet/")


def test_a_page_with_a_form_is_never_cached(sites, client_a, client_b):
    # The contact page carries a CSRF token; a cached copy would hand one
    # visitor's token to the next. Also with the CSRF cookie already present.
    for client in (client_a, client_b):
        first = client.get("/contact/")
        assert first.status_code == 200 and "csrfmiddlewaretoken" in first.text
        assert "X-Page-Cache" not in first
        assert "X-Page-Cache" not in client.get("/contact/")
    assert client_a.get("/")["X-Page-Cache"] == "miss"


# --- what purges ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        HomePage,
        ContentPage,
        ThemeSettings,
        SiteIdentity,
        OpeningHours,
        Site,
        Image,
        Document,
        Collection,
        PageViewRestriction,
        CollectionViewRestriction,
        Supplier,  # ours, declared with shows_on_public_pages = True
        Buurtpunt,  # the network's directory lists them
    ],
)
def test_models_that_show_on_public_pages(model):
    assert shows_on_public_pages(model)


@pytest.mark.parametrize(
    "model",
    [
        Rendition,  # made while a page renders: purging then would empty the cache at once
        Revision,  # a draft; publishing purges through page_published
        ModelLogEntry,
        OpeningPeriod,  # saved with its OpeningHours, which purges
        ContactSubmission,
        get_user_model(),
        Group,
        DBTaskResult,
    ],
)
def test_models_that_do_not(model):
    assert not shows_on_public_pages(model)


def test_a_suspended_buurtpunt_leaves_the_cached_network_directory(
    tenant_a, tenant_b, network_client
):
    def directory():
        return network_client.get("/").content.decode()

    assert tenant_a.name in directory() and tenant_b.name in directory()
    assert network_client.get("/")["X-Page-Cache"] == "hit"

    buurtpunt_suspend(buurtpunt=tenant_a, reason="Verbouwing")

    assert tenant_a.name not in directory()
    assert tenant_b.name in directory()


def test_a_change_purges_again_after_its_commit(
    tenant_a, client_a, django_capture_on_commit_callbacks
):
    """A visitor served between the change and the commit may have cached the old page
    under the new generation: the commit purges once more."""
    with django_capture_on_commit_callbacks() as callbacks:
        with tenant_context(tenant_a):
            identity = SiteIdentity.objects.get()
            identity.footer_text = "<p>Nieuw</p>"
            identity.save()
        client_a.get("/")  # what a visitor before the commit would get, cached
        assert client_a.get("/")["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    assert client_a.get("/")["X-Page-Cache"] == "miss"


def cached(client, path="/"):
    """Fetch ``path`` twice; the second answer comes from the cache."""
    client.get(path)
    response = client.get(path)
    assert response["X-Page-Cache"] == "hit", path
    return response


def test_a_supplier_change_purges_the_cached_suppliers_page(sites, tenant_a, client_a, client_b):
    assert "Hoeve Alfa" in cached(client_a, "/leveranciers/").text
    cached(client_b, "/leveranciers/")
    with tenant_context(tenant_a):
        supplier = Supplier.objects.get(name="Hoeve Alfa")
        supplier.name = "Hoeve Alfa en zonen"
        supplier.save()
    fresh = client_a.get("/leveranciers/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Hoeve Alfa en zonen" in fresh.text
    assert client_b.get("/leveranciers/")["X-Page-Cache"] == "hit"

    with tenant_context(tenant_a):
        Supplier.objects.get(name="Hoeve Alfa en zonen").delete()
    assert "Hoeve Alfa" not in client_a.get("/leveranciers/").text


def test_a_page_made_private_is_no_longer_served_from_the_cache(
    sites, tenant_a, client_a, client_b
):
    assert "Tekst van Alfa" in cached(client_a, "/over-ons/").text
    cached(client_b, "/over-ons/")
    with tenant_context(tenant_a):
        PageViewRestriction.objects.create(
            page=sites.a.content, restriction_type=PageViewRestriction.LOGIN
        )
    response = client_a.get("/over-ons/")
    assert response.status_code == 302
    assert response["Location"] == "/_util/login/?next=/over-ons/"
    assert "X-Page-Cache" not in response
    assert client_b.get("/over-ons/")["X-Page-Cache"] == "hit"


def test_making_a_rendition_does_not_purge(tenant_a, tenant_b, client_a, client_b):
    with tenant_context(tenant_a):
        image = ImageFactory()
    cached(client_a)
    cached(client_b)
    with tenant_context(tenant_a):
        image.get_rendition("fill-120x80")
        assert image.renditions.count() == 1
    assert client_a.get("/")["X-Page-Cache"] == "hit"
    assert client_b.get("/")["X-Page-Cache"] == "hit"
