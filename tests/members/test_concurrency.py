"""Approvals at the same moment, on real connections to PostgreSQL: member and entry
numbers stay gapless, and the last shares of a class are issued once.

These tests commit (threads see only committed rows): each works in a buurtpunt
of its own and drops it afterwards.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import connection, connections
from django.utils import translation
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import schema_context

from members.errors import SubscriptionError
from members.models import Person, RegisterEntry, Subscription
from members.selectors import outstanding
from members.services import subscription_approve, subscription_confirm, subscription_request
from payments.services import payment_mark_paid
from tenants.models import Buurtpunt
from tests.members.factories import CONSENTS, PERSON_DATA, ShareClassFactory, bank_account

THREADS = 6


@pytest.fixture
def db(django_db_setup, committed):
    """Here ``db`` commits (threads cannot see through a test transaction); the name
    makes pytest-django create the test database for these tests."""
    assert connection.settings_dict["NAME"].startswith("test_")
    yield


@pytest.fixture
def scratch(db):
    from tenants.services import buurtpunt_create

    slug = f"gelijk{uuid.uuid4().hex[:6]}"
    buurtpunt_create(slug=slug, name="Gelijktijdig", legal_form="cv")
    yield slug
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{slug}" CASCADE')
    Buurtpunt.objects.filter(schema_name=slug).delete()
    DBTaskResult.objects.filter(args_kwargs__schema=slug).delete()


def paid_requests(slug: str, *, count: int, quantity: int, **class_fields) -> list[int]:
    """``count`` requests of different people, paid and waiting for the board."""
    with schema_context(slug):
        bank_account()
        share_class = ShareClassFactory(code="B", **class_fields)
        ids = []
        for n in range(count):
            subscription, _ = subscription_request(
                share_class=share_class,
                quantity=quantity,
                person={**PERSON_DATA, "first_name": f"P{n}", "email": f"p{n}@example.be"},
                consents=CONSENTS,
                request_token=uuid.uuid4(),
            )
            subscription = subscription_confirm(subscription=subscription)
            payment_mark_paid(payment=subscription.payment)
            ids.append(subscription.pk)
    return ids


def approve_at_once(slug: str, ids: list[int]) -> dict[str, list]:
    barrier = threading.Barrier(len(ids))
    outcome = {"ok": [], "refused": [], "crashed": []}

    def approve(pk: int):
        try:
            with schema_context(slug):
                subscription = Subscription.objects.get(pk=pk)
                barrier.wait(timeout=30)
                subscription_approve(subscription=subscription)
            outcome["ok"].append(pk)
        except SubscriptionError as exc:
            outcome["refused"].append(exc.message)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcome["crashed"].append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


def test_concurrent_approvals_give_gapless_member_and_entry_numbers(scratch):
    ids = paid_requests(scratch, count=THREADS, quantity=1)
    outcome = approve_at_once(scratch, ids)
    assert outcome["crashed"] == []
    assert len(outcome["ok"]) == THREADS
    with schema_context(scratch):
        numbers = sorted(Person.objects.values_list("member_number", flat=True))
        entries = sorted(RegisterEntry.objects.values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
    assert entries == list(range(1, THREADS + 1))


def test_the_last_shares_of_a_class_are_issued_once(scratch, monkeypatch):
    # Room for 5 shares in all; six requests of 2 each: two fit. Reading what is
    # outstanding is made slow, so that without the lock every approval would
    # read "0" before any of them writes.
    from members.services import subscriptions

    def slow_outstanding(share_class):
        value = outstanding(share_class)
        time.sleep(0.3)
        return value

    monkeypatch.setattr(subscriptions, "outstanding", slow_outstanding)
    ids = paid_requests(scratch, count=THREADS, quantity=2, max_issued=5)
    outcome = approve_at_once(scratch, ids)
    assert outcome["crashed"] == []
    assert len(outcome["ok"]) == 2
    assert len(outcome["refused"]) == THREADS - 2
    # The threads speak the site's language, as a request would.
    with translation.override("nl"):
        expected = translation.gettext("Class %(cls)s has no %(n)d shares left to issue.") % {
            "cls": "B",
            "n": 2,
        }
    assert expected != "Class B has no 2 shares left to issue."
    assert outcome["refused"] == [expected] * (THREADS - 2)
    with schema_context(scratch):
        from members.models import ShareClass

        assert outstanding(ShareClass.objects.get(code="B")) == 4
        assert sorted(RegisterEntry.objects.values_list("number", flat=True)) == [1, 2]
        assert sorted(
            Person.objects.exclude(member_number=None).values_list("member_number", flat=True)
        ) == [1, 2]
