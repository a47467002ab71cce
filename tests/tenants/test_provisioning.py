"""Provisioning: a complete buurtpunt from the template, or a clear refusal and nothing made."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import schema_context, schema_exists, tenant_context
from wagtail.models import Site

from cms.models import HomePage
from tenants.errors import BuurtpuntError
from tenants.models import AuditEntry, Buurtpunt, Domain
from tenants.services import buurtpunt_create, domain_add
from tests.conftest import host_client

pytestmark = pytest.mark.django_db


def counts():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace")
        schemas = cursor.fetchone()[0]
    return schemas, Buurtpunt.objects.count(), Domain.objects.count()


def test_create_gives_a_working_site(tenant_a, tenant_b):
    result = buurtpunt_create(
        slug="kerkhove",
        name="Buurtpunt Kerkhove",
        legal_form="cv",
        admin_email="Trekker@Kerkhove.be",
        enterprise_number="0403170701",
    )
    bp = result.buurtpunt
    assert bp.schema_name == "kerkhove"
    assert bp.enterprise_number == "0403.170.701"
    assert bp.primary_domain == "kerkhove.localhost"
    assert list(bp.domains.values_list("domain", flat=True)) == ["kerkhove.localhost"]
    response = host_client("kerkhove.localhost").get("/")
    assert response.status_code == 200
    assert "Buurtpunt Kerkhove" in response.text
    with tenant_context(bp):
        site = Site.objects.get()
        assert (site.hostname, site.port, site.is_default_site) == (
            "kerkhove.localhost",
            8000,
            True,
        )
        assert isinstance(site.root_page.specific, HomePage)
        admin = get_user_model().objects.get()
        assert admin.email == "trekker@kerkhove.be" and admin.is_superuser
        assert not admin.has_usable_password()  # an invitation, not a password
        job = DBTaskResult.objects.get(task_path="tenants.tasks.send_admin_invitation")
        assert job.args_kwargs["schema"] == "kerkhove"
    assert result.invite_url.startswith(
        "http://kerkhove.localhost:8000/admin/password_reset/confirm/"
    )
    assert AuditEntry.objects.filter(action="tenants.buurtpunt.created", buurtpunt=bp).exists()
    # The other tenants are untouched.
    assert "Buurtpunt Kerkhove" not in host_client("alfa.localhost").get("/").text


def test_invitation_link_opens_the_set_password_form(db):
    result = buurtpunt_create(slug="kerkhove", name="Buurtpunt Kerkhove")
    client = host_client("kerkhove.localhost")
    path = result.invite_url.removeprefix("http://kerkhove.localhost:8000")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert 'name="new_password1"' in response.text


@pytest.mark.parametrize(
    "slug",
    [
        "ab",  # too short
        "a" * 41,  # too long
        "Kerkhove",  # uppercase
        "kerk_hove",  # underscore
        "-kerkhove",
        "kerkhove-",
        "kerk hove",
        "kérkhove",
        "public",
        "www",
        "admin",
        "api",
        "static",
        "media",
        "test_template",  # the template schema's name (test settings)
        "pg_kerk",
        "",
    ],
)
def test_rejected_slugs_change_nothing(db, slug):
    before = counts()
    with pytest.raises(BuurtpuntError) as excinfo:
        buurtpunt_create(slug=slug, name="Iets")
    assert excinfo.value.field in {"slug", None}
    assert excinfo.value.message
    assert counts() == before


def test_taken_slug_is_refused(tenant_a):
    before = counts()
    with pytest.raises(BuurtpuntError, match="alfa"):
        buurtpunt_create(slug="alfa", name="Nog een Alfa")
    assert counts() == before


def test_duplicate_domain_is_refused(tenant_a):
    before = counts()
    with pytest.raises(BuurtpuntError) as excinfo:
        buurtpunt_create(slug="kerkhove", name="Kerkhove", domain="ALFA.localhost")
    assert excinfo.value.field == "domain"
    assert counts() == before
    assert not schema_exists("kerkhove")


@pytest.mark.parametrize(
    "domain", ["kerk hove.be", "-x.be", "http://x.be", "x..be", "a" * 64 + ".be"]
)
def test_invalid_domain_is_refused(db, domain):
    before = counts()
    with pytest.raises(BuurtpuntError):
        buurtpunt_create(slug="kerkhove", name="Kerkhove", domain=domain)
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("legal_form", {"legal_form": "bv"}),
        ("theme", {"theme": "neon"}),
        ("admin_email", {"admin_email": "geen-adres"}),
        ("enterprise_number", {"enterprise_number": "0123.456.789"}),
        ("name", {"name": "   "}),
    ],
)
def test_other_bad_input_is_refused(db, field, kwargs):
    before = counts()
    with pytest.raises(BuurtpuntError) as excinfo:
        buurtpunt_create(**{"slug": "kerkhove", "name": "Kerkhove", **kwargs})
    assert excinfo.value.field == field
    assert counts() == before


def test_stale_template_is_refused_loudly(db):
    with schema_context("test_template"), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'cms' AND name ="
            " (SELECT max(name) FROM django_migrations WHERE app = 'cms') RETURNING name"
        )
        (latest,) = cursor.fetchone()
    connection.set_schema_to_public()
    before = counts()
    with pytest.raises(BuurtpuntError, match=f"cms.{latest}"):
        buurtpunt_create(slug="kerkhove", name="Kerkhove")
    assert counts() == before


def test_missing_template_is_refused(db):
    with connection.cursor() as cursor:
        cursor.execute('ALTER SCHEMA "test_template" RENAME TO "test_template_away"')
    before = counts()
    with pytest.raises(BuurtpuntError, match="migrate_schemas"):
        buurtpunt_create(slug="kerkhove", name="Kerkhove")
    assert counts() == before


def test_command_refuses_with_one_line_and_status_1(tenant_a):
    before = counts()
    with pytest.raises(CommandError) as excinfo:
        call_command("create_buurtpunt", "alfa", "--name", "Dubbel")
    assert "\n" not in str(excinfo.value)
    assert "alfa" in str(excinfo.value)
    assert counts() == before


def test_command_creates_and_prints_schema_and_url(db, capsys):
    call_command(
        "create_buurtpunt", "kerkhove", "--name", "Buurtpunt Kerkhove", "--legal-form", "cv"
    )
    out = capsys.readouterr().out
    assert "schema: kerkhove" in out
    assert "url: http://kerkhove.localhost:8000/" in out
    assert Buurtpunt.objects.get(schema_name="kerkhove").legal_form == "cv"


def test_add_primary_domain_moves_the_site(tenant_a, tenant_b):
    domain_add(buurtpunt=tenant_a, domain="www.dorpspunt-alfa.be", make_primary=True)
    tenant_a.refresh_from_db()
    assert tenant_a.primary_domain == "www.dorpspunt-alfa.be"
    with tenant_context(tenant_a):
        assert Site.objects.get().hostname == "www.dorpspunt-alfa.be"
    response = host_client("www.dorpspunt-alfa.be").get("/")
    assert response.status_code == 200 and "Buurtpunt Alfa" in response.text
    assert host_client("alfa.localhost").get("/").status_code == 200  # old host still routes
    with pytest.raises(BuurtpuntError):
        domain_add(buurtpunt=tenant_b, domain="www.dorpspunt-alfa.be")
