"""Apps join the platform through hooks: a new app (tests/plugin) is found and run
without tenants, cms or the settings naming it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context
from wagtail.models import Collection

from core import hooks
from core.errors import ServiceError
from tenants.models import Buurtpunt, Domain
from tenants.services import buurtpunt_create
from tests.plugin.state import state
from tests.plugin.wagtail_hooks import COLLECTION


@pytest.fixture
def plugin():
    state.enabled, state.fail, state.calls = True, False, []
    yield state
    state.enabled, state.fail, state.calls = False, False, []


def test_provisioning_runs_the_plugin_in_the_new_schema_inside_the_transaction(
    plugin, tenant_a, tenant_b
):
    depth_outside = len(connection.atomic_blocks)  # the test's own transaction

    result = buurtpunt_create(slug="kerkhove", name="Buurtpunt Kerkhove")

    (call,) = plugin.calls
    assert call["slug"] == call["schema"] == "kerkhove"
    # Inside the service's own transaction, not just the test's.
    assert call["atomic_depth"] > depth_outside
    # After the website's own part (SITE_ORDER): the Site exists.
    assert call["site_hostname"] == "kerkhove.localhost"
    with tenant_context(result.buurtpunt):
        assert Collection.objects.filter(name=COLLECTION).exists()
    for other in (tenant_a, tenant_b):
        with tenant_context(other):
            assert not Collection.objects.filter(name=COLLECTION).exists()


def test_a_failing_hook_leaves_nothing_behind(plugin, tenant_a):
    plugin.fail = True

    with pytest.raises(ServiceError, match="plugin refuses"):
        buurtpunt_create(slug="kerkhove", name="Buurtpunt Kerkhove")

    assert plugin.calls and plugin.calls[0]["schema"] == "kerkhove"  # it did run
    connection.set_schema_to_public()
    assert not Buurtpunt.objects.filter(schema_name="kerkhove").exists()
    assert not Domain.objects.filter(domain="kerkhove.localhost").exists()
    assert not schema_exists("kerkhove")
    with tenant_context(tenant_a):
        assert not Collection.objects.filter(name=COLLECTION).exists()


def test_a_failing_hook_is_a_clear_refusal_of_the_command(plugin, tenant_a):
    plugin.fail = True

    with pytest.raises(CommandError, match="plugin refuses"):
        call_command("create_buurtpunt", "kerkhove", "--name", "Buurtpunt Kerkhove")
    assert not schema_exists("kerkhove")


def test_demo_modules_are_found_in_app_order():
    labels = [label for label, _seed in hooks.demo_seeders()]

    assert labels[-1] == "plugin"
    assert labels.index("cms") < labels.index("hours")
    assert "tenants" not in labels  # an app without a demo module is skipped


def test_seed_demo_runs_the_plugins_demo_in_each_buurtpunts_schema(plugin, db):
    call_command("seed_demo", "--force", stdout=StringIO())

    demo_calls = [(call["demo"], call["schema"]) for call in plugin.calls if "demo" in call]
    assert demo_calls == [("public", "public"), ("beveren", "beveren"), ("zonnegem", "zonnegem")]


def test_periodic_tasks_come_from_every_app(plugin):
    paths = {entry.task_path for entry in hooks.periodic_tasks()}

    assert "tenants.tasks.clear_expired_sessions" in paths
    assert "tests.tasks_for_tests.report_schema" in paths


def test_themes_are_offered_through_the_hook():
    names = [name for name, _label in hooks.site_themes()]

    assert names == ["dorp", "markt", "rivier"]
