"""How amounts and people read on the board's screens."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats


def euro(amount: Decimal | None) -> str:
    """``€ 1.250,00`` in Dutch, ``€ 1,250.00`` in English; empty for no amount."""
    if amount is None:
        return ""
    return "€\u00a0" + formats.number_format(
        amount, decimal_pos=2, use_l10n=True, force_grouping=True
    )
