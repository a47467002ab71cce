"""State changes of the tenant registry: create, suspend, reactivate, add a domain.

Every function checks its input and raises ``BuurtpuntError`` with a translated
message, takes a lock, changes the database atomically, writes an audit entry
and leaves side effects (mail) to tasks enqueued in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists, tenant_context
from wagtail.models import Site

from core import hooks
from core.constants import DEFAULT_THEME, PUBLIC_SCHEMA
from core.errors import ServiceError

from . import provisioning
from .errors import BuurtpuntError
from .models import AuditEntry, Buurtpunt, Domain, LegalForm, ProvisioningRequest
from .validators import (
    normalize_enterprise_number,
    normalize_host,
    validate_host,
    validate_slug_format,
)

logger = logging.getLogger(__name__)


@dataclass
class ProvisionResult:
    buurtpunt: Buurtpunt
    admin_email: str
    invite_url: str


def in_public_schema(func):
    """Run a registry service in the public schema, whatever schema the caller is in:
    tenant rows may only be written from there."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with schema_context(PUBLIC_SCHEMA):
            return func(*args, **kwargs)

    return wrapper


def _audit(action: str, *, buurtpunt: Buurtpunt | None, actor=None, **data) -> None:
    AuditEntry.objects.create(
        action=action,
        buurtpunt=buurtpunt,
        actor=actor if getattr(actor, "pk", None) else None,
        data=data,
    )


def _first_error(exc: ValidationError) -> str:
    return str(exc.messages[0])


# --- checks ----------------------------------------------------------------


def _check_slug_format(slug: str) -> None:
    try:
        validate_slug_format(slug)
    except ValidationError as exc:
        raise BuurtpuntError(_first_error(exc), field="slug") from exc


def check_slug(slug: str) -> None:
    _check_slug_format(slug)
    if Buurtpunt.objects.filter(schema_name=slug).exists() or schema_exists(
        slug, case_sensitive=False
    ):
        raise BuurtpuntError(
            _("The slug “%(slug)s” is already taken.") % {"slug": slug}, field="slug"
        )


def check_domain(host: str) -> str:
    host = normalize_host(host)
    try:
        validate_host(host)
    except ValidationError as exc:
        raise BuurtpuntError(_first_error(exc), field="domain") from exc
    if Domain.objects.filter(domain=host).exists():
        raise BuurtpuntError(
            _("The domain “%(domain)s” is already in use.") % {"domain": host}, field="domain"
        )
    return host


def check_template() -> None:
    pending = provisioning.template_pending_migrations()
    if pending is None:
        raise BuurtpuntError(
            _("The template schema “%(schema)s” does not exist; run migrate_schemas first.")
            % {"schema": provisioning.template_schema()}
        )
    if pending:
        raise BuurtpuntError(
            _(
                "The template schema is behind by %(count)d migration(s) (first: %(first)s); "
                "run migrate_schemas first."
            )
            % {"count": len(pending), "first": ".".join(pending[0])}
        )


def _check_choices(*, legal_form: str, theme: str, admin_email: str) -> None:
    if legal_form not in LegalForm.values:
        raise BuurtpuntError(
            _("Unknown legal form “%(value)s”; choose cv, vzw or cv+vzw.") % {"value": legal_form},
            field="legal_form",
        )
    themes = [name for name, _label in hooks.site_themes()]
    if theme not in themes:
        raise BuurtpuntError(
            _("Unknown theme “%(value)s”; choose one of: %(choices)s.")
            % {"value": theme, "choices": ", ".join(themes)},
            field="theme",
        )
    if admin_email:
        try:
            validate_email(admin_email)
        except ValidationError as exc:
            raise BuurtpuntError(
                _("“%(value)s” is not a valid e-mail address.") % {"value": admin_email},
                field="admin_email",
            ) from exc


def default_domain(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


# --- create ----------------------------------------------------------------


@in_public_schema
def buurtpunt_create(
    *,
    slug: str,
    name: str,
    legal_form: str = LegalForm.VZW,
    domain: str | None = None,
    admin_email: str = "",
    admin_password: str | None = None,
    theme: str = DEFAULT_THEME,
    enterprise_number: str = "",
    municipality: str = "",
    postcode: str = "",
    actor=None,
    progress: Callable[[str], None] | None = None,
) -> ProvisionResult:
    """Create a complete, working buurtpunt, or nothing at all.

    1. Check every input and that the template is current.
    2. Under the provisioning lock, in one transaction: clone the template into
       the new schema, write the tenant and its domain, then inside the schema
       let every app contribute its part (``core.hooks.PROVISION_BUURTPUNT``:
       the Site and home page, the look, ...) and create the first administrator.
    3. The administrator gets an invitation link (a password-reset link) by mail,
       sent by a task in the tenant's schema; ``admin_password`` is for demo data.
    """
    progress = progress or (lambda step: None)
    slug = (slug or "").strip()
    name = (name or "").strip()
    _check_slug_format(slug)
    admin_email = (admin_email or "").strip().lower() or f"admin@{default_domain(slug)}"
    if not name:
        raise BuurtpuntError(_("A buurtpunt needs a name."), field="name")
    _check_choices(legal_form=legal_form, theme=theme, admin_email=admin_email)
    try:
        enterprise_number = normalize_enterprise_number(enterprise_number)
    except ValidationError as exc:
        raise BuurtpuntError(_first_error(exc), field="enterprise_number") from exc
    progress(_("Checking the template"))
    check_template()

    with transaction.atomic():
        provisioning.lock_provisioning()
        check_slug(slug)
        host = check_domain(domain or default_domain(slug))
        progress(_("Copying the template"))
        provisioning.clone_template(slug)
        buurtpunt = Buurtpunt.objects.create(
            schema_name=slug,
            name=name,
            legal_form=legal_form,
            enterprise_number=enterprise_number,
            municipality=municipality.strip(),
            postcode=postcode.strip(),
            theme=theme,
            primary_domain=host,
        )
        Domain.objects.create(domain=host, tenant=buurtpunt, is_primary=True)
        progress(_("Setting up the site"))
        with tenant_context(buurtpunt):
            invite_url = _set_up_schema(
                buurtpunt, admin_email=admin_email, admin_password=admin_password
            )
        _audit("tenants.buurtpunt.created", buurtpunt=buurtpunt, actor=actor, domain=host)
    logger.info("Created buurtpunt %s at %s", slug, buurtpunt.base_url)
    return ProvisionResult(buurtpunt=buurtpunt, admin_email=admin_email, invite_url=invite_url)


def _set_up_schema(buurtpunt: Buurtpunt, *, admin_email: str, admin_password: str | None) -> str:
    """Inside the new schema: every app's part, then the first admin. Returns the invite URL."""
    from .tasks import send_admin_invitation

    hooks.run(hooks.PROVISION_BUURTPUNT, buurtpunt)
    admin = _create_administrator(admin_email, admin_password)
    invite_url = invitation_url(buurtpunt, admin)
    if not admin_password:
        send_admin_invitation.enqueue(user_id=admin.pk)
    return invite_url


def _create_administrator(email: str, password: str | None):
    """A superuser of the current schema; without a password, one that must be chosen
    through an invitation link (no password ever passes through logs or mail)."""
    user = get_user_model()(
        username=email, email=email, is_staff=True, is_superuser=True, is_active=True
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def invitation_url(buurtpunt: Buurtpunt, user) -> str:
    """A link to choose a password: Wagtail's password reset confirmation on the tenant's host."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{buurtpunt.base_url}{path}"


# --- status ----------------------------------------------------------------


@in_public_schema
def buurtpunt_suspend(*, buurtpunt: Buurtpunt, reason: str = "", actor=None) -> Buurtpunt:
    with transaction.atomic():
        locked = Buurtpunt.objects.select_for_update().get(pk=buurtpunt.pk)
        if locked.status == Buurtpunt.Status.SUSPENDED:
            raise BuurtpuntError(_("%(name)s is already suspended.") % {"name": locked.name})
        locked.status = Buurtpunt.Status.SUSPENDED
        locked.suspended_reason = reason.strip()[:255]
        locked.save(update_fields=["status", "suspended_reason"])
        _audit("tenants.buurtpunt.suspended", buurtpunt=locked, actor=actor, reason=reason)
    return locked


@in_public_schema
def buurtpunt_reactivate(*, buurtpunt: Buurtpunt, actor=None) -> Buurtpunt:
    with transaction.atomic():
        locked = Buurtpunt.objects.select_for_update().get(pk=buurtpunt.pk)
        if locked.status == Buurtpunt.Status.ACTIVE:
            raise BuurtpuntError(_("%(name)s is already active.") % {"name": locked.name})
        locked.status = Buurtpunt.Status.ACTIVE
        locked.suspended_reason = ""
        locked.save(update_fields=["status", "suspended_reason"])
        _audit("tenants.buurtpunt.reactivated", buurtpunt=locked, actor=actor)
    return locked


# --- domains ---------------------------------------------------------------


@in_public_schema
def domain_add(
    *, buurtpunt: Buurtpunt, domain: str, make_primary: bool = False, actor=None
) -> Domain:
    """Route another host name to the buurtpunt; as primary it also becomes the Site's host."""
    with transaction.atomic():
        provisioning.lock_provisioning()
        host = check_domain(domain)
        locked = Buurtpunt.objects.select_for_update().get(pk=buurtpunt.pk)
        record = Domain(domain=host, tenant=locked, is_primary=make_primary)
        record.save()
        if make_primary:
            locked.primary_domain = host
            locked.save(update_fields=["primary_domain"])
            with tenant_context(locked):
                Site.objects.filter(is_default_site=True).update(hostname=host)
                Site.clear_site_root_paths_cache()
        _audit(
            "tenants.domain.added", buurtpunt=locked, actor=actor, domain=host, primary=make_primary
        )
    return record


# --- provisioning from the console -----------------------------------------


@in_public_schema
def provisioning_request_create(
    *,
    slug: str,
    name: str,
    legal_form: str,
    admin_email: str,
    theme: str,
    domain: str = "",
    actor=None,
) -> ProvisioningRequest:
    """Check what can be checked now and queue the creation for a worker."""
    from .tasks import run_provisioning_request

    slug = (slug or "").strip()
    _check_choices(legal_form=legal_form, theme=theme, admin_email=admin_email)
    if not (name or "").strip():
        raise BuurtpuntError(_("A buurtpunt needs a name."), field="name")
    with transaction.atomic():
        # Two people asking for the same slug at once: decided under the lock.
        provisioning.lock_provisioning()
        check_slug(slug)
        host = check_domain(domain or default_domain(slug))
        if ProvisioningRequest.objects.filter(
            slug=slug,
            status__in=[ProvisioningRequest.Status.QUEUED, ProvisioningRequest.Status.RUNNING],
        ).exists():
            raise BuurtpuntError(
                _("A buurtpunt with the slug “%(slug)s” is already being created.")
                % {"slug": slug},
                field="slug",
            )
        request = ProvisioningRequest.objects.create(
            slug=slug,
            name=name.strip(),
            legal_form=legal_form,
            admin_email=admin_email,
            theme=theme,
            domain=host,
            requested_by=actor if getattr(actor, "pk", None) else None,
            step=_("Waiting for a worker"),
        )
        _audit("tenants.provisioning.requested", buurtpunt=None, actor=actor, slug=slug)
        run_provisioning_request.enqueue(request_id=request.pk)
    return request


@in_public_schema
def provisioning_request_run(*, request_id: int) -> ProvisioningRequest:
    """Run a queued request (from a task); safe to run twice."""
    with transaction.atomic():
        request = ProvisioningRequest.objects.select_for_update().get(pk=request_id)
        if request.status != ProvisioningRequest.Status.QUEUED:
            return request
        request.status = ProvisioningRequest.Status.RUNNING
        request.save(update_fields=["status"])

    def progress(step: str) -> None:
        ProvisioningRequest.objects.filter(pk=request_id).update(step=step)

    try:
        result = buurtpunt_create(
            slug=request.slug,
            name=request.name,
            legal_form=request.legal_form,
            domain=request.domain or None,
            admin_email=request.admin_email,
            theme=request.theme,
            actor=request.requested_by,
            progress=progress,
        )
    except ServiceError as exc:
        _request_failed(request_id, exc.message)
    except Exception:
        # Nothing of the buurtpunt was kept (one transaction); the request must not
        # stay "running" for ever.
        logger.exception("Provisioning request %s failed", request_id)
        _request_failed(
            request_id, _("An unexpected error stopped the creation; nothing was kept.")
        )
    else:
        ProvisioningRequest.objects.filter(pk=request_id).update(
            status=ProvisioningRequest.Status.DONE,
            step=_("Ready"),
            buurtpunt=result.buurtpunt,
            finished=timezone.now(),
        )
    request.refresh_from_db()
    return request


def _request_failed(request_id: int, message: str) -> None:
    ProvisioningRequest.objects.filter(pk=request_id).update(
        status=ProvisioningRequest.Status.FAILED,
        step=_("Failed"),
        error=message,
        finished=timezone.now(),
    )


# --- the network site ------------------------------------------------------


@in_public_schema
def network_ensure(*, name: str = "", admin_email: str = "", admin_password: str | None = None):
    """The public tenant, its domain (BASE_DOMAIN) and the network's own site, each app
    contributing its part (``core.hooks.PROVISION_NETWORK``); idempotent.

    Returns the network administrator that was created, or None when one existed.
    """
    host = settings.BASE_DOMAIN
    with transaction.atomic():
        network, _created = Buurtpunt.objects.get_or_create(
            schema_name=PUBLIC_SCHEMA,
            defaults={"name": name or _("Buurtpunten network"), "primary_domain": host},
        )
        wanted = {"primary_domain": host, "name": name or network.name}
        changed = [field for field, value in wanted.items() if getattr(network, field) != value]
        if changed:
            for field in changed:
                setattr(network, field, wanted[field])
            network.save(update_fields=changed)
        Domain.objects.get_or_create(domain=host, defaults={"tenant": network, "is_primary": True})
        hooks.run(hooks.PROVISION_NETWORK, network)
        user = None
        if admin_email and not get_user_model().objects.filter(username=admin_email).exists():
            user = _create_administrator(admin_email, admin_password)
    return user
