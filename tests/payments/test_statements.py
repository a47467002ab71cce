"""Bank statements: the three formats read from the committed samples, the matching
(paid, less, more, unknown, money out, paid twice), a file imported twice or
overlapping, the refusals that write nothing, the queue (assign, dismiss), two
tenants with the same reference, and the admin screens."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from members.models import RegisterEntry, Subscription
from members.services import subscription_approve, subscription_confirm, subscription_request
from payments.models import BankStatement, Payment, StatementLine
from payments.services import payment_create, payment_mark_paid
from payments.statements.errors import StatementError
from payments.statements.formats import detect, parse
from payments.statements.services import (
    MAX_FILE_BYTES,
    statement_import,
    statement_line_assign,
    statement_line_dismiss,
)
from tests.conftest import login_as
from tests.members.factories import CONSENTS, PERSON_DATA, ShareClassFactory, bank_account

SAMPLES = Path(__file__).parent / "samples"
IBAN = "BE68539007547034"
L = StatementLine.Status
P = Payment.Status

# The structured communications in the samples.
CODA_EXACT = "090933755493"  # 75.00
CODA_LESS = "123450000113"  # 50.00
CODA_MORE = "123450000214"  # 30.00
CODA_IN_TEXT = "123456789002"  # 25.00, typed in the free communication
CAMT_SCOR = "420000001724"  # 75.00
CAMT_USTRD = "420000001825"  # 40.00
CAMT_BATCH = ("420000001926", "420000002027")  # 35.00 and 25.00 in one entry


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def owed(amount: str, reference: str, payer: str = "") -> Payment:
    """A pending payment of ``amount`` carrying ``reference`` (the samples' numbers)."""
    payment = payment_create(amount=Decimal(amount), description="Test", payer_name=payer)
    Payment.objects.filter(pk=payment.pk).update(reference=reference)
    payment.refresh_from_db()
    return payment


def admin_user(tenant):
    return get_user_model().objects.get(username=f"admin@{tenant.schema_name}.localhost")


@pytest.fixture(autouse=True)
def english():
    """The assertions read the services' messages in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        bank_account(iban=IBAN)
        yield tenant_a
    connection.set_schema_to_public()


# --- building statements in a test ------------------------------------------------------


def camt(entries: list[str], *, version: str = "02", iban: str = IBAN) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">
  <BkToCstmrStmt><GrpHdr><MsgId>T</MsgId><CreDtTm>2026-04-01T08:00:00</CreDtTm></GrpHdr>
    <Stmt><Id>T-1</Id><CreDtTm>2026-04-01T08:00:00</CreDtTm>
      <Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      {"".join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>""".encode()


def entry(
    amount: str, ref: str, *, sign="CRDT", structured="", text="", name="Payer", v8=False
) -> str:
    status = "<Sts><Cd>BOOK</Cd></Sts>" if v8 else "<Sts>BOOK</Sts>"
    party = f"<Pty><Nm>{name}</Nm></Pty>" if v8 else f"<Nm>{name}</Nm>"
    amount_element = f'<Amt Ccy="EUR">{amount}</Amt>' if v8 else ""
    strd = f"<Strd><CdtrRefInf><Ref>{structured}</Ref></CdtrRefInf></Strd>" if structured else ""
    ustrd = f"<Ustrd>{text}</Ustrd>" if text else ""
    return f"""<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd>{status}
      <BookgDt><Dt>2026-03-31</Dt></BookgDt><ValDt><Dt>2026-03-31</Dt></ValDt>
      <AcctSvcrRef>{ref}</AcctSvcrRef>
      <NtryDtls><TxDtls>{amount_element}<RltdPties><Dbtr>{party}</Dbtr>
        <DbtrAcct><Id><IBAN>BE71096123456769</IBAN></Id></DbtrAcct></RltdPties>
        <RmtInf>{ustrd}{strd}</RmtInf></TxDtls></NtryDtls></Ntry>"""


def record(*fields: tuple[int, str]) -> str:
    """A 128-character CODA record with each text at its (1-based) position."""
    chars = [" "] * 128
    for start, text in fields:
        chars[start - 1 : start - 1 + len(text)] = text
    return "".join(chars)


def coda_amount(value: str) -> str:
    amount = Decimal(value)
    return ("1" if amount < 0 else "0") + f"{int(abs(amount) * 1000):015d}"


def coda(movements: list[tuple], *, iban: str = IBAN) -> bytes:
    """A CODA file of one statement. ``movements``: (sequence, detail, transaction code,
    amount, structured reference or "", counterparty name); only types 0-3 count in
    the totals, as in the standard."""
    account = iban.ljust(31) + "   EUR"
    records = [
        record((1, "00000"), (6, "010426"), (12, "539"), (15, "05"), (128, "2")),
        record((1, "12"), (3, "020"), (6, account), (43, coda_amount("0")), (59, "310326")),
    ]
    credit = debit = Decimal(0)
    for sequence, detail, code, amount, reference, name in movements:
        communication = f"1101{reference}" if reference else "0"
        records.append(
            record(
                (1, "21"),
                (3, sequence),
                (7, detail),
                (11, f"REF{sequence}".ljust(21)),
                (32, coda_amount(amount)),
                (48, "010426"),
                (54, code),
                (62, communication),
                (116, "010426"),
                (122, "020"),
                (126, "1" if name else "0"),
            )
        )
        if name:
            records.append(
                record((1, "23"), (3, sequence), (7, detail), (11, "BE71096123456769"), (48, name))
            )
        if code[0] in "0123":
            credit += max(Decimal(amount), 0)
            debit += max(-Decimal(amount), 0)
    records.append(
        record((1, "8020"), (5, account), (42, coda_amount(str(credit - debit))), (58, "010426"))
    )
    counted = sum(1 for r in records if r[0] in "1238")
    records.append(
        record(
            (1, "9"),
            (17, f"{counted:06d}"),
            (23, f"{int(debit * 1000):015d}"),
            (38, f"{int(credit * 1000):015d}"),
            (128, "2"),
        )
    )
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


# --- the formats --------------------------------------------------------------------------


def test_coda_sample_is_read_with_amounts_references_and_names():
    parsed = parse(sample("statement.coda"))
    assert parsed.format == "coda"
    assert parsed.account_iban == IBAN
    assert (parsed.number, parsed.date) == ("012", date(2026, 3, 16))
    assert (parsed.opening_balance, parsed.closing_balance) == (
        Decimal("1250.00"),
        Decimal("1404.10"),
    )
    rows = [
        (line.amount, line.structured_reference, line.counterparty_name, line.counterparty_iban)
        for line in parsed.lines
    ]
    assert rows == [
        (Decimal("75.00"), CODA_EXACT, "PEETERS AN", "BE71096123456769"),
        (Decimal("50.00"), CODA_LESS, "JANSSENS JAN", "BE62510007547061"),
        (Decimal("30.00"), CODA_MORE, "DE SMET LIES", "BE21001234567803"),
        (Decimal("20.00"), "", "MAES PIETER", "BE50737012345618"),
        (Decimal("-45.90"), "", "ENERGIECOOPERATIE ECOPOWER", "BE24063987654338"),
        (Decimal("25.00"), CODA_IN_TEXT, "VERMEULEN KLAAS", "BE71096123456769"),
    ]
    assert parsed.lines[3].free_communication == "LIDGELD 2026 FAMILIE MAES"
    assert parsed.lines[0].bank_reference == "0QBV00123BSCTOBAOVERS"
    assert parsed.lines[0].booking_date == date(2026, 3, 16)


def test_camt_sample_is_read_with_its_batch_split_and_pending_entry_left_out():
    parsed = parse(sample("statement.camt053.xml"))
    assert parsed.format == "camt053"
    assert (parsed.account_iban, parsed.number, parsed.date) == (IBAN, "13", date(2026, 3, 20))
    assert (parsed.opening_balance, parsed.closing_balance) == (
        Decimal("1404.10"),
        Decimal("1576.60"),
    )
    assert parsed.not_booked == 1
    rows = [
        (line.amount, line.structured_reference, line.counterparty_name) for line in parsed.lines
    ]
    assert rows == [
        (Decimal("75.00"), CAMT_SCOR, "Wouters Els"),
        (Decimal("40.00"), CAMT_USTRD, "Claeys Marc"),
        (Decimal("-12.50"), "", ""),
        (Decimal("10.00"), "", "Dewitte Sofie"),
        (Decimal("35.00"), CAMT_BATCH[0], "Goossens Bart"),
        (Decimal("25.00"), CAMT_BATCH[1], "Goossens Bart"),
    ]
    assert parsed.lines[0].counterparty_iban == "BE62510007547061"
    assert parsed.lines[2].free_communication == "Beheerskosten zichtrekening maart 2026"
    assert parsed.lines[3].free_communication == "Gift voor de buurtkoffie"
    # The two transfers of one entry keep the entry's reference, told apart by detail.
    assert {line.bank_reference for line in parsed.lines[4:]} == {"2026032000451287"}
    assert [line.detail for line in parsed.lines[4:]] == ["1", "2"]


def test_camt_of_a_later_version_is_read_the_same_way():
    content = camt(
        [
            entry(
                "75.00",
                "A1",
                structured=f"+++{CAMT_SCOR[:3]}/{CAMT_SCOR[3:7]}/{CAMT_SCOR[7:]}+++",
                name="Els",
                v8=True,
            ),
            entry("5.00", "A2", sign="DBIT", text="kosten", name="Bank", v8=True),
        ],
        version="08",
    )
    parsed = parse(content)
    assert [(line.amount, line.structured_reference) for line in parsed.lines] == [
        (Decimal("75.00"), CAMT_SCOR),
        (Decimal("-5.00"), ""),
    ]
    assert parsed.lines[0].counterparty_name == "Els"


def test_csv_sample_is_read_with_decimal_comma_and_dutch_headers():
    parsed = parse(sample("statement.csv"))
    assert parsed.format == "csv" and parsed.account_iban == ""
    rows = [
        (line.booking_date, line.amount, line.counterparty_name, line.structured_reference)
        for line in parsed.lines
    ]
    assert rows == [
        (date(2026, 3, 23), Decimal("75.00"), "An Peeters", CODA_EXACT),
        (date(2026, 3, 23), Decimal("1250.00"), "Vzw De Kring", CODA_LESS),
        (date(2026, 3, 24), Decimal("-12.50"), "Bank", ""),
        (date(2026, 3, 24), Decimal("20.00"), "Pieter Maes", ""),
    ]
    assert parsed.lines[0].counterparty_iban == "BE71096123456769"
    assert parsed.lines[3].free_communication == "lidgeld 2026"


def test_csv_with_commas_and_quoted_amounts():
    content = (
        b'date,amount,name,iban,communication\n2026-03-20,"1.250,50",Ann,,"x, y"\n'
        b"2026-03-21,12.5,Bob,,\n"
    )
    parsed = parse(content)
    assert [line.amount for line in parsed.lines] == [Decimal("1250.50"), Decimal("12.50")]
    assert parsed.lines[0].free_communication == "x, y"


def test_csv_bad_rows_are_all_named_by_line_number():
    content = (
        b"datum;bedrag;naam;iban;mededeling\n"
        b"2026-03-20;75,00;An;;ok\n"
        b"2026-03-20;veel;Bert;;\n"
        b"\n"
        b"32/03/2026;5,00;Cis;;\n"
        b"2026-03-21;1.250;Dirk;;\n"
        b"2026-03-21;5,00;Els;BE00 1234;\n"
    )
    with pytest.raises(StatementError) as refusal:
        parse(content)
    problems = refusal.value.problems
    assert len(problems) == 4
    assert [problem.split(":")[0][-1] for problem in problems] == ["3", "5", "6", "7"]
    assert "veel" in problems[0] and "32/03/2026" in problems[1] and "1.250" in problems[2]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"PK\x03\x04....", "Excel"),
        (b"hello;world\n1;2\n", "columns"),
        (b"<html><body>no</body></html>", "CAMT.053"),
        (b"<Document><BkToCstmrStmt>", "damaged"),
        (b"date;amount\n", "no lines"),
    ],
)
def test_files_that_are_no_statement_are_refused_with_a_reason(content, words):
    with pytest.raises(StatementError) as refusal:
        parse(content)
    assert words.casefold() in refusal.value.message.casefold()


def test_format_is_told_from_the_content_not_the_name():
    assert detect(sample("statement.coda")) == "coda"
    assert detect(b"\xef\xbb\xbf  \n" + sample("statement.camt053.xml")) == "camt053"
    assert detect(sample("statement.csv")) == "csv"


def test_damaged_coda_is_refused():
    content = sample("statement.coda").decode("latin-1")
    # One amount changed: the trailer's totals no longer add up.
    damaged = content.replace("0000000000075000160326", "0000000000076000160326", 1)
    with pytest.raises(StatementError, match="CODA"):
        parse(damaged.encode("latin-1"))
    without_trailer = "\r\n".join(content.split("\r\n")[:-2]).encode("latin-1")
    with pytest.raises(StatementError, match="CODA"):
        parse(without_trailer)
    records = content.split("\r\n")
    records[3] += "X"
    too_long = "\r\n".join(records).encode("latin-1")
    with pytest.raises(StatementError, match="CODA"):
        parse(too_long)


def test_coda_grouped_movement_gives_its_details_and_a_type_9_detail_is_accepted():
    content = coda(
        [
            # Grouped by the bank (type 2): 100.00, two transfers of 60 and 40.
            ("0001", "0000", "20150000", "100.00", "", ""),
            ("0001", "0001", "60150000", "60.00", CODA_EXACT, "PEETERS AN"),
            ("0001", "0002", "60150000", "40.00", CODA_LESS, "JANSSENS JAN"),
            # A simple movement with a detail (type 8) that has its own (type 9).
            ("0002", "0000", "30150000", "10.00", "", "MAES"),
            ("0002", "0001", "80150000", "10.00", "", ""),
            ("0002", "0002", "90150000", "10.00", "", ""),
        ]
    )
    parsed = parse(content)
    assert [(line.amount, line.structured_reference, line.detail) for line in parsed.lines] == [
        (Decimal("60.00"), CODA_EXACT, "0001"),
        (Decimal("40.00"), CODA_LESS, "0002"),
        (Decimal("10.00"), "", ""),
    ]


def test_xml_with_entities_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
            for n in range(1, 10)
        )
        + b']><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
        b"<BkToCstmrStmt><Stmt>&lol9;</Stmt></BkToCstmrStmt></Document>"
    )
    with pytest.raises(StatementError, match="entities"):
        parse(laughs)
    external = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<Document><BkToCstmrStmt><Stmt>&x;</Stmt></BkToCstmrStmt></Document>"
    )
    with pytest.raises(StatementError, match="entities"):
        parse(external)


# --- matching -----------------------------------------------------------------------------


def test_coda_import_pays_exact_matches_and_queues_the_rest(in_a):
    exact = owed("75.00", CODA_EXACT, "An Peeters")
    less = owed("100.00", CODA_LESS)
    more = owed("25.00", CODA_MORE)
    in_text = owed("25.00", CODA_IN_TEXT)
    actor = admin_user(in_a)

    result = statement_import(content=sample("statement.coda"), filename="0612.cod", actor=actor)

    assert result.created and result.skipped == 0
    statuses = {line.amount: line.status for line in StatementLine.objects.all()}
    assert statuses == {
        Decimal("75.00"): L.MATCHED,
        Decimal("50.00"): L.PARTIAL,
        Decimal("30.00"): L.OVER,
        Decimal("20.00"): L.UNKNOWN,
        Decimal("-45.90"): L.OUTGOING,
        Decimal("25.00"): L.MATCHED,
    }
    for payment in (exact, less, more, in_text):
        payment.refresh_from_db()
    assert (exact.status, in_text.status, less.status, more.status) == (
        P.PAID,
        P.PAID,
        P.PENDING,
        P.PENDING,
    )
    assert exact.amount_received == Decimal("75.00") and exact.paid_via == "bank_transfer"
    assert "0612.cod" in exact.note and exact.updated_by == actor
    assert StatementLine.objects.get(status=L.PARTIAL).payment == less
    assert StatementLine.objects.get(status=L.OVER).payment == more
    assert StatementLine.objects.get(status=L.MATCHED, amount=Decimal("75.00")).payment == exact

    statement = result.statement
    counts = (
        statement.line_count,
        statement.new_count,
        statement.matched_count,
        statement.queued_count,
        statement.outgoing_count,
    )
    assert counts == (6, 6, 2, 3, 1)
    assert statement.imported_by == actor and statement.format == "coda"
    assert [line.amount for line in result.queued] == [
        Decimal("50.00"),
        Decimal("30.00"),
        Decimal("20.00"),
    ]
    entry = ModelLogEntry.objects.for_instance(statement).get()
    assert entry.action == "payments.statement.imported" and entry.data["matched"] == 2


def test_camt_import_matches_the_transfers_of_a_batch_one_by_one(in_a):
    scor, ustrd = owed("75.00", CAMT_SCOR), owed("40.00", CAMT_USTRD)
    first, second = owed("35.00", CAMT_BATCH[0]), owed("25.00", CAMT_BATCH[1])
    result = statement_import(content=sample("statement.camt053.xml"), filename="camt.xml")
    assert len(result.matched) == 4 and len(result.outgoing) == 1 and len(result.queued) == 1
    assert result.not_booked == 1
    for payment in (scor, ustrd, first, second):
        payment.refresh_from_db()
        assert payment.status == P.PAID


def test_the_same_file_twice_changes_nothing(in_a):
    payment = owed("75.00", CODA_EXACT)
    first = statement_import(content=sample("statement.coda"), filename="a.cod")
    paid_log = ModelLogEntry.objects.filter(action="payments.payment.paid").count()
    lines = StatementLine.objects.count()

    again = statement_import(content=sample("statement.coda"), filename="again.cod")

    assert not again.created and again.statement == first.statement
    assert BankStatement.objects.count() == 1 and StatementLine.objects.count() == lines
    assert ModelLogEntry.objects.filter(action="payments.payment.paid").count() == paid_log == 1
    payment.refresh_from_db()
    assert payment.status == P.PAID


def test_the_same_statement_in_another_file_adds_no_line_twice(in_a):
    owed("75.00", CODA_EXACT)
    statement_import(content=sample("statement.coda"), filename="a.cod")
    # The same statement, downloaded again: the bank marks the copy "D" (duplicate).
    copy = sample("statement.coda").replace(b"05        0000012345", b"05 D      0000012345", 1)
    result = statement_import(content=copy, filename="copy.cod")
    assert result.created and result.skipped == 6
    assert not (result.matched or result.queued or result.outgoing)
    assert StatementLine.objects.count() == 6


def test_an_overlapping_statement_only_adds_its_new_lines(in_a):
    header = "date;amount;name;iban;communication\n"
    rows = [
        "2026-03-20;75,00;An Peeters;;+++090/9337/55493+++\n",
        "2026-03-20;20,00;Maes;;lidgeld\n",
        "2026-03-20;20,00;Maes;;lidgeld\n",  # a second, real transfer of the same
        "2026-03-22;-5,00;Bank;;kosten\n",
    ]
    owed("75.00", CODA_EXACT)
    statement_import(content=(header + "".join(rows[:3])).encode(), filename="maart-1.csv")
    later = statement_import(content=(header + "".join(rows[1:])).encode(), filename="maart-2.csv")
    assert later.skipped == 2 and [line.amount for line in later.outgoing] == [Decimal("-5.00")]
    assert StatementLine.objects.count() == 4
    assert StatementLine.objects.filter(amount=Decimal("20.00")).count() == 2

    # CAMT: the same entries (by the bank's reference) in a later export.
    statement_import(content=camt([entry("10.00", "R1"), entry("11.00", "R2")]), filename="1.xml")
    overlap = statement_import(
        content=camt([entry("11.00", "R2"), entry("12.00", "R3")]), filename="2.xml"
    )
    assert overlap.skipped == 1 and [line.amount for line in overlap.queued] == [Decimal("12.00")]


def test_a_payment_already_paid_is_never_paid_twice(in_a):
    payment = owed("75.00", CODA_EXACT)
    payment_mark_paid(payment=payment, note="cash")
    content = camt(
        [
            entry("75.00", "X1", structured=CODA_EXACT),
            entry("75.00", "X2", structured=CAMT_SCOR),
            entry("75.00", "X3", structured=CAMT_SCOR),
        ]
    )
    other = owed("75.00", CAMT_SCOR)
    result = statement_import(content=content, filename="x.xml")
    assert [line.status for line in StatementLine.objects.order_by("position")] == [
        L.DUPLICATE,
        L.MATCHED,
        L.DUPLICATE,
    ]
    assert StatementLine.objects.get(bank_reference="X1").payment == payment
    assert len(result.matched) == 1
    other.refresh_from_db()
    assert other.status == P.PAID and other.amount_received == Decimal("75.00")
    assert (
        ModelLogEntry.objects.for_instance(other).filter(action="payments.payment.paid").count()
        == 1
    )


def test_a_matched_line_makes_the_approved_subscription_effective(in_a):
    share_class = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
    subscription, _created = subscription_request(
        share_class=share_class,
        quantity=3,
        person=PERSON_DATA,
        consents=CONSENTS,
        request_token=uuid.uuid4(),
    )
    subscription = subscription_confirm(subscription=subscription)
    subscription_approve(subscription=subscription)
    Payment.objects.filter(pk=subscription.payment_id).update(reference=CODA_EXACT)

    statement_import(content=sample("statement.coda"), filename="a.cod")

    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.EFFECTIVE
    assert subscription.payment.status == P.PAID
    entry = RegisterEntry.objects.get(subscription=subscription)
    assert (entry.kind, entry.quantity) == ("issue", 3)
    assert subscription.person.member_number is not None


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"x" * (MAX_FILE_BYTES + 1), "MB"),
        (b"", "empty"),
        (b"date;amount\n2026-03-20;5,00\n2026-03-21;vijf\n", "Nothing was imported"),
        (b"\x00\x01\x02 binary", "not a text file"),
    ],
)
def test_refused_files_write_nothing(in_a, content, words):
    payment = owed("5.00", CODA_EXACT)
    with pytest.raises(StatementError) as refusal:
        statement_import(content=content, filename="x")
    assert words in refusal.value.message
    assert not BankStatement.objects.exists() and not StatementLine.objects.exists()
    payment.refresh_from_db()
    assert payment.status == P.PENDING


def test_a_statement_of_another_account_is_refused(in_a):
    payment = owed("75.00", CODA_EXACT)
    bank_account(iban="BE71096123456769")
    with pytest.raises(StatementError) as refusal:
        statement_import(content=sample("statement.coda"), filename="a.cod")
    assert "BE68 5390 0754 7034" in refusal.value.message
    assert "BE71 0961 2345 6769" in refusal.value.message
    assert not BankStatement.objects.exists()
    payment.refresh_from_db()
    assert payment.status == P.PENDING


def test_a_damaged_file_is_refused_and_writes_nothing(in_a):
    owed("75.00", CODA_EXACT)
    damaged = sample("statement.coda").replace(b"0000000000075000", b"0000000000077000", 1)
    with pytest.raises(StatementError):
        statement_import(content=damaged, filename="a.cod")
    assert not BankStatement.objects.exists()
    assert Payment.objects.get(reference=CODA_EXACT).status == P.PENDING


def test_a_statement_of_one_tenant_never_pays_the_other_tenants_payment(tenant_a, tenant_b):
    with tenant_context(tenant_b):
        bank_account(iban=IBAN)
        theirs = owed("75.00", CODA_EXACT)
    with tenant_context(tenant_a):
        bank_account(iban=IBAN)
        ours = owed("75.00", CODA_EXACT)
        result = statement_import(content=sample("statement.coda"), filename="a.cod")
        assert [line.payment for line in result.matched] == [ours]
        ours.refresh_from_db()
        assert ours.status == P.PAID
    with tenant_context(tenant_b):
        theirs.refresh_from_db()
        assert theirs.status == P.PENDING
        assert not BankStatement.objects.exists() and not StatementLine.objects.exists()
        # The same file in the other buurtpunt is its own import there.
        again = statement_import(content=sample("statement.coda"), filename="a.cod")
        assert again.created and [line.payment for line in again.matched] == [theirs]


# --- the queue ------------------------------------------------------------------------------


def test_assign_a_partial_line_needs_the_difference_confirmed_and_explained(in_a):
    less = owed("100.00", CODA_LESS)
    statement_import(content=sample("statement.coda"), filename="a.cod")
    line = StatementLine.objects.get(status=L.PARTIAL)
    actor = admin_user(in_a)

    with pytest.raises(StatementError) as refusal:
        statement_line_assign(line=line, payment=less, actor=actor)
    assert refusal.value.field == "accept_difference"
    with pytest.raises(StatementError) as refusal:
        statement_line_assign(line=line, payment=less, actor=actor, accept_difference=True)
    assert refusal.value.field == "note"
    less.refresh_from_db()
    assert less.status == P.PENDING

    statement_line_assign(
        line=line, payment=less, actor=actor, accept_difference=True, note="Rest cash betaald"
    )
    line.refresh_from_db()
    less.refresh_from_db()
    assert (line.status, line.payment, line.decided_by) == (L.ASSIGNED, less, actor)
    assert less.status == P.PAID and less.amount_received == Decimal("100.00")
    assert "Rest cash betaald" in less.note and "-50,00" in less.note.replace(".", ",")
    entry = ModelLogEntry.objects.for_instance(line).get()
    assert (
        entry.action == "payments.statement_line.assigned" and entry.data["difference"] == "-50.00"
    )


def test_assign_an_unknown_line_of_the_right_amount_to_a_payment(in_a):
    gift = owed("20.00", "420000002027", "Pieter Maes")
    statement_import(content=sample("statement.coda"), filename="a.cod")
    line = StatementLine.objects.get(status=L.UNKNOWN, amount=Decimal("20.00"))
    statement_line_assign(line=line, payment=gift, actor=None)
    gift.refresh_from_db()
    assert gift.status == P.PAID

    with pytest.raises(StatementError, match="decided already"):
        statement_line_assign(line=line, payment=owed("20.00", "420000001926"))
    with pytest.raises(StatementError, match="decided already"):
        statement_line_dismiss(line=line, note="toch niet")


def test_assign_refuses_a_payment_that_is_not_pending(in_a):
    paid = owed("20.00", "420000002027")
    payment_mark_paid(payment=paid)
    statement_import(content=sample("statement.coda"), filename="a.cod")
    line = StatementLine.objects.get(status=L.UNKNOWN, amount=Decimal("20.00"))
    with pytest.raises(StatementError) as refusal:
        statement_line_assign(line=line, payment=paid)
    assert refusal.value.field == "payment"
    line.refresh_from_db()
    assert line.status == L.UNKNOWN


def test_dismiss_needs_a_note(in_a):
    statement_import(content=sample("statement.coda"), filename="a.cod")
    line = StatementLine.objects.get(status=L.UNKNOWN, amount=Decimal("20.00"))
    with pytest.raises(StatementError) as refusal:
        statement_line_dismiss(line=line, note="  ")
    assert refusal.value.field == "note"
    statement_line_dismiss(line=line, actor=admin_user(in_a), note="Gift")
    line.refresh_from_db()
    assert (line.status, line.note) == (L.DISMISSED, "Gift")
    assert (
        ModelLogEntry.objects.for_instance(line).get().action == "payments.statement_line.dismissed"
    )
    outgoing = StatementLine.objects.get(status=L.OUTGOING)
    with pytest.raises(StatementError):
        statement_line_dismiss(line=outgoing, note="niet in de wachtrij")


# --- the admin ------------------------------------------------------------------------------


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m.message)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def admin_a(client_a, tenant_a):
    with tenant_context(tenant_a):
        bank_account(iban=IBAN)
    connection.set_schema_to_public()
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    return client_a


def upload(client, name: str, content: bytes):
    return client.post(
        reverse("bank_statements:upload"), {"file": SimpleUploadedFile(name, content)}
    )


def test_admin_upload_shows_what_matched_and_what_waits(admin_a, tenant_a):
    with tenant_context(tenant_a):
        exact = owed("75.00", CODA_EXACT, "An Peeters")
        owed("100.00", CODA_LESS)
    assert admin_a.get(reverse("bank_statements:index")).status_code == 200
    assert admin_a.get(reverse("bank_statements:upload")).status_code == 200

    response = upload(admin_a, "0612.cod", sample("statement.coda"))

    assert response.status_code == 302
    assert [level for level, _text in messages_of(response)] == ["success"]
    with tenant_context(tenant_a):
        statement = BankStatement.objects.get()
        exact.refresh_from_db()
        assert exact.status == P.PAID
        assert statement.imported_by.username == "admin@alfa.localhost"
    assert response["Location"] == reverse("bank_statements:detail", args=[statement.pk])
    page = admin_a.get(response["Location"])
    assert page.status_code == 200
    assert 'data-group="queued"' in page.text and 'data-group="matched"' in page.text
    assert "+++090/9337/55493+++" in page.text and "MAES PIETER" in page.text
    index = admin_a.get(reverse("bank_statements:index"))
    assert 'data-queue="4"' in index.text and "0612.cod" in index.text
    queue = admin_a.get(reverse("bank_statements:queue"))
    assert queue.text.count('class="bs-card"') == 4

    again = upload(admin_a, "0612-bis.cod", sample("statement.coda"))
    assert again.status_code == 302 and [lvl for lvl, _t in messages_of(again)] == ["info"]
    with tenant_context(tenant_a):
        assert BankStatement.objects.count() == 1


def test_admin_upload_of_a_bad_file_shows_why_and_writes_nothing(admin_a, tenant_a):
    response = upload(
        admin_a, "bad.csv", b"datum;bedrag\n2026-03-20;veel\n2026-03-21;5\n2026-99-01;5\n"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert len(response.context["problems"]) == 2 and "data-problems" in response.text
    foreign = upload(admin_a, "x.xml", camt([entry("1.00", "R")], iban="BE71096123456769"))
    assert foreign.status_code == 200 and foreign.context["form"].errors["file"]
    with tenant_context(tenant_a):
        assert not BankStatement.objects.exists()


def test_admin_assign_and_dismiss_from_the_queue(admin_a, tenant_a):
    with tenant_context(tenant_a):
        less = owed("100.00", CODA_LESS, "Jan Janssens")
        statement_import(content=sample("statement.coda"), filename="a.cod")
        partial = StatementLine.objects.get(status=L.PARTIAL)
        unknown = StatementLine.objects.get(status=L.UNKNOWN, amount=Decimal("20.00"))
    assign_url = reverse("bank_statements:assign", args=[partial.pk])
    page = admin_a.get(assign_url)
    assert page.status_code == 200
    assert page.context["candidates"][0] == less and page.context["chosen"] == str(less.pk)
    found = admin_a.get(assign_url, {"q": "janssens"})
    assert [p.pk for p in found.context["candidates"]] == [less.pk]
    assert [p.pk for p in admin_a.get(assign_url, {"q": "100,00"}).context["candidates"]] == [
        less.pk
    ]

    refused = admin_a.post(assign_url, {"payment": less.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["accept_difference"]
    done = admin_a.post(
        assign_url,
        {"payment": less.pk, "accept_difference": "on", "note": "Rest cash", "next": "/admin/"},
    )
    assert done.status_code == 302 and done["Location"] == "/admin/"
    with tenant_context(tenant_a):
        less.refresh_from_db()
        assert less.status == P.PAID

    dismiss_url = reverse("bank_statements:dismiss", args=[unknown.pk])
    assert admin_a.get(dismiss_url).status_code == 200
    assert admin_a.post(dismiss_url, {"note": ""}).status_code == 200
    gone = admin_a.post(dismiss_url, {"note": "Gift voor de koffie"})
    assert gone.status_code == 302 and gone["Location"] == reverse("bank_statements:queue")
    with tenant_context(tenant_a):
        unknown.refresh_from_db()
        assert (
            unknown.status == L.DISMISSED and unknown.decided_by.username == "admin@alfa.localhost"
        )
    # A line decided already: the form is not shown again.
    twice = admin_a.get(dismiss_url)
    assert twice.status_code == 302 and "warning" in [lvl for lvl, _t in messages_of(twice)]


def test_admin_of_another_tenant_and_the_network_see_nothing(
    admin_a, tenant_a, client_b, tenant_b, network_client, public_tenant
):
    with tenant_context(tenant_a):
        result = statement_import(content=sample("statement.coda"), filename="a.cod")
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    assert (
        client_b.get(reverse("bank_statements:detail", args=[result.statement.pk])).status_code
        == 404
    )
    assert "a.cod" not in client_b.get(reverse("bank_statements:index")).text
    login_as(network_client, public_tenant, "admin@localhost")
    assert network_client.get(reverse("bank_statements:index")).status_code == 404
    home = network_client.get(reverse("wagtailadmin_home"))
    assert reverse("bank_statements:index") not in home.text
    assert reverse("bank_statements:index") in admin_a.get(reverse("wagtailadmin_home")).text
