"""How an app joins the platform: Wagtail's hook registry, with the names of our hooks.

An app registers functions in its ``wagtail_hooks.py`` (Wagtail imports that
module of every installed app)::

    from wagtail import hooks
    from core import hooks as platform

    @hooks.register(platform.PROVISION_BUURTPUNT, order=100)
    def add_default_roles(buurtpunt): ...

No app names another here: ``tenants`` runs the hooks, each app contributes its
own part. The hooks, and what a function registered for each receives:

``PROVISION_BUURTPUNT`` ``fn(buurtpunt)``
    A buurtpunt is being created. Runs inside the provisioning transaction with
    the connection in the new schema (a copy of the template), in ``order``:
    ``cms`` (``SITE_ORDER``) first writes the Site and the home page, then
    ``themes`` (``SITE_SETTINGS_ORDER``) the look and identity; every other app
    keeps Wagtail's default order (0) or a higher one, so its part finds the
    Site in place. Raising (a ``ServiceError`` for a refusal with a message)
    rolls back the whole buurtpunt, schema included.

``PROVISION_NETWORK`` ``fn(network)``
    The network's own site is being made sure of (public schema, in one
    transaction, run again on every ``seed_demo`` and deploy): idempotent.

``REGISTER_PERIODIC_TASKS`` ``fn() -> iterable of PeriodicTask``
    Jobs the scheduler enqueues, per active buurtpunt or once in public.

``REGISTER_SITE_THEMES`` ``fn() -> iterable of (name, label)``
    The themes a new buurtpunt may start with (the create form and command).

``REGISTER_PAGE_INCLUDES`` ``fn() -> iterable of (area, template name)``
    Templates the base template of every site page includes, with the page's
    context, in an ``area``: ``"head"`` (in ``<head>``) or ``"header"`` (in the
    site header, after the menu): the opening-hours badge, for one.

Besides hooks, each app may have a ``demo`` module with ``seed(buurtpunt)``:
``seed_demo`` calls it for the network and every demo buurtpunt, in the order of
``INSTALLED_APPS``, with the connection in that buurtpunt's schema. It adds
what is missing, never changes what a team edited, and returns a list of what
it added (for the command's output).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from wagtail import hooks

PROVISION_BUURTPUNT = "provision_buurtpunt"
PROVISION_NETWORK = "provision_network"
REGISTER_PERIODIC_TASKS = "register_periodic_tasks"
REGISTER_SITE_THEMES = "register_site_themes"
REGISTER_PAGE_INCLUDES = "register_page_includes"

DEMO_MODULE = "demo"

# Orders of PROVISION_BUURTPUNT and PROVISION_NETWORK: before any other app's part.
SITE_ORDER = -100
SITE_SETTINGS_ORDER = -90


def run(name: str, *args, **kwargs) -> list:
    """Call every function registered for ``name`` in order; their results in a list."""
    return [fn(*args, **kwargs) for fn in hooks.get_hooks(name)]


@dataclass(frozen=True)
class PeriodicTask:
    """A task the scheduler enqueues every ``every``, in each active buurtpunt
    (``where="tenants"``) or once in the public schema (``where="public"``)."""

    task_path: str
    every: timedelta
    where: str

    TENANTS = "tenants"
    PUBLIC = "public"


def periodic_tasks() -> list[PeriodicTask]:
    return [entry for result in run(REGISTER_PERIODIC_TASKS) for entry in result]


def site_themes() -> list[tuple[str, str]]:
    return [choice for result in run(REGISTER_SITE_THEMES) for choice in result]


def page_includes(area: str) -> list[str]:
    return [
        name for result in run(REGISTER_PAGE_INCLUDES) for where, name in result if where == area
    ]


def demo_seeders() -> list[tuple[str, Callable]]:
    """``(app label, seed)`` of every installed app with a demo module, in app order."""
    seeders = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, DEMO_MODULE):
            module = import_module(f"{config.name}.{DEMO_MODULE}")
            seeders.append((config.label, module.seed))
    return seeders
