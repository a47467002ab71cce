"""Creating a tenant schema quickly: clone the migrated template, never migrate from zero.

The template schema (``settings.TENANT_BASE_SCHEMA``) is kept current by
``migrate_schemas`` (see the command in this app). Provisioning refuses a
template that is missing or behind its migrations: a clone of a stale
template would be a tenant with missing tables or columns.
"""

from __future__ import annotations

from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import schema_context, schema_exists

from .clone import clone_schema

# One advisory lock key for every provisioning: slugs and domains are decided
# one at a time.
PROVISIONING_LOCK_KEY = 0x42555552  # "BUUR"


def template_schema() -> str:
    return settings.TENANT_BASE_SCHEMA


@lru_cache(maxsize=1)
def tenant_migration_nodes() -> frozenset[tuple[str, str]]:
    """Every migration of the tenant apps, from the code on disk (cached per process)."""
    tenant_labels = set(_tenant_app_labels())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(node for node in loader.graph.nodes if node[0] in tenant_labels)


def _tenant_app_labels() -> list[str]:
    by_name = {config.name: config.label for config in apps.get_app_configs()}
    return [by_name[name] for name in settings.TENANT_APPS if name in by_name]


def template_pending_migrations() -> list[tuple[str, str]] | None:
    """Migrations the template lacks, or None when the template schema is missing."""
    name = template_schema()
    if not schema_exists(name):
        return None
    with schema_context(name):
        applied = set(MigrationRecorder(connection).applied_migrations())
    return sorted(tenant_migration_nodes() - applied)


def clone_template(schema_name: str) -> None:
    """Copy the template's tables and data into a new schema, in the current transaction."""
    connection.set_schema_to_public()
    clone_schema(template_schema(), schema_name)


def lock_provisioning() -> None:
    """Serialise provisioning for the rest of the current transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROVISIONING_LOCK_KEY])
