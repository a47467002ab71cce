"""Share classes, requests to subscribe, and the share register itself."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .people import Person

MAX_SHARES = 1_000_000


class ShareClass(models.Model):
    """A class of shares as the statutes define it: its value, limits and rights."""

    # The sign-up page lists the classes offered and their limits.
    shows_on_public_pages = True

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("e.g. A"))
    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. Founder shares"))
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown on the sign-up page.")
    )
    nominal_value = models.DecimalField(
        _("price per share (EUR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    min_per_person = models.PositiveIntegerField(
        _("minimum per person"), default=1, validators=[MinValueValidator(1)]
    )
    max_per_person = models.PositiveIntegerField(
        _("maximum per person"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no maximum."),
    )
    max_issued = models.PositiveIntegerField(
        _("maximum in issue"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Shares of this class that may be outstanding in all. Empty: no limit."),
    )
    offered_online = models.BooleanField(
        _("offered on the sign-up page"),
        default=True,
        help_text=_("Off for classes that only the board issues (founders, for one)."),
    )
    holders = models.CharField(
        _("who may hold them"),
        max_length=200,
        blank=True,
        help_text=_("As the statutes say, e.g. residents of the municipality."),
    )
    votes_per_share = models.PositiveSmallIntegerField(
        _("votes per share"),
        default=1,
        help_text=_("Used when the statutes give one vote per share."),
    )
    profit_rights = models.CharField(
        _("profit rights"),
        max_length=200,
        blank=True,
        help_text=_("As the statutes say, e.g. a dividend of at most 6%."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldPanel("description"),
        FieldRowPanel(
            [
                FieldPanel("nominal_value"),
                FieldPanel("min_per_person"),
                FieldPanel("max_per_person"),
                FieldPanel("max_issued"),
            ]
        ),
        FieldPanel("offered_online"),
        MultiFieldPanel(
            [FieldPanel("holders"), FieldPanel("votes_per_share"), FieldPanel("profit_rights")],
            heading=_("Rights and holders"),
        ),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("share class")
        verbose_name_plural = _("share classes")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nominal_value__gt=0), name="members_shareclass_value_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_per_person__isnull=True)
                | models.Q(max_per_person__gte=models.F("min_per_person")),
                name="members_shareclass_max_not_below_min",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"


class Subscription(models.Model):
    """A request to subscribe to shares, from the sign-up page or the board.

    ``unconfirmed`` until the e-mail link is followed; then ``submitted``.
    The board's approval and the payment may come in either order:
    ``submitted -> approved`` (board) then the payment makes it ``effective``;
    or ``submitted -> paid`` (payment first) then the approval, or the
    automatic approval of a tenant that chose it, makes it ``effective``.
    Becoming effective writes the issue entry in the register and gives the
    person a member number. Exits: ``rejected`` (reason kept; a paid request
    is then refunded: ``refunded``), ``expired``, ``cancelled``.
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail not yet confirmed")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved, awaiting payment")
        PAID = "paid", _("Paid, awaiting approval")
        EFFECTIVE = "effective", _("Effective")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    OPEN = (Status.UNCONFIRMED, Status.SUBMITTED, Status.APPROVED, Status.PAID)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The sign-up form's one-time token: a second post of the same form finds this row.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="subscriptions"
    )
    share_class = models.ForeignKey(
        ShareClass,
        verbose_name=_("share class"),
        on_delete=models.PROTECT,
        related_name="subscriptions",
    )
    quantity = models.PositiveIntegerField(_("number of shares"), validators=[MinValueValidator(1)])
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    payment = models.OneToOneField(
        "payments.Payment",
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subscription",
    )
    source = models.CharField(_("source"), max_length=20, default="website")
    # Which mails went out ({kind: timestamp}): a task run twice sends once.
    mailed = models.JSONField(default=dict, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    effective_at = models.DateTimeField(_("effective"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("share request")
        verbose_name_plural = _("share requests")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=MAX_SHARES),
                name="members_subscription_quantity_range",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.quantity} × {self.share_class.code}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class RegisterEntry(models.Model):
    """One line of the share register: append-only, numbered without gaps.

    Holdings at any date are the sum of the entries up to that date. Nothing
    is ever changed or deleted (a database trigger refuses it); a mistake is
    corrected by a ``reversal`` entry that cancels the one it names.
    """

    class Kind(models.TextChoices):
        ISSUE = "issue", _("Issue")
        TRANSFER_OUT = "transfer_out", _("Transfer (out)")
        TRANSFER_IN = "transfer_in", _("Transfer (in)")
        REDEMPTION = "redemption", _("Redemption (resignation)")
        EXCLUSION = "exclusion", _("Exclusion")
        CONVERSION_OUT = "conversion_out", _("Conversion (out)")
        CONVERSION_IN = "conversion_in", _("Conversion (in)")
        REVERSAL = "reversal", _("Reversal")

    number = models.PositiveIntegerField(_("entry number"), unique=True)
    entry_date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("shareholder"), on_delete=models.PROTECT, related_name="entries"
    )
    share_class = models.ForeignKey(
        ShareClass, verbose_name=_("share class"), on_delete=models.PROTECT, related_name="entries"
    )
    quantity = models.IntegerField(_("shares (+ in, − out)"))
    amount_per_share = models.DecimalField(
        _("paid per share"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    amount = models.DecimalField(
        _("amount paid (+) or paid back (−)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
    )
    counterparty = models.ForeignKey(
        Person,
        verbose_name=_("counterparty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["number"]
        indexes = [models.Index(fields=["entry_date", "number"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(quantity=0), name="members_registerentry_quantity_not_zero"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="reversal", reverses__isnull=False)
                | (~models.Q(kind="reversal") & models.Q(reverses__isnull=True)),
                name="members_registerentry_reversal_names_entry",
            ),
        ]

    def __str__(self):
        return (
            f"#{self.number} {self.get_kind_display()} {self.quantity:+d} {self.share_class.code}"
        )
