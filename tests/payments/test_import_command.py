"""``manage.py import_bank_statement --schema SCHEMA FILE``: what it prints, and the
refusals (unknown schema, missing or bad file) as one line and exit status 1."""

from __future__ import annotations

import io
from contextlib import redirect_stderr
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django_tenants.utils import tenant_context

from payments.models import BankStatement, Payment
from payments.services import payment_create
from tests.members.factories import bank_account

SAMPLES = Path(__file__).parent / "samples"
CODA = SAMPLES / "statement.coda"


@pytest.fixture
def alfa(tenant_a):
    """Alfa's account is the samples'; it awaits 75.00 with the first line's reference."""
    with tenant_context(tenant_a):
        bank_account(iban="BE68539007547034")
        payment = payment_create(amount=Decimal("75.00"), description="3 aandelen")
        Payment.objects.filter(pk=payment.pk).update(reference="090933755493")
    connection.set_schema_to_public()
    return tenant_a


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_bank_statement", *args, stdout=out)
    return out.getvalue()


def test_import_prints_what_matched_and_what_is_left(alfa):
    output = run("--schema", "alfa", str(CODA))
    assert "Imported statement.coda (CODA): 6 lines, 0 known" in output
    assert "Paid automatically: 1" in output
    assert "+++090/9337/55493+++" in output
    assert "Left for a person: 4" in output
    assert "MAES PIETER" in output and "JANSSENS JAN" in output
    assert "Money out (not matched): 1" in output
    with tenant_context(alfa):
        assert Payment.objects.get(reference="090933755493").status == Payment.Status.PAID
        assert BankStatement.objects.get().imported_by is None

    again = run("--schema", "alfa", str(CODA))
    assert "was imported already" in again and "nothing changed" in again


def test_a_csv_file_through_the_command(alfa):
    output = run("--schema", "alfa", str(SAMPLES / "statement.csv"))
    assert "(CSV): 4 lines" in output and "Paid automatically: 1" in output


def test_an_unknown_schema_is_refused(db):
    with pytest.raises(CommandError, match="No buurtpunt has the schema 'nergens'"):
        run("--schema", "nergens", str(CODA))
    with pytest.raises(CommandError, match="No buurtpunt"):
        run("--schema", "public", str(CODA))


def test_a_missing_file_is_refused(alfa, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("--schema", "alfa", str(tmp_path / "missing.cod"))


def test_a_bad_file_is_one_line_and_exit_status_1(alfa, tmp_path, monkeypatch):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"datum;bedrag\n2026-03-20;veel\n2026-03-21;5\n2026-99-01;5\n")
    with pytest.raises(CommandError) as refusal:
        run("--schema", "alfa", str(bad))
    assert "\n" not in str(refusal.value) and "veel" in str(refusal.value)

    # As from a shell: the command's own runner, which closes the connections when done
    # (kept open here: the test's transaction is on one).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    stderr = io.StringIO()
    with redirect_stderr(stderr), pytest.raises(SystemExit) as exit_:
        ManagementUtility(
            ["manage.py", "import_bank_statement", "--schema", "alfa", str(bad)]
        ).execute()
    assert exit_.value.code == 1
    assert stderr.getvalue().startswith("CommandError: ") and stderr.getvalue().count("\n") == 1
    with tenant_context(alfa):
        assert not BankStatement.objects.exists()
