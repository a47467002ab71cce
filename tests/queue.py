"""The task queue seen from a test: the jobs waiting, and running them here as the worker
would (the worker itself is tested in tests/core/test_tasks_backend.py)."""

from __future__ import annotations

from django.db import connection
from django_tenants.utils import tenant_context


def queued(task_path: str) -> list:
    """The jobs of ``task_path`` waiting in the queue (public schema), oldest first."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY).order_by(
            "enqueued_at"
        )
    )


def run_queued(task_path: str) -> list:
    """Run the waiting jobs of ``task_path``, each in the schema it was enqueued from."""
    from django.utils.module_loading import import_string
    from django_tasks.base import TaskResultStatus

    from tenants.models import Buurtpunt

    task = import_string(task_path)
    results = []
    for job in queued(task_path):
        data = job.args_kwargs
        with tenant_context(Buurtpunt.objects.get(schema_name=data["schema"])):
            results.append(task.call(*data["args"], **data["kwargs"]))
        connection.set_schema_to_public()
        job.status = TaskResultStatus.SUCCESSFUL
        job.save(update_fields=["status"])
    return results
