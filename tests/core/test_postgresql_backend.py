"""The tenant-aware connection: search path and ContentType cache follow the
schema, without a round trip per statement."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

pytestmark = pytest.mark.django_db


def statements(context, prefix):
    return [q["sql"] for q in context.captured_queries if q["sql"].startswith(prefix)]


def current_search_path():
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        return cursor.fetchone()[0]


def test_a_request_sets_the_search_path_once(client_a, client_b, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client_a.get("/")  # fills the host and ContentType caches
    client_b.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client_a.get("/")
    assert response.status_code == 200
    assert len(statements(queries, "SET search_path")) == 1
    assert len(queries) > 3
    assert statements(queries, 'SELECT "django_content_type"') == []


def test_search_path_is_sent_again_after_a_savepoint_rollback(tenant_a, tenant_b):
    connection.set_tenant(tenant_a)
    assert current_search_path() == "alfa, public"
    try:
        with transaction.atomic():
            connection.set_tenant(tenant_b)
            assert current_search_path() == "bravo, public"
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    # PostgreSQL reverted the SET made inside the savepoint; the connection
    # still says bravo, so the next statement must set it again.
    assert connection.schema_name == "bravo"
    assert current_search_path() == "bravo, public"


def test_no_round_trip_while_the_schema_stays_the_same(tenant_a):
    with tenant_context(tenant_a):
        assert current_search_path() == "alfa, public"
        with CaptureQueriesContext(connection) as queries:
            current_search_path()
            current_search_path()
        assert statements(queries, "SET search_path") == []
        assert len(queries) == 2


def test_switching_tenants_sets_the_path_for_each(tenant_a, tenant_b):
    for tenant, expected in ((tenant_a, "alfa, public"), (tenant_b, "bravo, public")):
        with tenant_context(tenant):
            assert current_search_path() == expected
    connection.set_schema_to_public()
    assert current_search_path() == "public"


def test_the_same_buurtpunt_again_needs_no_search_path(client_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client_a.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client_a.get("/").status_code == 200
    assert statements(queries, "SET search_path") == []
    assert len(queries) > 3
