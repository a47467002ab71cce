"""Erasure (GDPR art. 17) as far as the law allows.

The share register and the member register are kept by law: for a person who
appears in either, the legal content stays (name, domicile or seat, company
number, member number, the entries). Everything else goes: e-mail, phone,
IBAN, consents, the portal account, the e-mail and phone in the log. A person
who appears in no register is pseudonymised entirely.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ..errors import MembersError
from ..models import Person, Subscription

# Log entries whose data may hold contact details of the person.
CONTACT_LOG_ACTIONS = ("members.person.email_changed",)


def in_a_register(person: Person) -> bool:
    """Whether the law keeps this person's identity: an entry in the share register,
    or a membership in the member register."""
    if person.entries.exists():
        return True
    memberships = getattr(person, "memberships", None)
    return bool(memberships is not None and memberships.exists())


def person_erase(*, person: Person, actor=None) -> Person:
    """Erase what the law does not require to keep on ``person``; refuse while a
    request of theirs is still open (it needs their contact details)."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at:
            raise MembersError(_("This person's data were erased already."))
        if person.subscriptions.filter(status__in=Subscription.OPEN).exists():
            raise MembersError(_("This person has an open request for shares: close it first."))
        keep_identity = in_a_register(person)
        person.email = ""
        person.phone = ""
        person.iban = ""
        person.language = settings.LANGUAGE_CODE
        if not keep_identity:
            # The pseudonym is data, in the buurtpunt's language, not the admin user's.
            with translation.override(settings.LANGUAGE_CODE):
                erased = _("Erased")
            person.first_name = erased
            person.last_name = f"#{person.pk}"
            person.organisation_name = (
                f"{erased} #{person.pk}" if person.kind == Person.Kind.LEGAL else ""
            )
            person.company_number = ""
            person.street = ""
            person.postcode = ""
            person.city = ""
        person.erased_at = timezone.now()
        user = person.user
        person.user = None
        person.save(
            update_fields=[
                "email",
                "phone",
                "iban",
                "language",
                "first_name",
                "last_name",
                "organisation_name",
                "company_number",
                "street",
                "postcode",
                "city",
                "erased_at",
                "user",
            ]
        )
        if user is not None:
            user.delete()
        person.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=person.erased_at)
        for subscription in person.subscriptions.select_related("payment"):
            if subscription.payment_id:
                payment = subscription.payment
                payment.payer_email = ""
                if not keep_identity:
                    payment.payer_name = person.name
                payment.save(update_fields=["payer_email", "payer_name"])
        entries = ModelLogEntry.objects.for_instance(person)
        entries.filter(action__in=CONTACT_LOG_ACTIONS).update(data={})
        if not keep_identity:
            entries.update(label=person.name)
        log(person, "members.person.erased", user=actor, data={"kept_identity": keep_identity})
    return person
