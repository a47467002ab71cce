"""Writing the share register: every entry goes through here.

Entries are numbered from the gapless counter in the transaction that writes
them. Holdings never go below zero: an entry that takes out more shares than
the person holds on its date (or on any later date, for a backdated one) is
refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core import localtime

from ..errors import RegisterError
from ..models import Person, RegisterEntry, ShareClass
from ..selectors import holding
from .numbers import REGISTER_ENTRY, next_number


def _never_negative(person: Person, share_class: ShareClass, entry_date: date, change: int):
    """Refuse a change that would leave ``person`` with fewer than zero shares on
    ``entry_date`` or on any later date that has an entry."""
    if change >= 0:
        return
    dates = set(
        RegisterEntry.objects.filter(
            person=person, share_class=share_class, entry_date__gt=entry_date
        ).values_list("entry_date", flat=True)
    )
    for day in sorted({entry_date, *dates}):
        if holding(person, share_class, day) + change < 0:
            raise RegisterError(
                _(
                    "%(person)s holds %(held)d shares of class %(cls)s on %(date)s: "
                    "%(asked)d cannot go out."
                )
                % {
                    "person": person,
                    "held": holding(person, share_class, day),
                    "cls": share_class.code,
                    "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
                    "asked": -change,
                }
            )


def register_entry_write(
    *,
    kind: str,
    person: Person,
    share_class: ShareClass,
    quantity: int,
    entry_date: date,
    amount_per_share: Decimal,
    actor=None,
    counterparty: Person | None = None,
    subscription=None,
    reverses: RegisterEntry | None = None,
    note: str = "",
) -> RegisterEntry:
    """Append one entry to the register (inside the caller's transaction, or its own).

    ``quantity`` is signed: shares in are positive, shares out negative. The
    amount is the money paid in (positive) or paid back (negative).
    """
    if quantity == 0:
        raise RegisterError(_("An entry must move at least one share."))
    if entry_date > localtime.today():
        raise RegisterError(_("An entry cannot be dated in the future."))
    with transaction.atomic():
        # One writer per shareholder at a time: holdings are checked and changed together.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        _never_negative(person, share_class, entry_date, quantity)
        entry = RegisterEntry.objects.create(
            number=next_number(REGISTER_ENTRY),
            kind=kind,
            person=person,
            share_class=share_class,
            quantity=quantity,
            entry_date=entry_date,
            amount_per_share=amount_per_share,
            amount=(amount_per_share * quantity).quantize(Decimal("0.01")),
            counterparty=counterparty,
            subscription=subscription,
            reverses=reverses,
            note=note[:255],
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        log(
            person,
            f"members.register.{kind}",
            user=actor,
            data={
                "entry": entry.number,
                "class": share_class.code,
                "quantity": quantity,
                "date": entry_date.isoformat(),
            },
        )
    return entry


def register_entry_reverse(
    *, entry: RegisterEntry, actor=None, note: str = "", entry_date: date | None = None
) -> RegisterEntry:
    """Cancel ``entry`` with a new entry of the opposite quantity and amount.

    A reversal is never reversed (write the right entry instead) and an entry
    is reversed once. The reversal is dated ``entry_date`` (today by default);
    the original stays in the register as it was.
    """
    with transaction.atomic():
        entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.kind == RegisterEntry.Kind.REVERSAL:
            raise RegisterError(_("A reversal cannot be reversed; write a new entry instead."))
        if RegisterEntry.objects.filter(reverses=entry).exists():
            raise RegisterError(
                _("Entry %(number)d was reversed already.") % {"number": entry.number}
            )
        if not note.strip():
            raise RegisterError(_("Say why the entry is reversed."), field="note")
        return register_entry_write(
            kind=RegisterEntry.Kind.REVERSAL,
            person=entry.person,
            share_class=entry.share_class,
            quantity=-entry.quantity,
            entry_date=entry_date or localtime.today(),
            amount_per_share=entry.amount_per_share,
            counterparty=entry.counterparty,
            reverses=entry,
            actor=actor,
            note=note,
        )
