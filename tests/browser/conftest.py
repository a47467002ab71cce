"""Browser tests: Playwright drives the system Chromium against a real server.

The server is ``manage.py runserver`` in a separate process on the test
database, so what a test shows it must commit (the ``committed`` fixture) and
remove afterwards. Where Chromium is not installed these tests are skipped
with the reason; CI installs it (``.ci/run``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from tenants.models import AuditEntry, Buurtpunt, Domain, ProvisioningRequest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "BUURTPUNT_DB_NAME": connection.settings_dict["NAME"],
    }


@pytest.fixture
def db(django_db_setup, committed):
    """Here ``db`` commits: the server process cannot see into a test transaction.

    The name matters: pytest-django sets up the test database only for tests
    that ask for ``db``.
    """
    assert connection.settings_dict["NAME"].startswith("test_")
    yield


@pytest.fixture
def live_server_url(db):
    """A real web server process on the test database; yields its base URL (port only)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=settings.BASE_DIR,
        env=server_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the test web server did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        wait_for_other_sessions_to_close()


def wait_for_other_sessions_to_close(timeout: float = 5.0) -> None:
    """A stopped server's session ends a moment after the process: wait for it, so
    the test database can be dropped at the end of the run."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of
    # the test itself are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
            # Under Playwright's event loop the ORM opened a connection of its own;
            # close it here, while it can still be reached.
            connections.close_all()


def remove_buurtpunt(slug):
    """Drop a buurtpunt a browser test committed: its rows, its schema and its jobs."""
    ProvisioningRequest.objects.filter(slug=slug).delete()
    AuditEntry.objects.filter(data__slug=slug).delete()
    for bp in Buurtpunt.objects.filter(schema_name=slug):
        AuditEntry.objects.filter(buurtpunt=bp).delete()
        Domain.objects.filter(tenant=bp).delete()
        bp.delete()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{slug}" CASCADE')
    DBTaskResult.objects.filter(queue_name__startswith="test-browser").delete()
    DBTaskResult.objects.filter(args_kwargs__schema=slug).delete()
