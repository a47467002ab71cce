"""Gapless numbers, drawn under a row lock in the caller's transaction."""

from __future__ import annotations

from django.db import transaction

from ..models import Counter

MEMBER_NUMBER = "member_number"
REGISTER_ENTRY = "register_entry"


def next_number(name: str) -> int:
    """The next number of the series ``name``. Must run inside a transaction: the
    counter's row stays locked until it ends, so concurrent callers queue, and a
    rollback gives the number back (no gap)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside a transaction")
    Counter.objects.bulk_create([Counter(name=name)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(name=name)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value
