"""CODA, the Belgian banks' statement format (Febelfin, version 2), read with
``febelfin-coda`` (the Tryton project's parser).

A file holds one or more daily statements of one account, each a run of
128-character records: ``0`` header, ``1`` old balance, ``2.1``-``2.3`` a
movement (amount and structured communication, then its counterparty),
``3.x`` extra information, ``4`` a free message, ``8`` new balance, ``9``
trailer with the record count and totals, which the library checks.

What we add around the library: records checked for length before it sees
them, its exceptions and ``assert`` checks turned into one refusal, the
structured communication taken only from a movement flagged structured
(type ``101`` or ``102``) and validated, and the details of a movement the bank
or the customer grouped (types 1 and 2, details 5 and 6) given as lines of
their own, so each transfer in a group meets its own payment.
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

import coda
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from .. import structured
from .errors import StatementError
from .parsed import ParsedStatement, StatementLine, clean, find_structured, money

RECORD_LENGTH = 128
RECORD_TYPES = set("0123489")
# Communication types of a structured Belgian reference (101: the +++…+++ one;
# 102: the same, reconstituted by the bank).
STRUCTURED_TYPES = {"101", "102"}
# A grouped movement (1: by the customer, 2: by the bank) and the types of its details.
GROUPED_TYPES = {"1", "2"}
DETAIL_TYPES = {"5", "6"}


def _append_detail(self, move):
    self.moves.append(move)


# febelfin-coda 0.5.0 files a detail of type 9 with ``parent.append(move)`` on a
# ``Move``, which has no such method: without this, a file holding one is refused.
if not hasattr(coda.Move, "append"):
    coda.Move.append = _append_detail


def looks_like_coda(text: str) -> bool:
    first = text.split("\n", 1)[0].rstrip("\r")
    return len(first) == RECORD_LENGTH and first.startswith("0000")


def _records(text: str) -> list[str]:
    records = []
    for number, raw in enumerate(text.splitlines(), start=1):
        record = raw.rstrip("\r")
        if not record.strip():
            continue
        if len(record) > RECORD_LENGTH or record[0] not in RECORD_TYPES:
            raise StatementError(
                _("This CODA file is damaged: line %(line)d is not a CODA record.")
                % {"line": number}
            )
        # Some programs trim the trailing blanks of a record: put them back.
        records.append(record.ljust(RECORD_LENGTH))
    return records


def _account(statement) -> str:
    """The account as an IBAN where the record gives one (structures 2 and 3), or as the
    old Belgian account number made an IBAN (structure 0)."""
    raw = statement.account.replace(" ", "")
    try:
        if statement._account_structure == "0" and raw.isdigit() and len(raw) == 12:
            return IBAN.generate("BE", bank_code=raw[:3], account_code=raw[3:]).compact
        return IBAN(raw).compact
    except (SchwiftyException, ValueError):
        return raw.upper()


def _counterparty_iban(move) -> str:
    raw = (move.counterparty_account or "")[:34].strip()
    raw = raw.split(" ")[0] if raw else ""
    if not raw or not raw.strip("0"):
        return ""
    try:
        return IBAN(raw).compact
    except (SchwiftyException, ValueError):
        return raw.upper()


def _line(move, currency: str) -> StatementLine:
    kind = move.communication_type
    text = move.communication or ""
    if kind in STRUCTURED_TYPES:
        reference = structured.compact(text) or ""
        free = "" if reference else clean(text)
    else:
        free = clean(text)
        # Only a free communication may hold one typed by the payer.
        reference = find_structured(free) if kind is None else ""
    return StatementLine(
        booking_date=move.entry_date,
        value_date=move.value_date,
        amount=money(move.amount),
        currency=currency,
        counterparty_name=clean(move.counterparty_name),
        counterparty_iban=_counterparty_iban(move),
        structured_reference=reference,
        free_communication=free,
        bank_reference=clean(move.bank_reference),
        detail=move.detail_sequence if move.detail_sequence != "0000" else "",
    )


def _moves(statement):
    """The movements to match: a grouped one as its details when they add up to it."""
    for move in statement.moves:
        details = [m for m in move.moves if m.transaction_type in DETAIL_TYPES]
        if (
            move.transaction_type in GROUPED_TYPES
            and details
            and sum(m.amount for m in details) == move.amount
        ):
            yield from details
        else:
            yield move


def _read(records: list[str]):
    try:
        statements = coda.CODA(io.StringIO("\n".join(records) + "\n")).statements
        for statement in statements:
            if statement.number_records is None:
                raise ValueError("statement without trailer")
            # Read every field now, inside the guard.
            currency = statement.account_currency.strip() or "EUR"
            lines = [_line(move, currency) for move in _moves(statement)]
            yield statement, lines, _account(statement)
    except StatementError:
        raise
    except (
        AssertionError,
        AttributeError,
        IndexError,
        InvalidOperation,
        KeyError,
        TypeError,
        ValueError,
    ) as exc:
        raise StatementError(
            _(
                "This CODA file is damaged or incomplete (its records or totals do not add "
                "up). Download it again from your bank."
            )
        ) from exc


def parse_coda(content: bytes) -> ParsedStatement:
    # The standard's character set is Latin-1; banks write Windows-1252.
    records = _records(content.decode("cp1252", errors="replace"))
    read = list(_read(records))
    if not read:
        raise StatementError(_("This CODA file holds no statement."))
    accounts = {account for _statement, _lines, account in read}
    if len(accounts) > 1:
        raise StatementError(
            _("This file holds statements of several accounts; import one account at a time.")
        )
    first, last = read[0][0], read[-1][0]
    numbers = [statement.new_sequence or statement.old_sequence for statement, *_rest in read]
    number = numbers[0] if len(set(numbers)) == 1 else f"{numbers[0]}–{numbers[-1]}"
    return ParsedStatement(
        format="coda",
        account_iban=accounts.pop(),
        number=number.strip(),
        date=last.new_balance_date,
        currency=first.account_currency.strip() or "EUR",
        opening_balance=money(Decimal(first.old_balance)),
        closing_balance=money(Decimal(last.new_balance)),
        lines=[line for _statement, lines, _account in read for line in lines],
    )
