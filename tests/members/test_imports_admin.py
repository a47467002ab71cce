"""Import and export in the board's admin, through the test client: upload -> job ->
progress JSON -> the dry run's table -> "Import now" -> done; templates and exports
to download; the caps as a form error; another tenant and the network site that see
none of it; a user without the permissions."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tenants.utils import tenant_context

from members.imports import MAX_FILE_BYTES
from members.models import ImportJob, Person
from tests.conftest import login_as
from tests.queue import queued, run_queued

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
TASK = "members.import_tasks.run_import_job"
INDEX = "/admin/import-export/"


def upload(client, name: str, kind: str = "people", content: bytes | None = None):
    content = (SAMPLES / name).read_bytes() if content is None else content
    return client.post(INDEX, {"kind": kind, "file": SimpleUploadedFile(name, content)})


def job_of(tenant, response) -> ImportJob:
    pk = int(re.search(r"/jobs/(\d+)/$", response["Location"]).group(1))
    with tenant_context(tenant):
        job = ImportJob.objects.get(pk=pk)
    connection.set_schema_to_public()
    return job


def status(client, job) -> dict:
    response = client.get(f"{INDEX}jobs/{job.pk}/status/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()


def import_form(html: str) -> str:
    """The "Import now" form of a job's page."""
    return re.search(r'<form method="post" action="[^"]*/import/">(.*?)</form>', html, re.S).group(
        1
    )


def page(client, job) -> str:
    response = client.get(f"{INDEX}jobs/{job.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def in_english(tenant, username: str) -> None:
    """The admin in English for this user (what the tests read); the site stays Dutch."""
    from wagtail.users.models import UserProfile

    with tenant_context(tenant):
        user = get_user_model().objects.get(username=username)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
    connection.set_schema_to_public()


@pytest.fixture
def admin_a(client_a, tenant_a):
    in_english(tenant_a, "admin@alfa.localhost")
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    return client_a


def test_upload_check_and_import_through_the_admin(admin_a, tenant_a):
    response = upload(admin_a, "people_good.csv")
    assert response.status_code == 302
    job = job_of(tenant_a, response)
    assert job.status == ImportJob.Status.QUEUED and job.file_name == "people_good.csv"
    # While it waits: the page polls the status URL and shows a progress bar.
    html = page(admin_a, job)
    assert f'data-status-url="/admin/import-export/jobs/{job.pk}/status/"' in html
    assert "<progress" in html
    assert status(admin_a, job) == {
        "status": "queued",
        "label": "Waiting to be checked",
        "busy": True,
        "rows_total": 0,
        "rows_done": 0,
        "percent": 0,
    }

    run_queued(TASK)
    state = status(admin_a, job)
    assert state["status"] == "dry_run_done" and not state["busy"]
    assert (state["rows_total"], state["rows_done"], state["percent"]) == (3, 3, 100)
    html = page(admin_a, job)
    assert "Every row is right" in html and "<progress" not in html
    assert re.search(r"<dt>New people</dt><dd[^>]*>3</dd>", html)
    assert "Import now" in import_form(html) and "disabled" not in import_form(html)
    with tenant_context(tenant_a):
        assert not Person.objects.filter(member_number=101).exists()  # nothing written yet
    connection.set_schema_to_public()

    response = admin_a.post(f"{INDEX}jobs/{job.pk}/import/")
    assert response.status_code == 302
    assert status(admin_a, job)["status"] == "importing"
    assert "Importing" in page(admin_a, job)
    run_queued(TASK)
    assert status(admin_a, job)["status"] == "done"
    html = page(admin_a, job)
    assert "All 3 rows were imported." in html
    assert 'href="/admin/people/"' in html  # "See the people"
    with tenant_context(tenant_a):
        assert Person.objects.filter(member_number__in=[101, 102, 103]).count() == 3
    connection.set_schema_to_public()
    # The jobs list tells how it stands.
    index = admin_a.get(INDEX).content.decode()
    assert "people_good.csv" in index and "3 rows imported" in index


def test_the_dry_run_table_lists_every_bad_row_and_import_stays_off(admin_a, tenant_a):
    job = job_of(tenant_a, upload(admin_a, "people_bad.csv"))
    run_queued(TASK)
    html = page(admin_a, job)
    assert "5 rows need correcting" in html
    rows = re.findall(r'<tr data-row="(\d+)" data-field="(\w*)">', html)
    assert rows == [
        ("3", "postcode"),
        ("4", "iban"),
        ("5", "company_number"),
        ("6", "email"),
        ("7", "member_number"),
    ]
    assert "Postcode" in html and "A Belgian postcode has four digits" in html
    assert "disabled" in import_form(html)
    # Asking anyway changes nothing.
    response = admin_a.post(f"{INDEX}jobs/{job.pk}/import/", follow=True)
    assert "cannot be imported" in response.content.decode()
    assert not queued(TASK)
    with tenant_context(tenant_a):
        assert not Person.objects.filter(member_number__in=range(201, 206)).exists()
        assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DRY_RUN_DONE


def test_a_file_over_the_cap_is_refused_on_the_form(admin_a, tenant_a):
    response = upload(admin_a, "big.csv", content=b"x" * (MAX_FILE_BYTES + 1))
    assert response.status_code == 200
    assert "larger than 5 MB" in response.content.decode()
    with tenant_context(tenant_a):
        assert not ImportJob.objects.exists()


def test_a_hostile_workbook_is_reported_not_expanded(admin_a, tenant_a):
    job = job_of(tenant_a, upload(admin_a, "billion_laughs.xlsx"))
    run_queued(TASK)
    html = page(admin_a, job)
    assert "This file cannot be imported" in html
    assert "This workbook cannot be read" in html
    assert "Import now" not in html


def test_templates_have_the_import_columns(admin_a):
    response = admin_a.get(f"{INDEX}template/people.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    headers = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(headers) == 14
    response = admin_a.get(f"{INDEX}template/opening_balance.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 and len(rows[0]) == 9
    assert admin_a.get(f"{INDEX}template/people.pdf").status_code == 404
    assert admin_a.get(f"{INDEX}template/secrets.csv").status_code == 404


def test_exports_download_and_neutralise(admin_a, tenant_a):
    from tests.members.factories import PersonFactory

    with tenant_context(tenant_a):
        PersonFactory(first_name="=HYPERLINK(1)", last_name="Formule", member_number=77)
    connection.set_schema_to_public()
    response = admin_a.get(f"{INDEX}export/people.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and ";=HYPERLINK" not in text
    response = admin_a.get(f"{INDEX}export/people.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(1)" in values
    index = admin_a.get(INDEX).content.decode()
    for kind in ("people", "opening_balance", "memberships", "fee_payments"):
        assert f'href="/admin/import-export/export/{kind}.xlsx"' in index


def test_another_tenant_sees_none_of_it(admin_a, tenant_a, client_b, tenant_b):
    job = job_of(tenant_a, upload(admin_a, "people_good.csv"))
    in_english(tenant_b, "admin@bravo.localhost")
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    assert client_b.get(f"{INDEX}jobs/{job.pk}/").status_code == 404
    assert client_b.get(f"{INDEX}jobs/{job.pk}/status/").status_code == 404
    assert client_b.post(f"{INDEX}jobs/{job.pk}/import/").status_code == 404
    assert "people_good.csv" not in client_b.get(INDEX).content.decode()
    # A vzw keeps no share register: no opening balance there.
    index = client_b.get(INDEX).content.decode()
    assert "export/opening_balance" not in index and "export/memberships" in index
    assert client_b.get(f"{INDEX}export/opening_balance.csv").status_code == 404


def test_the_network_site_has_no_import_export(network_client, public_tenant):
    login_as(network_client, public_tenant, "admin@localhost")
    assert network_client.get(INDEX).status_code == 404
    assert "/admin/import-export/" not in network_client.get("/admin/").text


def test_the_menu_shows_import_export_in_a_buurtpunt(admin_a):
    assert "/admin/import-export/" in admin_a.get("/admin/").text


def test_a_user_without_permissions_is_turned_away(client_a, tenant_a):
    with tenant_context(tenant_a):
        user = get_user_model().objects.create_user(
            username="helper@alfa.localhost", email="helper@alfa.localhost", password="x"
        )
        user.is_staff = True
        user.save()
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    in_english(tenant_a, "helper@alfa.localhost")
    login_as(client_a, tenant_a, "helper@alfa.localhost")
    assert client_a.get(INDEX).status_code in (302, 403)
    assert client_a.get(f"{INDEX}export/people.csv").status_code in (302, 403)
    with tenant_context(tenant_a):
        user.user_permissions.add(Permission.objects.get(codename="view_person"))
    connection.set_schema_to_public()
    index = client_a.get(INDEX)
    assert index.status_code == 200
    html = index.content.decode()
    assert "export/people.csv" in html  # may export people
    assert 'name="file"' not in html  # may not import
    assert client_a.get(f"{INDEX}template/people.csv").status_code in (302, 403)
