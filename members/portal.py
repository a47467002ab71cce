"""Reads for the member portal: what one person holds and asked for."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .models import Person, RegisterEntry, ShareClass, Subscription


@dataclass(frozen=True)
class Holding:
    share_class: ShareClass
    quantity: int
    paid_in: Decimal

    @property
    def value(self) -> Decimal:
        return self.share_class.nominal_value * self.quantity


def person_holdings(person: Person) -> list[Holding]:
    """What ``person`` holds today, per class (classes with shares only)."""
    rows = (
        RegisterEntry.objects.filter(person=person)
        .values("share_class")
        .annotate(quantity=Sum("quantity"), paid_in=Sum("amount"))
        .filter(quantity__gt=0)
    )
    classes = ShareClass.objects.in_bulk([row["share_class"] for row in rows])
    holdings = [
        Holding(classes[row["share_class"]], row["quantity"], row["paid_in"]) for row in rows
    ]
    return sorted(holdings, key=lambda h: (h.share_class.sort_order, h.share_class.code))


def person_entries(person: Person) -> list[RegisterEntry]:
    return list(
        RegisterEntry.objects.filter(person=person)
        .select_related("share_class", "counterparty")
        .order_by("entry_date", "number")
    )


def person_requests(person: Person) -> list[Subscription]:
    return list(
        person.subscriptions.exclude(status=Subscription.Status.UNCONFIRMED)
        .select_related("share_class", "payment")
        .order_by("-created")
    )


def person_for_user(user) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user, erased_at__isnull=True).first()
