"""Requests to move shares already in the register: transfer, redemption, exclusion,
conversion.

The register (``RegisterEntry``) holds only what happened; a ``ShareOperation``
holds what was asked, checked and decided on the way there, and what is still
owed afterwards (the money paid back for redeemed shares).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Person
from .shares import MAX_SHARES, RegisterEntry, ShareClass

# The fields of a new shareholder that a transfer may bring in (``ShareOperation.new_holder``).
NEW_HOLDER_FIELDS = (
    "kind",
    "first_name",
    "last_name",
    "organisation_name",
    "company_number",
    "street",
    "postcode",
    "city",
    "country",
    "email",
    "phone",
    "language",
)


class ShareOperation(models.Model):
    """One request to move shares of one person and one class, and its outcome.

    ``requested`` until the board executes it (``executed``: the register
    entries are written in the same transaction and linked in ``entries``) or
    closes it (``refused`` by the board, ``cancelled`` by whoever asked), with
    the reason in ``close_reason``.

    - *transfer*: ``quantity`` shares go from ``person`` to ``to_person``, or
      to a new shareholder described in ``new_holder`` (a ``Person`` is made
      when the transfer is executed, and ``new_holder`` emptied).
    - *redemption* (resignation) and *exclusion*: the shares go back to the
      cooperative, which owes ``payout_due`` until the board marks it paid.
      A redemption is asked on ``requested_on``, which must fall in the exit
      window of the statutes; an exclusion needs a ``reason``.
    - *conversion*: ``quantity`` shares of ``share_class`` become
      ``to_quantity`` shares of ``to_class`` of the same total nominal value.

    ``effective_date`` is the date of the register entries (the day of
    execution when left empty).
    """

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("Transfer")
        REDEMPTION = "redemption", _("Redemption (resignation)")
        EXCLUSION = "exclusion", _("Exclusion")
        CONVERSION = "conversion", _("Conversion")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        EXECUTED = "executed", _("Executed")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        BOARD = "board", _("The board")
        PORTAL = "portal", _("The member portal")

    # Kinds that pay money back to the shareholder.
    PAYING_BACK = (Kind.REDEMPTION, Kind.EXCLUSION)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    person = models.ForeignKey(
        Person, verbose_name=_("shareholder"), on_delete=models.PROTECT, related_name="operations"
    )
    share_class = models.ForeignKey(
        ShareClass,
        verbose_name=_("share class"),
        on_delete=models.PROTECT,
        related_name="operations",
    )
    quantity = models.PositiveIntegerField(_("number of shares"), validators=[MinValueValidator(1)])
    to_person = models.ForeignKey(
        Person,
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operations_received",
    )
    new_holder = models.JSONField(
        _("new shareholder"),
        default=dict,
        blank=True,
        help_text=_("Name, address and e-mail of a new shareholder, until the transfer is done."),
    )
    to_class = models.ForeignKey(
        ShareClass,
        verbose_name=_("converted into class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operations_into",
    )
    to_quantity = models.PositiveIntegerField(_("number of new shares"), null=True, blank=True)
    requested_on = models.DateField(_("asked on"))
    effective_date = models.DateField(
        _("effective date"),
        null=True,
        blank=True,
        help_text=_("The date of the register entries. Empty: the day it is executed."),
    )
    amount_per_share = models.DecimalField(
        _("paid back per share"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty: what was paid in per share."),
    )
    payout_due = models.DecimalField(
        _("to pay back"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    payout_paid_at = models.DateTimeField(_("paid back on"), null=True, blank=True)
    payout_note = models.CharField(_("payment note"), max_length=500, blank=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why; an exclusion states its grounds.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(
        _("asked through"), max_length=8, choices=Source.choices, default=Source.BOARD
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    executed_at = models.DateTimeField(_("executed"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)
    entries = models.ManyToManyField(
        RegisterEntry,
        verbose_name=_("register entries"),
        blank=True,
        related_name="operations",
        editable=False,
    )
    # Which mails went out ({kind: timestamp}): a task run twice sends once.
    mailed = models.JSONField(default=dict, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("share operation")
        verbose_name_plural = _("share operations")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=MAX_SHARES),
                name="members_shareoperation_quantity_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="conversion") | models.Q(to_class__isnull=False),
                name="members_shareoperation_conversion_has_class",
            ),
            models.CheckConstraint(
                condition=models.Q(to_person__isnull=True)
                | ~models.Q(to_person=models.F("person")),
                name="members_shareoperation_not_to_self",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return (
            f"{self.get_kind_display()} · {self.person} · {self.quantity} × {self.share_class.code}"
        )

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED

    @property
    def pays_back(self) -> bool:
        return self.kind in self.PAYING_BACK

    @property
    def payout_outstanding(self) -> bool:
        return bool(
            self.status == self.Status.EXECUTED and self.payout_due and not self.payout_paid_at
        )

    @property
    def new_holder_name(self) -> str:
        data = self.new_holder or {}
        if data.get("kind") == Person.Kind.LEGAL:
            return data.get("organisation_name", "")
        return " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)

    @property
    def receiver_name(self) -> str:
        """Who receives transferred shares: the person, or the new shareholder's name."""
        if self.to_person_id:
            return str(self.to_person)
        return self.new_holder_name
