"""What the buurtpunt holds on a person, as one document they can download (GDPR art. 15, 20)."""

from __future__ import annotations

from django.utils import timezone

from payments.selectors import payments_of

from .models import Person


def _when(value):
    return value.isoformat() if value else None


def person_export(person: Person) -> dict:
    """Everything held on ``person``: identity, consents, requests, payments, register entries."""
    subscriptions = list(
        person.subscriptions.select_related("share_class", "payment").order_by("created")
    )
    entries = person.entries.select_related("share_class", "counterparty").order_by("number")
    return {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "member_number": person.member_number,
            "kind": person.kind,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "organisation_name": person.organisation_name,
            "company_number": person.company_number,
            "street": person.street,
            "postcode": person.postcode,
            "city": person.city,
            "country": person.country,
            "email": person.email,
            "phone": person.phone,
            "language": person.language,
            "iban": person.iban,
            "email_confirmed_at": _when(person.email_confirmed_at),
            "created": _when(person.created),
        },
        "consents": [
            {
                "purpose": consent.purpose,
                "given_at": _when(consent.given_at),
                "withdrawn_at": _when(consent.withdrawn_at),
                "source": consent.source,
            }
            for consent in person.consents.order_by("given_at")
        ],
        "share_requests": [
            {
                "class": subscription.share_class.code,
                "quantity": subscription.quantity,
                "amount": str(subscription.amount),
                "status": subscription.status,
                "created": _when(subscription.created),
                "confirmed_at": _when(subscription.confirmed_at),
                "effective_at": _when(subscription.effective_at),
                "reason": subscription.reason,
            }
            for subscription in subscriptions
        ],
        "payments": [
            {
                "reference": payment.display_reference,
                "amount": str(payment.amount),
                "description": payment.description,
                "status": payment.status,
                "created": _when(payment.created),
                "paid_at": _when(payment.paid_at),
            }
            for payment in payments_of([s.payment_id for s in subscriptions if s.payment_id])
        ],
        "share_register": [
            {
                "entry": entry.number,
                "date": entry.entry_date.isoformat(),
                "kind": entry.kind,
                "class": entry.share_class.code,
                "quantity": entry.quantity,
                "paid_per_share": str(entry.amount_per_share),
                "amount": str(entry.amount),
                "counterparty": entry.counterparty.name if entry.counterparty else None,
                "note": entry.note,
            }
            for entry in entries
        ],
    }
