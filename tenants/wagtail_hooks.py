"""The network console in the Wagtail admin (shown on the public schema only), and the
registry's own periodic jobs."""

from datetime import timedelta

from wagtail import hooks

from core import hooks as platform
from core.hooks import PeriodicTask

from .console import ConsoleViewSet


@hooks.register("register_admin_viewset")
def register_network_console():
    return ConsoleViewSet()


@hooks.register(platform.REGISTER_PERIODIC_TASKS)
def periodic_tasks():
    return [
        PeriodicTask(
            "tenants.tasks.clear_expired_sessions", timedelta(days=1), PeriodicTask.TENANTS
        ),
        PeriodicTask("tenants.tasks.prune_finished_tasks", timedelta(days=1), PeriodicTask.PUBLIC),
    ]
