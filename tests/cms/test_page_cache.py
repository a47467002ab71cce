"""The full-page cache: per tenant, zero queries on a hit, purged by any change."""

import pytest
from django_tenants.utils import tenant_context

from cms.models import HomePage
from tenants.services import buurtpunt_suspend
from tests.conftest import login_as

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
