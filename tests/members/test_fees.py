"""Yearly membership fees: who owes what, raised once, paid through the payments signal,
reminded on time and not too often, waived; mails with the payment instructions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from core import hooks, localtime
from members.errors import MembersError
from members.models import FeeDue, FeePlan, Membership, MembershipType
from members.services import (
    due_waive,
    dues_preview,
    dues_raise,
    dues_remind,
    membership_admit,
    membership_resign,
)
from members.services.fees import MAX_REMINDERS, REMIND_AFTER_DAYS, REMIND_EVERY_DAYS
from payments.errors import PaymentError
from payments.models import Payment
from payments.services import payment_mark_paid
from tests.members.factories import PersonFactory, bank_account
from tests.queue import queued
from tests.queue import run_queued as run_in_public

pytestmark = pytest.mark.django_db

D = FeeDue.Status
YEAR = 2026
# Fees of YEAR fall due on 31 March; the tests live in that year.
SPRING = datetime(YEAR, 2, 10, 9, 0, tzinfo=UTC)


def run_queued(task_path: str) -> list:
    """Run the waiting jobs of ``task_path`` and come back to the tenant of the test."""
    tenant = connection.tenant
    results = run_in_public(task_path)
    connection.set_tenant(tenant)
    return results


def at(day: date, hour: int = 9):
    moment = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def in_b(tenant_b):
    with tenant_context(tenant_b):
        bank_account(holder="Buurtpunt Bravo vzw")
        MembershipType.objects.all().delete()
        FeePlan.objects.all().delete()
        yield tenant_b
    connection.set_schema_to_public()


@pytest.fixture
def plan(in_b):
    return FeePlan.objects.create(
        name="Lidgeld",
        amount=Decimal("15.00"),
        reduced_amount=Decimal("7.50"),
        due_month=3,
        due_day=31,
    )


@pytest.fixture
def member_type(plan):
    return MembershipType.objects.create(name="Effectief lid", fee_plan=plan)


def admit(member_type, day=date(YEAR - 1, 6, 1), *, reduced=False, **person):
    with at(max(day, date(YEAR - 1, 6, 1))):
        return membership_admit(
            person=PersonFactory(**person), type=member_type, admitted_on=day, reduced_fee=reduced
        )


# --- who owes what ------------------------------------------------------------------------


def test_a_raise_makes_one_fee_per_member_at_the_plans_amount(member_type):
    full = admit(member_type, last_name="Aerts")
    reduced = admit(member_type, reduced=True, last_name="Baert")
    with at(SPRING.date()):
        preview = dues_preview(YEAR)
        assert (preview.count, preview.total, preview.reduced_count) == (2, Decimal("22.50"), 1)
        dues = dues_raise(year=YEAR)
    assert [(d.person, d.amount, d.reduced) for d in dues] == [
        (full.person, Decimal("15.00"), False),
        (reduced.person, Decimal("7.50"), True),
    ]
    for due in dues:
        assert due.status == D.OPEN and due.due_on == date(YEAR, 3, 31)
        assert due.payment.amount == due.amount and due.payment.is_pending
        assert due.payment.payer_email == due.person.email
        assert ModelLogEntry.objects.for_instance(due).get().action == "members.fee_due.raised"


def test_a_plan_without_reduced_amount_charges_everyone_in_full(member_type, plan):
    plan.reduced_amount = None
    plan.save()
    admit(member_type, reduced=True)
    with at(SPRING.date()):
        (due,) = dues_raise(year=YEAR)
    assert (due.amount, due.reduced) == (Decimal("15.00"), False)


def test_members_of_a_type_without_plan_owe_nothing(member_type, in_b):
    honorary = MembershipType.objects.create(name="Erelid", voting_rights=False)
    admit(honorary)
    admit(member_type)
    with at(SPRING.date()):
        assert [d.membership.type for d in dues_raise(year=YEAR)] == [member_type]


def test_who_owes_is_read_on_the_due_day_or_today_before_it(member_type):
    """Members on 31 March owe the year's fee; before that day, the members of today."""
    admit(member_type, date(YEAR - 1, 1, 1), last_name="Oud")
    gone = admit(member_type, date(YEAR - 1, 1, 1), last_name="Weg")
    with at(date(YEAR, 1, 20)):
        membership_resign(membership=gone, ended_on=date(YEAR, 1, 15))
    admit(member_type, date(YEAR, 2, 1), last_name="Februari")
    admit(member_type, date(YEAR, 4, 2), last_name="April")

    with at(date(YEAR, 2, 10)):  # before the due day: today's members
        assert [i.person.last_name for i in dues_preview(YEAR).items] == ["Februari", "Oud"]
    with at(date(YEAR, 6, 1)):  # after it: the members of 31 March
        assert [i.person.last_name for i in dues_preview(YEAR).items] == ["Februari", "Oud"]
        # Last year's fees, raised late: the members of 31 March of last year.
        assert [i.person.last_name for i in dues_preview(YEAR - 1).items] == ["Oud", "Weg"]


def test_the_due_day_of_a_short_month_is_its_last_day(plan):
    plan.due_month, plan.due_day = 2, 29
    plan.full_clean()
    assert plan.due_on(2027) == date(2027, 2, 28) and plan.due_on(2028) == date(2028, 2, 29)
    plan.due_month, plan.due_day = 4, 31
    with pytest.raises(Exception, match="day"):
        plan.full_clean()


# --- raising ------------------------------------------------------------------------------


def test_raising_twice_adds_only_what_is_missing(member_type):
    admit(member_type)
    with at(SPRING.date()):
        assert len(dues_raise(year=YEAR)) == 1
        assert dues_raise(year=YEAR) == []
        assert dues_preview(YEAR).existing == 1
    admit(member_type, date(YEAR, 2, 12))
    with at(date(YEAR, 2, 15)):
        (late_comer,) = dues_raise(year=YEAR)
        assert dues_raise(year=YEAR) == []
    assert FeeDue.objects.filter(year=YEAR).count() == 2
    assert Payment.objects.count() == 2


def test_raising_refuses_a_year_out_of_range_and_a_missing_bank_account(member_type, in_b):
    admit(member_type)
    with at(SPRING.date()):
        with pytest.raises(MembersError) as refused:
            dues_raise(year=YEAR + 2)
        assert refused.value.field == "year"
        bank_account(iban="", holder="")
        with pytest.raises(MembersError) as no_bank:
            dues_raise(year=YEAR)
        assert no_bank.value.field is None
        assert not FeeDue.objects.exists() and not Payment.objects.exists()
        assert len(dues_raise(year=YEAR, notify=False)) == 1  # without mails, it may


def test_the_raise_mails_the_payment_instructions_with_the_structured_communication(member_type):
    admit(member_type, first_name="Mieke", last_name="Baert", email="mieke@example.be")
    admit(member_type, email="")
    with at(SPRING.date()):
        dues = dues_raise(year=YEAR)
    assert len(queued("members.tasks.send_fee_request")) == 1, "nobody to mail without address"
    run_queued("members.tasks.send_fee_request")
    (message,) = mail.outbox
    due = next(d for d in dues if d.person.email)
    assert message.to == ["mieke@example.be"]
    assert "2026" in message.subject and "15" in message.subject
    assert due.payment.display_reference in message.body
    assert "BE68 5390 0754 7034" in message.body
    html = message.alternatives[0][0]
    assert due.payment.display_reference in html and "cid:epc-qr" in html
    assert any(part.get_content_type() == "image/png" for part in message.attachments)
    due.refresh_from_db()
    assert "request" in due.mailed

    # A job run twice sends once.
    from members.tasks import send_fee_request

    assert send_fee_request.call(due.pk) is False
    assert len(mail.outbox) == 1


def test_no_fee_mail_once_the_fee_is_paid(member_type):
    admit(member_type)
    with at(SPRING.date()):
        (due,) = dues_raise(year=YEAR)
    payment_mark_paid(payment=due.payment)
    run_queued("members.tasks.send_fee_request")
    assert mail.outbox == []


# --- paid, waived -------------------------------------------------------------------------


def test_a_paid_payment_marks_the_fee_paid(member_type, in_b):
    from django.contrib.auth import get_user_model

    treasurer = get_user_model().objects.get(username="admin@bravo.localhost")
    admit(member_type)
    with at(SPRING.date()):
        (due,) = dues_raise(year=YEAR)
    payment_mark_paid(payment=due.payment, actor=treasurer, paid_via="bank_transfer")
    due.refresh_from_db()
    assert due.status == D.PAID and due.paid_at is not None
    entry = ModelLogEntry.objects.for_instance(due).latest("pk")
    assert (entry.action, entry.user) == ("members.fee_due.paid", treasurer)
    with pytest.raises(PaymentError):
        payment_mark_paid(payment=due.payment)  # never paid twice
    with pytest.raises(MembersError):
        due_waive(due=due, reason="te laat")


def test_waiving_needs_a_reason_and_cancels_the_payment(member_type):
    admit(member_type)
    with at(SPRING.date()):
        (due,) = dues_raise(year=YEAR)
    with pytest.raises(MembersError) as refused:
        due_waive(due=due, reason=" ")
    assert refused.value.field == "reason"
    waived = due_waive(due=due, reason="Moeilijk jaar")
    assert (waived.status, waived.waive_reason) == (D.WAIVED, "Moeilijk jaar")
    assert Payment.objects.get(pk=due.payment_id).status == Payment.Status.CANCELLED
    with pytest.raises(MembersError):
        due_waive(due=due, reason="twee keer")
    with pytest.raises(PaymentError):
        payment_mark_paid(payment=waived.payment)
    run_queued("members.tasks.send_fee_request")
    assert mail.outbox == [], "no payment instructions for a waived fee"


# --- reminders ----------------------------------------------------------------------------


@pytest.fixture
def overdue(member_type):
    """A fee of YEAR raised in February, mailed, still open."""
    # In English, so that the test reads the texts as written (Dutch comes later).
    admit(member_type, first_name="Rita", email="rita@example.be", language="en")
    with at(SPRING.date()):
        (due,) = dues_raise(year=YEAR)
    run_queued("members.tasks.send_fee_request")
    mail.outbox.clear()
    return due


def remind_on(day: date) -> int:
    with at(day):
        count = dues_remind()
    run_queued("members.tasks.send_fee_reminder")
    return count


def test_reminders_come_two_weeks_after_the_due_day_every_two_weeks_three_at_most(overdue):
    first = overdue.due_on + timedelta(days=REMIND_AFTER_DAYS)
    assert remind_on(first - timedelta(days=1)) == 0
    assert remind_on(first) == 1
    assert remind_on(first) == 0, "once a day at most"
    assert remind_on(first + timedelta(days=REMIND_EVERY_DAYS - 1)) == 0
    assert remind_on(first + timedelta(days=REMIND_EVERY_DAYS)) == 1
    assert remind_on(first + timedelta(days=2 * REMIND_EVERY_DAYS + 3)) == 1
    assert remind_on(first + timedelta(days=10 * REMIND_EVERY_DAYS)) == 0
    overdue.refresh_from_db()
    assert overdue.reminders_sent == MAX_REMINDERS
    assert overdue.last_reminder_on == first + timedelta(days=2 * REMIND_EVERY_DAYS + 3)
    assert len(mail.outbox) == MAX_REMINDERS
    assert all(m.to == ["rita@example.be"] for m in mail.outbox)
    assert overdue.payment.display_reference in mail.outbox[0].body
    assert "last reminder" in mail.outbox[-1].body and "last reminder" not in mail.outbox[0].body
    assert [
        entry.data["number"]
        for entry in ModelLogEntry.objects.for_instance(overdue)
        .filter(action="members.fee_due.reminded")
        .order_by("pk")
    ] == [1, 2, 3]


def test_no_reminder_for_a_paid_or_waived_fee_a_former_member_or_no_address(overdue, member_type):
    payment_mark_paid(payment=overdue.payment)
    waived = admit(member_type)
    gone = admit(member_type)
    no_address = admit(member_type, email="")
    with at(SPRING.date()):
        dues = {d.membership_id: d for d in dues_raise(year=YEAR)}
        due_waive(due=dues[waived.pk], reason="vrijgesteld")
        membership_resign(membership=gone, ended_on=SPRING.date())
    assert no_address.pk in dues
    assert remind_on(date(YEAR, 6, 1)) == 0
    assert mail.outbox == []


def test_a_reminder_job_run_twice_sends_once(overdue):
    with at(date(YEAR, 5, 1)):
        assert dues_remind() == 1
    from members.tasks import send_fee_reminder

    run_queued("members.tasks.send_fee_reminder")
    assert send_fee_reminder.call(overdue.pk, 1) is False
    assert len(mail.outbox) == 1


def test_the_reminders_run_every_day_in_every_buurtpunt():
    (task,) = [t for t in hooks.periodic_tasks() if t.task_path == "members.tasks.remind_dues"]
    assert task.every == timedelta(days=1) and task.where == "tenants"


def test_the_periodic_task_reminds(overdue):
    from members.tasks import remind_dues

    with at(date(YEAR, 5, 1)):
        assert remind_dues.call() == 1


# --- two tenants --------------------------------------------------------------------------


def test_a_raise_in_one_tenant_leaves_the_other_alone(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        bank_account()
        membership_admit(
            person=PersonFactory(),
            type=MembershipType.objects.first(),
            admitted_on=localtime.today() - timedelta(days=400),
        )
        assert len(dues_raise(year=localtime.today().year)) == 1
    with tenant_context(tenant_b):
        assert not FeeDue.objects.exists() and not Payment.objects.exists()
        assert dues_preview(localtime.today().year).count == 0
        assert not Membership.objects.exists()
    connection.set_schema_to_public()
