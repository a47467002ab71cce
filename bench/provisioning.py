"""Benchmark: creating a buurtpunt by cloning the template versus by running every
migration, and ``migrate_schemas`` over many tenants, sequential versus parallel.

Usage::

    .venv/bin/python bench/provisioning.py [--runs 7] [--tenants 50] [--repeat 3]

Prints one JSON object on standard output; progress goes to standard error.
It works in a database of its own (``--database``, default ``bench_provisioning``)
on the embedded PostgreSQL server, or on the server of DATABASE_URL when that
is set, and drops that database at the end, also when a step fails.

The parent process only creates and drops the database and starts the steps;
every step runs in a fresh process (this file with ``--worker``) under
``config.settings.dev``, pointed at the benchmark database by ``DATABASE_NAME``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import create_database, drop_database, maintenance_conninfo  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "config.settings.dev"
PROCESSES = 2
CLONE_AIM_SECONDS = 1.5
CLONE_AIM_RATIO = 0.25
# A leaf migration of a tenant app that adds one field (a nullable, indexed
# column): rolled back and re-applied to simulate "one new field" on every schema.
PENDING_APP = "wagtailembeds"

PROVISIONING_METHOD = (
    "Both paths call the real service tenants.services.buurtpunt_create in one long-lived "
    "process (as a worker does), runs interleaved clone/migrate, wall-clock around the call. "
    "clone: the service as is (template check, provisioning lock, clone of the template "
    "schema, tenant and domain rows, site, home page, theme settings, first admin with an "
    "invitation task, audit entry, one transaction). migrate: the same call with only its "
    "clone step (tenants.provisioning.clone_template) replaced by what django-tenants does "
    "without TENANT_BASE_SCHEMA (TenantMixin.create_schema): CREATE SCHEMA, then "
    "migrate_schemas --tenant --schema X in-process. Migrations cannot run inside the "
    "service's transaction (PostgreSQL: pending trigger events), so the slug is checked, "
    "the schema created and migrated first, then the service runs with its clone step and "
    "its schema-exists check made no-ops; everything else identical and inside the timing. "
    "The first run of each path includes process warm-up; the median absorbs it."
)
MIGRATE_METHOD = (
    "Each timing is one fresh process running call_command('migrate_schemas', tenant=True, "
    "executor=...) over the template schema and every tenant; 'seconds' is wall-clock around "
    "that call, 'process_seconds' the whole process including interpreter and Django start. "
    "sequential: --executor=standard; parallel: --executor=multiprocessing with "
    "TENANT_MULTIPROCESSING_MAX_PROCESSES={processes}. nothing_to_migrate: every schema "
    "current. one_new_field: before each timing, the leaf migration {migration} ({operation}) "
    "is really rolled back on the template and every tenant with migrate_schemas --tenant "
    "{app} {parent} (DROP of the column and its index, untimed), so the timed run applies "
    "real DDL (ADD COLUMN plus CREATE INDEX) in every schema, as a deploy with one new field "
    "does; afterwards the column is checked to exist in every schema."
)


def log(message: str) -> None:
    print(
        f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True
    )


def summary(timings: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
        "timings_s": [round(t, 4) for t in timings],
    }


# --- the worker side: runs inside Django -------------------------------------


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def emit(result: dict) -> None:
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def migrate_into_new_schema(schema_name: str) -> None:
    """What django-tenants does when there is no template to clone (TenantMixin.create_schema)."""
    from django.core.management import call_command
    from django.db import connection

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(schema_name)}")
    call_command(
        "migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0
    )
    connection.set_schema_to_public()


def create_by_cloning(slug: str) -> None:
    from tenants import services

    services.buurtpunt_create(slug=slug, name=f"Bench {slug}", legal_form="cv+vzw")


def create_by_migrating(slug: str) -> None:
    """The service with its clone step replaced by a schema migrated beforehand.

    Migrations cannot run inside the service's transaction (PostgreSQL refuses
    ALTER TABLE with pending trigger events from earlier data migrations), so
    the schema is created and migrated first, outside it, as django-tenants
    does; the slug is checked before that, as the service would.
    """
    from tenants import provisioning, services

    services.check_slug(slug)
    migrate_into_new_schema(slug)
    saved = services.check_slug, provisioning.clone_template
    services.check_slug = provisioning.clone_template = lambda slug: None
    try:
        create_by_cloning(slug)
    finally:
        services.check_slug, provisioning.clone_template = saved


def time_create(slug: str, create: Callable[[str], None] = create_by_cloning) -> float:
    started = time.perf_counter()
    create(slug)
    return time.perf_counter() - started


def worker_provision(runs: int, tenants: int) -> None:
    setup_django()
    clone, migrate = [], []
    for index in range(runs):
        clone.append(time_create(f"bench-clone-{index:02d}"))
        migrate.append(time_create(f"bench-migr-{index:02d}", create_by_migrating))
        log(
            f"provisioning run {index + 1}/{runs}: "
            f"clone {clone[-1]:.2f} s, migrate {migrate[-1]:.2f} s"
        )
    filler = []
    missing = max(0, tenants - 2 * runs)
    for index in range(missing):
        filler.append(time_create(f"bench-fill-{index:03d}"))
        if (index + 1) % 10 == 0 or index + 1 == missing:
            log(f"cloned {index + 1}/{missing} more tenants")
    emit({"clone": clone, "migrate": migrate, "filler_clone": filler})


def pending_migration() -> dict:
    """The leaf migration of PENDING_APP, checked to add exactly one field."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import AddField

    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves = loader.graph.leaf_nodes(PENDING_APP)
    migration = loader.graph.nodes[leaves[0]]
    operations = migration.operations
    parents = [dep for dep in migration.dependencies if dep[0] == PENDING_APP]
    if (
        len(leaves) != 1
        or len(operations) != 1
        or not isinstance(operations[0], AddField)
        or loader.graph.node_map[leaves[0]].children
        or len(parents) != 1
    ):
        raise SystemExit(f"{PENDING_APP}'s last migration no longer adds one field; pick another")
    operation = operations[0]
    model = apps.get_model(PENDING_APP, operation.model_name)
    return {
        "app": PENDING_APP,
        "name": migration.name,
        "parent": parents[0][1],
        "operation": f"AddField {model.__name__}.{operation.name}",
        "table": model._meta.db_table,
        "column": model._meta.get_field(operation.name).column,
    }


def schemas_with_column(table: str, column: str) -> int:
    from django.db import connection

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relkind = 'r' AND c.relname = %s AND a.attname = %s AND NOT a.attisdropped",
            [table, column],
        )
        return cursor.fetchone()[0]


def worker_migrate(executor: str, rollback: bool) -> None:
    setup_django()
    from django.core.management import call_command

    from tenants.selectors import buurtpunten

    pending = pending_migration()
    target = [pending["app"], pending["parent"]] if rollback else []
    started = time.perf_counter()
    call_command(
        "migrate_schemas", *target, tenant=True, executor=executor, interactive=False, verbosity=0
    )
    seconds = time.perf_counter() - started
    emit(
        {
            "seconds": seconds,
            "tenants": buurtpunten().count(),
            "schemas_with_column": schemas_with_column(pending["table"], pending["column"]),
            "pending": pending,
        }
    )


# --- the parent side: database, steps, report ----------------------------------


class Runner:
    """Starts the steps as fresh processes against the benchmark database."""

    def __init__(self, database: str):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_NAME": database,
            "MIGRATE_PROCESSES": str(PROCESSES),
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *args: str) -> float:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=sys.stderr,
            check=True,
        )
        return time.perf_counter() - started

    def worker(self, *args: str) -> tuple[dict, float]:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--worker", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        elapsed = time.perf_counter() - started
        return json.loads(done.stdout.strip().splitlines()[-1]), elapsed

    def migrate(self, executor: str, rollback: bool = False) -> dict:
        args = ["migrate", "--executor", executor] + (["--rollback"] if rollback else [])
        result, process_seconds = self.worker(*args)
        result["process_seconds"] = process_seconds
        return result


def provisioning_report(runner: Runner, runs: int, tenants: int) -> tuple[dict, dict]:
    log(f"provisioning {runs} tenants by cloning and {runs} by migrating, interleaved")
    result, _ = runner.worker("provision", "--runs", str(runs), "--tenants", str(tenants))
    clone, migrate = summary(result["clone"]), summary(result["migrate"])
    ratio = clone["median_s"] / migrate["median_s"]
    aims = {
        "clone_median_at_most_s": CLONE_AIM_SECONDS,
        "clone_median_ok": clone["median_s"] <= CLONE_AIM_SECONDS,
        "ratio_at_most": CLONE_AIM_RATIO,
        "ratio_ok": ratio <= CLONE_AIM_RATIO,
    }
    aims["hold"] = aims["clone_median_ok"] and aims["ratio_ok"]
    report = {
        "runs": runs,
        "clone": clone,
        "migrate": migrate,
        "ratio_clone_to_migrate": round(ratio, 4),
        "aims": aims,
        "method": PROVISIONING_METHOD,
    }
    return report, {"more_tenants_by_clone": growth_report(result["filler_clone"], 2 * runs)}


def growth_report(timings: list[float], existing: int) -> dict | None:
    """The clones that fill up to --tenants, in order: does cloning slow as schemas add up?"""
    if not timings:
        return None
    head, tail = timings[:5], timings[-5:]
    return {
        **summary(timings),
        "existing_tenants_before_first": existing,
        "first_5_median_s": round(statistics.median(head), 4),
        "last_5_median_s": round(statistics.median(tail), 4),
    }


def compare(runner: Runner, repeat: int, rollback_first: bool, label: str) -> tuple[dict, dict]:
    """Sequential and parallel runs, alternating which goes first."""
    runs: dict[str, list[dict]] = {"standard": [], "multiprocessing": []}
    rollbacks = []
    for index in range(repeat):
        order = ["standard", "multiprocessing"]
        if index % 2:
            order.reverse()
        for executor in order:
            if rollback_first:
                rolled = runner.migrate("standard", rollback=True)
                if rolled["schemas_with_column"] != 1:  # only public keeps the column
                    raise SystemExit(f"rollback left the column in {rolled['schemas_with_column']}")
                rollbacks.append(rolled["seconds"])
            result = runner.migrate(executor)
            expected = result["tenants"] + 2  # tenants, the template and public
            if result["schemas_with_column"] != expected:
                raise SystemExit(
                    f"{executor}: column in {result['schemas_with_column']}/{expected}"
                )
            runs[executor].append(result)
            log(f"{label}, {executor}: {result['seconds']:.2f} s")
    report = {}
    for key, executor in (("sequential", "standard"), ("parallel", "multiprocessing")):
        report[key] = summary([r["seconds"] for r in runs[executor]])
        report[key]["process_seconds"] = [round(r["process_seconds"], 3) for r in runs[executor]]
    report["speedup_sequential_to_parallel"] = round(
        report["sequential"]["median_s"] / report["parallel"]["median_s"], 3
    )
    if rollbacks:
        report["rollback_s"] = [round(t, 3) for t in rollbacks]
    return report, runs["standard"][0]


def migrate_report(runner: Runner, repeat: int) -> dict:
    log("migrate_schemas with nothing to migrate")
    idle, sample = compare(runner, repeat, rollback_first=False, label="nothing to migrate")
    log("migrate_schemas with one new field on every schema")
    one_field, _ = compare(runner, repeat, rollback_first=True, label="one new field")
    pending = sample["pending"]
    one_field = {
        "migration": f"{pending['app']}.{pending['name']}",
        "operation": pending["operation"],
        **one_field,
    }
    return {
        "tenants": sample["tenants"],
        "schemas": sample["tenants"] + 1,
        "processes": PROCESSES,
        "repeat": repeat,
        "nothing_to_migrate": idle,
        "one_new_field": one_field,
        "method": MIGRATE_METHOD.format(
            processes=PROCESSES,
            migration=one_field["migration"],
            operation=pending["operation"],
            app=pending["app"],
            parent=pending["parent"],
        ),
    }


def run(options: argparse.Namespace) -> dict:
    started = time.perf_counter()
    load_at_start = round(os.getloadavg()[0], 2)
    conninfo, server = maintenance_conninfo()
    database = options.database
    log(f"creating database {database} on the {server} server")
    postgres_version = create_database(conninfo, database)
    try:
        runner = Runner(database)
        log("migrating public and the template schema (setup, not measured)")
        setup = {
            "migrate_public_and_template_s": round(
                runner.manage("migrate_schemas", "--noinput", "-v", "0"), 3
            )
        }
        provisioning, extra = provisioning_report(runner, options.runs, options.tenants)
        setup.update(extra)
        migrate = migrate_report(runner, options.repeat)
    finally:
        log(f"dropping database {database}")
        drop_database(conninfo, database)
    return {
        "machine": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "postgresql": postgres_version,
            "platform": platform.platform(),
            # Other work on the machine skews wall-clock figures: shown, not hidden.
            "load_average_1m_start_end": [load_at_start, round(os.getloadavg()[0], 2)],
        },
        "database": {"name": database, "server": server, "settings": SETTINGS},
        "provisioning": provisioning,
        "migrate_schemas": migrate,
        "setup": setup,
        "total_s": round(time.perf_counter() - started, 1),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="provisioning runs per path")
    parser.add_argument("--tenants", type=int, default=50, help="tenants for migrate_schemas")
    parser.add_argument("--repeat", type=int, default=3, help="timings per migrate_schemas case")
    parser.add_argument("--database", default="bench_provisioning")
    parser.add_argument("--worker", choices=["provision", "migrate"], help=argparse.SUPPRESS)
    parser.add_argument("--executor", default="standard", help=argparse.SUPPRESS)
    parser.add_argument("--rollback", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.runs < 1 or options.tenants < 1 or options.repeat < 1:
        parser.error("--runs, --tenants and --repeat must be at least 1")
    if not options.database.startswith("bench_"):
        parser.error("--database must start with bench_")
    return options


def main() -> None:
    options = parse_args()
    if options.worker == "provision":
        worker_provision(options.runs, options.tenants)
    elif options.worker == "migrate":
        worker_migrate(options.executor, options.rollback)
    else:
        # A plain kill should still drop the database (the finally in run()).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        print(json.dumps(run(options), indent=2))


if __name__ == "__main__":
    main()
