"""A simple CSV statement, for a bank that exports neither CODA nor CAMT.053 (or a
list typed by hand).

The format::

    date;amount;name;iban;communication
    2026-03-20;75,00;An Peeters;BE71 0961 2345 6769;+++090/9337/55493+++
    21/03/2026;-12,50;Bank;;Account charges

- The first row names the columns (English or Dutch: ``date``/``datum``,
  ``amount``/``bedrag``, ``name``/``naam``, ``iban``/``rekening``,
  ``communication``/``mededeling``), in any order; ``date`` and ``amount`` are
  required, other columns are ignored.
- ``;`` or ``,`` between the columns (found from the first row); UTF-8 or
  Windows-1252.
- Dates as ``2026-03-20``, ``20/03/2026``, ``20-03-2026`` or ``20.03.2026``.
- Amounts with a decimal comma or point (``75,00``, ``1.250,00``, ``75.00``,
  ``1,250.00``), negative for money out, at most two decimals; ``€`` allowed.
- The communication may be a structured one (``+++…+++`` or its 12 digits) or
  any text, which is searched for one.

One bad row refuses the whole file, with every bad row named by its line number.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from .. import structured
from .errors import StatementError
from .parsed import ParsedStatement, StatementLine, clean, find_structured, money

COLUMNS = {
    "date": ("date", "datum", "boekingsdatum", "booking date"),
    "amount": ("amount", "bedrag"),
    "name": ("name", "naam", "tegenpartij", "counterparty"),
    "iban": ("iban", "rekening", "rekeningnummer", "tegenrekening", "account"),
    "communication": ("communication", "mededeling", "omschrijving", "description"),
}
REQUIRED = ("date", "amount")
DELIMITERS = (";", ",", "\t")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# Problems listed in one refusal; past this, "and N more".
MAX_PROBLEMS = 20
AMOUNT = re.compile(r"^[0-9][0-9.,]*$")
# One separator and three digits after it: a thousand, or one and a quarter?
AMBIGUOUS = re.compile(r"^-?[0-9]{1,3}[.,][0-9]{3}$")


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def parse_amount(text: str) -> Decimal:
    """``75,00``, ``1.250,00``, ``-12.5``, ``€ 1,250.00`` → Decimal; ValueError when it
    is not an amount or would be read two ways (``1.250``: one thousand or one?)."""
    cleaned = re.sub(r"[\s\u00a0€]|EUR", "", text)
    sign = "-" if cleaned.startswith("-") else ""
    cleaned = cleaned.lstrip("+-")
    if not AMOUNT.match(cleaned) or cleaned[-1] in ".,":
        raise ValueError(text)
    last = max(cleaned.rfind("."), cleaned.rfind(","))
    whole, fraction, grouping = cleaned, "", ""
    if last >= 0:
        mark, tail = cleaned[last], cleaned[last + 1 :]
        other = "," if mark == "." else "."
        if len(tail) in (1, 2):
            whole, fraction, grouping = cleaned[:last], tail, other
        elif len(tail) == 3 and (cleaned.count(mark) > 1 or other in cleaned):
            grouping = mark
        else:
            raise ValueError(text)  # 1.250: a thousand, or one and a quarter?
        if any(char in ".," and char != grouping for char in whole):
            raise ValueError(text)
        groups = whole.split(grouping) if grouping else [whole]
        if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
            raise ValueError(text)
        whole = "".join(groups)
    return money(Decimal(sign + whole + ("." + fraction if fraction else "")))


def parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise ValueError(text)


def _header(row: list[str]) -> dict[str, int]:
    positions = {}
    for index, name in enumerate(row):
        key = clean(name).casefold().lstrip("\ufeff")
        for column, aliases in COLUMNS.items():
            if key in aliases and column not in positions:
                positions[column] = index
    return positions


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _row_line(row: list[str], columns: dict[str, int]) -> StatementLine:
    """One row as a line; ValueError with the problem (translated) when it is bad."""

    def cell(column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    try:
        booking_date = parse_date(cell("date"))
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date (write 2026-03-20 or 20/03/2026).")
            % {"value": cell("date")[:40]}
        ) from None
    try:
        amount = parse_amount(cell("amount"))
    except (ValueError, InvalidOperation):
        if AMBIGUOUS.match(cell("amount")):
            raise ValueError(
                _("“%(value)s” can be read two ways: write 1.250,00 or 1,25.")
                % {"value": cell("amount")}
            ) from None
        raise ValueError(
            _("“%(value)s” is not an amount (write 75,00 or -12,50).")
            % {"value": cell("amount")[:40]}
        ) from None
    iban = cell("iban").replace(" ", "")
    if iban:
        try:
            iban = IBAN(iban).compact
        except (SchwiftyException, ValueError):
            raise ValueError(
                _("“%(value)s” is not a valid IBAN.") % {"value": cell("iban")[:42]}
            ) from None
    communication = clean(cell("communication"))
    reference = structured.compact(communication) or ""
    return StatementLine(
        booking_date=booking_date,
        value_date=None,
        amount=amount,
        counterparty_name=clean(cell("name"))[:200],
        counterparty_iban=iban,
        structured_reference=reference or find_structured(communication),
        free_communication="" if reference else communication,
    )


def parse_csv(content: bytes) -> ParsedStatement:
    text = _decode(content)
    if "\x00" in text:
        raise StatementError(_("This file is not a text file, so not a CSV statement."))
    first_line = text.lstrip().split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text.lstrip()), delimiter=_delimiter(first_line))
    header = next(reader, [])
    columns = _header(header)
    if not all(column in columns for column in REQUIRED):
        raise StatementError(
            _(
                "The first row of a CSV statement names its columns: "
                "date;amount;name;iban;communication (date and amount are required)."
            )
        )
    lines, problems = [], []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            try:
                lines.append(_row_line(row, columns))
            except ValueError as exc:
                problems.append(
                    _("Line %(line)d: %(problem)s") % {"line": reader.line_num, "problem": exc}
                )
    except csv.Error:
        problems.append(
            _("Line %(line)d: the quotes of this row do not close.") % {"line": reader.line_num}
        )
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(_("… and %(n)d more.") % {"n": len(problems) - MAX_PROBLEMS})
        raise StatementError(
            ngettext(
                "Nothing was imported: %(n)d row of this file cannot be read. "
                "Correct it and try again.",
                "Nothing was imported: %(n)d rows of this file cannot be read. "
                "Correct them and try again.",
                len(problems),
            )
            % {"n": len(problems)},
            problems=shown,
        )
    if not lines:
        raise StatementError(_("This CSV file has a header row but no lines."))
    return ParsedStatement(format="csv", date=max(line.booking_date for line in lines), lines=lines)
