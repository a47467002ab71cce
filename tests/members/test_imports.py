"""Importing and exporting spreadsheets (``members.imports``, ``members.resources``):
the dry run that reports every bad row and writes nothing, the all-or-nothing import,
updates instead of duplicates, the register's opening balance with its real dates,
formulas neutralised on export, the caps, a crafted XLSX, the job run twice, and a
second tenant that never sees any of it."""

from __future__ import annotations

import csv
import io
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.utils import translation
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from core import localtime
from members.imports import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportFileError,
    import_job_confirm,
    import_job_create,
    import_job_run,
    run_import,
)
from members.models import (
    Counter,
    FeeDue,
    ImportJob,
    Membership,
    MembershipType,
    Person,
    RegisterEntry,
    ShareClass,
)
from members.resources import export_rows, template_headers, write_file
from members.selectors import holding, register_as_of
from tests.members.factories import PersonFactory
from tests.queue import queued, run_queued

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
TASK = "members.import_tasks.run_import_job"
PEOPLE = ImportJob.Kind.PEOPLE
OPENING = ImportJob.Kind.OPENING_BALANCE


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def fmt_of(name_or_bytes) -> str:
    return name_or_bytes.rsplit(".", 1)[1] if isinstance(name_or_bytes, str) else "csv"


def dry(kind, name_or_bytes, fmt=None):
    content = sample(name_or_bytes) if isinstance(name_or_bytes, str) else name_or_bytes
    outcome, _headers = run_import(
        kind, content, fmt or fmt_of(name_or_bytes), dry_run=True, job_id=None
    )
    return outcome


def real(kind, name_or_bytes, fmt=None, actor=None):
    content = sample(name_or_bytes) if isinstance(name_or_bytes, str) else name_or_bytes
    outcome, _headers = run_import(kind, content, fmt or fmt_of(name_or_bytes), dry_run=False)
    return outcome


def problems(outcome) -> set[tuple[int, str]]:
    return {(p["row"], p["field"]) for p in outcome.problems}


def people_csv(
    *rows: str,
    header: str = "Lidnummer;Voornaam;Familienaam;Straat en nummer;"
    "Postcode;Gemeente;E-mail;Telefoon",
) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a), translation.override("en"):
        yield tenant_a
    connection.set_schema_to_public()


@pytest.fixture
def share_class_a(in_a):
    share_class = ShareClass.objects.get(code="A")  # given to every new cooperative
    assert share_class.nominal_value == Decimal("50.00")
    return share_class


def founders():
    """The people the register samples refer to, with member numbers 101 and 102."""
    real(PEOPLE, "people_good.csv")
    return Person.objects.get(member_number=101), Person.objects.get(member_number=102)


# --- reading files ---------------------------------------------------------------------------


def test_openpyxl_parses_xml_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_the_dry_run_reports_each_bad_row_and_writes_nothing(in_a):
    before = Person.objects.count()
    outcome = dry(PEOPLE, "people_bad.csv")
    assert outcome.rows == 6
    assert problems(outcome) == {
        (3, "postcode"),
        (4, "iban"),
        (5, "company_number"),
        (6, "email"),
        (7, "member_number"),
    }
    messages = {p["row"]: p["message"] for p in outcome.problems}
    assert "four digits" in messages[3]
    assert "IBAN" in messages[4]
    assert "enterprise number" in messages[5]
    assert "e-mail" in messages[6]
    assert "row 2" in messages[7]
    assert outcome.rows_with_errors == 5
    assert Person.objects.count() == before
    assert not ModelLogEntry.objects.filter(action="members.person.imported").exists()


def test_the_check_speaks_the_uploaders_language(in_a, tenant_a):
    too_long = people_csv(f";{'x' * 150};Peeters;Kerkstraat 1;8691;Beveren;;")
    messages = {}
    for language in ("en", "nl"):
        with tenant_context(tenant_a):  # run_queued leaves the connection in public
            job = import_job_create(
                kind=PEOPLE, file_name="p.csv", content=too_long, language=language
            )
        run_queued(TASK)
        with tenant_context(tenant_a):
            job.refresh_from_db()
        messages[language] = job.errors[0]["message"]
    assert "100" in messages["en"] and "100" in messages["nl"]
    assert messages["en"].startswith("Ensure this value has at most 100 characters")
    assert messages["nl"] != messages["en"]  # Django's own Dutch


def test_a_good_file_imports_every_row(in_a):
    outcome = real(PEOPLE, "people_good.csv")
    assert outcome.ok and outcome.counts == {"created": 3}
    jan = Person.objects.get(member_number=101)
    assert (jan.first_name, jan.last_name, jan.postcode, jan.country) == (
        "Jan",
        "Peeters",
        "8691",
        "BE",
    )
    assert jan.iban == "BE68539007547034"  # stored compact
    assert jan.email_confirmed_at is not None  # the board vouches for what it imports
    elise = Person.objects.get(member_number=102)
    assert elise.first_name == "Élise" and elise.language == "en"
    bakery = Person.objects.get(member_number=103)
    assert bakery.kind == Person.Kind.LEGAL
    assert bakery.company_number == "0403.170.701"
    assert bakery.country == "BE"  # "België"
    # The member number series goes on after the numbers the file brought.
    assert Counter.objects.get(name="member_number").value >= 103
    entries = ModelLogEntry.objects.filter(action="members.person.imported")
    assert entries.count() == 3


def test_a_file_with_one_bad_row_imports_nothing(in_a):
    before = Person.objects.count()
    outcome = real(
        PEOPLE,
        people_csv(
            "401;Jan;Peeters;Kerkstraat 1;8691;Beveren;jan401@example.be;",
            "402;An;Maes;Kerkstraat 2;8691;Beveren;an402@example.be;",
            "403;Els;Claes;Kerkstraat 3;86910;Beveren;els403@example.be;",
        ),
        "csv",
    )
    assert not outcome.ok
    assert problems(outcome) == {(4, "postcode")}
    assert Person.objects.count() == before
    assert not Person.objects.filter(member_number__in=[401, 402]).exists()


def test_reimporting_people_updates_them_instead_of_adding_them_again(in_a):
    real(PEOPLE, "people_good.csv")
    count = Person.objects.count()
    outcome = real(
        PEOPLE,
        people_csv(
            # by member number: a new phone; an empty cell keeps what is stored
            "101;Jan;Peeters;Kerkstraat 1;8691;Beveren-aan-den-IJzer;;0499 99 99 99",
            # without a member number: by e-mail address and name
            ";Élise;Vandenbroucke;Nieuwstraat 9;8690;Alveringem;elise@example.be;",
        ),
        "csv",
    )
    assert outcome.ok, outcome.problems
    assert outcome.counts == {"updated": 2}
    assert Person.objects.count() == count
    jan = Person.objects.get(member_number=101)
    assert jan.phone == "0499 99 99 99"
    assert jan.email == "jan.peeters@example.be"
    assert Person.objects.get(member_number=102).street == "Nieuwstraat 9"
    log = ModelLogEntry.objects.filter(action="members.person.updated").order_by("pk").first()
    assert log.data["fields"] == ["phone"]
    # The same file again changes nothing.
    again = real(
        PEOPLE, people_csv("101;Jan;Peeters;Kerkstraat 1;8691;Beveren-aan-den-IJzer;;0499 99 99 99")
    )
    assert again.counts == {"unchanged": 1}


def test_a_family_sharing_one_address_is_two_people(in_a):
    outcome = real(
        PEOPLE,
        people_csv(
            ";Jan;Peeters;Kerkstraat 1;8691;Beveren;gezin@example.be;",
            ";An;Peeters;Kerkstraat 1;8691;Beveren;gezin@example.be;",
        ),
        "csv",
    )
    assert outcome.counts == {"created": 2}
    assert Person.objects.filter(email="gezin@example.be").count() == 2


def test_a_member_number_of_someone_else_is_refused_a_free_one_is_kept(in_a):
    PersonFactory(first_name="Dirk", last_name="Maes", member_number=7, email="dirk@example.be")
    outcome = dry(
        PEOPLE,
        people_csv(
            "7;Griet;Vanneste;Kerkstraat 1;8691;Beveren;griet@example.be;",
            "8;Koen;Lefevere;Kerkstraat 2;8691;Beveren;koen@example.be;",
        ),
        "csv",
    )
    assert problems(outcome) == {(2, "member_number")}
    assert "Dirk Maes" in outcome.problems[0]["message"]
    outcome = real(PEOPLE, people_csv("8;Koen;Lefevere;Kerkstraat 2;8691;Beveren;koen@x.be;"))
    assert Person.objects.get(member_number=8).first_name == "Koen"


def test_html_and_formulas_in_names_are_stored_as_text(in_a):
    outcome = real(PEOPLE, "people.xlsx")
    assert outcome.ok, outcome.problems
    assert outcome.rows == 3  # the empty row is skipped
    an = Person.objects.get(member_number=301)
    # A formula cell without a cached value: its text, never evaluated.
    assert an.last_name == '=HYPERLINK("http://evil.example/","klik")'
    assert Person.objects.get(member_number=302).first_name == "<script>alert(1)</script>"
    assert Person.objects.get(member_number=303).postcode == "8690"  # a number cell
    real(PEOPLE, people_csv(';=cmd|"/c calc"!A1;Peeters;Kerkstraat 1;8691;Beveren;f@x.be;'))
    assert Person.objects.filter(first_name='=cmd|"/c calc"!A1').exists()


def test_a_windows_1252_csv_with_commas_is_read(in_a):
    outcome = real(PEOPLE, "people_cp1252.csv")
    assert outcome.ok, (outcome.problems, outcome.file_errors)
    person = Person.objects.get(email="frederic@example.be")
    assert person.first_name == "Frédéric"
    assert person.street == "Rue de l'Église 3, bus 2"


def test_unknown_columns_are_left_out_and_named(in_a):
    outcome = dry(
        PEOPLE,
        people_csv(
            "Kerkstraat 1;8691;Beveren;Peeters;Jan;koffie",
            header="Straat;Postcode;Gemeente;Familienaam;Voornaam;Lievelingsdrank",
        ),
        "csv",
    )
    assert outcome.ok
    assert outcome.ignored_columns == ["Lievelingsdrank"]


def test_a_file_without_the_needed_columns_is_refused(in_a):
    outcome = dry(PEOPLE, b"Voornaam;Telefoon\r\nJan;0470\r\n", "csv")
    assert outcome.file_errors and "lacks the column" in outcome.file_errors[0]


# --- caps and hostile files -----------------------------------------------------------------


def test_a_file_over_five_megabytes_is_refused(in_a):
    big = people_csv(*["x" * 1000] * (MAX_FILE_BYTES // 1000 + 10))
    assert len(big) > MAX_FILE_BYTES
    with pytest.raises(ImportFileError, match="larger than 5 MB"):
        import_job_create(kind=PEOPLE, file_name="big.csv", content=big)
    assert dry(PEOPLE, big, "csv").file_errors[0].startswith("The file is larger than 5 MB")
    assert not ImportJob.objects.exists()


def test_too_many_rows_are_refused(in_a):
    rows = [f";Jan;Peeters{i};Kerkstraat 1;8691;Beveren;;" for i in range(MAX_ROWS + 1)]
    outcome = dry(PEOPLE, people_csv(*rows), "csv")
    assert outcome.file_errors == [
        "The file has more than 10.000 rows: split it into smaller files."
    ]
    assert not Person.objects.filter(first_name="Jan", last_name__startswith="Peeters").exists()


def test_too_many_columns_are_refused(in_a):
    header = ";".join(f"Kolom {i}" for i in range(60))
    outcome = dry(PEOPLE, f"{header}\r\n{';' * 59}x\r\n".encode(), "csv")
    assert "more than 50 columns" in outcome.file_errors[0]


def test_a_billion_laughs_workbook_is_refused_quickly(in_a):
    started = time.perf_counter()
    outcome = dry(PEOPLE, "billion_laughs.xlsx")
    assert time.perf_counter() - started < 5
    assert outcome.file_errors == [
        "This workbook cannot be read. Open it in your spreadsheet and save it again."
    ]
    assert outcome.rows == 0


def test_an_old_excel_file_is_refused_with_advice(in_a):
    with pytest.raises(ImportFileError, match="save it as .xlsx"):
        import_job_create(
            kind=PEOPLE, file_name="leden.xls", content=b"\xd0\xcf\x11\xe0" + b"\0" * 100
        )


def test_a_zip_that_unpacks_too_far_is_refused(in_a):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (110 * 1024 * 1024) + b"</a>")
    assert len(out.getvalue()) < MAX_FILE_BYTES
    outcome = dry(PEOPLE, out.getvalue(), "xlsx")
    assert outcome.file_errors == ["This workbook unpacks to more than can be read."]


# --- the register's opening balance ---------------------------------------------------------


def test_the_opening_balance_carries_its_real_dates(in_a, share_class_a):
    jan, elise = founders()
    outcome = real(OPENING, "opening_balance.csv")
    assert outcome.ok, outcome.problems
    assert outcome.counts == {"entries": 5}
    entries = list(RegisterEntry.objects.order_by("number"))
    # Written in date order (the file lists them otherwise), numbered without gaps.
    assert [e.entry_date for e in entries] == sorted(e.entry_date for e in entries)
    assert [e.number for e in entries] == list(range(1, 6))
    assert [(e.person, e.kind, e.quantity) for e in entries] == [
        (jan, "issue", 4),
        (elise, "issue", 2),
        (elise, "transfer_in", 1),
        (jan, "transfer_out", -1),
        (elise, "redemption", -3),
    ]
    transfer = entries[3]
    assert transfer.counterparty == elise and transfer.entry_date == date(2020, 6, 15)
    assert entries[4].amount == Decimal("-150.00")  # paid back
    assert entries[0].note == "Oprichter"
    # The register as of a past date shows them as they stood.
    in_2020 = register_as_of(date(2020, 12, 31))
    assert {row.person: row.shares for row in in_2020.holders} == {jan: 3, elise: 3}
    in_2019 = register_as_of(date(2019, 3, 1))
    assert {row.person: row.shares for row in in_2019.holders} == {jan: 4, elise: 2}
    assert holding(elise, share_class_a) == 0
    assert holding(jan, share_class_a, date(2019, 2, 28)) == 0


def test_the_opening_balance_refuses_negative_holdings_future_dates_and_strangers(
    in_a, share_class_a
):
    founders()
    outcome = dry(OPENING, "opening_balance_bad.csv")
    assert problems(outcome) == {
        (3, "quantity"),  # 5 out of 2
        (4, "entry_date"),  # 2099
        (5, "member_number"),  # nobody has 999
        (6, "share_class"),  # no class Z
    }
    messages = {p["row"]: p["message"] for p in outcome.problems}
    assert "holds 2 shares" in messages[3]
    assert "future" in messages[4]
    assert not RegisterEntry.objects.exists()


def test_the_opening_balance_is_not_imported_twice(in_a, share_class_a):
    founders()
    real(OPENING, "opening_balance.csv")
    outcome = dry(OPENING, "opening_balance.csv")
    assert len(outcome.problems) == 5
    assert all("in the register already" in p["message"] for p in outcome.problems)
    assert RegisterEntry.objects.count() == 5


def test_a_first_issue_gives_a_person_without_number_a_member_number(in_a, share_class_a):
    person = PersonFactory(email="nieuw@example.be")
    Counter.objects.update_or_create(name="member_number", defaults={"value": 500})
    outcome = real(
        OPENING,
        b"E-mail;Klasse;Soort;Aantal;Datum\r\nnieuw@example.be;A;uitgifte;1;2022-05-01\r\n",
        "csv",
    )
    assert outcome.ok, outcome.problems
    person.refresh_from_db()
    assert person.member_number == 501
    assert RegisterEntry.objects.get().amount_per_share == Decimal("50.00")  # the class's price


# --- memberships and fee payments (vzw) ------------------------------------------------------


@pytest.fixture
def membership_type(in_a):
    from members.services.membership import membership_defaults_ensure

    membership_defaults_ensure()
    return MembershipType.objects.get()


def test_memberships_are_imported_with_their_dates_and_ends(in_a, membership_type):
    jan, elise = founders()
    outcome = real(ImportJob.Kind.MEMBERSHIPS, "memberships.csv")
    assert outcome.ok, outcome.problems
    current = Membership.objects.get(person=jan)
    assert current.admitted_on == date(2018, 9, 1) and current.ended_on is None
    former = Membership.objects.get(person=elise)
    assert former.ended_on == date(2022, 6, 30)
    assert former.end_reason == Membership.EndReason.RESIGNATION
    assert former.reduced_fee is True
    assert dry(ImportJob.Kind.MEMBERSHIPS, "memberships.csv").rows_with_errors == 2


def test_fee_payments_mark_raised_fees_paid(in_a, membership_type):
    from members.services.fees import dues_raise

    founders()
    real(ImportJob.Kind.MEMBERSHIPS, "memberships.csv")
    outcome = dry(ImportJob.Kind.FEE_PAYMENTS, "fee_payments.csv")
    assert "raise that year's fees first" in outcome.problems[0]["message"]
    dues_raise(year=2024, notify=False)
    due = FeeDue.objects.get(person__member_number=101, year=2024)
    outcome = real(ImportJob.Kind.FEE_PAYMENTS, "fee_payments.csv")
    assert outcome.ok, outcome.problems
    due.refresh_from_db()
    assert due.status == FeeDue.Status.PAID
    assert due.payment.paid_via == "import" and "Contant" in due.payment.note
    assert "already" in dry(ImportJob.Kind.FEE_PAYMENTS, "fee_payments.csv").problems[0]["message"]


# --- exports and templates --------------------------------------------------------------------

FORMULAS = ["=1+2", "+32 470", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def read_back(content: bytes, fmt: str) -> list[list]:
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_neutralise_formulas(in_a, fmt):
    for index, text in enumerate(FORMULAS):
        PersonFactory(first_name=text, last_name=f"Formule{index}", member_number=900 + index)
    headers, rows = export_rows(PEOPLE)
    table = read_back(write_file(headers, rows, fmt), fmt)
    assert table[0] == headers
    first_names = {row[3]: row[2] for row in table[1:]}
    for index, text in enumerate(FORMULAS):
        value = first_names[f"Formule{index}"]
        # (XML keeps no carriage return: a workbook gives it back as a line feed.)
        assert value in ("'" + text, "'" + text.replace("\r", "\n")), (text, value)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(write_file(headers, rows, fmt))).worksheets[0]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_exports_have_the_headers_in_the_sites_language(in_a):
    headers, _rows = export_rows(PEOPLE)
    with translation.override("nl"):
        expected = str(Person._meta.get_field("postcode").verbose_name).capitalize()
    assert expected in headers


def test_an_export_reimports_as_it_was(in_a, share_class_a):
    jan, _elise = founders()
    Person.objects.filter(pk=jan.pk).update(phone="+32 470 12 34 56")  # exported as '+32 ...
    real(OPENING, "opening_balance.csv")
    for kind in (PEOPLE, OPENING):
        headers, rows = export_rows(kind)
        for fmt in ("csv", "xlsx"):
            outcome = dry(kind, write_file(headers, rows, fmt), fmt)
            assert not outcome.file_errors and outcome.rows == len(rows)
            if kind == PEOPLE:  # the same people, unchanged
                assert outcome.ok, outcome.problems
                assert outcome.counts == {"unchanged": len(rows)}
            else:  # the register refuses the same entries twice
                assert outcome.rows_with_errors == len(rows)


@pytest.mark.parametrize("kind", list(ImportJob.Kind.values))
def test_each_template_has_the_columns_an_import_reads(in_a, kind):
    headers = template_headers(kind)
    table = read_back(write_file(headers, [], "xlsx"), "xlsx")
    assert table == [headers]
    outcome = dry(kind, write_file(headers, [], "csv"), "csv")
    assert outcome.file_errors == ["The file has no rows of data below its headers."]


# --- jobs: the background run, twice, and two tenants -------------------------------------------


def test_a_job_checks_then_imports_and_is_safe_to_run_twice(in_a, tenant_a, admin_user_a):
    job = import_job_create(
        kind=PEOPLE,
        file_name="people_good.csv",
        content=sample("people_good.csv"),
        actor=admin_user_a,
    )
    assert job.status == ImportJob.Status.QUEUED and len(queued(TASK)) == 1
    run_queued(TASK)
    with tenant_context(tenant_a):
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DRY_RUN_DONE
        assert job.can_import and job.results["rows_ok"] == 3
        assert not Person.objects.filter(member_number=101).exists()
        assert import_job_run(job_id=job.pk) == "nothing to do"
        import_job_confirm(job=job, actor=admin_user_a)
        import_job_confirm(job=job, actor=admin_user_a)  # a second click
    assert len(queued(TASK)) == 1
    run_queued(TASK)
    with tenant_context(tenant_a):
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE
        assert job.rows_done == job.rows_total == 3
        assert job.content == b""  # the file is not kept once imported
        assert Person.objects.filter(member_number__in=[101, 102, 103]).count() == 3
        assert import_job_run(job_id=job.pk) == "nothing to do"
        assert Person.objects.filter(member_number__in=[101, 102, 103]).count() == 3
        log = ModelLogEntry.objects.filter(action="members.person.imported").first()
        assert log.user_id == admin_user_a.pk


def test_a_job_whose_file_went_wrong_since_the_check_imports_nothing(in_a, tenant_a):
    job = import_job_create(kind=PEOPLE, file_name="p.csv", content=sample("people_good.csv"))
    run_queued(TASK)
    with tenant_context(tenant_a):
        import_job_confirm(job=job)
        # Someone takes member number 102 between the check and the import.
        PersonFactory(first_name="Ander", last_name="Iemand", member_number=102, email="")
    run_queued(TASK)
    with tenant_context(tenant_a):
        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED
        assert [e["row"] for e in job.errors] == [3]
        assert not Person.objects.filter(member_number__in=[101, 103]).exists()


def test_a_file_with_errors_cannot_be_confirmed(in_a, tenant_a):
    from members.errors import MembersError

    job = import_job_create(kind=PEOPLE, file_name="bad.csv", content=sample("people_bad.csv"))
    run_queued(TASK)
    with tenant_context(tenant_a):
        job.refresh_from_db()
        assert not job.can_import and job.content == b""
        with pytest.raises(MembersError):
            import_job_confirm(job=job)


def test_an_import_in_one_tenant_writes_nothing_in_another(in_a, tenant_a, tenant_b):
    with tenant_context(tenant_b):
        people_b = Person.objects.count()
        jobs_b = ImportJob.objects.count()
    with tenant_context(tenant_a):
        job = import_job_create(kind=PEOPLE, file_name="p.csv", content=sample("people_good.csv"))
    run_queued(TASK)
    with tenant_context(tenant_a):
        import_job_confirm(job=ImportJob.objects.get(pk=job.pk))
    run_queued(TASK)
    with tenant_context(tenant_a):
        assert Person.objects.filter(member_number__in=[101, 102, 103]).count() == 3
    with tenant_context(tenant_b):
        assert Person.objects.count() == people_b
        assert ImportJob.objects.count() == jobs_b
        assert not Person.objects.filter(email="jan.peeters@example.be").exists()


@pytest.fixture
def admin_user_a(tenant_a):
    from django.contrib.auth import get_user_model

    with tenant_context(tenant_a):
        return get_user_model().objects.get(username="admin@alfa.localhost")


def test_dates_in_the_future_count_from_brussels(in_a, share_class_a):
    founders()
    tomorrow = localtime.today() + timedelta(days=1)
    outcome = dry(
        OPENING,
        f"Lidnummer;Klasse;Soort;Aantal;Datum\r\n101;A;uitgifte;1;{tomorrow.isoformat()}\r\n".encode(),
        "csv",
    )
    assert problems(outcome) == {(2, "entry_date")}
