"""Reads of the statements screens: the imports, the queue, the payments a line may pay."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from ..models import BankStatement, Payment, StatementLine
from .csvfile import parse_amount

CANDIDATES = 25


def statements() -> QuerySet[BankStatement]:
    """The imports, newest first, each with ``open_count``: its lines that still wait."""
    return (
        BankStatement.objects.select_related("imported_by")
        .annotate(open_count=Count("lines", filter=Q(lines__status__in=StatementLine.QUEUE)))
        .order_by("-imported_at", "-pk")
    )


def statement_lines(statement: BankStatement) -> QuerySet[StatementLine]:
    return statement.lines.select_related("payment", "decided_by").order_by("position")


def queue() -> QuerySet[StatementLine]:
    """The lines that wait for a person, oldest first."""
    return (
        StatementLine.objects.filter(status__in=StatementLine.QUEUE)
        .select_related("payment", "statement")
        .order_by("booking_date", "pk")
    )


def queue_count() -> int:
    return StatementLine.objects.filter(status__in=StatementLine.QUEUE).count()


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except (ValueError, InvalidOperation):
        return None


def pending_payments(query: str = "", *, line: StatementLine | None = None) -> list[Payment]:
    """Payments awaiting payment that a person may assign ``line`` to.

    With a query: those whose structured communication contains its digits, whose
    amount it is, or whose payer, e-mail or description hold all its words. Without
    one: the payment the line's communication names, then those of the line's amount
    or of its counterparty's name.
    """
    pending = Payment.objects.filter(status=Payment.Status.PENDING)
    query = (query or "").strip()
    if query:
        match = Q()
        digits = re.sub(r"\D", "", query)
        if len(digits) >= 3 and not re.search(r"[A-Za-z]", query):
            match |= Q(reference__contains=digits)
        amount = _amount(query)
        if amount is not None:
            match |= Q(amount=amount)
        words = Q()
        for word in query.split():
            words &= (
                Q(payer_name__icontains=word)
                | Q(payer_email__icontains=word)
                | Q(description__icontains=word)
            )
        return list(pending.filter(match | words).order_by("-created")[:CANDIDATES])
    if line is None:
        return list(pending.order_by("-created")[:CANDIDATES])
    near = Q(amount=line.amount)
    named = Q(pk=line.payment_id) if line.payment_id else Q(pk__in=[])
    if line.structured_reference:
        named |= Q(reference=line.structured_reference)
    surname = max(line.counterparty_name.split(), key=len, default="")
    if len(surname) >= 3:
        near |= Q(payer_name__icontains=surname)
    return list(
        pending.filter(named | near)
        .annotate(
            rank=Case(When(named, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("rank", "-created")[:CANDIDATES]
    )
