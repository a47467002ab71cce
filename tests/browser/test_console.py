"""The network console in a real browser: a buurtpunt created from the form, its
progress followed live while a real worker creates it."""

import subprocess
import sys

from django.conf import settings
from django.db import connections
from django_tasks_db.models import DBTaskResult

from tests.browser.conftest import remove_buurtpunt, server_env
from tests.conftest import PASSWORD

QUEUE = "test-browser"


def run_worker_once():
    """Run the queued provisioning job with a real worker process, then stop."""
    DBTaskResult.objects.filter(
        task_path="tenants.tasks.run_provisioning_request", status="READY"
    ).update(queue_name=QUEUE)
    completed = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
        + ["--no-reload", "--queue-name", QUEUE],
        cwd=settings.BASE_DIR,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_create_a_buurtpunt_and_follow_its_progress(live_server_url, browser):
    port = live_server_url
    base = f"http://localhost:{port}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    status_polls = []
    page.on("request", lambda r: status_polls.append(r.url) if r.url.endswith("/status/") else None)
    try:
        page.goto(f"{base}/admin/login/")
        page.fill("input[name=username]", "admin@localhost")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base}/admin/buurtpunten/new/")
        page.fill("input[name=slug]", "delta")
        page.fill("input[name=name]", "Buurtpunt Delta")
        page.fill("input[name=admin_email]", "trekker@delta.be")
        page.get_by_role("button", name="Buurtpunt aanmaken").click()

        page.wait_for_url("**/admin/buurtpunten/requests/*/")
        step = page.locator("[data-progress=step]")
        assert step.inner_text() == "Wachten op een achtergrondproces"
        page.wait_for_timeout(1500)  # the page polls while nothing happens
        assert status_polls

        run_worker_once()
        page.get_by_role("link", name="De nieuwe site bekijken").wait_for(timeout=15_000)
        assert "Klaar" in page.inner_text("#provisioning-progress")

        site = browser.new_page()
        response = site.goto(f"http://delta.localhost:{port}/")
        assert response.status == 200
        assert "Buurtpunt Delta" in site.content()
        # The console itself is not there on the new buurtpunt's host.
        assert site.goto(f"http://delta.localhost:{port}/admin/login/").status == 200
        assert "Buurtpunten" not in site.content()
    finally:
        remove_buurtpunt("delta")
        # Under Playwright's event loop the ORM used a connection of its own: close it.
        connections.close_all()
