"""Reads of the tenant registry. The network console's figures are the one
explicit cross-schema read: one query over every tenant schema."""

from __future__ import annotations

from django.db import connection
from psycopg import sql

from .models import Buurtpunt, ProvisioningRequest


def active_buurtpunten():
    return Buurtpunt.objects.exclude(schema_name="public").filter(status=Buurtpunt.Status.ACTIVE)


def console_buurtpunten():
    return Buurtpunt.objects.exclude(schema_name="public").prefetch_related("domains")


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
    from django.db.models import Q

    from .models import AuditEntry

    return AuditEntry.objects.filter(
        Q(buurtpunt=buurtpunt)
        | Q(
            buurtpunt__isnull=True,
            action__startswith="tenants.provisioning.",
            data__slug=buurtpunt.schema_name,
        )
    ).select_related("actor")[:limit]
