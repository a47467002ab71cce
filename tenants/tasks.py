"""Background work of the tenant registry. Tasks take ids, reload, and call a service."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core.tenancy import current_buurtpunt

from .services import invitation_url, provisioning_request_run


@task()
def run_provisioning_request(request_id: int) -> str:
    return provisioning_request_run(request_id=request_id).status


@task()
def send_admin_invitation(user_id: int) -> bool:
    """Mail a new buurtpunt's first administrator a link to choose a password.

    Runs in the buurtpunt's schema (the worker switched to it), so the user and
    the host are the tenant's own.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return False  # already set up (or gone): nothing to send twice
    buurtpunt = current_buurtpunt()
    with translation.override(settings.LANGUAGE_CODE):
        context = {"buurtpunt": buurtpunt, "url": invitation_url(buurtpunt, user), "user": user}
        subject = render_to_string("tenants/mail/invitation_subject.txt", context).strip()
        body = render_to_string("tenants/mail/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


@task()
def clear_expired_sessions() -> int:
    """Delete the expired sessions of the current schema (periodic, per tenant)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@task()
def prune_finished_tasks(days: int = 14) -> int:
    """Delete finished task results older than ``days`` from the queue (periodic, public)."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
