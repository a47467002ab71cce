"""Payments of a buurtpunt (tenant schema): what is owed, how, and what came in.

A ``Payment`` is one amount a person owes the buurtpunt (shares, a membership
fee, dues), paid through one provider. Every payment carries a Belgian
structured communication, unique in the tenant, so that a bank transfer finds
its payment whatever provider the person ends up using. The app that asked
for the payment (members, for one) hears of it through ``payments.signals``;
this app knows nothing of shares or memberships.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import structured
from .validators import format_iban, validate_bic, validate_iban


@register_setting(icon="doc-full")
class BankTransferSettings(BaseSiteSetting):
    """The buurtpunt's bank account, shown on every payment instruction and QR code."""

    account_holder = models.CharField(
        _("account holder"),
        max_length=70,
        blank=True,
        help_text=_("The name of the account, as the bank knows it, e.g. Dorpspunt Beveren CV."),
    )
    iban = models.CharField(
        _("IBAN"),
        max_length=42,
        blank=True,
        validators=[validate_iban],
        help_text=_("The account that receives the transfers, e.g. BE68 5390 0754 7034."),
    )
    bic = models.CharField(
        _("BIC"),
        max_length=11,
        blank=True,
        validators=[validate_bic],
        help_text=_("Only needed for payers outside the SEPA area. Empty: left out."),
    )
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("How long a transfer may take before an unpaid request expires."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("account_holder"), FieldPanel("iban"), FieldPanel("bic")],
            heading=_("Bank account"),
        ),
        FieldPanel("payment_days"),
    ]

    class Meta:
        verbose_name = _("bank transfer")

    @property
    def is_complete(self) -> bool:
        return bool(self.account_holder and self.iban)


class Payment(models.Model):
    """One amount owed to the buurtpunt, paid through one provider."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.CharField(_("payment method"), max_length=30, default="bank_transfer")
    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR", editable=False)
    reference = models.CharField(
        _("structured communication"), max_length=12, unique=True, editable=False
    )
    description = models.CharField(_("description"), max_length=140)
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    payer_email = models.EmailField(_("payer's e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    amount_received = models.DecimalField(
        _("amount received"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_via = models.CharField(_("paid via"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_payment_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(reference__regex=r"^[0-9]{12}$"),
                name="payments_payment_reference_digits",
            ),
        ]

    def __str__(self):
        return f"{self.display_reference} · € {self.amount}"

    @property
    def display_reference(self) -> str:
        return structured.display(self.reference) if self.reference else ""

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class BankStatement(models.Model):
    """One imported statement file of the buurtpunt's bank account.

    Kept so that the treasurer sees what was imported, when and by whom, and
    so that the same file imported twice is known by its checksum. Its
    movements are ``StatementLine`` rows; the counts are those of its import.
    """

    class Format(models.TextChoices):
        CODA = "coda", "CODA"
        CAMT053 = "camt053", "CAMT.053"
        CSV = "csv", "CSV"

    file_name = models.CharField(_("file"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    sha256 = models.CharField(_("checksum"), max_length=64, unique=True, editable=False)
    account_iban = models.CharField(_("account"), max_length=42, blank=True)
    statement_number = models.CharField(_("statement number"), max_length=40, blank=True)
    statement_date = models.DateField(_("statement date"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    opening_balance = models.DecimalField(
        _("opening balance"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    closing_balance = models.DecimalField(
        _("closing balance"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    line_count = models.PositiveIntegerField(_("lines in the file"), default=0)
    new_count = models.PositiveIntegerField(_("new lines"), default=0)
    skipped_count = models.PositiveIntegerField(_("lines known already"), default=0)
    matched_count = models.PositiveIntegerField(_("matched"), default=0)
    queued_count = models.PositiveIntegerField(_("to decide"), default=0)
    outgoing_count = models.PositiveIntegerField(_("money out"), default=0)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return self.file_name

    @property
    def display_account(self) -> str:
        try:
            return format_iban(self.account_iban)
        except ValueError:
            return self.account_iban


class StatementLine(models.Model):
    """One movement of a bank statement, stored once whatever file brings it again.

    ``line_key`` (from the bank's reference, or the line's content) is unique, so
    a statement imported twice, or one that overlaps an earlier one, adds no line
    twice and never pays a payment twice. A line that matched a pending payment
    exactly paid it (``matched``); one that did not waits for a person
    (``partial``, ``over``, ``duplicate``, ``unknown``), who assigns it to a
    payment (``assigned``) or dismisses it with a note (``dismissed``). Money
    out is kept and shown (``outgoing``), never matched.

    ``payment`` is the payment the line paid (matched, assigned), or, for a line
    in the queue, the payment its structured communication names.
    """

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched")
        PARTIAL = "partial", _("Less than owed")
        OVER = "over", _("More than owed")
        DUPLICATE = "duplicate", _("Payment not awaiting payment")
        UNKNOWN = "unknown", _("Not recognised")
        OUTGOING = "outgoing", _("Money out")
        ASSIGNED = "assigned", _("Assigned by hand")
        DISMISSED = "dismissed", _("Dismissed")

    #: The lines that wait for a person.
    QUEUE = (Status.PARTIAL, Status.OVER, Status.DUPLICATE, Status.UNKNOWN)

    statement = models.ForeignKey(
        BankStatement,
        verbose_name=_("bank statement"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    position = models.PositiveIntegerField(_("position in the file"))
    line_key = models.CharField(max_length=64, unique=True, editable=False)
    booking_date = models.DateField(_("date"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    counterparty_name = models.CharField(_("counterparty"), max_length=200, blank=True)
    counterparty_iban = models.CharField(_("counterparty's account"), max_length=42, blank=True)
    structured_reference = models.CharField(
        _("structured communication"), max_length=12, blank=True
    )
    free_communication = models.TextField(_("communication"), blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statement_lines",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["booking_date", "statement_id", "position"]
        indexes = [models.Index(fields=["status", "booking_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(structured_reference__regex=r"^([0-9]{12})?$"),
                name="payments_statementline_reference_digits",
            ),
        ]

    def __str__(self):
        return f"{self.booking_date} · € {self.amount} · {self.counterparty_name}"

    @property
    def display_reference(self) -> str:
        return structured.display(self.structured_reference) if self.structured_reference else ""

    @property
    def is_queued(self) -> bool:
        return self.status in self.QUEUE

    @property
    def display_iban(self) -> str:
        """The counterparty's IBAN in groups of four (as given when it is not one)."""
        try:
            return format_iban(self.counterparty_iban)
        except ValueError:
            return self.counterparty_iban
