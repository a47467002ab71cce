"""Importing a bank statement and deciding the lines it could not match.

``statement_import`` reads the file, stores each line once (by its key) and
pays every pending payment whose structured communication and amount a line
carries exactly, in one transaction: a refusal writes nothing. Everything
else that came in waits for a person: ``statement_line_assign`` pays a
payment the person chose from a line, ``statement_line_dismiss`` sets a line
aside with the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from ..models import BankStatement, BankTransferSettings, Payment, StatementLine
from ..services import payment_mark_paid
from ..validators import format_iban
from .errors import StatementError
from .formats import parse
from .parsed import ParsedStatement, line_keys

MAX_FILE_BYTES = 5 * 1024 * 1024
PAID_VIA = "bank_transfer"
S = StatementLine.Status


@dataclass
class ImportResult:
    """What an import did. ``created`` is False when the very same file had been
    imported before: then ``statement`` is that earlier import and nothing changed."""

    statement: BankStatement
    created: bool = True
    matched: list[StatementLine] = field(default_factory=list)
    queued: list[StatementLine] = field(default_factory=list)
    outgoing: list[StatementLine] = field(default_factory=list)
    skipped: int = 0
    not_booked: int = 0


def euro(amount: Decimal) -> str:
    return "€\u00a0" + formats.number_format(amount, decimal_pos=2, use_l10n=True)


def _check_size(content: bytes) -> None:
    if len(content) > MAX_FILE_BYTES:
        raise StatementError(
            _("This file is larger than %(size)d MB; a bank statement is far smaller.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )


def _own_iban() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return BankTransferSettings.for_site(site).iban.replace(" ", "").upper() if site else ""


def _check_account(parsed: ParsedStatement) -> None:
    own = _own_iban()
    if own and parsed.account_iban and parsed.account_iban != own:
        raise StatementError(
            _(
                "This statement is of account %(account)s, not of the buurtpunt's account "
                "%(own)s. Nothing was imported."
            )
            % {"account": _show_iban(parsed.account_iban), "own": format_iban(own)}
        )


def _show_iban(value: str) -> str:
    try:
        return format_iban(value)
    except ValueError:
        return value


def _lock() -> None:
    """One import at a time per buurtpunt: two overlapping files cannot both add a line."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"payments.statement_import.{connection.schema_name}"],
        )


def _decide(row: StatementLine, *, actor) -> None:
    """Set the line's status, and pay its payment when it matches exactly.

    The payment is locked first, so an import and a person marking the same
    payment paid by hand cannot both pay it.
    """
    if row.amount <= 0:
        row.status = S.OUTGOING
        return
    payment = None
    if row.structured_reference and row.currency == "EUR":
        payment = (
            Payment.objects.select_for_update().filter(reference=row.structured_reference).first()
        )
    row.payment = payment
    if payment is None:
        row.status = S.UNKNOWN
    elif payment.status != Payment.Status.PENDING:
        row.status = S.DUPLICATE
    elif row.amount < payment.amount:
        row.status = S.PARTIAL
    elif row.amount > payment.amount:
        row.status = S.OVER
    else:
        payment_mark_paid(
            payment=payment,
            actor=actor,
            amount=row.amount,
            paid_via=PAID_VIA,
            note=_("Bank statement %(file)s, %(date)s: %(amount)s from %(name)s.")
            % {
                "file": row.statement.file_name,
                "date": formats.date_format(row.booking_date, "SHORT_DATE_FORMAT"),
                "amount": euro(row.amount),
                "name": row.counterparty_name or "?",
            },
        )
        row.status = S.MATCHED


def _record(parsed: ParsedStatement, *, filename: str, digest: str, actor) -> ImportResult:
    result = ImportResult(
        statement=BankStatement.objects.create(
            file_name=(filename or "statement")[:255],
            format=parsed.format,
            sha256=digest,
            account_iban=parsed.account_iban[:42],
            statement_number=parsed.number[:40],
            statement_date=parsed.date,
            currency=parsed.currency[:3],
            opening_balance=parsed.opening_balance,
            closing_balance=parsed.closing_balance,
            imported_by=actor if getattr(actor, "pk", None) else None,
            line_count=len(parsed.lines),
        ),
        not_booked=parsed.not_booked,
    )
    keys = line_keys(parsed.account_iban, parsed.lines)
    known = set(StatementLine.objects.filter(line_key__in=keys).values_list("line_key", flat=True))
    for position, (line, key) in enumerate(zip(parsed.lines, keys, strict=True), start=1):
        if key in known:
            result.skipped += 1
            continue
        row = StatementLine(
            statement=result.statement,
            position=position,
            line_key=key,
            booking_date=line.booking_date,
            value_date=line.value_date,
            amount=line.amount,
            currency=line.currency[:3],
            counterparty_name=line.counterparty_name[:200],
            counterparty_iban=line.counterparty_iban[:42],
            structured_reference=line.structured_reference,
            free_communication=line.free_communication,
            bank_reference=line.bank_reference[:64],
        )
        _decide(row, actor=actor)
        row.save()
        if row.status == S.MATCHED:
            result.matched.append(row)
        elif row.status == S.OUTGOING:
            result.outgoing.append(row)
        else:
            result.queued.append(row)
    return result


def statement_import(*, content: bytes, filename: str, actor=None) -> ImportResult:
    """Import a statement file (CODA, CAMT.053 or CSV) and match its lines.

    Refused, with nothing written: an empty, unreadable or too large file, a CSV
    file with a bad row, a statement of another account than the buurtpunt's.
    The same file a second time changes nothing (``created`` is False).
    """
    _check_size(content)
    digest = hashlib.sha256(content).hexdigest()
    earlier = BankStatement.objects.filter(sha256=digest).first()
    if earlier is not None:
        return ImportResult(statement=earlier, created=False)
    parsed = parse(content)
    _check_account(parsed)
    with transaction.atomic():
        _lock()
        earlier = BankStatement.objects.filter(sha256=digest).first()
        if earlier is not None:
            return ImportResult(statement=earlier, created=False)
        result = _record(parsed, filename=filename, digest=digest, actor=actor)
        statement = result.statement
        statement.new_count = len(result.matched) + len(result.queued) + len(result.outgoing)
        statement.skipped_count = result.skipped
        statement.matched_count = len(result.matched)
        statement.queued_count = len(result.queued)
        statement.outgoing_count = len(result.outgoing)
        statement.save(
            update_fields=[
                "new_count",
                "skipped_count",
                "matched_count",
                "queued_count",
                "outgoing_count",
            ]
        )
        log(
            statement,
            "payments.statement.imported",
            user=actor,
            data={
                "file": statement.file_name,
                "format": statement.format,
                "matched": statement.matched_count,
                "queued": statement.queued_count,
                "outgoing": statement.outgoing_count,
                "skipped": statement.skipped_count,
            },
        )
    return result


def _locked_line(line: StatementLine) -> StatementLine:
    line = (
        StatementLine.objects.select_for_update(of=("self",))
        .select_related("statement")
        .get(pk=line.pk)
    )
    if not line.is_queued:
        raise StatementError(
            _("This line was decided already (it is “%(status)s”).")
            % {"status": line.get_status_display()}
        )
    return line


def _decided(line: StatementLine, status: str, *, actor, note: str, payment=None) -> None:
    line.status = status
    if payment is not None:
        line.payment = payment
    line.decided_by = actor if getattr(actor, "pk", None) else None
    line.decided_at = timezone.now()
    line.note = note
    line.save(update_fields=["status", "payment", "decided_by", "decided_at", "note"])


def statement_line_assign(
    *,
    line: StatementLine,
    payment: Payment,
    actor=None,
    note: str = "",
    accept_difference: bool = False,
) -> StatementLine:
    """A person says which payment a waiting line paid: that payment is marked paid.

    When the line's amount differs from what the payment asks, the person must
    say so (``accept_difference``) and why (``note``); the payment is marked
    paid in full and the difference is written in its note.
    """
    note = (note or "").strip()
    with transaction.atomic():
        line = _locked_line(line)
        if line.amount <= 0:
            raise StatementError(_("Money that went out cannot pay a payment."))
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not payment.is_pending:
            raise StatementError(
                _("Payment %(reference)s is not awaiting payment (it is “%(status)s”).")
                % {
                    "reference": payment.display_reference,
                    "status": payment.get_status_display(),
                },
                field="payment",
            )
        difference = line.amount - payment.amount
        if difference and not accept_difference:
            raise StatementError(
                _(
                    "The line brought %(line)s but the payment asks %(owed)s. Tick the box to "
                    "mark it paid all the same."
                )
                % {"line": euro(line.amount), "owed": euro(payment.amount)},
                field="accept_difference",
            )
        if difference and not note:
            raise StatementError(
                _("Say why the difference is accepted (for instance: the rest was paid in cash)."),
                field="note",
            )
        paid_note = _(
            "Assigned from the bank statement line of %(date)s: %(amount)s from %(name)s."
        ) % {
            "date": formats.date_format(line.booking_date, "SHORT_DATE_FORMAT"),
            "amount": euro(line.amount),
            "name": line.counterparty_name or "?",
        }
        if difference:
            paid_note += "\n" + _("Difference of %(difference)s accepted.") % {
                "difference": euro(difference)
            }
        if note:
            paid_note += "\n" + note
        payment_mark_paid(
            payment=payment,
            actor=actor,
            amount=payment.amount,
            paid_via=PAID_VIA,
            note=paid_note,
        )
        _decided(line, S.ASSIGNED, actor=actor, note=note, payment=payment)
        log(
            line,
            "payments.statement_line.assigned",
            user=actor,
            data={
                "payment": payment.reference,
                "amount": str(line.amount),
                "difference": str(difference),
                "note": note,
            },
        )
    return line


def statement_line_dismiss(*, line: StatementLine, actor=None, note: str) -> StatementLine:
    """A person sets a waiting line aside (a gift, paid back, booked elsewhere), saying why."""
    note = (note or "").strip()
    if not note:
        raise StatementError(
            _("Say why this line needs no payment (for instance: a gift, or paid back)."),
            field="note",
        )
    with transaction.atomic():
        line = _locked_line(line)
        _decided(line, S.DISMISSED, actor=actor, note=note)
        log(line, "payments.statement_line.dismissed", user=actor, data={"note": note})
    return line
