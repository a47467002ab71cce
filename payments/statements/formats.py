"""Which format a statement file is in, told from its content, and its parser."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .camtfile import parse_camt
from .codafile import looks_like_coda, parse_coda
from .csvfile import parse_csv
from .errors import StatementError
from .parsed import ParsedStatement

BOM = b"\xef\xbb\xbf"
# Files people download by mistake instead of a statement export.
NOT_STATEMENTS = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "Excel/ZIP",
    b"\xd0\xcf\x11\xe0": "Excel",
}


def detect(content: bytes) -> str:
    """``coda`` (a first record "0" of 128 characters), ``camt053`` (XML) or ``csv``."""
    head = content[:4096].removeprefix(BOM).lstrip(b" \t\r\n")
    for magic, kind in NOT_STATEMENTS.items():
        if head.startswith(magic):
            raise StatementError(
                _(
                    "This is a %(kind)s file, not a statement export. Download the statement "
                    "from your bank as CODA, CAMT.053 (XML) or CSV."
                )
                % {"kind": kind}
            )
    if head.startswith(b"<"):
        return "camt053"
    if looks_like_coda(head.decode("latin-1")):
        return "coda"
    return "csv"


PARSERS = {"coda": parse_coda, "camt053": parse_camt, "csv": parse_csv}


def parse(content: bytes) -> ParsedStatement:
    """The statement in ``content``; ``StatementError`` when it cannot be read."""
    if not content.strip():
        raise StatementError(_("The file is empty."))
    return PARSERS[detect(content)](content.removeprefix(BOM))
