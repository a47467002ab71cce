"""Test fixtures: one test database with the template, the network site and two
buurtpunten, made once per run by the same services as production.

Tests run inside a transaction that is rolled back (the ``db`` fixture), DDL
included, so a test may create tenants freely. Do not use ``transactional_db``:
its flush would empty the public schema for the tests after it. A test that
needs committed data (a real worker, a live server) uses ``committed`` and
removes what it made.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from tenants.models import Buurtpunt

TENANT_A = {
    "slug": "alfa",
    "name": "Buurtpunt Alfa",
    "legal_form": "cv+vzw",
    "municipality": "Alveringem",
}
TENANT_B = {
    "slug": "bravo",
    "name": "Buurtpunt Bravo",
    "legal_form": "vzw",
    "municipality": "Brakel",
}
PASSWORD = "test-password-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrations (public and template) ran in the parent fixture; add the tenants."""
    from tenants.services import buurtpunt_create, network_ensure

    with django_db_blocker.unblock():
        # Never write test fixtures into the demo database.
        name = connection.settings_dict["NAME"]
        assert name.startswith("test_"), name
        network_ensure(name="Netwerk", admin_email="admin@localhost", admin_password=PASSWORD)
        for spec in (TENANT_A, TENANT_B):
            if not Buurtpunt.objects.filter(schema_name=spec["slug"]).exists():
                buurtpunt_create(
                    **spec, admin_email=f"admin@{spec['slug']}.localhost", admin_password=PASSWORD
                )
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _public_schema_and_clean_cache():
    """Every test starts in the public schema with an empty cache."""
    connection.set_schema_to_public()
    for cache in caches.all():
        cache.clear()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def tenant_a(db) -> Buurtpunt:
    return Buurtpunt.objects.get(schema_name=TENANT_A["slug"])


@pytest.fixture
def tenant_b(db) -> Buurtpunt:
    return Buurtpunt.objects.get(schema_name=TENANT_B["slug"])


@pytest.fixture
def public_tenant(db) -> Buurtpunt:
    return Buurtpunt.objects.get(schema_name="public")


@pytest.fixture
def sites(tenant_a, tenant_b) -> SimpleNamespace:
    """A full site in each tenant (``tests.factories.build_site``): ``sites.a``, its texts
    marked "Alfa", and ``sites.b``, marked "Bravo"."""
    from tests.factories import build_site

    built = {}
    for key, tenant, label in (("a", tenant_a, "Alfa"), ("b", tenant_b, "Bravo")):
        with tenant_context(tenant):
            built[key] = build_site(label)
    connection.set_schema_to_public()
    return SimpleNamespace(**built)


def host_client(host: str) -> Client:
    return Client(HTTP_HOST=host)


@pytest.fixture
def client_a(tenant_a) -> Client:
    return host_client(tenant_a.primary_domain)


@pytest.fixture
def client_b(tenant_b) -> Client:
    return host_client(tenant_b.primary_domain)


@pytest.fixture
def network_client(public_tenant) -> Client:
    return host_client(public_tenant.primary_domain)


def login_as(client: Client, tenant: Buurtpunt, username: str):
    """Log ``client`` in as a user of ``tenant``: user and session live in that schema."""
    from django.contrib.auth import get_user_model

    with tenant_context(tenant):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
    connection.set_schema_to_public()
    return user


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Database access outside the test transaction: what the test writes is committed."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()
