"""The vzw's member register: kinds of membership, fee plans, memberships, yearly dues.

A non-profit (vzw) must keep a register of its members with every admission,
resignation, exclusion and death and its date, and the board must record a
change within eight days of it (WVV art. 9:3). A ``Membership`` is one period
of membership of one ``Person`` (the same person as in the share register, with
the same member number): admitted on a day, and ended on a day for a reason.
Former members stay in the register. Each membership is of a
``MembershipType`` (what the statutes call the members: effective members with
a vote at the general meeting, adherent members without), which may pay the
yearly fee of a ``FeePlan``. ``FeeDue`` is what one person owes for one year,
with the ``payments.Payment`` that collects it.

Rows change only through ``members.services.membership`` and
``members.services.fees``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core import localtime

from .people import Person

#: The board records an admission or an end within this many days of it (WVV art. 9:3).
RECORD_WITHIN_DAYS = 8


def is_late(fact: date | None, recorded_at) -> bool:
    """Whether a fact of ``fact``'s date, recorded at ``recorded_at``, was recorded late:
    more than ``RECORD_WITHIN_DAYS`` days after it, counted in Brussels days."""
    if fact is None or recorded_at is None:
        return False
    return (localtime.local(recorded_at).date() - fact).days > RECORD_WITHIN_DAYS


class FeePlan(models.Model):
    """A yearly membership fee: its amount, a reduced amount and who qualifies for it,
    and the day of the year it is due."""

    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. Yearly membership fee"))
    amount = models.DecimalField(
        _("yearly amount (EUR)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    reduced_amount = models.DecimalField(
        _("reduced amount (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Empty: everyone pays the full amount."),
    )
    reduced_for = models.CharField(
        _("who pays the reduced amount"),
        max_length=200,
        blank=True,
        help_text=_("e.g. students and people with an increased health-insurance allowance."),
    )
    due_month = models.PositiveSmallIntegerField(
        _("due in month"),
        default=3,
        choices=list(MONTHS.items()),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    due_day = models.PositiveSmallIntegerField(
        _("due on day"), default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("reduced_amount")]),
        FieldPanel("reduced_for"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("due_day"), FieldPanel("due_month")])],
            heading=_("Due every year on"),
        ),
    ]

    class Meta:
        verbose_name = _("fee plan")
        verbose_name_plural = _("fee plans")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="members_feeplan_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(reduced_amount__isnull=True)
                | Q(reduced_amount__gt=0, reduced_amount__lte=models.F("amount")),
                name="members_feeplan_reduced_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(due_month__gte=1, due_month__lte=12, due_day__gte=1, due_day__lte=31),
                name="members_feeplan_due_day_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (
            self.reduced_amount is not None
            and self.amount is not None
            and self.reduced_amount > self.amount
        ):
            raise ValidationError(
                {"reduced_amount": _("The reduced amount cannot be more than the full amount.")}
            )
        if self.due_month and self.due_day:
            # 29 February is allowed: in other years the fee is due on the 28th.
            if self.due_day > calendar.monthrange(2024, self.due_month)[1]:
                raise ValidationError({"due_day": _("That month has no such day.")})

    def due_on(self, year: int) -> date:
        """The day the fee of ``year`` is due (the month's last day when it is shorter)."""
        last = calendar.monthrange(year, self.due_month)[1]
        return date(year, self.due_month, min(self.due_day, last))

    def amount_for(self, *, reduced: bool) -> Decimal:
        if reduced and self.reduced_amount is not None:
            return self.reduced_amount
        return self.amount


class MembershipType(models.Model):
    """A kind of member as the statutes define it, e.g. effective member (with a vote at
    the general meeting) or adherent member (without), and the fee it pays, if any."""

    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. Effective member"))
    description = models.TextField(_("description"), blank=True)
    voting_rights = models.BooleanField(
        _("votes at the general meeting"),
        default=True,
        help_text=_("Effective members vote; adherent members usually do not."),
    )
    fee_plan = models.ForeignKey(
        FeePlan,
        verbose_name=_("fee plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership_types",
        help_text=_("Empty: members of this kind pay no yearly fee."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("voting_rights"),
        FieldPanel("fee_plan"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("membership type")
        verbose_name_plural = _("membership types")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def former(self):
        return self.filter(ended_on__isnull=False)

    def active_on(self, day: date):
        """Memberships that count on ``day``: admitted by then and not ended by then
        (a member who leaves on a day is no longer a member on it)."""
        return self.filter(admitted_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )

    def during(self, year: int):
        """Memberships that were active at some time in ``year``."""
        return self.filter(admitted_on__lte=date(year, 12, 31)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=date(year, 1, 1))
        )


class Membership(models.Model):
    """One period of membership of one person: admitted, and perhaps ended.

    A person is a member at most once at a time (a partial unique index); after
    an end, a new admission starts a new row, and the old one stays in the
    register. Each fact carries when and by whom it was recorded: more than
    ``RECORD_WITHIN_DAYS`` days after the fact, it shows as recorded late.
    """

    class EndReason(models.TextChoices):
        RESIGNATION = "resignation", _("Resignation")
        EXCLUSION = "exclusion", _("Exclusion")
        DEATH = "death", _("Death")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    type = models.ForeignKey(
        MembershipType,
        verbose_name=_("membership type"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    reduced_fee = models.BooleanField(
        _("pays the reduced fee"),
        default=False,
        help_text=_("When the fee plan has a reduced amount and this member qualifies for it."),
    )
    admitted_on = models.DateField(_("admitted on"))
    recorded_at = models.DateTimeField(
        _("admission recorded"), default=timezone.now, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admission recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason of the end"), max_length=12, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(
        _("note"), blank=True, help_text=_("For an exclusion: the board's reason.")
    )
    end_recorded_at = models.DateTimeField(_("end recorded"), null=True, blank=True, editable=False)
    end_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("end recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["admitted_on", "pk"]
        indexes = [models.Index(fields=["admitted_on", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="members_membership_one_current_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("admitted_on")),
                name="members_membership_ends_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="members_membership_end_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.type}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def admission_late(self) -> bool:
        return is_late(self.admitted_on, self.recorded_at)

    @property
    def end_late(self) -> bool:
        return is_late(self.ended_on, self.end_recorded_at)

    @property
    def late(self) -> bool:
        """Whether the admission or the end was recorded more than eight days after it."""
        return self.admission_late or self.end_late

    def record_deadline(self) -> date | None:
        """The last day to record the end of a membership that ended on ``ended_on``."""
        return self.ended_on + timedelta(days=RECORD_WITHIN_DAYS) if self.ended_on else None


class FeeDue(models.Model):
    """The fee one person owes for one year, and how it stands.

    Raised once per person and year (a unique constraint) by ``dues_raise``,
    with a payment of its own (a structured communication) that, once paid,
    marks it paid through ``payments.signals.payment_paid``. The board may
    waive it (the reason kept). Reminders are counted, with the day of the
    last one, so that nobody gets more than the rules allow.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid")
        WAIVED = "waived", _("Waived")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="dues"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="dues"
    )
    plan = models.ForeignKey(
        FeePlan, verbose_name=_("fee plan"), on_delete=models.PROTECT, related_name="dues"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2)
    reduced = models.BooleanField(_("reduced rate"), default=False)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    payment = models.OneToOneField(
        "payments.Payment",
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fee_due",
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now, editable=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    waived_at = models.DateTimeField(_("waived"), null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waived by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    waive_reason = models.TextField(_("reason for waiving"), blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_on = models.DateField(_("last reminder"), null=True, blank=True)
    # Which mails went out ({kind: timestamp}): a task run twice sends once.
    mailed = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("membership fee due")
        verbose_name_plural = _("membership fees due")
        ordering = ["-year", "person__last_name", "person__first_name"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="members_feedue_one_per_year"),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="members_feedue_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.year}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
