"""EPC QR codes ("SEPA credit transfer" QR, EPC069-12) that banking apps scan.

The payload is built and encoded by segno (``segno.helpers.make_epc_qr``): version
002, error level M, at most QR version 13. The Belgian structured communication
goes in the structured remittance field as its 12 digits, as Belgian banks read it.
"""

from __future__ import annotations

import io
from decimal import Decimal

from segno import helpers

# The EPC payload's limits (characters).
NAME_MAX = 70


def epc_qr(*, name: str, iban: str, amount: Decimal, reference: str, bic: str = ""):
    """A ``segno.QRCode`` for a transfer of ``amount`` EUR to ``iban`` of ``name``
    with the structured communication ``reference`` (12 digits)."""
    return helpers.make_epc_qr(
        name=name[:NAME_MAX],
        iban=iban.replace(" ", ""),
        amount=amount,
        reference=reference,
        bic=bic or None,
    )


def epc_svg(**kwargs) -> str:
    """The QR code as an inline SVG element, for a web page."""
    return epc_qr(**kwargs).svg_inline(scale=4, border=2, title=None)


def epc_png(**kwargs) -> bytes:
    """The QR code as PNG bytes, for an e-mail."""
    buffer = io.BytesIO()
    epc_qr(**kwargs).save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()
