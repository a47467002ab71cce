"""The network console: only on the public host, only for the network's administrators."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import connection
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import tenant_context

from tenants.models import AuditEntry, Buurtpunt, Domain, ProvisioningRequest
from tenants.services import buurtpunt_suspend, provisioning_request_run
from tests.conftest import host_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONSOLE = "/admin/buurtpunten/"
RUN_TASK = "tenants.tasks.run_provisioning_request"


def detail_url(buurtpunt, action=""):
    return f"{CONSOLE}{buurtpunt.pk}/{action}"


def last_message_level(response) -> int:
    return [message.level for message in get_messages(response.wsgi_request)][-1]


@pytest.fixture
def network_admin(db):
    return get_user_model().objects.get(username="admin@localhost")


@pytest.fixture
def console(network_client, network_admin):
    network_client.force_login(network_admin)
    return network_client


@pytest.fixture
def valid_request_data():
    return {
        "slug": "gamma",
        "name": "Buurtpunt Gamma",
        "legal_form": "cv",
        "admin_email": "trekker@gamma.example",
        "theme": "dorp",
        "domain": "",
    }


def _public_user(username: str, *permissions: str):
    user = UserFactory(username=username, is_staff=True)
    for permission in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def _nothing_queued() -> bool:
    return not DBTaskResult.objects.filter(task_path=RUN_TASK).exists()


# --- the list ----------------------------------------------------------------------


def test_list_shows_every_buurtpunt_with_its_figures(console, tenant_a, tenant_b):
    with tenant_context(tenant_b):
        UserFactory(username="vrijwilliger@bravo.localhost")
    connection.set_schema_to_public()

    response = console.get(CONSOLE)

    assert response.status_code == 200
    rows = {buurtpunt.schema_name: buurtpunt for buurtpunt in response.context["table"].data}
    assert {"alfa", "bravo"} <= set(rows) and "public" not in rows
    assert rows["alfa"].figures == {"pages": 1, "users": 1}
    assert rows["bravo"].figures == {"pages": 1, "users": 2}
    text = response.text
    assert 'data-buurtpunt="alfa"' in text and 'data-buurtpunt="bravo"' in text
    assert "Buurtpunt Alfa" in text and "Buurtpunt Bravo" in text
    assert "alfa.localhost" in text and "bravo.localhost" in text
    assert f"{tenant_a.base_url}/admin/" in text and f"{tenant_b.base_url}/" in text
    assert f'href="{CONSOLE}new/"' in text


def test_list_shows_the_status_of_each_buurtpunt(console, tenant_a, tenant_b):
    buurtpunt_suspend(buurtpunt=tenant_b, reason="test")
    rows = {bp.schema_name: bp for bp in console.get(CONSOLE).context["table"].data}
    assert rows["alfa"].status == Buurtpunt.Status.ACTIVE
    assert rows["bravo"].status == Buurtpunt.Status.SUSPENDED


def test_menu_item_shows_on_the_network_admin_only(console, tenant_a, client_a):
    assert CONSOLE in console.get("/admin/").text
    with tenant_context(tenant_a):
        client_a.force_login(get_user_model().objects.get(username="admin@alfa.localhost"))
    home = client_a.get("/admin/")
    assert home.status_code == 200
    assert CONSOLE not in home.text


def test_detail_shows_fields_domains_and_history(console, tenant_a, tenant_b, network_admin):
    buurtpunt_suspend(buurtpunt=tenant_a, reason="unpaid fees", actor=network_admin)
    response = console.get(detail_url(tenant_a))
    assert response.status_code == 200
    text = response.text
    assert "Buurtpunt Alfa" in text and "unpaid fees" in text
    assert 'data-domain="alfa.localhost"' in text
    assert 'data-action="tenants.buurtpunt.suspended"' in text
    assert 'data-action="tenants.buurtpunt.created"' in text
    assert "admin@localhost" in text
    assert "Buurtpunt Bravo" not in text
    assert response.context["figures"] == {"pages": 1, "users": 1}


def test_detail_of_the_public_tenant_or_an_unknown_id_is_404(console, public_tenant):
    assert console.get(detail_url(public_tenant)).status_code == 404
    assert console.get(f"{CONSOLE}999999/").status_code == 404
    assert console.post(f"{CONSOLE}999999/suspend/", {"reason": "x"}).status_code == 404
    assert console.get(f"{CONSOLE}requests/999999/status/").status_code == 404


# --- new buurtpunten ---------------------------------------------------------------


def test_create_queues_a_request_that_the_worker_turns_into_a_site(console, valid_request_data):
    assert console.get(f"{CONSOLE}new/").status_code == 200

    response = console.post(f"{CONSOLE}new/", valid_request_data)

    request = ProvisioningRequest.objects.get(slug="gamma")
    assert response.status_code == 302
    assert response["Location"] == f"{CONSOLE}requests/{request.pk}/"
    assert request.status == ProvisioningRequest.Status.QUEUED
    assert request.requested_by.username == "admin@localhost"
    task = DBTaskResult.objects.get(task_path=RUN_TASK)
    assert task.status == "READY"
    assert task.args_kwargs["kwargs"] == {"request_id": request.pk}
    assert task.args_kwargs["schema"] == "public"
    assert not Buurtpunt.objects.filter(schema_name="gamma").exists()

    status_url = f"{CONSOLE}requests/{request.pk}/status/"
    state = console.get(status_url).json()
    assert state["status"] == "queued" and state["finished"] is False
    page = console.get(f"{CONSOLE}requests/{request.pk}/").text
    assert f'data-status-url="{status_url}"' in page
    assert '<meta http-equiv="refresh"' in page
    listing = console.get(CONSOLE).text
    assert f'data-request="{request.pk}"' in listing

    provisioning_request_run(request_id=request.pk)
    connection.set_schema_to_public()

    state = console.get(status_url).json()
    assert state["status"] == "done" and state["finished"] is True
    assert state["site_url"] == "http://gamma.localhost:8000/"
    assert state["admin_url"] == "http://gamma.localhost:8000/admin/"
    page = console.get(f"{CONSOLE}requests/{request.pk}/").text
    assert '<meta http-equiv="refresh"' not in page
    assert 'href="http://gamma.localhost:8000/"' in page
    home = host_client("gamma.localhost").get("/")
    assert home.status_code == 200
    assert "Buurtpunt Gamma" in home.text
    connection.set_schema_to_public()
    gamma = Buurtpunt.objects.get(schema_name="gamma")
    assert gamma.legal_form == "cv"
    history = console.get(detail_url(gamma)).text
    assert 'data-action="tenants.provisioning.requested"' in history


def test_a_failed_request_shows_its_error(console, valid_request_data):
    console.post(f"{CONSOLE}new/", valid_request_data)
    request = ProvisioningRequest.objects.get(slug="gamma")
    # Someone else takes the domain before the worker runs.
    Domain.objects.create(
        domain="gamma.localhost",
        tenant=Buurtpunt.objects.get(schema_name="bravo"),
        is_primary=False,
    )

    provisioning_request_run(request_id=request.pk)

    state = console.get(f"{CONSOLE}requests/{request.pk}/status/").json()
    assert state["status"] == "failed" and state["finished"] is True
    assert "gamma.localhost" in state["error"]
    assert state["site_url"] == ""
    assert console.get(f"{CONSOLE}requests/{request.pk}/").status_code == 200
    assert not Buurtpunt.objects.filter(schema_name="gamma").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Bad Slug!"}, "slug"),
        ({"slug": "ab"}, "slug"),
        ({"slug": "-gamma"}, "slug"),
        ({"slug": "www"}, "slug"),
        ({"slug": "pg_gamma"}, "slug"),
        ({"slug": "alfa"}, "slug"),
        ({"slug": "x" * 41}, "slug"),
        ({"slug": ""}, "slug"),
        ({"name": "   "}, "name"),
        ({"legal_form": "bv"}, "legal_form"),
        ({"theme": "neon"}, "theme"),
        ({"admin_email": "not-an-address"}, "admin_email"),
        ({"domain": "not a domain"}, "domain"),
        ({"domain": "http://gamma.example"}, "domain"),
        ({"domain": "bravo.localhost"}, "domain"),
        ({"domain": "BRAVO.localhost."}, "domain"),
    ],
)
def test_create_refuses_bad_input_and_creates_nothing(console, valid_request_data, changes, field):
    before = Buurtpunt.objects.count()

    response = console.post(f"{CONSOLE}new/", {**valid_request_data, **changes})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ProvisioningRequest.objects.exists()
    assert _nothing_queued()
    assert Buurtpunt.objects.count() == before
    assert not AuditEntry.objects.filter(action="tenants.provisioning.requested").exists()


def test_create_refuses_a_slug_that_is_already_being_created(console, valid_request_data):
    assert console.post(f"{CONSOLE}new/", valid_request_data).status_code == 302
    again = console.post(f"{CONSOLE}new/", {**valid_request_data, "domain": "gamma2.localhost"})
    assert again.status_code == 200
    assert "slug" in again.context["form"].errors
    assert ProvisioningRequest.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=RUN_TASK).count() == 1


# --- suspend and reactivate ---------------------------------------------------------


def test_suspend_and_reactivate_by_post_only(console, tenant_a, tenant_b, client_a, client_b):
    suspend, reactivate = detail_url(tenant_a, "suspend/"), detail_url(tenant_a, "reactivate/")

    assert console.get(suspend).status_code == 200
    tenant_a.refresh_from_db()
    assert tenant_a.status == Buurtpunt.Status.ACTIVE

    response = console.post(suspend, {"reason": "unpaid fees"})
    assert response.status_code == 302 and response["Location"] == detail_url(tenant_a)
    assert last_message_level(response) == message_levels.SUCCESS
    tenant_a.refresh_from_db()
    assert tenant_a.status == Buurtpunt.Status.SUSPENDED
    assert tenant_a.suspended_reason == "unpaid fees"
    entry = AuditEntry.objects.get(action="tenants.buurtpunt.suspended", buurtpunt=tenant_a)
    assert entry.actor.username == "admin@localhost"
    assert client_a.get("/").status_code == 503
    assert client_b.get("/").status_code == 200

    connection.set_schema_to_public()
    assert console.get(reactivate).status_code == 200
    tenant_a.refresh_from_db()
    assert tenant_a.status == Buurtpunt.Status.SUSPENDED

    response = console.post(reactivate)
    assert response.status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.status == Buurtpunt.Status.ACTIVE and tenant_a.suspended_reason == ""
    assert client_a.get("/").status_code == 200
    tenant_b.refresh_from_db()
    assert tenant_b.status == Buurtpunt.Status.ACTIVE


def test_suspend_twice_or_reactivate_an_active_one_is_an_error_message(console, tenant_a):
    assert console.post(detail_url(tenant_a, "suspend/"), {"reason": "first"}).status_code == 302
    again = console.post(detail_url(tenant_a, "suspend/"), {"reason": "second"})
    assert again.status_code == 302
    assert last_message_level(again) == message_levels.ERROR
    tenant_a.refresh_from_db()
    assert tenant_a.suspended_reason == "first"
    assert AuditEntry.objects.filter(action="tenants.buurtpunt.suspended").count() == 1

    assert console.post(detail_url(tenant_a, "reactivate/")).status_code == 302
    again = console.post(detail_url(tenant_a, "reactivate/"))
    assert again.status_code == 302
    assert last_message_level(again) == message_levels.ERROR
    assert AuditEntry.objects.filter(action="tenants.buurtpunt.reactivated").count() == 1


def test_suspend_needs_a_reason(console, tenant_a):
    response = console.post(detail_url(tenant_a, "suspend/"), {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    tenant_a.refresh_from_db()
    assert tenant_a.status == Buurtpunt.Status.ACTIVE


# --- domains -----------------------------------------------------------------------


def test_add_a_primary_domain(console, tenant_a, tenant_b):
    assert console.get(detail_url(tenant_a, "domains/add/")).status_code == 200

    response = console.post(
        detail_url(tenant_a, "domains/add/"),
        {"domain": "Dorp-Alfa.localhost", "make_primary": "on"},
    )

    assert response.status_code == 302 and response["Location"] == detail_url(tenant_a)
    tenant_a.refresh_from_db()
    assert tenant_a.primary_domain == "dorp-alfa.localhost"
    assert set(tenant_a.domains.values_list("domain", "is_primary")) == {
        ("alfa.localhost", False),
        ("dorp-alfa.localhost", True),
    }
    home = host_client("dorp-alfa.localhost").get("/")
    assert home.status_code == 200 and "Buurtpunt Alfa" in home.text
    connection.set_schema_to_public()
    tenant_b.refresh_from_db()
    assert tenant_b.primary_domain == "bravo.localhost"


def test_add_a_secondary_domain(console, tenant_a):
    response = console.post(
        detail_url(tenant_a, "domains/add/"), {"domain": "alfa-extra.localhost"}
    )
    assert response.status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.primary_domain == "alfa.localhost"
    assert tenant_a.domains.get(domain="alfa-extra.localhost").is_primary is False


@pytest.mark.parametrize("domain", ["bravo.localhost", "localhost", "not a domain", "a..b", ""])
def test_add_domain_refuses_bad_or_taken_domains(console, tenant_a, domain):
    before = set(Domain.objects.values_list("domain", "tenant_id", "is_primary"))

    response = console.post(
        detail_url(tenant_a, "domains/add/"), {"domain": domain, "make_primary": "on"}
    )

    assert response.status_code == 200
    assert "domain" in response.context["form"].errors
    assert set(Domain.objects.values_list("domain", "tenant_id", "is_primary")) == before
    tenant_a.refresh_from_db()
    assert tenant_a.primary_domain == "alfa.localhost"
    assert not AuditEntry.objects.filter(action="tenants.domain.added").exists()


# --- who may use it ----------------------------------------------------------------


def _console_urls(buurtpunt, request_pk):
    return [
        CONSOLE,
        f"{CONSOLE}new/",
        detail_url(buurtpunt),
        detail_url(buurtpunt, "suspend/"),
        detail_url(buurtpunt, "reactivate/"),
        detail_url(buurtpunt, "domains/add/"),
        f"{CONSOLE}requests/{request_pk}/",
        f"{CONSOLE}requests/{request_pk}/status/",
    ]


def test_console_is_404_on_a_tenant_host_even_for_its_superuser(tenant_a, tenant_b, client_a):
    request = ProvisioningRequest.objects.create(slug="delta", name="Delta", legal_form="vzw")
    with tenant_context(tenant_a):
        superuser = get_user_model().objects.get(username="admin@alfa.localhost")
        assert superuser.is_superuser
        client_a.force_login(superuser)
    assert client_a.get("/admin/").status_code == 200

    for url in _console_urls(tenant_b, request.pk):
        assert client_a.get(url).status_code == 404, url
    assert client_a.post(detail_url(tenant_b, "suspend/"), {"reason": "x"}).status_code == 404
    assert client_a.post(detail_url(tenant_a, "suspend/"), {"reason": "x"}).status_code == 404
    assert (
        client_a.post(detail_url(tenant_b, "domains/add/"), {"domain": "x.localhost"}).status_code
        == 404
    )
    assert client_a.post(f"{CONSOLE}new/", {"slug": "epsilon", "name": "E"}).status_code == 404

    connection.set_schema_to_public()
    assert set(Buurtpunt.objects.values_list("status", flat=True)) == {Buurtpunt.Status.ACTIVE}
    assert not Domain.objects.filter(domain="x.localhost").exists()
    assert not ProvisioningRequest.objects.filter(slug="epsilon").exists()


def test_a_public_user_without_tenants_permissions_is_refused(network_client, tenant_a):
    editor = _public_user("editor@localhost")
    network_client.force_login(editor)
    assert network_client.get("/admin/").status_code == 200
    assert CONSOLE not in network_client.get("/admin/").text

    request = ProvisioningRequest.objects.create(slug="delta", name="Delta", legal_form="vzw")
    for url in _console_urls(tenant_a, request.pk):
        response = network_client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    xhr = network_client.get(
        f"{CONSOLE}requests/{request.pk}/status/", headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert xhr.status_code == 403
    network_client.post(detail_url(tenant_a, "suspend/"), {"reason": "x"})
    network_client.post(f"{CONSOLE}new/", {"slug": "epsilon", "name": "E", "legal_form": "vzw"})
    tenant_a.refresh_from_db()
    assert tenant_a.status == Buurtpunt.Status.ACTIVE
    assert not ProvisioningRequest.objects.filter(slug="epsilon").exists()


def test_a_viewer_may_look_but_not_change(network_client, tenant_a):
    viewer = _public_user("viewer@localhost", "tenants.view_buurtpunt")
    network_client.force_login(viewer)
    assert network_client.get(CONSOLE).status_code == 200
    assert f'href="{CONSOLE}new/"' not in network_client.get(CONSOLE).text
    assert network_client.get(detail_url(tenant_a)).status_code == 200
    assert network_client.post(detail_url(tenant_a, "suspend/"), {"reason": "x"}).status_code == 302
    assert network_client.get(f"{CONSOLE}new/").status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.status == Buurtpunt.Status.ACTIVE


def test_anonymous_visitors_are_sent_to_the_login(network_client, tenant_a):
    response = network_client.get(CONSOLE)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert network_client.post(detail_url(tenant_a, "suspend/"), {"reason": "x"}).status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.status == Buurtpunt.Status.ACTIVE
