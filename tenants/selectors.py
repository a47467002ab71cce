"""Reads of the tenant registry. The network console's figures are the one
explicit cross-schema read: one query over every tenant schema."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from psycopg import sql

from core.constants import PUBLIC_SCHEMA

from .models import AuditEntry, Buurtpunt, ProvisioningRequest


def buurtpunten():
    """Every buurtpunt, the network's own row left out."""
    return Buurtpunt.objects.exclude(schema_name=PUBLIC_SCHEMA)


def active_buurtpunten():
    """The buurtpunten whose sites are open, by name (the directory, the scheduler)."""
    return buurtpunten().filter(status=Buurtpunt.Status.ACTIVE)


def console_buurtpunten():
    return buurtpunten().prefetch_related("domains")


def recent_provisioning_requests(limit: int = 10):
    return ProvisioningRequest.objects.select_related("buurtpunt")[:limit]


def tenant_figures(schema_names: list[str]) -> dict[str, dict[str, int]]:
    """Pages and users per schema, read in one UNION ALL query over the schemas."""
    existing = _existing_schemas(schema_names)
    if not existing:
        return {}
    parts = [
        sql.SQL(
            "SELECT {name} AS schema_name,"
            " (SELECT count(*) FROM {pages}) AS pages,"
            " (SELECT count(*) FROM {users}) AS users"
        ).format(
            name=sql.Literal(schema),
            pages=sql.Identifier(schema, "wagtailcore_page"),
            users=sql.Identifier(schema, "auth_user"),
        )
        for schema in existing
    ]
    query = sql.SQL(" UNION ALL ").join(parts)
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(cursor.connection))
        return {row[0]: {"pages": row[1] - 1, "users": row[2]} for row in cursor.fetchall()}


def _existing_schemas(schema_names: list[str]) -> list[str]:
    if not schema_names:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(schema_names)]
        )
        return sorted(row[0] for row in cursor.fetchall())


def buurtpunt_audit_entries(buurtpunt: Buurtpunt, limit: int = 100):
    """The buurtpunt's history, newest first, with the request that asked for it
    (written before the buurtpunt existed, so linked by slug only)."""
    return AuditEntry.objects.filter(
        Q(buurtpunt=buurtpunt)
        | Q(
            buurtpunt__isnull=True,
            action__startswith="tenants.provisioning.",
            data__slug=buurtpunt.schema_name,
        )
    ).select_related("actor")[:limit]
