"""State changes of the buurtpunt sites' content (see CONVENTIONS: one function per change)."""

from __future__ import annotations

from django.db import transaction


def contact_submission_create(*, page, form):
    """Store a message sent through ``page`` (a ContactPage) and have it mailed to the team.

    The form is valid and not a bot's (the page checked both). The mail goes
    out through a task enqueued in the same transaction: no mail for a
    message that was not stored, and no request waiting for a mail server.
    """
    from .models.contact import HONEYPOT_FIELD
    from .tasks import send_contact_submission

    data = {name: value for name, value in form.cleaned_data.items() if name != HONEYPOT_FIELD}
    with transaction.atomic():
        submission = page.get_submission_class().objects.create(form_data=data, page=page)
        send_contact_submission.enqueue(submission_id=submission.pk)
    return submission
