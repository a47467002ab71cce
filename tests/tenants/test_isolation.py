"""Tenants never see each other: sessions, users, cache, previews, media, mail links."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.template import Context, Template
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from cms.models import HomePage
from tests.conftest import PASSWORD, login_as

pytestmark = pytest.mark.django_db


def login(client, username):
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD}, follow=False
    )
    return response


def test_session_cookie_replayed_on_other_host_is_anonymous(client_a, client_b):
    assert login(client_a, "admin@alfa.localhost").status_code == 302
    assert client_a.get("/admin/").status_code == 200
    cookie_name = "bp_session"
    stolen = client_a.cookies[cookie_name].value
    client_b.cookies[cookie_name] = stolen
    response = client_b.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_superuser_of_a_cannot_log_in_on_b(client_a, client_b):
    response = login(client_b, "admin@alfa.localhost")
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client_b.session
    assert login(client_a, "admin@alfa.localhost").status_code == 302
    assert login(client_b, "admin@bravo.localhost").status_code == 302


def test_network_admin_cannot_log_in_on_a_buurtpunt(client_a, network_client):
    assert login(client_a, "admin@localhost").status_code == 200
    assert login(network_client, "admin@localhost").status_code == 302


def test_cache_keys_are_per_tenant(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        cache.set("fragment:footer", "alfa footer")
        paths_a = Site.get_site_root_paths()
    with tenant_context(tenant_b):
        assert cache.get("fragment:footer") is None
        paths_b = Site.get_site_root_paths()
    with tenant_context(tenant_a):
        assert cache.get("fragment:footer") == "alfa footer"
        assert Site.get_site_root_paths() == paths_a
    assert [p.root_url for p in paths_a] == ["http://alfa.localhost:8000"]
    assert [p.root_url for p in paths_b] == ["http://bravo.localhost:8000"]


def test_cached_site_root_paths_do_not_leak_between_hosts(client_a, client_b):
    # Wagtail caches root paths under one global key; with tenant key prefixes the
    # second host fills its own entry instead of reading the first one's.
    assert client_a.get("/").status_code == 200
    response = client_b.get("/")
    assert response.status_code == 200
    assert "Buurtpunt Bravo" in response.text


def test_preview_of_a_draft_stays_in_its_tenant(tenant_a, client_a, client_b):
    with tenant_context(tenant_a):
        home = HomePage.objects.get()
        # A Site left on a host of another tenant must not drag the preview there.
        Site.objects.update(hostname="bravo.localhost")
        Site.clear_site_root_paths_cache()
        page_id = home.pk
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    url = f"/admin/pages/{page_id}/edit/preview/"
    post = client_a.post(url, {"title": "Concept van Alfa", "slug": "home", "body-count": "0"})
    assert post.status_code == 200, post.content
    assert post.json()["is_valid"] is True
    preview = client_a.get(url)
    assert preview.status_code == 200
    assert "Concept van Alfa" in preview.text
    assert "Buurtpunt Bravo" not in preview.text
    # Nothing of the draft reached the published page or the other tenant.
    assert "Concept van Alfa" not in client_b.get("/").text


def test_uploaded_file_is_served_only_on_its_own_host(tenant_a, tenant_b, client_a, client_b):
    with tenant_context(tenant_a):
        name = default_storage.save("original_images/café.txt", ContentFile(b"alleen voor alfa"))
        url = default_storage.url(name)
    with tenant_context(tenant_b):
        other = default_storage.save("original_images/bravo.txt", ContentFile(b"van bravo"))
    try:
        assert url.startswith("/media/alfa/")
        response = client_a.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"alleen voor alfa"
        assert client_b.get(url).status_code == 404
        # The same path under bravo's own prefix does not exist either.
        assert client_b.get(url.replace("/alfa/", "/bravo/")).status_code == 404
        # Climbing out of the own folder into another tenant's is refused.
        assert client_a.get("/media/alfa/..%2Fbravo/original_images/bravo.txt").status_code == 404
        assert client_a.get("/media/alfa/../bravo/original_images/bravo.txt").status_code == 404
        assert client_b.get("/media/bravo/original_images/bravo.txt").status_code == 200
    finally:
        with tenant_context(tenant_a):
            default_storage.delete(name)
        with tenant_context(tenant_b):
            default_storage.delete(other)


def test_private_documents_are_not_served_as_media(tenant_a, client_a):
    with tenant_context(tenant_a):
        name = default_storage.save("documents/statuten.pdf", ContentFile(b"%PDF"))
    try:
        assert client_a.get(f"/media/alfa/{name}").status_code == 404
    finally:
        with tenant_context(tenant_a):
            default_storage.delete(name)


def test_production_media_goes_through_the_proxy_encoded(tenant_a, client_a, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_protected_media/"
    with tenant_context(tenant_a):
        name = default_storage.save("original_images/café.txt", ContentFile(b"x"))
    try:
        response = client_a.get(f"/media/alfa/{name}")
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == "/_protected_media/alfa/" + name.replace(
            "é", "%C3%A9"
        )
    finally:
        with tenant_context(tenant_a):
            default_storage.delete(name)


def test_admin_links_in_mail_point_to_the_tenants_own_host(tenant_a, tenant_b):
    template = Template("{% load wagtailadmin_tags %}{% base_url_setting %}")
    with tenant_context(tenant_a):
        assert template.render(Context()) == "http://alfa.localhost:8000"
    with tenant_context(tenant_b):
        assert template.render(Context()) == "http://bravo.localhost:8000"
    connection.set_schema_to_public()
    assert template.render(Context()) == "http://localhost:8000"


def test_each_site_carries_its_domain_and_port(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            site = Site.objects.get()
            assert (site.hostname, site.port) == (tenant.primary_domain, 8000)
            assert site.root_url == f"http://{tenant.primary_domain}:8000"


def test_content_type_ids_follow_the_schema(tenant_a, tenant_b):
    """Public and tenant schemas number content types differently; the per-process
    cache must answer with the id of the schema the connection is in."""

    def page_ct_id_in_db():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM django_content_type WHERE app_label='cms' AND model=%s",
                ["networkhomepage"],
            )
            return cursor.fetchone()[0]

    from cms.models import NetworkHomePage

    connection.set_schema_to_public()
    assert ContentType.objects.get_for_model(NetworkHomePage).pk == page_ct_id_in_db()
    with tenant_context(tenant_a):
        assert ContentType.objects.get_for_model(NetworkHomePage).pk == page_ct_id_in_db()
        assert Page.objects.filter(depth=2).get().specific_class is HomePage
    with tenant_context(tenant_b):
        assert ContentType.objects.get_for_model(NetworkHomePage).pk == page_ct_id_in_db()
    connection.set_schema_to_public()
    assert ContentType.objects.get_for_model(NetworkHomePage).pk == page_ct_id_in_db()


def test_every_cache_alias_prefixes_keys_with_the_schema(settings):
    for alias, config in settings.CACHES.items():
        assert config.get("KEY_FUNCTION") == "django_tenants.cache.make_key", alias
