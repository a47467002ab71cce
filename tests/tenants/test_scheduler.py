"""The scheduler: due periodic tasks, once per active buurtpunt or in public, one pass at a time."""

from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail import hooks

from core.hooks import REGISTER_PERIODIC_TASKS, PeriodicTask
from tenants.models import Buurtpunt, ScheduledRun
from tenants.scheduling import SCHEDULER_LOCK_KEY, periodic_tasks, run_pass
from tenants.services import buurtpunt_suspend

pytestmark = pytest.mark.django_db

CLEAR = "tenants.tasks.clear_expired_sessions"
PRUNE = "tenants.tasks.prune_finished_tasks"
REPORT = "tests.tasks_for_tests.report_schema"
DAY = timedelta(days=1)
ENTRIES = [
    PeriodicTask(CLEAR, DAY, PeriodicTask.TENANTS),
    PeriodicTask(PRUNE, DAY, PeriodicTask.PUBLIC),
]


@pytest.fixture
def existing_jobs(db, tenant_a, tenant_b) -> set:
    """No scheduling history (rolled back with the test); the ids of the jobs queued before."""
    ScheduledRun.objects.all().delete()
    return set(DBTaskResult.objects.values_list("id", flat=True))


def new_jobs(existing_jobs: set) -> list[tuple[str, str]]:
    rows = DBTaskResult.objects.exclude(id__in=existing_jobs)
    return sorted((row.task_path, row.args_kwargs["schema"]) for row in rows)


def active_schemas() -> list[str]:
    return sorted(
        Buurtpunt.objects.filter(status=Buurtpunt.Status.ACTIVE)
        .exclude(schema_name="public")
        .values_list("schema_name", flat=True)
    )


@pytest.fixture
def other_session():
    """A second database session, as another scheduler process would have."""
    params = connection.settings_dict
    conn = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"],
        port=params["PORT"],
        autocommit=True,
    )
    yield conn
    conn.close()


def test_due_tasks_are_enqueued_once_per_active_buurtpunt_from_its_schema(existing_jobs):
    now = timezone.now()
    result = run_pass(now=now, entries=ENTRIES)

    schemas = active_schemas()
    assert {"alfa", "bravo"} <= set(schemas)
    expected = sorted([(CLEAR, schema) for schema in schemas] + [(PRUNE, "public")])
    assert new_jobs(existing_jobs) == expected
    assert sorted(result.enqueued) == expected
    runs = {
        (run.task_path, run.schema_name): run.last_enqueued for run in ScheduledRun.objects.all()
    }
    assert runs == dict.fromkeys(expected, now)


def test_suspended_buurtpunt_is_skipped(existing_jobs, tenant_b):
    buurtpunt_suspend(buurtpunt=tenant_b, reason="test")
    run_pass(entries=ENTRIES)

    cleared = [schema for task_path, schema in new_jobs(existing_jobs) if task_path == CLEAR]
    assert "alfa" in cleared
    assert "bravo" not in cleared
    assert not ScheduledRun.objects.filter(schema_name="bravo").exists()


def test_a_pass_within_the_interval_enqueues_nothing(existing_jobs):
    start = timezone.now()
    first = run_pass(now=start, entries=ENTRIES)
    after_first = new_jobs(existing_jobs)

    again = run_pass(now=start + timedelta(hours=23), entries=ENTRIES)
    assert again.enqueued == []
    assert new_jobs(existing_jobs) == after_first

    next_day = run_pass(now=start + timedelta(days=1), entries=ENTRIES)
    assert sorted(next_day.enqueued) == sorted(first.enqueued)
    assert len(new_jobs(existing_jobs)) == 2 * len(after_first)


def test_each_task_keeps_its_own_interval(existing_jobs):
    start = timezone.now()
    entries = [
        PeriodicTask(CLEAR, DAY, PeriodicTask.TENANTS),
        PeriodicTask(PRUNE, timedelta(hours=1), PeriodicTask.PUBLIC),
    ]
    run_pass(now=start, entries=entries)
    result = run_pass(now=start + timedelta(hours=2), entries=entries)
    assert result.enqueued == [(PRUNE, "public")]


def test_a_new_buurtpunt_gets_its_first_run_on_the_next_pass(existing_jobs, tenant_b):
    buurtpunt_suspend(buurtpunt=tenant_b, reason="test")
    start = timezone.now()
    run_pass(now=start, entries=ENTRIES)
    Buurtpunt.objects.filter(pk=tenant_b.pk).update(status=Buurtpunt.Status.ACTIVE)

    result = run_pass(now=start + timedelta(minutes=1), entries=ENTRIES)
    assert result.enqueued == [(CLEAR, "bravo")]


def test_a_pass_is_skipped_while_another_scheduler_holds_the_lock(existing_jobs, other_session):
    other_session.execute("SELECT pg_advisory_lock(%s)", [SCHEDULER_LOCK_KEY])
    try:
        assert run_pass(entries=ENTRIES) is None
        assert new_jobs(existing_jobs) == []
        assert not ScheduledRun.objects.exists()
    finally:
        other_session.execute("SELECT pg_advisory_unlock(%s)", [SCHEDULER_LOCK_KEY])

    assert run_pass(entries=ENTRIES).enqueued


def test_a_running_pass_keeps_another_scheduler_out(existing_jobs, other_session):
    # The test's transaction is still open after the pass, like a pass in progress.
    assert run_pass(entries=ENTRIES).enqueued
    taken = other_session.execute(
        "SELECT pg_try_advisory_lock(%s)", [SCHEDULER_LOCK_KEY]
    ).fetchone()[0]
    assert taken is False


def test_the_tasks_the_apps_register_are_the_ones_scheduled():
    assert set(ENTRIES) <= {entry for entry, _task in periodic_tasks()}


def test_command_once_enqueues_what_the_apps_registered_then_finds_nothing_due(existing_jobs):
    def register():
        return [PeriodicTask(REPORT, timedelta(hours=1), PeriodicTask.PUBLIC)]

    out = StringIO()
    with hooks.register_temporarily(REGISTER_PERIODIC_TASKS, register):
        call_command("scheduler", "--once", stdout=out)
        assert f"enqueued {CLEAR} in alfa" in out.getvalue()
        assert f"enqueued {CLEAR} in bravo" in out.getvalue()
        assert f"enqueued {PRUNE} in public" in out.getvalue()
        assert f"enqueued {REPORT} in public" in out.getvalue()
        assert f"{REPORT} in alfa" not in out.getvalue()

        out = StringIO()
        call_command("scheduler", "--once", stdout=out)
    assert out.getvalue().strip() == "nothing due"


@pytest.mark.parametrize(
    "entries",
    [
        [PeriodicTask(CLEAR, DAY, "everywhere")],
        [PeriodicTask(CLEAR, timedelta(0), PeriodicTask.TENANTS)],
        [PeriodicTask("tenants.tasks.no_such_task", DAY, PeriodicTask.TENANTS)],
        [PeriodicTask("tenants.services.buurtpunt_suspend", DAY, PeriodicTask.TENANTS)],
    ],
    ids=["where", "interval", "no-such-task", "not-a-task"],
)
def test_a_wrong_registration_is_refused_before_anything_is_enqueued(entries, existing_jobs):
    with pytest.raises(ImproperlyConfigured):
        periodic_tasks(entries)
    with (
        hooks.register_temporarily(REGISTER_PERIODIC_TASKS, lambda: entries),
        pytest.raises(CommandError),
    ):
        call_command("scheduler", "--once", stdout=StringIO())
    assert new_jobs(existing_jobs) == []
    assert not ScheduledRun.objects.exists()
