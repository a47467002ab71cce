"""The share register is a ledger: entries are numbered without gaps, never go
below zero, are never changed or deleted, and a mistake gets a reversal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.utils import translation
from django_tenants.utils import tenant_context

from core import localtime
from members.errors import RegisterError
from members.models import RegisterEntry
from members.selectors import holding
from members.services import register_entry_reverse, register_entry_write
from tests.members.factories import PersonFactory, ShareClassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Services speak the language of the request; these tests read their messages in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        yield
    connection.set_schema_to_public()


def issue(person, share_class, quantity, days_ago=0):
    return register_entry_write(
        kind="issue",
        person=person,
        share_class=share_class,
        quantity=quantity,
        entry_date=localtime.today() - timedelta(days=days_ago),
        amount_per_share=share_class.nominal_value,
    )


def test_entries_are_numbered_in_order_and_amounts_follow_the_shares(in_a):
    person, share_class = PersonFactory(), ShareClassFactory(code="B")
    first = issue(person, share_class, 2, days_ago=10)
    second = issue(person, share_class, 3)
    assert (first.number, second.number) == (1, 2)
    assert (first.amount, second.amount) == (Decimal("50.00"), Decimal("75.00"))
    assert holding(person, share_class) == 5
    assert holding(person, share_class, localtime.today() - timedelta(days=5)) == 2


def test_the_database_refuses_to_change_or_delete_an_entry(in_a):
    entry = issue(PersonFactory(), ShareClassFactory(code="B"), 2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        RegisterEntry.objects.filter(pk=entry.pk).update(quantity=20)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        RegisterEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.quantity == 2


def test_shares_cannot_go_out_that_are_not_held_on_that_day_or_after(in_a):
    person, share_class = PersonFactory(), ShareClassFactory(code="B")
    issue(person, share_class, 2, days_ago=10)
    with pytest.raises(RegisterError, match="holds 2 shares"):
        register_entry_write(
            kind="redemption",
            person=person,
            share_class=share_class,
            quantity=-3,
            entry_date=localtime.today(),
            amount_per_share=Decimal("25.00"),
        )
    # Backdated before the shares were issued: nothing held then.
    with pytest.raises(RegisterError, match="holds 0 shares"):
        register_entry_write(
            kind="redemption",
            person=person,
            share_class=share_class,
            quantity=-1,
            entry_date=localtime.today() - timedelta(days=20),
            amount_per_share=Decimal("25"),
        )
    assert RegisterEntry.objects.count() == 1


def test_a_backdated_exit_may_not_break_a_later_exit(in_a):
    person, share_class = PersonFactory(), ShareClassFactory(code="B")
    issue(person, share_class, 2, days_ago=10)
    register_entry_write(
        kind="redemption",
        person=person,
        share_class=share_class,
        quantity=-2,
        entry_date=localtime.today() - timedelta(days=2),
        amount_per_share=Decimal("25"),
    )
    issue(person, share_class, 1)
    # 5 days ago 2 were held, but taking one out then leaves -1 two days ago.
    with pytest.raises(RegisterError):
        register_entry_write(
            kind="redemption",
            person=person,
            share_class=share_class,
            quantity=-1,
            entry_date=localtime.today() - timedelta(days=5),
            amount_per_share=Decimal("25"),
        )


def test_a_future_date_or_zero_shares_is_refused(in_a):
    person, share_class = PersonFactory(), ShareClassFactory(code="B")
    with pytest.raises(RegisterError, match="future"):
        issue(person, share_class, 1, days_ago=-1)
    with pytest.raises(RegisterError, match="at least one share"):
        issue(person, share_class, 0)


def test_a_reversal_cancels_an_entry_once_and_keeps_it(in_a):
    person, share_class = PersonFactory(), ShareClassFactory(code="B")
    wrong = issue(person, share_class, 4, days_ago=3)
    with pytest.raises(RegisterError, match="why"):
        register_entry_reverse(entry=wrong, note=" ")
    reversal = register_entry_reverse(entry=wrong, note="Verkeerd aantal")
    assert (reversal.kind, reversal.quantity, reversal.amount) == (
        "reversal",
        -4,
        Decimal("-100.00"),
    )
    assert reversal.reverses_id == wrong.pk
    assert holding(person, share_class) == 0
    # Before the reversal's date the register showed the shares, as it did then.
    assert holding(person, share_class, localtime.today() - timedelta(days=1)) == 4
    with pytest.raises(RegisterError, match="reversed already"):
        register_entry_reverse(entry=wrong, note="nog eens")
    with pytest.raises(RegisterError, match="cannot be reversed"):
        register_entry_reverse(entry=reversal, note="terug")
    assert RegisterEntry.objects.count() == 2


def test_a_reversal_needs_an_entry_to_name(in_a):
    person, share_class = PersonFactory(), ShareClassFactory(code="B")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegisterEntry.objects.create(
            number=99,
            kind="reversal",
            person=person,
            share_class=share_class,
            quantity=1,
            entry_date=localtime.today(),
        )


def test_numbers_of_two_tenants_are_their_own(in_a, tenant_b):
    issue(PersonFactory(), ShareClassFactory(code="B"), 1)
    issue(PersonFactory(), ShareClassFactory(code="B"), 1)
    connection.set_schema_to_public()
    with tenant_context(tenant_b):
        assert not RegisterEntry.objects.exists()
        assert issue(PersonFactory(), ShareClassFactory(code="B"), 1).number == 1
