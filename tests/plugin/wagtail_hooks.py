from datetime import timedelta

from django.db import connection
from wagtail import hooks
from wagtail.models import Collection, Site

from core import hooks as platform
from core.errors import ServiceError
from core.hooks import PeriodicTask

from .state import state

COLLECTION = "Plugin: made while provisioning"


@hooks.register(platform.PROVISION_BUURTPUNT)
def provision(buurtpunt):
    if not state.enabled:
        return
    state.calls.append(
        {
            "slug": buurtpunt.schema_name,
            "schema": connection.schema_name,
            "atomic_depth": len(connection.atomic_blocks),
            "site_hostname": Site.objects.get(is_default_site=True).hostname,
        }
    )
    Collection.get_first_root_node().add_child(name=COLLECTION)
    if state.fail:
        raise ServiceError("The plugin refuses this buurtpunt.", field="slug")


@hooks.register(platform.REGISTER_PERIODIC_TASKS)
def periodic_tasks():
    if not state.enabled:
        return []
    return [PeriodicTask("tests.tasks_for_tests.report_schema", timedelta(hours=1), "public")]
