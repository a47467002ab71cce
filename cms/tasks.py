"""Background work of the buurtpunt sites. Tasks take ids, reload, and are safe to run twice."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django_tasks import task

from .models import ContactSubmission


def _team_addresses(page) -> list[str]:
    addresses = [a.strip() for a in (page.to_address or "").split(",") if a.strip()]
    if addresses:
        return addresses
    # No address on the page: the site's administrators hear of it instead.
    users = get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def _display(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return translation.gettext("yes") if value else translation.gettext("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return "" if value is None else str(value)


def _reply_to(page, data: dict) -> list[str]:
    for field in page.get_form_fields():
        if field.field_type == "email" and data.get(field.clean_name):
            return [data[field.clean_name]]
    return []


@task()
def send_contact_submission(submission_id: int) -> bool:
    """Mail a contact form submission to the team (plain text: any HTML in it stays text)."""
    with transaction.atomic():
        submission = (
            ContactSubmission.objects.select_for_update()
            .filter(pk=submission_id, mailed_at__isnull=True)
            .first()
        )
        if submission is None:
            return False  # gone, or mailed already
        page = submission.page.specific
        recipients = _team_addresses(page)
        if not recipients:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            data = submission.form_data
            context = {
                "page": page,
                "site_name": getattr(page.get_site(), "site_name", "") or "",
                "submitted": submission.submit_time,
                "fields": [
                    (label, _display(data.get(name)))
                    for name, label in page.get_data_fields()
                    if name != "submit_time"
                ],
                "url": page.full_url,
            }
            subject = page.subject or render_to_string(
                "cms/mail/contact_submission_subject.txt", context
            )
            body = render_to_string("cms/mail/contact_submission.txt", context)
        EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=page.from_address or None,
            to=recipients,
            reply_to=_reply_to(page, data),
            headers={"Auto-Submitted": "auto-generated"},
        ).send()
        submission.mailed_at = timezone.now()
        submission.save(update_fields=["mailed_at"])
    return True
