"""Periodic jobs: enqueue each due task once per active buurtpunt, or once in public.

Every app registers its jobs with the ``core.hooks.REGISTER_PERIODIC_TASKS`` hook
(a ``core.hooks.PeriodicTask``: task path, interval, "tenants" or "public").
A pass enqueues what is due and records it in ``ScheduledRun`` in the same
transaction, so a pass either happens completely or not at all and a restarted
scheduler does not enqueue twice. Each job is enqueued while the connection is
in its target schema, which is how the queue knows where the worker must run it.

Several scheduler processes may be started (one per machine, or a deploy that
overlaps): a transaction-level advisory lock lets one pass act at a time, and
the others skip theirs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tenants.utils import schema_context, tenant_context

from core import hooks
from core.constants import PUBLIC_SCHEMA
from core.hooks import PeriodicTask

from .models import Buurtpunt, ScheduledRun
from .selectors import active_buurtpunten

logger = logging.getLogger(__name__)

# Held for the length of one pass; distinct from the provisioning lock.
SCHEDULER_LOCK_KEY = 0x42505343  # "BPSC"


@dataclass
class PassResult:
    """What one pass did: the (task path, schema) pairs it enqueued."""

    enqueued: list[tuple[str, str]] = field(default_factory=list)


def periodic_tasks(entries: list[PeriodicTask] | None = None) -> list[tuple[PeriodicTask, Task]]:
    """The registered periodic tasks with their task objects, checked: a typo fails at
    start, not at night."""
    entries = hooks.periodic_tasks() if entries is None else entries
    result = []
    for entry in entries:
        if entry.where not in (PeriodicTask.TENANTS, PeriodicTask.PUBLIC):
            raise ImproperlyConfigured(
                f"Periodic task {entry.task_path} runs in {entry.where!r}; "
                f"use {PeriodicTask.TENANTS!r} or {PeriodicTask.PUBLIC!r}."
            )
        if entry.every <= timedelta(0):
            raise ImproperlyConfigured(
                f"Periodic task {entry.task_path} needs a positive interval."
            )
        try:
            task = import_string(entry.task_path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"Periodic task {entry.task_path}: cannot import.") from exc
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"Periodic task {entry.task_path} is not a task.")
        result.append((entry, task))
    return result


def _try_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SCHEDULER_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _last_runs(task_path: str) -> dict[str, datetime]:
    rows = ScheduledRun.objects.filter(task_path=task_path)
    return {row.schema_name: row.last_enqueued for row in rows}


def _enqueue(task: Task, tenant: Buurtpunt | None) -> None:
    if tenant is None:
        with schema_context(PUBLIC_SCHEMA):
            task.enqueue()
    else:
        with tenant_context(tenant):
            task.enqueue()


def run_pass(
    *, now: datetime | None = None, entries: list[PeriodicTask] | None = None
) -> PassResult | None:
    """Enqueue every periodic task that is due; ``None`` when another scheduler holds the lock.

    1. Take the scheduler lock for this transaction, or give up at once.
    2. Per task, read when it was last enqueued for each schema.
    3. For each target schema where it is due: enqueue it from that schema
       and record the time, both in this transaction.
    """
    now = now or timezone.now()
    tasks = periodic_tasks(entries)
    result = PassResult()
    connection.set_schema_to_public()
    with transaction.atomic():
        if not _try_lock():
            return None
        tenants = list(active_buurtpunten().order_by("schema_name"))
        for entry, task in tasks:
            last_runs = _last_runs(entry.task_path)
            targets = tenants if entry.where == PeriodicTask.TENANTS else [None]
            for tenant in targets:
                schema = tenant.schema_name if tenant else PUBLIC_SCHEMA
                last = last_runs.get(schema)
                if last is not None and now - last < entry.every:
                    continue
                _enqueue(task, tenant)
                ScheduledRun.objects.update_or_create(
                    task_path=entry.task_path,
                    schema_name=schema,
                    defaults={"last_enqueued": now},
                )
                result.enqueued.append((entry.task_path, schema))
    if result.enqueued:
        logger.info("Scheduler enqueued %d periodic task(s)", len(result.enqueued))
    return result
