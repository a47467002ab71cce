"""The member portal: login links by e-mail, and what a person changes about themselves."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..errors import MembersError
from ..models import Consent, Person

# What a person may change in the portal; the rest is the board's (or the register's).
EDITABLE_FIELDS = ("street", "postcode", "city", "country", "phone", "language", "iban")


def portal_people(email: str):
    """The people who may log in with ``email``: confirmed, not erased."""
    return Person.objects.filter(
        email__iexact=(email or "").strip(),
        email_confirmed_at__isnull=False,
        erased_at__isnull=True,
    )


def person_user(person: Person):
    """The portal account of ``person``: made on first use, never staff, no password."""
    if person.user_id:
        return person.user
    user = get_user_model().objects.create_user(
        username=f"person-{person.pk}", email=person.email, password=None
    )
    person.user = user
    person.save(update_fields=["user"])
    return user


def portal_link_request(*, email: str) -> int:
    """Mail a login link to every person with this address (usually one).

    Says nothing about whether the address is known: the caller shows the same
    page either way. Returns how many links went out (for tests and logs).
    """
    from ..tasks import send_portal_link

    people = list(portal_people(email))
    with transaction.atomic():
        for person in people:
            person_user(person)
            send_portal_link.enqueue(person_id=person.pk)
    return len(people)


def person_update(*, person: Person, data: dict, actor=None) -> Person:
    """Change the fields a person may change themselves (address, phone, language, IBAN)."""
    changed = {
        name: data[name]
        for name in EDITABLE_FIELDS
        if name in data and data[name] != getattr(person, name)
    }
    if not changed:
        return person
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at:
            raise MembersError(_("This person's data were erased."))
        for name, value in changed.items():
            setattr(person, name, value)
        person.save(update_fields=list(changed))
        log(person, "members.person.updated", user=actor, data={"fields": sorted(changed)})
    return person


def consent_set(*, person: Person, purpose: str, given: bool, actor=None, source: str = "") -> None:
    """Give or withdraw a consent that may be withdrawn (the newsletter).

    The statutes and the privacy statement are what holding shares rests on:
    they end with the membership, not with a tick.
    """
    if purpose != Consent.Purpose.NEWSLETTER:
        raise MembersError(_("Only the newsletter can be switched on or off here."))
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        current = person.consents.filter(purpose=purpose, withdrawn_at__isnull=True).first()
        if given and current is None:
            Consent.objects.create(
                person=person, purpose=purpose, given_at=timezone.now(), source=source
            )
            log(person, "members.consent.given", user=actor, data={"purpose": purpose})
        elif not given and current is not None:
            current.withdrawn_at = timezone.now()
            current.save(update_fields=["withdrawn_at"])
            log(person, "members.consent.withdrawn", user=actor, data={"purpose": purpose})


def email_change_request(*, person: Person, new_email: str) -> None:
    """A person asks to use another address: a link goes there; the change waits for it."""
    from ..tasks import send_email_change_link

    new_email = (new_email or "").strip()
    if not new_email or new_email.lower() == (person.email or "").lower():
        raise MembersError(_("Enter a new e-mail address."), field="email")
    with transaction.atomic():
        send_email_change_link.enqueue(person_id=person.pk, new_email=new_email)


def email_change_confirm(*, person: Person, new_email: str, actor=None) -> Person:
    """The link sent to the new address was followed: it becomes the person's address."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        old = person.email
        person.email = new_email
        person.email_confirmed_at = timezone.now()
        person.save(update_fields=["email", "email_confirmed_at"])
        if person.user_id:
            get_user_model().objects.filter(pk=person.user_id).update(email=new_email)
        log(person, "members.person.email_changed", user=actor, data={"old": old, "new": new_email})
    return person
