"""Share operations: a transfer, a redemption, an exclusion or a conversion of shares
already in the register, asked for, checked, and executed or closed.

``operation_request`` (the board, or the shareholder in the portal for a
redemption) -> ``operation_execute`` (the board: the register entries are
written in the same transaction) or ``operation_refuse`` (the board, with a
reason) or ``operation_cancel`` (whoever asked). A redemption or exclusion
leaves money owed to the shareholder until ``redemption_payout_mark_paid``.

The rules, checked when asked and again when executed:

1. The person holds the shares on the effective date (the register refuses
   too, for that date and every later one).
2. A person keeps at least the class's minimum, or leaves the class: a part
   that would leave fewer shares than the minimum is refused.
3. A redemption is asked in the exit window of the statutes: the first
   ``exit_window_months`` months of the financial year, which starts in
   ``financial_year_start_month``. An exclusion may be done at any time, of a
   shareholder only, and states its grounds.
4. A transfer's receiver stays within the class's minimum and maximum per person.
5. A conversion keeps the nominal value: ``quantity`` × the old share's value
   must be a whole number of the new shares; the new class's limits hold.

Each service checks, locks, changes in one transaction, logs, and sends its
mail through a task enqueued in that transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task
from wagtail.log_actions import log
from wagtail.models import Site

from core import localtime

from ..errors import MembersError
from ..models import (
    MAX_SHARES,
    CooperativeSettings,
    Person,
    RegisterEntry,
    ShareClass,
    ShareOperation,
)
from ..models.operations import NEW_HOLDER_FIELDS
from ..selectors import holding, outstanding
from .numbers import MEMBER_NUMBER, next_number
from .register import register_entry_write

K = ShareOperation.Kind
S = ShareOperation.Status
CENT = Decimal("0.01")


class ShareOperationError(MembersError):
    """A share operation that cannot be asked, executed or closed (the message says why)."""


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _euro(amount: Decimal) -> str:
    return "€\u00a0" + formats.number_format(amount, decimal_pos=2, use_l10n=True)


# --- the exit window: plain dates, no database ------------------------------------------


@dataclass(frozen=True)
class ExitWindow:
    """The days (both included) in which shareholders may ask to redeem shares."""

    opens: date
    closes: date

    def __contains__(self, day: date) -> bool:
        return self.opens <= day <= self.closes


def _first_of_month(year: int, month: int) -> date:
    """The first day of ``month`` (1-based, may run past 12) of ``year``."""
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def exit_window(on: date, *, start_month: int, months: int) -> ExitWindow:
    """The exit window of the financial year that ``on`` falls in.

    A year starting in July (``start_month=7``) with six months to resign:
    on 3 March 2027 the year is July 2026 - June 2027 and its window ran from
    1 July to 31 December 2026.
    """
    year = on.year if on.month >= start_month else on.year - 1
    opens = date(year, start_month, 1)
    closes = _first_of_month(year, start_month + months) - timedelta(days=1)
    return ExitWindow(opens, closes)


def next_exit_window(on: date, *, start_month: int, months: int) -> ExitWindow:
    """The window open on ``on``, or else the next one to open."""
    window = exit_window(on, start_month=start_month, months=months)
    if on > window.closes:
        following = _first_of_month(window.opens.year, window.opens.month + 12)
        window = exit_window(following, start_month=start_month, months=months)
    return window


def _cooperative() -> CooperativeSettings:
    return CooperativeSettings.for_site(Site.objects.get(is_default_site=True))


def current_exit_window(on: date | None = None) -> ExitWindow:
    """This buurtpunt's window open on ``on`` (today), or the next one."""
    cooperative = _cooperative()
    return next_exit_window(
        on or localtime.today(),
        start_month=cooperative.financial_year_start_month,
        months=cooperative.exit_window_months,
    )


def check_exit_window(asked_on: date) -> None:
    """Refuse a redemption asked outside the exit window, naming the window's dates."""
    cooperative = _cooperative()
    rule = {
        "start_month": cooperative.financial_year_start_month,
        "months": cooperative.exit_window_months,
    }
    window = exit_window(asked_on, **rule)
    if asked_on in window:
        return
    upcoming = next_exit_window(asked_on, **rule)
    raise ShareOperationError(
        _(
            "Shares can be redeemed only when asked in the first months of the financial "
            "year, as the statutes say: this year from %(opens)s to %(closes)s. This was "
            "asked on %(asked)s; the next window runs from %(next_opens)s to %(next_closes)s."
        )
        % {
            "opens": _day(window.opens),
            "closes": _day(window.closes),
            "asked": _day(asked_on),
            "next_opens": _day(upcoming.opens),
            "next_closes": _day(upcoming.closes),
        }
    )


# --- what a person holds and paid ---------------------------------------------------------


def paid_per_share(person: Person, share_class: ShareClass, on: date | None = None) -> Decimal:
    """What ``person`` paid in per share of ``share_class`` held at the end of ``on``
    (the average over their shares; the class's value when they hold none)."""
    entries = RegisterEntry.objects.filter(person=person, share_class=share_class)
    if on is not None:
        entries = entries.filter(entry_date__lte=on)
    totals = entries.aggregate(quantity=Sum("quantity"), paid=Sum("amount"))
    if not totals["quantity"]:
        return share_class.nominal_value
    return (totals["paid"] / totals["quantity"]).quantize(CENT)


def _asked_already(person: Person, share_class: ShareClass, exclude=None) -> int:
    """Shares of ``person`` in ``share_class`` that open requests would take out already."""
    requests = ShareOperation.objects.filter(
        person=person, share_class=share_class, status=S.REQUESTED
    )
    if exclude is not None and exclude.pk:
        requests = requests.exclude(pk=exclude.pk)
    return sum(requests.values_list("quantity", flat=True))


def _names(operation: ShareOperation, **extra) -> dict:
    return {
        "person": operation.person,
        "n": operation.quantity,
        "cls": operation.share_class.code,
        **extra,
    }


# --- the checks ---------------------------------------------------------------------------


def _refuse_not_holding(operation: ShareOperation, on: date) -> None:
    if operation.kind == K.EXCLUSION:
        message = _(
            "%(person)s holds no shares of class %(cls)s on %(date)s: only a "
            "shareholder can be excluded."
        )
    else:
        message = _("%(person)s holds no shares of class %(cls)s on %(date)s.")
    raise ShareOperationError(message % _names(operation, date=_day(on)), field="share_class")


def _check_held(operation: ShareOperation, on: date, *, pending: int) -> int:
    """Rules 1 and 2 for the shares going out; returns what the person holds on ``on``."""
    held = holding(operation.person, operation.share_class, on)
    if held <= 0:
        _refuse_not_holding(operation, on)
    available = held - pending
    if operation.quantity > available:
        if pending:
            message = _(
                "%(person)s holds %(held)d shares of class %(cls)s on %(date)s, and earlier "
                "requests not yet done take out %(pending)d: %(n)d cannot go out."
            )
        else:
            message = _(
                "%(person)s holds %(held)d shares of class %(cls)s on %(date)s: "
                "%(n)d cannot go out."
            )
        raise ShareOperationError(
            message % _names(operation, held=held, pending=pending, date=_day(on)),
            field="quantity",
        )
    left = available - operation.quantity
    minimum = operation.share_class.min_per_person
    if 0 < left < minimum:
        raise ShareOperationError(
            _(
                "Class %(cls)s asks for at least %(min)d shares per person: %(person)s would "
                "keep %(left)d. Keep at least %(min)d, or take all %(all)d out."
            )
            % _names(operation, min=minimum, left=left, all=available),
            field="quantity",
        )
    return held


def _check_within_class(share_class: ShareClass, receiver, held: int, incoming: int) -> None:
    """Rule 4 (and 5 for the new class): the receiver's holding stays within the limits."""
    total = held + incoming
    if total < share_class.min_per_person:
        raise ShareOperationError(
            _(
                "Class %(cls)s asks for at least %(min)d shares per person: %(person)s "
                "would hold %(total)d."
            )
            % {
                "cls": share_class.code,
                "min": share_class.min_per_person,
                "person": receiver,
                "total": total,
            },
            field="quantity",
        )
    limit = share_class.max_per_person
    if limit is not None and total > limit:
        raise ShareOperationError(
            _(
                "Class %(cls)s allows at most %(max)d shares per person: %(person)s holds "
                "%(held)d and would hold %(total)d."
            )
            % {
                "cls": share_class.code,
                "max": limit,
                "person": receiver,
                "held": held,
                "total": total,
            },
            field="quantity",
        )


def _check_transfer(operation: ShareOperation, on: date) -> None:
    receiver = operation.to_person
    held = holding(receiver, operation.share_class, on) if receiver is not None else 0
    name = receiver or operation.new_holder_name
    _check_within_class(operation.share_class, name, held, operation.quantity)


def converted_quantity(quantity: int, from_class: ShareClass, to_class: ShareClass) -> int:
    """Rule 5: the new shares of the same total value, or a refusal naming the remainder."""
    value = from_class.nominal_value * quantity
    new_quantity, remainder = divmod(value, to_class.nominal_value)
    if remainder or new_quantity < 1:
        raise ShareOperationError(
            _(
                "%(n)d shares of class %(from)s are worth %(value)s; a share of class %(to)s "
                "is worth %(price)s, and %(value)s is not a whole number of them "
                "(%(remainder)s would be left over). Choose a number of shares whose value "
                "divides by %(price)s."
            )
            % {
                "n": quantity,
                "from": from_class.code,
                "to": to_class.code,
                "value": _euro(value),
                "price": _euro(to_class.nominal_value),
                "remainder": _euro(remainder if new_quantity >= 1 else value),
            },
            field="quantity",
        )
    return int(new_quantity)


def _check_conversion(operation: ShareOperation, on: date) -> None:
    to_class = operation.to_class
    operation.to_quantity = converted_quantity(operation.quantity, operation.share_class, to_class)
    held = holding(operation.person, to_class, on)
    _check_within_class(to_class, operation.person, held, operation.to_quantity)
    if to_class.max_issued is not None and (
        outstanding(to_class) + operation.to_quantity > to_class.max_issued
    ):
        raise ShareOperationError(
            _("Class %(cls)s has no %(n)d shares left to issue.")
            % {"cls": to_class.code, "n": operation.to_quantity}
        )


def _check(operation: ShareOperation, on: date, *, executing: bool) -> int:
    """All the rules for ``operation`` on ``on``; returns what the person holds then.

    Asked (``executing=False``): the shares other open requests of the person
    take out count as gone already. Executed: only the register counts.
    """
    pending = 0 if executing else _asked_already(operation.person, operation.share_class, operation)
    held = _check_held(operation, on, pending=pending)
    if operation.kind == K.TRANSFER:
        _check_transfer(operation, on)
    elif operation.kind == K.CONVERSION:
        _check_conversion(operation, on)
    return held


# --- asking -------------------------------------------------------------------------------


def _clean_new_holder(data: dict) -> dict:
    """The new shareholder's fields, with a name and an address the register needs."""
    fields = {name: (data.get(name) or "").strip() for name in NEW_HOLDER_FIELDS}
    fields["kind"] = fields["kind"] or Person.Kind.NATURAL
    fields["country"] = fields["country"] or "BE"
    fields["language"] = fields["language"] or settings.LANGUAGE_CODE
    if fields["kind"] == Person.Kind.LEGAL:
        named = bool(fields["organisation_name"])
    else:
        named = bool(fields["first_name"] and fields["last_name"])
    if not named:
        raise ShareOperationError(_("Give the new shareholder's name."), field="last_name")
    if not (fields["street"] and fields["postcode"] and fields["city"]):
        raise ShareOperationError(
            _("The register needs the new shareholder's address."), field="street"
        )
    return {name: value for name, value in fields.items() if value}


def _known_person(data: dict) -> Person | None:
    """The person already in the register with the new holder's e-mail and name, if any."""
    if not data.get("email"):
        return None
    candidate = Person(**data)
    for person in Person.objects.filter(email__iexact=data["email"], erased_at__isnull=True):
        if person.name.casefold() == candidate.name.casefold():
            return person
    return None


def _check_parties(operation: ShareOperation) -> None:
    """What each kind needs besides the shares: a receiver, a class, a reason."""
    if operation.person.erased_at is not None:
        raise ShareOperationError(_("This person's data was erased."))
    kind = operation.kind
    if kind == K.TRANSFER:
        if operation.to_person_id is None and not operation.new_holder:
            raise ShareOperationError(
                _("Choose who receives the shares, or give a new shareholder's details."),
                field="to_person",
            )
        if operation.to_person_id == operation.person_id:
            raise ShareOperationError(
                _("Shares cannot be transferred to the same person."), field="to_person"
            )
        if operation.to_person is not None and operation.to_person.erased_at is not None:
            raise ShareOperationError(_("The receiver's data was erased."), field="to_person")
    if kind == K.CONVERSION:
        if operation.to_class_id is None:
            raise ShareOperationError(_("Choose the class to convert into."), field="to_class")
        if operation.to_class_id == operation.share_class_id:
            raise ShareOperationError(
                _("Choose another class than the one the shares are in."), field="to_class"
            )
    if kind == K.EXCLUSION and not operation.reason.strip():
        raise ShareOperationError(_("Give the grounds for the exclusion."), field="reason")


def _check_dates(operation: ShareOperation, today: date) -> None:
    if operation.requested_on > today:
        raise ShareOperationError(
            _("The day it was asked cannot be in the future."), field="requested_on"
        )
    if (
        operation.kind == K.REDEMPTION
        and operation.effective_date is not None
        and operation.effective_date < operation.requested_on
    ):
        raise ShareOperationError(
            _("A redemption cannot take effect before the day it was asked."),
            field="effective_date",
        )
    if operation.kind == K.REDEMPTION:
        check_exit_window(operation.requested_on)


def _all_available(operation: ShareOperation, on: date) -> int:
    """Every share of the class the person holds on ``on`` and has not asked out yet."""
    held = holding(operation.person, operation.share_class, on)
    if held <= 0:
        _refuse_not_holding(operation, on)
    return held - _asked_already(operation.person, operation.share_class)


def operation_request(
    *,
    kind: str,
    person: Person,
    share_class: ShareClass,
    quantity: int | None = None,
    to_person: Person | None = None,
    new_holder: dict | None = None,
    to_class: ShareClass | None = None,
    requested_on: date | None = None,
    effective_date: date | None = None,
    amount_per_share: Decimal | None = None,
    reason: str = "",
    note: str = "",
    source: str = ShareOperation.Source.BOARD,
    actor=None,
) -> ShareOperation:
    """Ask for one operation; it waits, checked, for the board to execute it.

    ``quantity`` may be left out for a redemption or an exclusion: all the
    shares of the class the person holds. ``new_holder`` (a transfer to
    someone not yet in the register) holds the fields of a new ``Person``.
    ``amount_per_share`` (redemption, exclusion) is what is paid back per
    share; left out, what was paid in per share.
    """
    if kind not in K.values:
        raise ShareOperationError(_("Choose what should happen to the shares."), field="kind")
    today = localtime.today()
    operation = ShareOperation(
        kind=kind,
        person=person,
        share_class=share_class,
        to_person=to_person if kind == K.TRANSFER else None,
        new_holder={},
        to_class=to_class if kind == K.CONVERSION else None,
        requested_on=requested_on or today,
        effective_date=effective_date,
        amount_per_share=amount_per_share if kind in ShareOperation.PAYING_BACK else None,
        reason=(reason or "").strip(),
        note=(note or "").strip()[:200],
        source=source,
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    if kind == K.TRANSFER and to_person is None and new_holder:
        operation.new_holder = _clean_new_holder(new_holder)
        known = _known_person(operation.new_holder)
        if known is not None:
            raise ShareOperationError(
                _("%(person)s is in the register already: choose them as the receiver.")
                % {"person": known},
                field="to_person",
            )
    _check_parties(operation)
    _check_dates(operation, today)
    if amount_per_share is not None and amount_per_share < 0:
        raise ShareOperationError(
            _("The amount paid back cannot be negative."), field="amount_per_share"
        )
    on = min(effective_date or today, today)
    if quantity is None and kind in ShareOperation.PAYING_BACK:
        quantity = _all_available(operation, on)
    if quantity is None or quantity < 1:
        raise ShareOperationError(_("Choose at least one share."), field="quantity")
    if quantity > MAX_SHARES:
        raise ShareOperationError(_("That is more shares than there are."), field="quantity")
    operation.quantity = quantity
    _check(operation, on, executing=False)
    with transaction.atomic():
        operation.save()
        log(
            operation,
            "members.operation.requested",
            user=actor,
            data={"kind": kind, "quantity": quantity, "class": share_class.code},
        )
        if source == ShareOperation.Source.PORTAL:
            send_operation_mail.enqueue(operation_id=operation.pk, kind="requested")
            send_operation_mail.enqueue(operation_id=operation.pk, kind="board")
    return operation


# --- executing ----------------------------------------------------------------------------


def _locked(operation: ShareOperation) -> ShareOperation:
    return (
        ShareOperation.objects.select_for_update(of=("self",))
        .select_related("person", "share_class", "to_person", "to_class")
        .get(pk=operation.pk)
    )


def _lock_parties(operation: ShareOperation) -> None:
    """One writer per class and per shareholder at a time, locked in the order the
    subscriptions use too (classes, then people, each by id), so that two changes
    never wait on each other."""
    classes = sorted({operation.share_class_id, operation.to_class_id} - {None})
    list(ShareClass.objects.select_for_update().filter(pk__in=classes).order_by("pk"))
    people = sorted({operation.person_id, operation.to_person_id} - {None})
    list(Person.objects.select_for_update().filter(pk__in=people).order_by("pk"))


def _execution_day(operation: ShareOperation, effective_date: date | None, today: date) -> date:
    day = effective_date or operation.effective_date or today
    if day > today:
        raise ShareOperationError(
            _("This operation takes effect on %(date)s: it can be executed from that day.")
            % {"date": _day(day)},
            field="effective_date",
        )
    if operation.kind == K.REDEMPTION:
        if day < operation.requested_on:
            raise ShareOperationError(
                _("A redemption cannot take effect before the day it was asked."),
                field="effective_date",
            )
        check_exit_window(operation.requested_on)
    return day


def _receiver(operation: ShareOperation) -> Person:
    """The transfer's receiver: the person chosen, or the new shareholder made now."""
    receiver = operation.to_person
    if receiver is None:
        data = operation.new_holder
        known = _known_person(data)
        if known is not None:
            raise ShareOperationError(
                _("%(person)s is in the register already: ask again with them as the receiver.")
                % {"person": known}
            )
        receiver = Person.objects.create(
            **data, email_confirmed_at=timezone.now() if data.get("email") else None
        )
        operation.to_person = receiver
        operation.new_holder = {}
    if receiver.member_number is None:
        receiver.member_number = next_number(MEMBER_NUMBER)
        receiver.save(update_fields=["member_number"])
    return receiver


def _write(operation: ShareOperation, **fields) -> RegisterEntry:
    entry = register_entry_write(
        person=fields.pop("person", operation.person),
        share_class=fields.pop("share_class", operation.share_class),
        entry_date=operation.effective_date,
        note=fields.pop("note", operation.note),
        **fields,
    )
    operation.entries.add(entry)
    return entry


def _execute_transfer(operation: ShareOperation, actor) -> None:
    receiver = _receiver(operation)
    per_share = paid_per_share(operation.person, operation.share_class, operation.effective_date)
    _write(
        operation,
        kind=RegisterEntry.Kind.TRANSFER_OUT,
        quantity=-operation.quantity,
        amount_per_share=per_share,
        counterparty=receiver,
        actor=actor,
    )
    _write(
        operation,
        kind=RegisterEntry.Kind.TRANSFER_IN,
        person=receiver,
        quantity=operation.quantity,
        amount_per_share=per_share,
        counterparty=operation.person,
        actor=actor,
    )


def _execute_payback(operation: ShareOperation, actor, amount_per_share) -> None:
    per_share = amount_per_share
    if per_share is None:
        per_share = operation.amount_per_share
    if per_share is None:
        per_share = paid_per_share(
            operation.person, operation.share_class, operation.effective_date
        )
    if per_share < 0:
        raise ShareOperationError(
            _("The amount paid back cannot be negative."), field="amount_per_share"
        )
    operation.amount_per_share = per_share
    operation.payout_due = (per_share * operation.quantity).quantize(CENT)
    _write(
        operation,
        kind=operation.kind,  # the register's kinds "redemption" and "exclusion"
        quantity=-operation.quantity,
        amount_per_share=per_share,
        actor=actor,
    )


def conversion_note(operation: ShareOperation, paid_in: Decimal, per_new_share: Decimal) -> str:
    """The conversion's line in the register: what became what, and any difference
    between what was paid in and the new shares' value (noted, not settled here)."""
    to_class = operation.to_class
    value = to_class.nominal_value * operation.to_quantity
    text = _("%(n)d × %(from)s converted into %(m)d × %(to)s (value %(value)s).") % {
        "n": operation.quantity,
        "from": operation.share_class.code,
        "m": operation.to_quantity,
        "to": to_class.code,
        "value": _euro(value),
    }
    recorded = per_new_share * operation.to_quantity
    if paid_in != value:
        text += " " + _("Paid in: %(paid)s, difference %(diff)s.") % {
            "paid": _euro(paid_in),
            "diff": _euro(paid_in - value),
        }
    if recorded != paid_in:
        text += " " + _("Rounded to %(per)s per new share.") % {"per": _euro(per_new_share)}
    if operation.note:
        text += " " + operation.note
    return text


def _execute_conversion(operation: ShareOperation, actor) -> None:
    per_share = paid_per_share(operation.person, operation.share_class, operation.effective_date)
    paid_in = per_share * operation.quantity
    per_new_share = (paid_in / operation.to_quantity).quantize(CENT)
    with translation.override(settings.LANGUAGE_CODE):
        note = conversion_note(operation, paid_in, per_new_share)
    _write(
        operation,
        kind=RegisterEntry.Kind.CONVERSION_OUT,
        quantity=-operation.quantity,
        amount_per_share=per_share,
        note=note,
        actor=actor,
    )
    _write(
        operation,
        kind=RegisterEntry.Kind.CONVERSION_IN,
        share_class=operation.to_class,
        quantity=operation.to_quantity,
        amount_per_share=per_new_share,
        note=note,
        actor=actor,
    )


def operation_execute(
    *,
    operation: ShareOperation,
    actor=None,
    effective_date: date | None = None,
    amount_per_share: Decimal | None = None,
) -> ShareOperation:
    """Do it: check again, then write the register entries, all in one transaction.

    ``effective_date`` (default: the one asked, else today) dates the
    entries; ``amount_per_share`` overrides what is paid back per share of a
    redemption or exclusion. A new shareholder of a transfer is made and gets
    the next member number here, so that a refusal leaves no gap.
    """
    with transaction.atomic():
        operation = _locked(operation)
        _lock_parties(operation)
        operation.effective_date = operation_check(
            operation=operation, effective_date=effective_date
        )
        if operation.kind == K.TRANSFER:
            _execute_transfer(operation, actor)
        elif operation.kind == K.CONVERSION:
            _execute_conversion(operation, actor)
        else:
            _execute_payback(operation, actor, amount_per_share)
        operation.status = S.EXECUTED
        operation.executed_at = timezone.now()
        operation.executed_by = actor if getattr(actor, "pk", None) else None
        operation.save(
            update_fields=[
                "status",
                "effective_date",
                "executed_at",
                "executed_by",
                "to_person",
                "new_holder",
                "to_quantity",
                "amount_per_share",
                "payout_due",
            ]
        )
        log(
            operation,
            "members.operation.executed",
            user=actor,
            data={
                "kind": operation.kind,
                "entries": sorted(operation.entries.values_list("number", flat=True)),
                "date": operation.effective_date.isoformat(),
            },
        )
        send_operation_mail.enqueue(operation_id=operation.pk, kind="executed")
        if operation.kind == K.TRANSFER:
            send_operation_mail.enqueue(operation_id=operation.pk, kind="received")
    return operation


def operation_check(*, operation: ShareOperation, effective_date: date | None = None) -> date:
    """Could ``operation`` be executed now? Raises the refusal it would meet; returns the
    date its entries would have. Reads only (the confirmation page shows the answer)."""
    if operation.status != S.REQUESTED:
        raise ShareOperationError(
            _("Only a requested operation can be executed (this one is “%(s)s”).")
            % {"s": operation.get_status_display()}
        )
    day = _execution_day(operation, effective_date, localtime.today())
    _check_parties(operation)
    _check(operation, day, executing=True)
    return day


# --- closing ------------------------------------------------------------------------------


# What stays of a new shareholder's details once their transfer will not happen: the
# name, for the record; the address and the ways to reach them are not needed any more.
NEW_HOLDER_KEPT = ("kind", "first_name", "last_name", "organisation_name")


def _close(operation: ShareOperation, status: str, *, reason: str, actor) -> None:
    operation.status = status
    operation.closed_at = timezone.now()
    operation.closed_by = actor if getattr(actor, "pk", None) else None
    operation.close_reason = reason
    operation.new_holder = {
        key: value for key, value in operation.new_holder.items() if key in NEW_HOLDER_KEPT
    }
    operation.save(update_fields=["status", "closed_at", "closed_by", "close_reason", "new_holder"])


def operation_refuse(*, operation: ShareOperation, reason: str, actor=None) -> ShareOperation:
    """The board says no, with the reason, which the shareholder is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ShareOperationError(_("Give the reason for the refusal."), field="reason")
    with transaction.atomic():
        operation = _locked(operation)
        if operation.status != S.REQUESTED:
            raise ShareOperationError(
                _("Only a requested operation can be refused (this one is “%(s)s”).")
                % {"s": operation.get_status_display()}
            )
        _close(operation, S.REFUSED, reason=reason, actor=actor)
        log(operation, "members.operation.refused", user=actor, data={"reason": reason})
        send_operation_mail.enqueue(operation_id=operation.pk, kind="refused")
    return operation


def operation_cancel(*, operation: ShareOperation, actor=None, reason: str = "") -> ShareOperation:
    """Whoever asked withdraws the request (the shareholder in the portal, or the board)."""
    with transaction.atomic():
        operation = _locked(operation)
        if operation.status != S.REQUESTED:
            raise ShareOperationError(
                _("Only a requested operation can be cancelled (this one is “%(s)s”).")
                % {"s": operation.get_status_display()}
            )
        _close(operation, S.CANCELLED, reason=(reason or "").strip(), actor=actor)
        log(operation, "members.operation.cancelled", user=actor, data={"reason": reason})
    return operation


def redemption_payout_mark_paid(
    *, operation: ShareOperation, actor=None, note: str = ""
) -> ShareOperation:
    """The money owed for redeemed (or excluded) shares was paid back."""
    with transaction.atomic():
        operation = _locked(operation)
        if not operation.payout_outstanding:
            raise ShareOperationError(
                _(
                    "Only an executed redemption or exclusion with money still owed "
                    "can be marked paid."
                )
            )
        operation.payout_paid_at = timezone.now()
        operation.payout_note = (note or "").strip()[:500]
        operation.save(update_fields=["payout_paid_at", "payout_note"])
        log(
            operation,
            "members.operation.payout_paid",
            user=actor,
            data={"amount": str(operation.payout_due), "note": operation.payout_note},
        )
    return operation


# --- reads for the screens ------------------------------------------------------------------


def outstanding_payouts():
    """Executed redemptions and exclusions whose money is still owed, oldest first."""
    return (
        ShareOperation.objects.filter(
            status=S.EXECUTED, payout_due__gt=0, payout_paid_at__isnull=True
        )
        .select_related("person", "share_class")
        .order_by("effective_date", "pk")
    )


def describe_shares(operation: ShareOperation) -> str:
    """The shares an operation takes out: "3 shares of class B"."""
    return ngettext(
        "%(n)d share of class %(cls)s", "%(n)d shares of class %(cls)s", operation.quantity
    ) % _names(operation)


def describe(operation: ShareOperation) -> str:
    """One line for a list or a mail: what the operation does, in the active language."""
    shares = describe_shares(operation)
    if operation.kind == K.TRANSFER:
        return _("%(shares)s to %(to)s") % {"shares": shares, "to": operation.receiver_name}
    if operation.kind == K.CONVERSION and operation.to_class_id:
        into = operation.to_class.code
        if operation.to_quantity:
            into = f"{operation.to_quantity} × {into}"
        return _("%(shares)s into %(into)s") % {"shares": shares, "into": into}
    return shares


# --- mail ---------------------------------------------------------------------------------

# Which template each mail uses, and who gets it.
MAILS = {
    "requested": "operation_requested",
    "board": "operation_board",
    "executed": "operation_executed",
    "received": "operation_received",
    "refused": "operation_refused",
}


def _recipient(operation: ShareOperation, kind: str) -> tuple[list[str], str]:
    """The addresses and the language of the mail ``kind`` of ``operation``."""
    from ..tasks import _board_addresses

    if kind == "board":
        return _board_addresses(), settings.LANGUAGE_CODE
    person = operation.to_person if kind == "received" else operation.person
    if person is None or not person.email or person.erased_at is not None:
        return [], settings.LANGUAGE_CODE
    return [person.email], person.language


def _operation_message(operation: ShareOperation, kind: str):
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse

    from ..links import portal_url

    to, language = _recipient(operation, kind)
    if not to:
        return None
    site = Site.objects.get(is_default_site=True)
    board = _cooperative().board_email
    template = MAILS[kind]
    with translation.override(language):
        context = {
            "operation": operation,
            "person": operation.to_person if kind == "received" else operation.person,
            "site_name": site.site_name,
            "what": describe(operation),
            "shares": describe_shares(operation),
            "entries": list(operation.entries.select_related("share_class").order_by("number")),
            "portal_url": portal_url("members:portal_redeem")
            if kind in ("requested", "executed", "refused")
            else portal_url(),
            "details_url": portal_url("members:portal_edit"),
            "admin_url": site.root_url + reverse("share_operations:inspect", args=[operation.pk]),
        }
        subject = render_to_string(f"members/mail/{template}_subject.txt", context)
        body = render_to_string(f"members/mail/{template}.txt", context)
        html = render_to_string(f"members/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=to,
        reply_to=[board] if board and kind != "board" else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def operation_mail_send(*, operation_id: int, kind: str) -> bool:
    """Send the mail ``kind`` of an operation once (``mailed`` marks what went out)."""
    if kind not in MAILS:
        return False
    with transaction.atomic():
        operation = (
            ShareOperation.objects.select_for_update(of=("self",))
            .select_related("person", "share_class", "to_person", "to_class")
            .filter(pk=operation_id)
            .first()
        )
        if operation is None or kind in operation.mailed:
            return False
        message = _operation_message(operation, kind)
        if message is None:
            return False
        message.send()
        operation.mailed = {**operation.mailed, kind: timezone.now().isoformat()}
        operation.save(update_fields=["mailed"])
    return True


@task()
def send_operation_mail(operation_id: int, kind: str) -> bool:
    """Tell the shareholder (or the board) about an operation; safe to run twice."""
    return operation_mail_send(operation_id=operation_id, kind=kind)
