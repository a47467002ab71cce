"""CAMT.053, the ISO 20022 bank-to-customer statement (XML), versions .001.02 to
.001.08 and the like: read by local element names, whatever the namespace.

Parsed with ``defusedxml``: a DTD, entities and external references are refused
(no "billion laughs", no file read from the server); the size is capped by the
import service before this runs.

Per entry (``Ntry``): the amount and its sign (``CdtDbtInd`` CRDT/DBIT), the
booking and value dates, the bank's reference (``AcctSvcrRef``, else
``NtryRef``), and from its transaction details the counterparty (the debtor of
money in, the creditor of money out), the structured reference
(``RmtInf/Strd/CdtrRefInf/Ref``: Belgian banks put the 12 digits or
``+++…+++`` there) and the free text (``RmtInf/Ustrd``, searched for a
structured communication too). An entry that groups several transfers (a
batch) gives one line per transfer when their amounts add up to it. Entries
not yet booked (``Sts`` other than BOOK) are left out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from .. import structured
from .errors import StatementError
from .parsed import ParsedStatement, StatementLine, clean, find_structured, money

BOOKED = "BOOK"
OPENING_CODES = ("OPBD", "PRCD")
CLOSING_CODES = ("CLBD",)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Element | None, name: str) -> list[Element]:
    if element is None:
        return []
    return [child for child in element if _local(child.tag) == name]


def _find(element: Element | None, *path: str) -> Element | None:
    for name in path:
        found = _children(element, name)
        if not found:
            return None
        element = found[0]
    return element


def _text(element: Element | None, *path: str) -> str:
    found = _find(element, *path)
    return clean(found.text) if found is not None else ""


def _date(element: Element | None, *path: str) -> date | None:
    found = _find(element, *path)
    if found is None:
        return None
    text = _text(found, "Dt") or _text(found, "DtTm") or clean(found.text)
    return date.fromisoformat(text[:10]) if text else None


def _amount(element: Element | None, *path: str) -> tuple[Decimal, str] | None:
    found = _find(element, *path)
    if found is None or not clean(found.text):
        return None
    return Decimal(clean(found.text)), found.get("Ccy", "")


def _signed(amount: Decimal, indicator: str) -> Decimal:
    if indicator not in ("CRDT", "DBIT"):
        raise ValueError(f"credit/debit indicator {indicator!r}")
    return money(amount if indicator == "CRDT" else -amount)


def _iban(account: Element | None) -> str:
    raw = _text(account, "Id", "IBAN") or _text(account, "Id", "Othr", "Id")
    try:
        return IBAN(raw).compact
    except (SchwiftyException, ValueError):
        return raw.replace(" ", "").upper()


def _party_name(related: Element | None, role: str) -> str:
    for name in (role, f"Ultmt{role}"):
        party = _find(related, name)
        found = _text(party, "Nm") or _text(party, "Pty", "Nm")
        if found:
            return found
    return ""


def _remittance(details: Element | None, entry: Element) -> tuple[str, str]:
    """(structured reference, free text) of one transfer."""
    remittance = _find(details, "RmtInf")
    reference = ""
    for strd in _children(remittance, "Strd"):
        reference = structured.compact(_text(strd, "CdtrRefInf", "Ref")) or ""
        if reference:
            break
    free = " ".join(_text(ustrd) for ustrd in _children(remittance, "Ustrd"))
    if not free:
        free = _text(entry, "AddtlNtryInf")
    others = [_text(strd, "CdtrRefInf", "Ref") for strd in _children(remittance, "Strd")]
    if not reference:
        # An ISO creditor reference (RF…) or any other: shown, not matched.
        free = clean(" ".join([*(o for o in others if o), free]))
        reference = find_structured(free)
    return reference, free


def _line(
    entry: Element,
    details: Element | None,
    *,
    amount: Decimal,
    currency: str,
    reference: str,
    detail: str,
) -> StatementLine:
    related = _find(details, "RltdPties")
    role = "Dbtr" if amount > 0 else "Cdtr"
    structured_reference, free = _remittance(details, entry)
    booking_date = _date(entry, "BookgDt") or _date(entry, "ValDt")
    if booking_date is None:
        raise ValueError("entry without a date")
    return StatementLine(
        booking_date=booking_date,
        value_date=_date(entry, "ValDt"),
        amount=amount,
        currency=currency,
        counterparty_name=_party_name(related, role),
        counterparty_iban=_iban(_find(related, f"{role}Acct")) if related is not None else "",
        structured_reference=structured_reference,
        free_communication=free,
        bank_reference=reference,
        detail=detail,
    )


def _transaction_amount(details: Element, indicator: str) -> tuple[Decimal, str] | None:
    found = (
        _amount(details, "Amt")
        or _amount(details, "AmtDtls", "TxAmt", "Amt")
        or _amount(details, "AmtDtls", "InstdAmt", "Amt")
    )
    if found is None:
        return None
    value, currency = found
    return _signed(value, _text(details, "CdtDbtInd") or indicator), currency


def _entry_lines(entry: Element, statement_currency: str) -> list[StatementLine]:
    value, currency = _amount(entry, "Amt") or (None, "")
    if value is None:
        raise ValueError("entry without amount")
    indicator = _text(entry, "CdtDbtInd")
    amount = _signed(value, indicator)
    currency = currency or statement_currency
    reference = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    transactions = [
        tx for details in _children(entry, "NtryDtls") for tx in _children(details, "TxDtls")
    ]
    if len(transactions) > 1:
        amounts = [_transaction_amount(tx, indicator) for tx in transactions]
        if all(amounts) and sum(a for a, _c in amounts) == amount:
            return [
                _line(
                    entry,
                    tx,
                    amount=tx_amount,
                    currency=tx_currency or currency,
                    reference=reference or _text(tx, "Refs", "AcctSvcrRef"),
                    detail=str(number),
                )
                for number, (tx, (tx_amount, tx_currency)) in enumerate(
                    zip(transactions, amounts, strict=True), start=1
                )
            ]
    return [
        _line(
            entry,
            transactions[0] if transactions else None,
            amount=amount,
            currency=currency,
            reference=reference,
            detail="",
        )
    ]


def _status(entry: Element) -> str:
    status = _find(entry, "Sts")
    if status is None:
        return BOOKED
    return _text(status, "Cd") or _text(status, "Prtry") or clean(status.text) or BOOKED


def _balance(statement: Element, codes: tuple[str, ...]) -> tuple[Decimal, date | None] | None:
    for code in codes:
        for balance in _children(statement, "Bal"):
            kind = _text(balance, "Tp", "CdOrPrtry", "Cd") or _text(
                balance, "Tp", "CdOrPrtry", "Prtry"
            )
            if kind == code:
                value, _currency = _amount(balance, "Amt")
                return _signed(value, _text(balance, "CdtDbtInd")), _date(balance, "Dt")
    return None


def _root(content: bytes) -> Element:
    try:
        return fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise StatementError(
            _(
                "This XML file declares entities or a DTD, which a bank statement never "
                "needs; it is refused for safety."
            )
        ) from exc
    except (ParseError, ValueError) as exc:
        raise StatementError(
            _("This XML file is damaged and cannot be read. Download it again from your bank.")
        ) from exc


def parse_camt(content: bytes) -> ParsedStatement:
    root = _root(content)
    report = _find(root, "BkToCstmrStmt") if _local(root.tag) == "Document" else None
    statements = _children(report, "Stmt")
    if report is None or not statements:
        raise StatementError(
            _(
                "This XML file is not a CAMT.053 bank statement. Export the statement of "
                "your account as CODA, CAMT.053 or CSV."
            )
        )
    try:
        return _parse_statements(statements)
    except (AttributeError, IndexError, InvalidOperation, KeyError, TypeError, ValueError) as exc:
        raise StatementError(
            _(
                "This CAMT.053 file is incomplete or has values that cannot be read (an "
                "amount, a date). Download it again from your bank."
            )
        ) from exc


def _parse_statements(statements: list[Element]) -> ParsedStatement:
    accounts = {_iban(_find(statement, "Acct")) for statement in statements}
    if len(accounts) > 1:
        raise StatementError(
            _("This file holds statements of several accounts; import one account at a time.")
        )
    first, last = statements[0], statements[-1]
    currency = _text(first, "Acct", "Ccy") or "EUR"
    parsed = ParsedStatement(format="camt053", account_iban=accounts.pop(), currency=currency)
    numbers = [
        _text(s, "ElctrncSeqNb") or _text(s, "LglSeqNb") or _text(s, "Id") for s in statements
    ]
    parsed.number = numbers[0] if len(set(numbers)) == 1 else f"{numbers[0]}–{numbers[-1]}"
    opening, closing = _balance(first, OPENING_CODES), _balance(last, CLOSING_CODES)
    parsed.opening_balance = opening[0] if opening else None
    parsed.closing_balance = closing[0] if closing else None
    parsed.date = (
        (closing[1] if closing else None)
        or _date(last, "FrToDt", "ToDtTm")
        or _date(last, "CreDtTm")
    )
    for statement in statements:
        for entry in _children(statement, "Ntry"):
            if _status(entry) != BOOKED:
                parsed.not_booked += 1
                continue
            parsed.lines.extend(_entry_lines(entry, currency))
    return parsed
