"""The share register as a file: CSV, XLSX or JSON, as of any date.

The rows hold the register's legal content (WVV): per shareholder the member
number, name, kind, domicile (or seat) and company number; per class held the
shares on the date, the payments made per share and in all; then every entry
with its date, kind, quantity, amount paid in or back, counterparty of a
transfer and the entry a reversal cancels. XLSX and JSON add the classes with
their voting and profit rights. The vzw's member register comes later.

Every text cell of CSV and XLSX that a spreadsheet would read as a formula is
made plain text (``members.validators.neutralise_formula``): names and
addresses are typed by the public. JSON keeps field names and codes in
English for programs; CSV and XLSX speak the active language.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Person, RegisterEntry
from .selectors import ClassHolding, HolderRow, Register, gc_paused, register_as_of
from .validators import neutralise_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": (XLSX_TYPE, "xlsx"),
    "json": ("application/json", "json"),
}
MONEY_FORMAT = "#,##0.00"


def export_register(on: date, fmt: str) -> bytes:
    """The share register at the end of ``on`` in the format ``fmt`` (a key of
    ``EXPORT_FORMATS``), of the current tenant."""
    writers = {"csv": _csv, "xlsx": _xlsx, "json": _json}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose from {sorted(writers)}")
    with gc_paused():
        return writers[fmt](register_as_of(on))


def export_filename(on: date, fmt: str) -> str:
    """A file name for the download, e.g. ``share-register-2025-06-30.csv``."""
    return f"{pgettext('file name', 'share-register')}-{on.isoformat()}.{EXPORT_FORMATS[fmt][1]}"


# --- the table of CSV and XLSX -----------------------------------------------------------


def _headers() -> list[str]:
    return [
        pgettext("share register", "Line"),
        pgettext("share register", "Member number"),
        pgettext("share register", "Name"),
        pgettext("share register", "Kind"),
        pgettext("share register", "Domicile or registered office"),
        pgettext("share register", "Enterprise number"),
        pgettext("share register", "Class"),
        pgettext("share register", "Shares held"),
        pgettext("share register", "Paid per share"),
        pgettext("share register", "Paid in"),
        pgettext("share register", "Entry number"),
        pgettext("share register", "Date"),
        pgettext("share register", "Entry"),
        pgettext("share register", "Quantity"),
        pgettext("share register", "Amount paid in (+) or back (−)"),
        pgettext("share register", "Counterparty number"),
        pgettext("share register", "Counterparty"),
        pgettext("share register", "Reverses entry"),
        pgettext("share register", "Note"),
    ]


def _rows(register: Register):
    """Per shareholder and class held: a holding line, then that class's entries."""
    holding_label = pgettext("register line", "holding")
    entry_label = pgettext("register line", "entry")
    # Labels translated once, not once per line (a lazy label translates on every use).
    entry_kinds = {kind: str(label) for kind, label in RegisterEntry.Kind.choices}
    person_kinds = {kind: str(label) for kind, label in Person.Kind.choices}
    for row in register.holders:
        person = row.person
        name, domicile = person.name, person.domicile
        for holding in row.holdings:
            yield [
                holding_label,
                person.member_number,
                name,
                person_kinds.get(person.kind, person.kind),
                domicile,
                person.company_number,
                holding.share_class.code,
                holding.quantity,
                holding.paid_per_share,
                holding.paid_in,
                *[None] * 9,
            ]
            for entry in _entries_of(row, holding):
                counterparty = entry.counterparty
                yield [
                    entry_label,
                    person.member_number,
                    name,
                    None,
                    None,
                    None,
                    holding.share_class.code,
                    None,
                    None,
                    None,
                    entry.number,
                    entry.entry_date,
                    entry_kinds.get(entry.kind, entry.kind),
                    entry.quantity,
                    entry.amount,
                    counterparty.member_number if counterparty else None,
                    counterparty.name if counterparty else None,
                    entry.reverses.number if entry.reverses_id else None,
                    entry.note or None,
                ]


def _entries_of(row: HolderRow, holding: ClassHolding) -> list[RegisterEntry]:
    return [e for e in row.entries if e.share_class_id == holding.share_class.pk]


MONEY_COLUMNS = (8, 9, 14)  # paid per share, paid in, amount


def _csv(register: Register) -> bytes:
    out = io.StringIO()
    # The byte order mark tells spreadsheet programs the file is UTF-8.
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_headers())
    # The csv module writes None as an empty field, numbers and dates (ISO) with str();
    # only texts need a look. A number stays as is: "-2" is no formula to a spreadsheet.
    for values in _rows(register):
        writer.writerow([neutralise_formula(v) if v.__class__ is str else v for v in values])
    return out.getvalue().encode("utf-8")


def _xlsx(register: Register) -> bytes:
    """A workbook written as a stream (openpyxl's write-only mode: faster, and a
    fraction of the memory, for the 40,000 lines of a large register)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    workbook.properties.title = _("Share register as of %(date)s") % {"date": register.on}
    bold = Font(bold=True)

    sheet = workbook.create_sheet(pgettext("share register", "Share register")[:31])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQRS", _WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([_bold_cell(sheet, text, bold, WriteOnlyCell) for text in _headers()])
    for values in _rows(register):
        cells = [_xlsx_value(value) if value.__class__ is str else value for value in values]
        for index in MONEY_COLUMNS:
            if cells[index] is not None:
                cell = WriteOnlyCell(sheet, value=cells[index])
                cell.number_format = MONEY_FORMAT
                cells[index] = cell
        sheet.append(cells)

    classes = workbook.create_sheet(pgettext("share register", "Share classes")[:31])
    classes.append(
        [
            _bold_cell(classes, text, bold, WriteOnlyCell)
            for text in (
                pgettext("share register", "Class"),
                pgettext("share register", "Name"),
                pgettext("share register", "Price per share"),
                pgettext("share register", "Votes per share"),
                pgettext("share register", "Profit rights"),
                pgettext("share register", "Who may hold them"),
                pgettext("share register", "Shares outstanding"),
                pgettext("share register", "Paid in"),
                pgettext("share register", "Shareholders"),
            )
        ]
    )
    for total in register.totals:
        cls = total.share_class
        classes.append(
            [
                _xlsx_value(cls.code),
                _xlsx_value(cls.name),
                cls.nominal_value,
                cls.votes_per_share,
                _xlsx_value(cls.profit_rights),
                _xlsx_value(cls.holders),
                total.quantity,
                total.paid_in,
                total.holders,
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_WIDTHS = (10, 10, 28, 16, 40, 14, 8, 10, 12, 12, 10, 12, 22, 10, 14, 10, 28, 10, 30)


def _bold_cell(sheet, text, font, cell_class):
    cell = cell_class(sheet, value=_xlsx_value(text))
    cell.font = font
    return cell


def _xlsx_value(value):
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # openpyxl refuses control characters (an import may bring them) and takes a
    # text starting with "=" for a formula: both are made plain text.
    return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value)) or None


# --- JSON ---------------------------------------------------------------------------------


def _json(register: Register) -> bytes:
    document = {
        "register": "shares",
        "as_of": register.on.isoformat(),
        "share_classes": [
            {
                "code": total.share_class.code,
                "name": total.share_class.name,
                "nominal_value": _money(total.share_class.nominal_value),
                "votes_per_share": total.share_class.votes_per_share,
                "profit_rights": total.share_class.profit_rights,
                "holders_allowed": total.share_class.holders,
                "outstanding": total.quantity,
                "paid_in": _money(total.paid_in),
                "shareholders": total.holders,
            }
            for total in register.totals
        ],
        "holders": [_json_holder(row) for row in register.holders],
    }
    # Compact: with an indent, the json module falls back from its C encoder to Python.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_holder(row: HolderRow) -> dict:
    person = row.person
    return {
        "member_number": person.member_number,
        "name": person.name,
        "kind": person.kind,
        "domicile": person.domicile,
        "company_number": person.company_number,
        "holdings": [
            {
                "class": holding.share_class.code,
                "shares": holding.quantity,
                "paid_per_share": _money(holding.paid_per_share),
                "paid_in": _money(holding.paid_in),
            }
            for holding in row.holdings
        ],
        "entries": [
            {
                "number": entry.number,
                "date": entry.entry_date.isoformat(),
                "kind": entry.kind,
                "class": entry.share_class.code,
                "quantity": entry.quantity,
                "amount_per_share": _money(entry.amount_per_share),
                "amount": _money(entry.amount),
                "counterparty": (
                    {
                        "member_number": entry.counterparty.member_number,
                        "name": entry.counterparty.name,
                    }
                    if entry.counterparty_id
                    else None
                ),
                "reverses": entry.reverses.number if entry.reverses_id else None,
                "note": entry.note,
            }
            for entry in row.entries
        ],
    }


def _money(value: Decimal) -> str:
    # A string keeps the cents exact for every reader (a JSON number may become a float).
    return f"{value:.2f}"
