"""The management commands people type: seed_demo and create_buurtpunt."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.models import Site

from tenants.models import Buurtpunt
from tests.conftest import host_client

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug(db):
    assert settings.DEBUG is False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Buurtpunt.objects.filter(schema_name__in=["beveren", "zonnegem"]).exists()


def test_seed_demo_creates_the_demo_buurtpunten_each_on_its_theme(tenant_a, tenant_b, capsys):
    # Run twice, it changes nothing: tests/cms/test_demo.py.
    call_command("seed_demo", "--force")
    out = capsys.readouterr().out
    assert "created beveren" in out and "created zonnegem" in out
    assert "admin@beveren.localhost" in out
    beveren = Buurtpunt.objects.get(schema_name="beveren")
    zonnegem = Buurtpunt.objects.get(schema_name="zonnegem")
    assert (beveren.name, beveren.legal_form) == ("Dorpspunt Beveren", "cv+vzw")
    assert (zonnegem.name, zonnegem.legal_form) == ("Buurtpunt Zonnegem", "vzw")
    with tenant_context(beveren):
        assert Site.objects.get().hostname == "beveren.localhost"
    connection.set_schema_to_public()
    assert "Dorpspunt Beveren" in host_client("beveren.localhost").get("/").text
    assert "Dorpspunt Beveren" in host_client("localhost").get("/").text  # the network lists it
    # The two demo sites look different: each on its own theme.
    assert "/static/themes/css/dorp.css" in host_client("beveren.localhost").get("/").text
    assert "/static/themes/css/rivier.css" in host_client("zonnegem.localhost").get("/").text
    # The test buurtpunten are left as they were.
    assert "Buurtpunt Alfa" in host_client(tenant_a.primary_domain).get("/").text


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["alfa", "--name", "Dubbel"], "alfa"),
        (["Kerk_hove", "--name", "Kerkhove"], "kleine letters"),
        (["public", "--name", "Publiek"], "public"),
        (["kerkhove", "--name", "Kerkhove", "--domain", "bravo.localhost"], "bravo.localhost"),
    ],
)
def test_create_buurtpunt_refuses_with_one_line_and_exit_status_1(
    tenant_a, tenant_b, args, expected
):
    before = Buurtpunt.objects.count()
    completed = run_manage(
        "create_buurtpunt", *args, BUURTPUNT_DB_NAME=connection.settings_dict["NAME"]
    )
    assert completed.returncode == 1
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert expected in lines[0]
    assert "Traceback" not in completed.stderr
    assert Buurtpunt.objects.count() == before


def test_healthz_answers_503_when_the_database_is_gone():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='alfa.localhost').get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            # A port where nothing listens: the database is gone.
            "DATABASE_URL": "postgres://postgres@127.0.0.1:9/gone",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.stdout.split(" ", 1)[0] == "503", completed.stderr


def test_migrate_schemas_check_covers_the_template(tenant_a, tenant_b):
    from django.db.migrations.loader import MigrationLoader

    call_command("migrate_schemas", "--check", "-v", "0")  # everything current: no exit
    # Forget, in the template only, a migration of a tenant app that no other depends on.
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    app, name = next(
        key
        for key in sorted(graph.leaf_nodes())
        if key[0] in ("cms", "hours", "themes") and not graph.node_map[key].children
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM test_template.django_migrations WHERE app = %s AND name = %s",
            [app, name],
        )
    with pytest.raises(SystemExit) as excinfo:
        call_command("migrate_schemas", "--check", "-v", "0")
    assert excinfo.value.code == 1
