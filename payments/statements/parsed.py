"""What every statement parser returns: plain data, no Django, no database.

Each format (CODA, CAMT.053, CSV) is read by one function that returns a
``ParsedStatement``; the import service only ever sees these. Amounts are
``Decimal`` with two places, positive for money in.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .. import structured

CENT = Decimal("0.01")

# A structured communication typed in a free text: +++090/9337/55493+++ (or ***…***),
# 090/9337/55493, or its twelve digits standing alone.
_IN_TEXT = re.compile(
    r"(?<![0-9])(?:[+*]{3}\s*)?([0-9]{3})\s*/?\s*([0-9]{4})\s*/?\s*([0-9]{5})(?:\s*[+*]{3})?(?![0-9])"
)


@dataclass(frozen=True)
class StatementLine:
    """One movement on the account, as the bank reported it."""

    booking_date: date
    value_date: date | None
    amount: Decimal
    currency: str = "EUR"
    counterparty_name: str = ""
    counterparty_iban: str = ""
    #: The 12 digits of a Belgian structured communication, or "".
    structured_reference: str = ""
    free_communication: str = ""
    #: The bank's own id of the movement ("" when the format has none).
    bank_reference: str = ""
    #: Tells apart the lines of one bank movement that was split in details.
    detail: str = ""

    @property
    def is_incoming(self) -> bool:
        return self.amount > 0


@dataclass
class ParsedStatement:
    """A statement file read: its account, its balances and its lines."""

    format: str
    account_iban: str = ""
    number: str = ""
    date: date | None = None
    currency: str = "EUR"
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    lines: list[StatementLine] = field(default_factory=list)
    #: Entries the bank marked as not yet booked (pending): left out of ``lines``.
    not_booked: int = 0


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def find_structured(text: str) -> str:
    """The first valid structured communication written in ``text``, or ""."""
    for match in _IN_TEXT.finditer(text or ""):
        reference = structured.compact("".join(match.groups()))
        if reference:
            return reference
    return ""


def clean(text: str | None) -> str:
    """Runs of white space made one space, ends trimmed."""
    return " ".join((text or "").split())


def line_keys(account: str, lines: list[StatementLine]) -> list[str]:
    """A stable key per line, the same whatever file the line arrives in.

    A line with a bank reference is keyed on it (with the account, the date, the
    amount and its detail number, since some banks reuse references across days).
    A line without one is keyed on its content. Either way the key also counts the
    lines of the same basis before it in the file, so two real transfers of €20 by
    the same person on the same day stay two lines, and a statement that overlaps
    an earlier one finds the same keys for the lines they share.
    """
    account = (account or "").replace(" ", "").upper()
    seen: Counter = Counter()
    keys = []
    for line in lines:
        common = (account, line.booking_date.isoformat(), str(line.amount), line.currency)
        if line.bank_reference:
            basis = ("ref", *common, line.bank_reference, line.detail)
        else:
            basis = (
                "content",
                *common,
                line.counterparty_iban,
                line.counterparty_name.casefold(),
                line.structured_reference,
                clean(line.free_communication).casefold(),
            )
        # The same basis twice in one file (a bank repeating a reference, two equal
        # transfers): the n-th occurrence gets its own key.
        seen[basis] += 1
        parts = (*basis, str(seen[basis]))
        keys.append(hashlib.sha256("\x1f".join(parts).encode()).hexdigest())
    return keys
