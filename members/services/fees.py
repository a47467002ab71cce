"""Yearly membership fees: raised once a year, paid, reminded, or waived.

``dues_raise`` (the board, once a year) -> ``due_mark_paid`` (the payment,
through ``payments.signals.payment_paid``) or ``due_waive`` (the board). In
between, ``dues_remind`` (periodic) reminds members who have not paid, a few
times and not too often. ``dues_preview`` is the read both the confirmation
page and ``dues_raise`` use, so the page promises what the raise will do.

The rules:

1. Who owes the fee of a year: every member whose membership type has a fee
   plan and who is a member on the plan's due day of that year; while that
   day is still ahead, every member of today.
2. One fee per person and year (a unique constraint); a second raise adds only
   what is missing (members admitted since), so it can be run again safely.
3. The amount is the plan's, or its reduced amount for a member marked as
   paying the reduced fee when the plan has one.
4. Each fee gets a payment of its own (a structured communication), and the
   member an e-mail with the payment instructions and the QR code.
5. Reminders: only for current members with an e-mail address whose fee is
   still open ``REMIND_AFTER_DAYS`` days after the due day; at most
   ``MAX_REMINDERS``, at least ``REMIND_EVERY_DAYS`` days apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from core import localtime
from payments.models import Payment
from payments.selectors import bank_transfer_ready
from payments.services import payment_cancel, payment_create

from ..errors import MembersError
from ..models import FeeDue, FeePlan, Membership, MembershipType

REMIND_AFTER_DAYS = 14
REMIND_EVERY_DAYS = 14
MAX_REMINDERS = 3
# Fees may be raised for the next year, and for past years a board forgot.
YEARS_BACK = 10

D = FeeDue.Status


class FeeError(MembersError):
    """A fee that cannot be raised or changed the way asked."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def check_year(year) -> int:
    today = localtime.today()
    if not isinstance(year, int) or not today.year - YEARS_BACK <= year <= today.year + 1:
        raise FeeError(
            _("Choose a year between %(first)d and %(last)d.")
            % {"first": today.year - YEARS_BACK, "last": today.year + 1},
            field="year",
        )
    return year


def reference_day(plan: FeePlan, year: int) -> date:
    """The day whose members owe the fee of ``year``: the due day, or today before it."""
    return min(plan.due_on(year), localtime.today())


@dataclass(frozen=True)
class DueToRaise:
    membership: Membership
    plan: FeePlan
    amount: Decimal
    reduced: bool

    @property
    def person(self):
        return self.membership.person


@dataclass
class DuesPreview:
    """What ``dues_raise(year=year)`` would add now."""

    year: int
    items: list[DueToRaise] = field(default_factory=list)
    existing: int = 0

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.items), Decimal("0.00"))

    @property
    def reduced_count(self) -> int:
        return sum(1 for item in self.items if item.reduced)

    @property
    def without_email(self) -> list:
        return [item.person for item in self.items if not item.person.email]

    def per_plan(self) -> list[dict]:
        """Per plan and rate: how many, at what amount, with the plan's due day."""
        lines: dict[tuple, dict] = {}
        for item in self.items:
            key = (item.plan.pk, item.amount)
            line = lines.setdefault(
                key,
                {
                    "plan": item.plan,
                    "amount": item.amount,
                    "reduced": item.reduced,
                    "due_on": item.plan.due_on(self.year),
                    "count": 0,
                },
            )
            line["count"] += 1
        return [
            {**line, "total": line["amount"] * line["count"]}
            for line in sorted(
                lines.values(), key=lambda line: (line["plan"].name, line["reduced"])
            )
        ]


def dues_preview(year: int) -> DuesPreview:
    """The fees of ``year`` not raised yet, one per member who owes one (see rule 1)."""
    check_year(year)
    raised = set(FeeDue.objects.filter(year=year).values_list("person_id", flat=True))
    preview = DuesPreview(year=year, existing=len(raised))
    types = MembershipType.objects.filter(fee_plan__isnull=False).select_related("fee_plan")
    for membership_type in types:
        plan = membership_type.fee_plan
        memberships = (
            Membership.objects.active_on(reference_day(plan, year))
            .filter(type=membership_type, person__erased_at__isnull=True)
            .select_related("person")
        )
        for membership in memberships:
            if membership.person_id in raised:
                continue
            raised.add(membership.person_id)
            reduced = membership.reduced_fee and plan.reduced_amount is not None
            preview.items.append(
                DueToRaise(
                    membership=membership,
                    plan=plan,
                    amount=plan.amount_for(reduced=reduced),
                    reduced=reduced,
                )
            )
    preview.items.sort(key=lambda item: (item.person.sort_name.casefold(), item.person.pk))
    return preview


def _lock_raising() -> None:
    """One raise at a time per buurtpunt (advisory locks span schemas: the key names one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"members.dues_raise.{connection.schema_name}"],
        )


def dues_raise(*, year: int, actor=None, notify: bool = True) -> list[FeeDue]:
    """Raise the fees of ``year`` that are missing; returns the new ones.

    Each gets a payment, a log entry and (``notify``) an e-mail with the payment
    instructions, sent by a task after the commit. All or nothing: one
    transaction. Refused while the bank account is not set, when mails would go
    out without the account to pay to.
    """
    from ..tasks import send_fee_request

    check_year(year)
    site = Site.objects.get(is_default_site=True)
    if notify and not bank_transfer_ready(site):
        raise FeeError(
            _(
                "Set the buurtpunt's bank account first (Settings → Bank transfer): "
                "the e-mails tell members where to pay."
            )
        )
    created = []
    with transaction.atomic():
        _lock_raising()
        preview = dues_preview(year)
        now = timezone.now()
        for item in preview.items:
            person = item.person
            with translation.override(settings.LANGUAGE_CODE):
                description = _("Membership fee %(year)d · %(name)s") % {
                    "year": year,
                    "name": person.name,
                }
            payment = payment_create(
                amount=item.amount,
                description=description,
                payer_name=person.name,
                payer_email=person.email,
                actor=actor,
            )
            due = FeeDue.objects.create(
                person=person,
                membership=item.membership,
                plan=item.plan,
                year=year,
                amount=item.amount,
                reduced=item.reduced,
                due_on=item.plan.due_on(year),
                payment=payment,
                raised_at=now,
                raised_by=_user(actor),
            )
            log(
                due,
                "members.fee_due.raised",
                user=_user(actor),
                data={"amount": str(item.amount), "reduced": item.reduced},
            )
            if notify and person.email:
                send_fee_request.enqueue(due_id=due.pk)
            created.append(due)
    return created


def _locked(due: FeeDue) -> FeeDue:
    return (
        FeeDue.objects.select_for_update(of=("self",))
        .select_related("person", "payment", "membership")
        .get(pk=due.pk)
    )


def due_mark_paid(*, due: FeeDue, actor=None) -> FeeDue:
    """Its payment came in (called by the payments signal, inside its transaction)."""
    with transaction.atomic():
        due = _locked(due)
        if due.status == D.PAID:
            return due
        if due.status != D.OPEN:
            # Waived, yet paid (a transfer made before the waiver): the money is there;
            # the board sees it in the history and decides.
            log(due, "members.fee_due.paid_when_waived", user=_user(actor))
            return due
        due.status = D.PAID
        due.paid_at = timezone.now()
        due.save(update_fields=["status", "paid_at"])
        log(due, "members.fee_due.paid", user=_user(actor), data={"amount": str(due.amount)})
    return due


def due_waive(*, due: FeeDue, reason: str, actor=None) -> FeeDue:
    """The board lets the member off this year's fee; the reason is kept.

    Its payment is no longer awaited, so no reminder goes out and a bank
    statement cannot pay it.
    """
    if not (reason or "").strip():
        raise FeeError(_("Give the reason for waiving the fee."), field="reason")
    with transaction.atomic():
        due = _locked(due)
        if due.status != D.OPEN:
            raise FeeError(
                _("Only an open fee can be waived (this one is “%(status)s”).")
                % {"status": due.get_status_display().lower()}
            )
        due.status = D.WAIVED
        due.waived_at = timezone.now()
        due.waived_by = _user(actor)
        due.waive_reason = reason.strip()
        due.save(update_fields=["status", "waived_at", "waived_by", "waive_reason"])
        if due.payment_id and due.payment.is_pending:
            payment_cancel(payment=due.payment, actor=actor)
        log(due, "members.fee_due.waived", user=_user(actor), data={"reason": due.waive_reason})
    return due


def remindable(today: date):
    """The open fees that get a reminder on ``today`` (rule 5)."""
    return (
        FeeDue.objects.filter(
            status=D.OPEN,
            payment__status=Payment.Status.PENDING,
            due_on__lte=today - timedelta(days=REMIND_AFTER_DAYS),
            reminders_sent__lt=MAX_REMINDERS,
            membership__ended_on__isnull=True,
            person__erased_at__isnull=True,
        )
        .exclude(person__email="")
        .filter(
            Q(last_reminder_on__isnull=True)
            | Q(last_reminder_on__lte=today - timedelta(days=REMIND_EVERY_DAYS))
        )
    )


def dues_remind(*, actor=None) -> int:
    """Remind the members whose fee is overdue (periodic); returns how many were reminded.

    Each reminder is counted and dated with the fee, in the transaction that
    enqueues its e-mail: a run that overlaps another, or is repeated the same
    day, reminds nobody twice.
    """
    from ..tasks import send_fee_reminder

    today = localtime.today()
    reminded = 0
    for pk in remindable(today).values_list("pk", flat=True):
        with transaction.atomic():
            due = FeeDue.objects.select_for_update().filter(pk=pk).first()
            if due is None or not remindable(today).filter(pk=pk).exists():
                continue
            due.reminders_sent += 1
            due.last_reminder_on = today
            due.save(update_fields=["reminders_sent", "last_reminder_on"])
            log(
                due,
                "members.fee_due.reminded",
                user=_user(actor),
                data={"number": due.reminders_sent},
            )
            send_fee_reminder.enqueue(due_id=due.pk, number=due.reminders_sent)
            reminded += 1
    return reminded
