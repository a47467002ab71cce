"""The task queue with a real worker: every job runs in the schema it was enqueued from.

These tests commit their data (a separate process must see it), start
django-tasks-db's ``db_worker`` against the test database, and remove what they
made afterwards. The worker only takes this module's queue, so the jobs that
setting up the test database left behind stay untouched.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import tenant_context

from tenants.models import Buurtpunt
from tests.tasks_for_tests import report_schema

pytestmark = pytest.mark.worker

QUEUE = "test-worker"


@dataclass
class Worker:
    """Runs ``db_worker --batch`` over the jobs this test enqueued."""

    existing_jobs: set
    mail_dir: Path
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    def new_jobs(self):
        return DBTaskResult.objects.exclude(id__in=self.existing_jobs)

    def run(self) -> subprocess.CompletedProcess:
        # Wagtail enqueues on the default queue; move this test's jobs to ours.
        self.new_jobs().update(queue_name=QUEUE)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "BUURTPUNT_DB_NAME": connection.settings_dict["NAME"],
            "BUURTPUNT_EMAIL_FILE_PATH": str(self.mail_dir),
        }
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
        command += ["--no-reload", "--queue-name", QUEUE]
        completed = subprocess.run(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        return completed

    def mails(self) -> list[email.message.Message]:
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            # The file backend ends each message with a line of 79 dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk))
        return messages


@pytest.fixture
def db(django_db_setup, committed):
    """Here ``db`` commits: no test transaction, which a separate process could not see through.

    The name matters: pytest-django creates the test database only when a
    selected test asks for ``db``; without it these tests would reach the
    development database.
    """
    assert connection.settings_dict["NAME"].startswith("test_")
    yield


@pytest.fixture
def worker(db, tmp_path):
    runner = Worker(
        existing_jobs=set(DBTaskResult.objects.values_list("id", flat=True)),
        mail_dir=tmp_path / "mail",
    )
    try:
        yield runner
    finally:
        connection.set_schema_to_public()
        for cleanup in reversed(runner.cleanups):
            cleanup()
            connection.set_schema_to_public()
        runner.new_jobs().delete()


def tenant(slug: str) -> Buurtpunt:
    return Buurtpunt.objects.get(schema_name=slug)


def finished(result):
    result.refresh()
    return result


def test_each_job_runs_in_the_schema_it_was_enqueued_from(worker):
    alfa, bravo = tenant("alfa"), tenant("bravo")
    with tenant_context(alfa):
        in_alfa = report_schema.enqueue("a")
    with tenant_context(bravo):
        in_bravo = report_schema.enqueue("b")
    in_public = report_schema.enqueue("p")

    worker.run()

    assert finished(in_alfa).status == TaskResultStatus.SUCCESSFUL
    assert in_alfa.return_value == {"label": "a", "schema": "alfa", "hostname": "alfa.localhost"}
    assert finished(in_bravo).status == TaskResultStatus.SUCCESSFUL
    assert in_bravo.return_value == {"label": "b", "schema": "bravo", "hostname": "bravo.localhost"}
    assert finished(in_public).status == TaskResultStatus.SUCCESSFUL
    assert in_public.return_value == {"label": "p", "schema": "public", "hostname": "localhost"}


def test_a_job_of_a_deleted_buurtpunt_fails_and_the_worker_goes_on(worker):
    # An unsaved tenant stands for one deleted after the job was queued.
    with tenant_context(Buurtpunt(schema_name="deleted")):
        orphan = report_schema.using(priority=10).enqueue("gone")
    with tenant_context(tenant("alfa")):
        after = report_schema.enqueue("a")
    with tenant_context(tenant("bravo")):
        also_after = report_schema.enqueue("b")

    worker.run()

    assert finished(orphan).status == TaskResultStatus.FAILED
    assert orphan.errors[0].exception_class_path == "core.tasks_backend.TenantNotFoundError"
    assert finished(after).status == TaskResultStatus.SUCCESSFUL
    assert after.return_value["schema"] == "alfa"
    assert finished(also_after).status == TaskResultStatus.SUCCESSFUL
    assert also_after.return_value["hostname"] == "bravo.localhost"


def test_wagtail_reference_index_is_updated_in_the_schema_of_the_page(worker):
    from wagtail.models import Page, PageLogEntry, ReferenceIndex

    from cms.models import HomePage

    alfa, bravo = tenant("alfa"), tenant("bravo")
    with tenant_context(alfa):
        home = HomePage.objects.get()
        page = Page.get_first_root_node().add_child(
            instance=HomePage(
                title="Worker probe",
                slug="worker-probe",
                live=False,
                intro=f'<p><a linktype="page" id="{home.pk}">home</a></p>',
            )
        )
    probe_id = str(page.pk)

    def remove_probe():
        with tenant_context(alfa):
            Page.objects.filter(pk=page.pk).delete()
            PageLogEntry.objects.filter(page_id=page.pk).delete()

    worker.cleanups.append(remove_probe)
    with tenant_context(alfa):
        page.save_revision().publish()

    reference_jobs = worker.new_jobs().filter(task_path="wagtail.tasks.update_reference_index_task")
    assert reference_jobs.exists()
    assert {job.args_kwargs["schema"] for job in reference_jobs} == {"alfa"}

    def links_to_home():
        return ReferenceIndex.objects.filter(object_id=probe_id, to_object_id=str(home.pk))

    with tenant_context(alfa):
        assert not links_to_home().exists()

    worker.run()

    assert {job.status for job in worker.new_jobs()} == {TaskResultStatus.SUCCESSFUL}
    with tenant_context(alfa):
        assert links_to_home().exists()
    with tenant_context(bravo):
        assert not ReferenceIndex.objects.filter(object_id=probe_id).exists()
    assert not ReferenceIndex.objects.filter(object_id=probe_id).exists()


def test_invitation_mail_carries_its_own_buurtpunt_host(worker):
    from tenants.tasks import send_admin_invitation

    user_model = get_user_model()
    results = {}
    for slug in ("alfa", "bravo"):
        buurtpunt = tenant(slug)
        address = f"invitee@{slug}.example"
        with tenant_context(buurtpunt):
            user = user_model(username=address, email=address, is_staff=True)
            user.set_unusable_password()
            user.save()
            results[slug] = send_admin_invitation.enqueue(user_id=user.pk)

        def remove_user(buurtpunt=buurtpunt, pk=user.pk):
            with tenant_context(buurtpunt):
                user_model.objects.filter(pk=pk).delete()

        worker.cleanups.append(remove_user)

    worker.run()

    for result in results.values():
        assert finished(result).status == TaskResultStatus.SUCCESSFUL
        assert result.return_value is True
    mails = {mail["To"]: mail for mail in worker.mails()}
    assert set(mails) == {"invitee@alfa.example", "invitee@bravo.example"}
    alfa_text = mails["invitee@alfa.example"].get_payload(decode=True).decode()
    bravo_text = mails["invitee@bravo.example"].get_payload(decode=True).decode()
    assert "http://alfa.localhost:8000/admin/" in alfa_text
    assert "bravo.localhost" not in alfa_text
    assert "http://bravo.localhost:8000/admin/" in bravo_text
    assert "alfa.localhost" not in bravo_text


def test_scheduled_jobs_run_in_each_buurtpunt(worker):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from core.hooks import PeriodicTask
    from tenants.models import ScheduledRun
    from tenants.scheduling import run_pass

    clear = "tenants.tasks.clear_expired_sessions"
    now = timezone.now()
    previous_runs = list(ScheduledRun.objects.filter(task_path=clear))
    for slug in ("alfa", "bravo"):
        with tenant_context(tenant(slug)):
            Session.objects.create(
                session_key=f"worker-test-old-{slug}", session_data="", expire_date=now
            )
            Session.objects.create(
                session_key=f"worker-test-live-{slug}",
                session_data="",
                expire_date=now + timedelta(days=1),
            )

    def restore():
        ScheduledRun.objects.filter(task_path=clear).delete()
        ScheduledRun.objects.bulk_create(previous_runs)
        for slug in ("alfa", "bravo"):
            with tenant_context(tenant(slug)):
                Session.objects.filter(session_key__startswith="worker-test-").delete()

    worker.cleanups.append(restore)
    ScheduledRun.objects.filter(task_path=clear).delete()
    result = run_pass(
        now=now + timedelta(seconds=1),
        entries=[PeriodicTask(clear, timedelta(hours=1), PeriodicTask.TENANTS)],
    )
    assert {"alfa", "bravo"} <= {schema for _path, schema in result.enqueued}

    worker.run()

    jobs = worker.new_jobs()
    assert {job.status for job in jobs} == {TaskResultStatus.SUCCESSFUL}
    returned = {job.args_kwargs["schema"]: job.return_value for job in jobs}
    assert returned["alfa"] >= 1 and returned["bravo"] >= 1
    for slug in ("alfa", "bravo"):
        with tenant_context(tenant(slug)):
            left = set(
                Session.objects.filter(session_key__startswith="worker-test-").values_list(
                    "session_key", flat=True
                )
            )
        assert left == {f"worker-test-live-{slug}"}
