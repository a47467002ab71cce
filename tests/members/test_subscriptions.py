"""The share subscription's state machine: every transition and every refusal."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone, translation
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from members.errors import SubscriptionError
from members.models import Person, RegisterEntry, Subscription
from members.services import (
    subscription_approve,
    subscription_cancel,
    subscription_confirm,
    subscription_mark_refunded,
    subscription_reject,
    subscription_request,
    subscriptions_expire,
)
from payments.errors import PaymentError
from payments.models import Payment
from payments.services import payment_mark_paid
from tests.members.factories import (
    CONSENTS,
    PERSON_DATA,
    ShareClassFactory,
    bank_account,
    cooperative,
)
from tests.queue import run_queued as run_in_public

S = Subscription.Status


@pytest.fixture(autouse=True)
def _english():
    """Services speak the language of the request; these tests read their messages in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        bank_account()
        yield tenant_a
    connection.set_schema_to_public()


def run_queued(task_path: str) -> list:
    """Run the waiting jobs of ``task_path`` and come back to the tenant of the test."""
    tenant = connection.tenant
    results = run_in_public(task_path)
    connection.set_tenant(tenant)
    return results


def request(share_class, quantity=2, **person):
    subscription, created = subscription_request(
        share_class=share_class,
        quantity=quantity,
        person={**PERSON_DATA, **person},
        consents=CONSENTS,
        request_token=uuid.uuid4(),
    )
    assert created
    return subscription


def confirmed(share_class, quantity=2, **person):
    return subscription_confirm(subscription=request(share_class, quantity, **person))


def pay(subscription, actor=None):
    subscription.refresh_from_db()
    payment_mark_paid(payment=subscription.payment, actor=actor)
    subscription.refresh_from_db()
    return subscription


def actions(subscription):
    return list(
        ModelLogEntry.objects.for_instance(subscription)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_a_request_waits_for_its_email_to_be_confirmed(in_a):
    share_class = ShareClassFactory(code="B")
    subscription = request(share_class, 3)
    assert subscription.status == S.UNCONFIRMED
    assert subscription.amount == Decimal("75.00")
    assert subscription.payment is None
    assert subscription.person.email_confirmed_at is None
    assert sorted(subscription.person.consents.values_list("purpose", flat=True)) == [
        "privacy",
        "statutes",
    ]
    run_queued("members.tasks.send_confirmation_link")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an.peeters@example.be"]


def test_the_same_form_posted_twice_makes_one_request(in_a):
    share_class = ShareClassFactory(code="B")
    token = uuid.uuid4()
    kwargs = {
        "share_class": share_class,
        "quantity": 1,
        "person": PERSON_DATA,
        "consents": CONSENTS,
        "request_token": token,
    }
    first, created = subscription_request(**kwargs)
    second, created_again = subscription_request(**kwargs)
    assert created and not created_again
    assert first.pk == second.pk
    assert Subscription.objects.count() == 1
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        (0, "at least one"),
        (-3, "at least one"),
        (21, "at most 20"),
        (10**20, "more shares than there are"),
    ],
)
def test_a_quantity_outside_the_limits_is_refused_and_nothing_is_stored(in_a, quantity, message):
    share_class = ShareClassFactory(code="B")
    with pytest.raises(SubscriptionError, match=message):
        request(share_class, quantity)
    assert not Subscription.objects.exists()
    assert not Person.objects.exists()


def test_a_missing_consent_is_refused(in_a):
    share_class = ShareClassFactory(code="B")
    with pytest.raises(SubscriptionError, match="statutes"):
        subscription_request(
            share_class=share_class,
            quantity=1,
            person=PERSON_DATA,
            consents={"statutes": False, "privacy": True},
        )
    assert not Person.objects.exists()


def test_a_class_not_offered_online_is_refused(in_a):
    share_class = ShareClassFactory(code="F", offered_online=False)
    with pytest.raises(SubscriptionError, match="not offered"):
        request(share_class, 1)


def test_confirming_asks_for_the_payment_with_a_structured_communication(in_a):
    subscription = confirmed(ShareClassFactory(code="B"), 2)
    assert subscription.status == S.SUBMITTED
    assert subscription.person.email_confirmed_at is not None
    payment = subscription.payment
    assert payment.amount == Decimal("50.00")
    assert payment.status == Payment.Status.PENDING
    assert len(payment.reference) == 12
    run_queued("members.tasks.send_payment_instructions")
    message = mail.outbox[-1]
    assert payment.display_reference in message.body
    assert "BE68 5390 0754 7034" in message.body
    html, _type = message.alternatives[0]
    assert "cid:epc-qr" in html
    assert any(part.get_content_type() == "image/png" for part in message.attachments)


def test_confirming_twice_changes_nothing(in_a):
    subscription = confirmed(ShareClassFactory(code="B"), 2)
    again = subscription_confirm(subscription=subscription)
    assert again.payment_id == subscription.payment_id
    assert Payment.objects.count() == 1


def test_a_confirmed_shareholder_asking_again_stays_one_person(in_a):
    share_class = ShareClassFactory(code="B")
    first = confirmed(share_class, 1)
    second = confirmed(share_class, 2)
    assert second.person_id == first.person_id
    assert Person.objects.count() == 1


def test_approved_then_paid_becomes_effective_with_register_entry_and_number(in_a):
    subscription = confirmed(ShareClassFactory(code="B"), 2)
    subscription = subscription_approve(subscription=subscription)
    assert subscription.status == S.APPROVED
    subscription = pay(subscription)
    assert subscription.status == S.EFFECTIVE
    entry = RegisterEntry.objects.get(subscription=subscription)
    assert (entry.kind, entry.quantity, entry.amount) == ("issue", 2, Decimal("50.00"))
    assert subscription.person.member_number == 1
    run_queued("members.tasks.send_welcome")
    assert "Lidnummer: 1" in mail.outbox[-1].body or "Member number: 1" in mail.outbox[-1].body
    assert actions(subscription) == [
        "members.subscription.requested",
        "members.subscription.submitted",
        "members.subscription.approved",
        "members.subscription.paid",
        "members.subscription.effective",
    ]


def test_paid_first_waits_for_the_board_then_approval_makes_it_effective(in_a):
    subscription = pay(confirmed(ShareClassFactory(code="B"), 2))
    assert subscription.status == S.PAID
    assert not RegisterEntry.objects.exists()
    subscription = subscription_approve(subscription=subscription)
    assert subscription.status == S.EFFECTIVE
    assert RegisterEntry.objects.filter(subscription=subscription).count() == 1


def test_automatic_approval_makes_a_paid_request_within_limits_effective(in_a):
    cooperative(auto_approve=True)
    subscription = pay(confirmed(ShareClassFactory(code="B"), 2))
    assert subscription.status == S.EFFECTIVE
    assert "members.subscription.approved" in actions(subscription)


def test_automatic_approval_leaves_a_request_over_the_limits_to_the_board(in_a):
    cooperative(auto_approve=True)
    share_class = ShareClassFactory(code="B", max_issued=3)
    first = pay(confirmed(share_class, 2, email="een@example.be", first_name="Een"))
    assert first.status == S.EFFECTIVE
    second = pay(confirmed(share_class, 2, email="twee@example.be", first_name="Twee"))
    assert second.status == S.PAID
    assert "no 2 shares left" in second.reason
    with pytest.raises(SubscriptionError, match="no 2 shares left"):
        subscription_approve(subscription=second)
    second.refresh_from_db()
    assert second.status == S.PAID


def test_the_per_person_maximum_counts_what_is_held_and_asked_already(in_a):
    share_class = ShareClassFactory(code="B", max_per_person=5)
    first = confirmed(share_class, 4)
    subscription_approve(subscription=first)
    pay(first)
    second = confirmed(share_class, 2)  # same person: 4 + 2 > 5
    assert second.status == S.REJECTED
    assert "1 more" in second.reason


@pytest.mark.parametrize("status", [S.UNCONFIRMED, S.EFFECTIVE, S.REJECTED, S.CANCELLED])
def test_approve_is_refused_outside_submitted_and_paid(in_a, status):
    subscription = confirmed(ShareClassFactory(code="B"), 1)
    Subscription.objects.filter(pk=subscription.pk).update(status=status)
    with pytest.raises(SubscriptionError, match="can be approved"):
        subscription_approve(subscription=subscription)


def test_reject_keeps_the_reason_cancels_the_payment_and_tells_the_applicant(in_a):
    subscription = confirmed(ShareClassFactory(code="B"), 1)
    with pytest.raises(SubscriptionError, match="reason"):
        subscription_reject(subscription=subscription, reason="  ")
    subscription = subscription_reject(subscription=subscription, reason="Geen inwoner")
    assert subscription.status == S.REJECTED
    assert subscription.reason == "Geen inwoner"
    assert subscription.payment.status == Payment.Status.CANCELLED
    run_queued("members.tasks.send_rejection")
    assert "Geen inwoner" in mail.outbox[-1].body
    with pytest.raises(SubscriptionError, match="open request"):
        subscription_reject(subscription=subscription, reason="again")


def test_a_paid_request_that_is_rejected_is_refunded(in_a):
    subscription = pay(confirmed(ShareClassFactory(code="B"), 1))
    with pytest.raises(SubscriptionError, match="refunded"):
        subscription_mark_refunded(subscription=subscription)
    subscription = subscription_reject(subscription=subscription, reason="Dubbel")
    assert subscription.payment.status == Payment.Status.PAID
    subscription = subscription_mark_refunded(subscription=subscription)
    assert subscription.status == S.REFUNDED
    subscription.payment.refresh_from_db()
    assert subscription.payment.status == Payment.Status.REFUNDED


def test_cancel_only_before_payment(in_a):
    open_one = confirmed(ShareClassFactory(code="B"), 1)
    assert subscription_cancel(subscription=open_one).status == S.CANCELLED
    paid = pay(confirmed(ShareClassFactory(code="B"), 1, email="x@example.be", first_name="X"))
    with pytest.raises(SubscriptionError, match="not paid yet"):
        subscription_cancel(subscription=paid)


def test_a_payment_cannot_be_marked_paid_twice(in_a):
    subscription = pay(confirmed(ShareClassFactory(code="B"), 1))
    with pytest.raises(PaymentError, match="not awaiting payment"):
        payment_mark_paid(payment=subscription.payment)
    assert RegisterEntry.objects.count() == 0  # paid, waiting for the board: nothing issued


def test_a_payment_after_expiry_issues_nothing(in_a):
    subscription = confirmed(ShareClassFactory(code="B"), 1)
    Subscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=timezone.now() - timedelta(days=31)
    )
    assert subscriptions_expire() == 1
    subscription.refresh_from_db()
    assert subscription.status == S.EXPIRED
    assert subscription.payment.status == Payment.Status.CANCELLED
    with pytest.raises(PaymentError):
        payment_mark_paid(payment=subscription.payment)


def test_unconfirmed_requests_expire_after_a_week_and_recent_ones_stay(in_a):
    share_class = ShareClassFactory(code="B")
    old = request(share_class, 1)
    Subscription.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=8))
    recent = request(share_class, 1, email="nieuw@example.be")
    assert subscriptions_expire() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (S.EXPIRED, S.UNCONFIRMED)


def test_member_numbers_are_given_once_per_person_in_order(in_a):
    share_class = ShareClassFactory(code="B")
    numbers = []
    for name in ("Een", "Twee", "Drie"):
        subscription = confirmed(share_class, 1, first_name=name, email=f"{name}@example.be")
        subscription_approve(subscription=subscription)
        numbers.append(pay(subscription).person.member_number)
    again = confirmed(share_class, 1, first_name="Een", email="Een@example.be")
    subscription_approve(subscription=again)
    assert pay(again).person.member_number == 1
    assert numbers == [1, 2, 3]


def test_two_tenants_number_their_members_apart(in_a, tenant_b):
    share_class = ShareClassFactory(code="B")
    subscription_approve(subscription=confirmed(share_class, 1))
    connection.set_schema_to_public()
    with tenant_context(tenant_b):
        bank_account()
        other = confirmed(ShareClassFactory(code="B"), 1)
        subscription_approve(subscription=other)
        assert pay(other).person.member_number == 1
        assert Person.objects.count() == 1
