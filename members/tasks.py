"""Mails of the members app. Each task takes an id, reloads, sends once
(``Subscription.mailed`` marks what went out) in the recipient's language."""

from __future__ import annotations

from email.mime.image import MIMEImage

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Site

from .links import signup_links
from .models import CooperativeSettings, Subscription

QR_CID = "epc-qr"


def _site():
    return Site.objects.get(is_default_site=True)


def _board_addresses() -> list[str]:
    board = CooperativeSettings.for_site(_site()).board_email
    if board:
        return [board]
    users = get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def _mail_once(subscription_id: int, kind: str, build) -> bool:
    """Send the mail ``build(subscription)`` returns, unless ``kind`` went out already."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("person", "share_class", "payment")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None or kind in subscription.mailed:
            return False
        message = build(subscription)
        if message is None:
            return False
        message.send()
        subscription.mailed = {**subscription.mailed, kind: timezone.now().isoformat()}
        subscription.save(update_fields=["mailed"])
    return True


def _message(subscription, template: str, context: dict, *, to: list[str], language: str):
    site = _site()
    with translation.override(language):
        context = {
            "subscription": subscription,
            "person": subscription.person,
            "site_name": site.site_name,
            "links": signup_links(subscription),
            **context,
        }
        subject = render_to_string(f"members/mail/{template}_subject.txt", context)
        body = render_to_string(f"members/mail/{template}.txt", context)
        html = render_to_string(f"members/mail/{template}.html", context)
    board = CooperativeSettings.for_site(site).board_email
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=to,
        reply_to=[board] if board else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_confirmation_link(subscription_id: int) -> bool:
    """Ask the applicant to confirm their e-mail address (the request counts after)."""

    def build(subscription):
        if subscription.status != Subscription.Status.UNCONFIRMED:
            return None
        person = subscription.person
        return _message(subscription, "confirm", {}, to=[person.email], language=person.language)

    return _mail_once(subscription_id, "confirm", build)


@task()
def send_payment_instructions(subscription_id: int) -> bool:
    """How to pay: amount, account, structured communication and the QR code."""
    from payments.selectors import payment_instructions

    def build(subscription):
        if subscription.status not in (Subscription.Status.SUBMITTED, Subscription.Status.APPROVED):
            return None
        instructions = payment_instructions(subscription.payment, _site())
        person = subscription.person
        message = _message(
            subscription,
            "payment",
            {"instructions": instructions, "qr_cid": QR_CID},
            to=[person.email],
            language=person.language,
        )
        if instructions is not None:
            image = MIMEImage(instructions.qr_png, "png")
            image.add_header("Content-ID", f"<{QR_CID}>")
            image.add_header("Content-Disposition", "inline", filename="qr.png")
            message.mixed_subtype = "related"
            message.attach(image)
        return message

    return _mail_once(subscription_id, "payment", build)


@task()
def send_welcome(subscription_id: int) -> bool:
    """The shares are issued: the member number and the register entry."""

    def build(subscription):
        person = subscription.person
        entry = subscription.entries.order_by("number").first()
        return _message(
            subscription, "welcome", {"entry": entry}, to=[person.email], language=person.language
        )

    return _mail_once(subscription_id, "welcome", build)


@task()
def send_rejection(subscription_id: int) -> bool:
    """The board said no: the reason, and what happens to money already paid."""

    def build(subscription):
        person = subscription.person
        return _message(subscription, "rejected", {}, to=[person.email], language=person.language)

    return _mail_once(subscription_id, "rejected", build)


@task()
def notify_board(subscription_id: int) -> bool:
    """Tell the board a new request came in (in the site's language)."""

    def build(subscription):
        addresses = _board_addresses()
        if not addresses:
            return None
        return _message(
            subscription, "board_new", {}, to=addresses, language=settings.LANGUAGE_CODE
        )

    return _mail_once(subscription_id, "board_new", build)


@task()
def expire_subscriptions() -> int:
    """Periodic: close requests never confirmed or never paid."""
    from .services import subscriptions_expire

    return subscriptions_expire()


def _person_message(person, template: str, context: dict, *, to: list[str]):
    site = _site()
    with translation.override(person.language):
        context = {"person": person, "site_name": site.site_name, **context}
        subject = render_to_string(f"members/mail/{template}_subject.txt", context)
        body = render_to_string(f"members/mail/{template}.txt", context)
        html = render_to_string(f"members/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=to,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_portal_link(person_id: int) -> bool:
    """A login link to the member portal (works once, for a short while)."""
    from .links import portal_login_url
    from .models import Person
    from .services.portal import person_user

    person = Person.objects.filter(pk=person_id, erased_at__isnull=True).first()
    if person is None or not person.email:
        return False
    url = portal_login_url(person_user(person))
    _person_message(person, "portal_link", {"url": url}, to=[person.email]).send()
    return True


@task()
def send_email_change_link(person_id: int, new_email: str) -> bool:
    """Ask the new address to confirm itself before it replaces the old one."""
    from .links import email_change_url
    from .models import Person

    person = Person.objects.filter(pk=person_id, erased_at__isnull=True).first()
    if person is None:
        return False
    url = email_change_url(person, new_email)
    _person_message(
        person, "email_change", {"url": url, "new_email": new_email}, to=[new_email]
    ).send()
    return True


# --- yearly membership fees (members.services.fees) -----------------------------------


def _fee_mail_once(due_id: int, kind: str, build) -> bool:
    """Send the mail ``build(due)`` returns, unless ``kind`` went out already for the fee."""
    from .models import FeeDue

    with transaction.atomic():
        due = (
            FeeDue.objects.select_for_update(of=("self",))
            .select_related("person", "plan", "payment")
            .filter(pk=due_id)
            .first()
        )
        if due is None or kind in due.mailed:
            return False
        if due.status != FeeDue.Status.OPEN or not due.person.email or due.person.erased_at:
            return False
        message = build(due)
        message.send()
        due.mailed = {**due.mailed, kind: timezone.now().isoformat()}
        due.save(update_fields=["mailed"])
    return True


def _fee_message(due, template: str, context: dict):
    """A fee mail in the member's language, with the payment instructions and QR code."""
    from payments.selectors import payment_instructions

    site = _site()
    person = due.person
    instructions = payment_instructions(due.payment, site) if due.payment_id else None
    with translation.override(person.language):
        context = {
            "due": due,
            "person": person,
            "site_name": site.site_name,
            "instructions": instructions,
            "qr_cid": QR_CID,
            **context,
        }
        subject = render_to_string(f"members/mail/{template}_subject.txt", context)
        body = render_to_string(f"members/mail/{template}.txt", context)
        html = render_to_string(f"members/mail/{template}.html", context)
    board = CooperativeSettings.for_site(site).board_email
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[person.email],
        reply_to=[board] if board else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    if instructions is not None:
        image = MIMEImage(instructions.qr_png, "png")
        image.add_header("Content-ID", f"<{QR_CID}>")
        image.add_header("Content-Disposition", "inline", filename="qr.png")
        message.mixed_subtype = "related"
        message.attach(image)
    return message


@task()
def send_fee_request(due_id: int) -> bool:
    """This year's fee is raised: how much, and how to pay it."""
    return _fee_mail_once(due_id, "request", lambda due: _fee_message(due, "fee_request", {}))


@task()
def send_fee_reminder(due_id: int, number: int) -> bool:
    """The ``number``th reminder of a fee still open (counted by ``dues_remind``)."""
    from .services.fees import MAX_REMINDERS

    return _fee_mail_once(
        due_id,
        f"reminder-{number}",
        lambda due: _fee_message(
            due, "fee_reminder", {"number": number, "last": number >= MAX_REMINDERS}
        ),
    )


@task()
def remind_dues() -> int:
    """Periodic: remind members of fees still open well after their due day."""
    from .services import dues_remind

    return dues_remind()
