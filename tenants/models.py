"""The tenant registry (public schema): one Buurtpunt per schema, with its domains."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from core.constants import DEFAULT_THEME
from core.tenancy import base_url

from .validators import validate_enterprise_number


class LegalForm(models.TextChoices):
    CV = "cv", _("Cooperative (CV)")
    VZW = "vzw", _("Non-profit (vzw)")
    CV_VZW = "cv+vzw", _("Cooperative with a non-profit beside it (CV + vzw)")


class Buurtpunt(TenantMixin):
    """A buurtpunt, i.e. a tenant: its own PostgreSQL schema, site, users and registers.

    The row lives in the public schema; ``schema_name`` is the slug. Schemas are
    never created from this model's ``save()``: ``tenants.provisioning`` clones
    them from the template, so that a tenant exists completely or not at all.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    auto_create_schema = False
    auto_drop_schema = False
    # The network's site lists the active buurtpunten: its cached pages are purged.
    shows_on_public_pages = True

    name = models.CharField(_("name"), max_length=120)
    legal_form = models.CharField(
        _("legal form"), max_length=8, choices=LegalForm.choices, default=LegalForm.VZW
    )
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("Belgian enterprise number (KBO), e.g. 0123.456.749."),
    )
    municipality = models.CharField(_("municipality"), max_length=80, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    theme = models.CharField(_("theme"), max_length=40, default=DEFAULT_THEME)
    # Denormalised from Domain.is_primary so that switching tenant needs no query.
    primary_domain = models.CharField(_("primary domain"), max_length=253, blank=True)
    suspended_reason = models.CharField(_("reason for suspension"), max_length=255, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("buurtpunt")
        verbose_name_plural = _("buurtpunten")
        ordering = ["name"]

    def __str__(self):
        return self.name or self.schema_name

    @property
    def slug(self) -> str:
        return self.schema_name

    @property
    def primary_host(self) -> str:
        return self.primary_domain

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def base_url(self) -> str:
        return base_url(self.primary_domain) if self.primary_domain else ""


class Domain(DomainMixin):
    """A host name that routes to a buurtpunt (or to the network site, for ``public``)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["-is_primary", "domain"]


class ProvisioningRequest(models.Model):
    """A buurtpunt asked for from the network console, created by a background task.

    The form stores what was asked and enqueues the task; the console shows
    the request's status and step while the worker runs it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    slug = models.CharField(_("slug"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    legal_form = models.CharField(_("legal form"), max_length=8, choices=LegalForm.choices)
    admin_email = models.EmailField(_("e-mail of the first administrator"), blank=True)
    theme = models.CharField(_("theme"), max_length=40, default=DEFAULT_THEME)
    domain = models.CharField(_("domain"), max_length=253, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=120, blank=True)
    error = models.TextField(_("error"), blank=True)
    buurtpunt = models.ForeignKey(
        Buurtpunt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("provisioning request")
        verbose_name_plural = _("provisioning requests")
        ordering = ["-created"]

    def __str__(self):
        return self.slug


class AuditEntry(models.Model):
    """What the network did to a buurtpunt, by whom and when (dotted action codes)."""

    action = models.CharField(_("action"), max_length=80)
    buurtpunt = models.ForeignKey(
        Buurtpunt, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    timestamp = models.DateTimeField(_("timestamp"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-timestamp"]

    def __str__(self):
        return self.action


class ScheduledRun(models.Model):
    """When the scheduler last enqueued a periodic task for a schema."""

    task_path = models.CharField(max_length=200)
    schema_name = models.CharField(max_length=63)
    last_enqueued = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task_path", "schema_name"], name="unique_scheduled_run"
            )
        ]

    def __str__(self):
        return f"{self.task_path}@{self.schema_name}"
