"""The task queue: django-tasks' PostgreSQL backend, made tenant-aware.

The queue table lives in the public schema, so enqueueing from a tenant is part
of the same transaction as the change that caused it (a tenant's search path
ends in ``public``). Each job records the schema it was enqueued from; when a
worker starts the job it switches the connection to that tenant (receivers
below) and back to public when the job ends. This covers our tasks and
Wagtail's alike, with django-tasks-db's own ``db_worker`` command.
"""

from __future__ import annotations

from django.db import connection
from django.dispatch import receiver
from django_tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json
from django_tenants.utils import get_tenant_model, schema_exists

from .constants import PUBLIC_SCHEMA
from .tenancy import current_schema

SCHEMA_KEY = "schema"


class TenantNotFoundError(Exception):
    """The schema a job was enqueued from no longer has a tenant."""


class TenantDatabaseBackend(DatabaseBackend):
    def _args_kwargs(self, args, kwargs) -> dict:
        return normalize_json({"args": args, "kwargs": kwargs, SCHEMA_KEY: current_schema()})

    def _task_to_db_task(self, task, args, kwargs):
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.create(**self._row(task, args, kwargs))

    async def _atask_to_db_task(self, task, args, kwargs):
        from django_tasks_db.models import DBTaskResult

        return await DBTaskResult.objects.acreate(**self._row(task, args, kwargs))

    def _row(self, task, args, kwargs) -> dict:
        return {
            "id": self._get_id(),
            "args_kwargs": self._args_kwargs(args, kwargs),
            "priority": task.priority,
            "task_path": task.module_path,
            "queue_name": task.queue_name,
            "run_after": task.run_after,
            "backend_name": self.alias,
        }


def job_schema(task_result) -> str | None:
    db_result = getattr(task_result, "db_result", None)
    if db_result is None:
        return None
    return db_result.args_kwargs.get(SCHEMA_KEY) or PUBLIC_SCHEMA


def activate_schema(schema_name: str) -> None:
    """Switch the connection to the tenant that owns ``schema_name``.

    A tenant whose row or schema is gone raises ``TenantNotFoundError``: PostgreSQL
    skips a missing schema in the search path, so the job would otherwise run
    against the public tables.
    """
    if schema_name == PUBLIC_SCHEMA:
        connection.set_schema_to_public()
        return
    tenant = get_tenant_model().objects.filter(schema_name=schema_name).first()
    if tenant is None or not schema_exists(schema_name):
        raise TenantNotFoundError(schema_name)
    connection.set_tenant(tenant)


def _is_ours(sender) -> bool:
    # db_worker sends these signals with the backend instance when a job runs
    # and with its class when it fails, so a receiver filtered on the class
    # alone would miss every successful start.
    backend_class = sender if isinstance(sender, type) else type(sender)
    return issubclass(backend_class, TenantDatabaseBackend)


@receiver(task_started)
def _enter_job_schema(sender, task_result, **kwargs):
    if not _is_ours(sender):
        return
    schema = job_schema(task_result)
    if schema is not None:
        connection.set_schema_to_public()
        activate_schema(schema)


@receiver(task_finished)
def _leave_job_schema(sender, task_result, **kwargs):
    if _is_ours(sender):
        connection.set_schema_to_public()
