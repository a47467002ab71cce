"""An upload of a spreadsheet into the member administration, and how far it got."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One uploaded file (people, the register's opening balance, memberships or fee
    payments), checked in a dry run and then, on the board's word, imported.

    The work runs in the background (``members.import_tasks``): the admin page
    polls ``status`` and ``rows_done`` of this row. ``results`` holds the dry run's
    verdict per row (``members.imports``); ``content`` holds the file only while it
    may still be imported: it is emptied once the job is done, failed, or found
    wrong, since the data then live in the tables (or nowhere).
    """

    class Kind(models.TextChoices):
        PEOPLE = "people", _("People")
        OPENING_BALANCE = "opening_balance", _("Share register: opening balance")
        MEMBERSHIPS = "memberships", _("Memberships (vzw)")
        FEE_PAYMENTS = "fee_payments", _("Membership fee payments")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        RUNNING = "running", _("Checking")
        DRY_RUN_DONE = "dry_run_done", _("Checked")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    #: The states in which a worker has work to do (the page keeps polling).
    BUSY = (Status.QUEUED, Status.RUNNING, Status.IMPORTING)

    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.QUEUED
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4)
    file_size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    content = models.BinaryField(default=b"", editable=False)
    # The language the uploader reads: the dry run's messages are written in it.
    language = models.CharField(_("language"), max_length=5, default=settings.LANGUAGE_CODE)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    results = models.JSONField(_("results"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name}"

    @property
    def is_busy(self) -> bool:
        return self.status in self.BUSY

    @property
    def errors(self) -> list[dict]:
        return self.results.get("errors", [])

    @property
    def file_errors(self) -> list[str]:
        return self.results.get("file_errors", [])

    @property
    def can_import(self) -> bool:
        """Checked without a single error: the board may import it."""
        return (
            self.status == self.Status.DRY_RUN_DONE
            and not self.errors
            and not self.file_errors
            and self.rows_total > 0
        )

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
