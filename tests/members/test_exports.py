"""The share register as a file (``members.exports``) and ``manage.py export_register``:
each format read back, formulas made harmless, the command's errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from core.localtime import TIMEZONE
from members.exports import EXPORT_FORMATS, export_filename, export_register
from tests.members.factories import PersonFactory, ShareClassFactory
from tests.members.test_register import TODAY, build_register, write

pytestmark = pytest.mark.django_db

ON = date(2025, 3, 3)  # after Eva's correction, after Dirk's exit
HEADERS = [
    "Line",
    "Member number",
    "Name",
    "Kind",
    "Domicile or registered office",
    "Enterprise number",
    "Class",
    "Shares held",
    "Paid per share",
    "Paid in",
    "Entry number",
    "Date",
    "Entry",
    "Quantity",
    "Amount paid in (+) or back (−)",
    "Counterparty number",
    "Counterparty",
    "Reverses entry",
    "Note",
]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.combine(TODAY, time(10, 0), tzinfo=TIMEZONE), tick=False):
        yield


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a), translation.override("en"):
        yield build_register()
    connection.set_schema_to_public()


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with its mark, for spreadsheets
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


def lines(rows: list[dict], name: str, line: str) -> list[dict]:
    return [row for row in rows if row["Name"] == name and row["Line"] == line]


# --- CSV --------------------------------------------------------------------------------------


def test_csv_holds_a_line_per_holding_then_its_entries(in_a):
    rows = read_csv(export_register(ON, "csv"))
    assert [(row["Line"], row["Member number"], row["Class"]) for row in rows[:4]] == [
        ("holding", "1", "B"),  # Carla first: member number 1
        ("entry", "1", "B"),
        ("entry", "1", "B"),
        ("holding", "2", "A"),  # Ann: class A, its entry, then class B
    ]
    (carla,) = lines(rows, "Carla Claeys", "holding")
    assert carla["Kind"] == "Natural person"
    assert carla["Domicile or registered office"] == "Dorpsstraat 1, 8691 Beveren-aan-den-IJzer"
    assert (carla["Shares held"], carla["Paid per share"], carla["Paid in"]) == (
        "5",
        "25.00",
        "125.00",
    )
    transfer_in = lines(rows, "Carla Claeys", "entry")[1]
    assert transfer_in["Date"] == "2024-06-01"
    assert transfer_in["Entry"] == "Transfer (in)"
    assert (transfer_in["Quantity"], transfer_in["Amount paid in (+) or back (−)"]) == (
        "3",
        "75.00",
    )
    assert (transfer_in["Counterparty number"], transfer_in["Counterparty"]) == ("3", "Bert Baert")
    # Entry lines leave the holding's columns empty.
    assert transfer_in["Shares held"] == transfer_in["Kind"] == ""


def test_csv_shows_exits_and_reversals(in_a):
    rows = read_csv(export_register(ON, "csv"))
    (dirk,) = lines(rows, "Dirk Dewulf", "holding")
    assert (dirk["Shares held"], dirk["Paid in"]) == ("0", "0.00")
    redemption = lines(rows, "Dirk Dewulf", "entry")[-1]
    assert redemption["Entry"] == "Redemption (resignation)"
    # A number going out stays a number: "-5" is not taken for a formula.
    assert (redemption["Quantity"], redemption["Amount paid in (+) or back (−)"]) == (
        "-5",
        "-125.00",
    )
    assert redemption["Note"] == "Verhuisd"
    reversal = lines(rows, "Eva Everaert", "entry")[1]
    assert reversal["Entry"] == "Reversal"
    assert reversal["Reverses entry"] == str(in_a.wrong.number)


def test_csv_as_of_an_earlier_date_leaves_later_entries_out(in_a):
    rows = read_csv(export_register(date(2024, 3, 1), "csv"))
    assert {row["Name"] for row in rows} == {"Ann Aerts", "Bert Baert", "Carla Claeys"}
    assert "2024-06-01" not in {row["Date"] for row in rows}


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_has_the_register_and_the_classes_with_numbers_as_numbers(in_a):
    workbook = load_workbook(io.BytesIO(export_register(ON, "xlsx")))
    assert workbook.sheetnames == ["Share register", "Share classes"]
    rows = list(workbook["Share register"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    by_name = [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]
    bert = [row for row in by_name if row["Name"] == "Bert Baert"]
    assert bert[0]["Line"] == "holding"
    assert (bert[0]["Shares held"], bert[0]["Paid in"]) == (7, 175)
    transfer_out = bert[-1]
    assert transfer_out["Date"].date() == date(2024, 6, 1)
    assert (transfer_out["Quantity"], transfer_out["Amount paid in (+) or back (−)"]) == (-3, -75)
    assert transfer_out["Counterparty"] == "Carla Claeys"
    assert len(by_name) == len(read_csv(export_register(ON, "csv")))

    classes = list(workbook["Share classes"].iter_rows(values_only=True))
    assert classes[0][:4] == ("Class", "Name", "Price per share", "Votes per share")
    assert [(row[0], row[6], row[7], row[8]) for row in classes[1:]] == [
        ("A", 4, 200, 1),
        ("B", 15, 375, 4),  # Ann 1, Bert 7, Carla 5, Eva 2 (Dirk 0: not a holder)
    ]


# --- JSON -------------------------------------------------------------------------------------


def test_json_keeps_codes_and_exact_amounts(in_a):
    document = json.loads(export_register(ON, "json"))
    assert document["register"] == "shares"
    assert document["as_of"] == "2025-03-03"
    assert [(c["code"], c["outstanding"], c["paid_in"]) for c in document["share_classes"]] == [
        ("A", 4, "200.00"),
        ("B", 15, "375.00"),
    ]
    holders = {h["name"]: h for h in document["holders"]}
    assert [h["member_number"] for h in document["holders"]] == [1, 2, 3, 4, 5]
    assert holders["Ann Aerts"]["holdings"] == [
        {"class": "A", "shares": 4, "paid_per_share": "50.00", "paid_in": "200.00"},
        {"class": "B", "shares": 1, "paid_per_share": "25.00", "paid_in": "25.00"},
    ]
    eva = holders["Eva Everaert"]["entries"]
    assert [(e["kind"], e["quantity"], e["reverses"]) for e in eva] == [
        ("issue", 12, None),
        ("reversal", -12, in_a.wrong.number),
        ("issue", 2, None),
    ]
    transfer = holders["Bert Baert"]["entries"][-1]
    assert transfer["counterparty"] == {"member_number": 1, "name": "Carla Claeys"}
    assert transfer["amount"] == "-75.00"


def test_json_tells_a_legal_person_by_its_seat_and_number(tenant_a):
    with tenant_context(tenant_a):
        b = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
        bakery = PersonFactory(
            kind="legal",
            first_name="",
            last_name="",
            organisation_name="Bakkerij Deprez BV",
            company_number="0456.123.197",
            member_number=1,
        )
        write("issue", bakery, b, 8, date(2025, 1, 1))
        (holder,) = json.loads(export_register(TODAY, "json"))["holders"]
    connection.set_schema_to_public()
    assert holder["name"] == "Bakkerij Deprez BV"
    assert holder["kind"] == "legal"
    assert holder["company_number"] == "0456.123.197"


# --- formulas ---------------------------------------------------------------------------------

HOSTILE = {
    "first_name": '=HYPERLINK("http://evil.example","klik")',
    "last_name": "+Peeters",
    "street": "@SUM(1+1) 4",
    "city": "-Beveren",
}


@pytest.fixture
def hostile(tenant_a):
    with tenant_context(tenant_a), translation.override("en"):
        b = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
        person = PersonFactory(**HOSTILE, postcode="8691", member_number=1)
        write("issue", person, b, 2, date(2025, 1, 1), note="\tgeen notitie")
        yield person
    connection.set_schema_to_public()


def test_csv_cells_that_look_like_formulas_are_plain_text(hostile):
    rows = read_csv(export_register(TODAY, "csv"))
    holding, entry = rows
    assert holding["Name"] == "'" + hostile.name
    assert holding["Name"].startswith("'=HYPERLINK")
    assert holding["Domicile or registered office"] == "'@SUM(1+1) 4, 8691 -Beveren"
    assert entry["Note"] == "'\tgeen notitie"
    assert entry["Quantity"] == "2"


def test_xlsx_cells_that_look_like_formulas_are_plain_text(hostile):
    sheet = load_workbook(io.BytesIO(export_register(TODAY, "xlsx")))["Share register"]
    name = sheet.cell(row=2, column=3)
    assert name.data_type == "s"  # a string, not a formula ("f")
    assert name.value == "'" + hostile.name
    assert sheet.cell(row=2, column=5).value.startswith("'@SUM")
    assert sheet.cell(row=3, column=19).value == "'\tgeen notitie"
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_xlsx_survives_control_characters_an_import_may_bring(tenant_a):
    with tenant_context(tenant_a):
        b = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
        person = PersonFactory(first_name="Jan\x07", last_name="Smet\x1b", member_number=1)
        write("issue", person, b, 1, date(2025, 1, 1))
        sheet = load_workbook(io.BytesIO(export_register(TODAY, "xlsx"))).worksheets[0]
    connection.set_schema_to_public()
    assert sheet.cell(row=2, column=3).value == "Jan Smet"


def test_formats_and_file_names(in_a):
    assert set(EXPORT_FORMATS) == {"csv", "xlsx", "json"}
    assert EXPORT_FORMATS["xlsx"][1] == "xlsx"
    assert export_filename(ON, "json") == "share-register-2025-03-03.json"
    with pytest.raises(ValueError, match="unknown export format"):
        export_register(ON, "pdf")


# --- manage.py export_register ----------------------------------------------------------------


def command(*args: str, stdout=None) -> str:
    stdout = stdout if stdout is not None else io.StringIO()
    with translation.override("en"):
        call_command("export_register", *args, stdout=stdout)
    connection.set_schema_to_public()
    return stdout.getvalue() if isinstance(stdout, io.StringIO) else ""


@pytest.fixture
def alfa(in_a, tenant_a):
    connection.set_schema_to_public()
    return tenant_a


def test_command_writes_csv_as_of_the_date(alfa):
    text = command("--schema", "alfa", "--date", "2024-03-01")
    rows = read_csv(("\ufeff" + text.lstrip("\ufeff")).encode("utf-8"))
    assert {row["Name"] for row in rows} == {"Ann Aerts", "Bert Baert", "Carla Claeys"}


def test_command_writes_json_for_today_by_default(alfa):
    document = json.loads(command("--schema", "alfa", "--format", "json"))
    assert document["as_of"] == TODAY.isoformat()
    assert len(document["holders"]) == 5


def test_command_writes_xlsx_as_bytes(alfa):
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    command("--schema", "alfa", "--format", "xlsx", "--date", "2025-03-03", stdout=stdout)
    stdout.flush()
    workbook = load_workbook(io.BytesIO(stdout.buffer.getvalue()))
    assert workbook["Share register"].max_row == len(read_csv(export_register_in(alfa))) + 1


def export_register_in(tenant) -> bytes:
    with tenant_context(tenant), translation.override("en"):
        data = export_register(ON, "csv")
    connection.set_schema_to_public()
    return data


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--schema", "nope"], "No buurtpunt has the schema 'nope'"),
        (["--schema", "public"], "No buurtpunt has the schema 'public'"),
        (
            ["--schema", "bravo"],
            "bravo has no share register: its legal form is “Non-profit (vzw)”",
        ),
        (["--schema", "alfa", "--date", "2025-02-30"], "--date '2025-02-30' is not a date"),
        (["--schema", "alfa", "--date", "yesterday"], "--date 'yesterday' is not a date"),
        (["--schema", "alfa", "--date", "20250101"], "--date '20250101' is not a date"),
        (["--schema", "alfa", "--format", "xlsx"], "XLSX is a binary file"),
    ],
)
def test_command_refuses_with_a_clear_message(alfa, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        command(*args)


def test_command_exits_with_status_1_and_one_line(db):
    """From the shell: the refusal is one line on standard error, and the status 1."""
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "BUURTPUNT_DB_NAME": connection.settings_dict["NAME"],
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "export_register", "--schema", "nope"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == "CommandError: No buurtpunt has the schema 'nope'."
