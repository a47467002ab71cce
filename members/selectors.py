"""Reads of the members app: holdings, the register as of a date, the people."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from wagtail.models import Site

from .models import CooperativeSettings, Person, RegisterEntry, ShareClass, VotingRule


def holding(person: Person, share_class: ShareClass, on: date | None = None) -> int:
    """Shares of ``share_class`` that ``person`` holds at the end of ``on`` (today by default)."""
    entries = RegisterEntry.objects.filter(person=person, share_class=share_class)
    if on is not None:
        entries = entries.filter(entry_date__lte=on)
    return entries.aggregate(total=Sum("quantity"))["total"] or 0


def outstanding(share_class: ShareClass) -> int:
    """Shares of ``share_class`` in issue today, all holders together."""
    return (
        RegisterEntry.objects.filter(share_class=share_class).aggregate(total=Sum("quantity"))[
            "total"
        ]
        or 0
    )


def share_classes_offered():
    """The classes residents may ask for on the sign-up page, in their order."""
    return ShareClass.objects.filter(offered_online=True).order_by("sort_order", "code")


# --- the share register as of a date ---------------------------------------------------

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ClassHolding:
    """What one shareholder holds of one class on the register's date."""

    share_class: ShareClass
    quantity: int
    paid_in: Decimal

    @property
    def paid_per_share(self) -> Decimal:
        """The payments made per share (the register's legal column)."""
        if not self.quantity:
            return Decimal("0.00")
        return (self.paid_in / self.quantity).quantize(CENT)


@dataclass
class HolderRow:
    """One shareholder (present or former) in the register: holdings and entries."""

    person: Person
    holdings: list[ClassHolding]
    entries: list[RegisterEntry]

    @property
    def shares(self) -> int:
        return sum(holding.quantity for holding in self.holdings)

    @property
    def is_shareholder(self) -> bool:
        """Holds shares on the date (False: a former shareholder, kept for the record)."""
        return any(holding.quantity > 0 for holding in self.holdings)


@dataclass(frozen=True)
class ClassTotal:
    """One class on the register's date: shares outstanding, paid in, and their holders."""

    share_class: ShareClass
    quantity: int
    paid_in: Decimal
    holders: int


@dataclass
class Register:
    """The share register as it stood at the end of ``on``."""

    on: date
    holders: list[HolderRow]
    totals: list[ClassTotal]

    @property
    def entries(self) -> list[RegisterEntry]:
        """Every entry up to ``on``, in the order they were written (their numbers)."""
        return sorted((e for row in self.holders for e in row.entries), key=lambda e: e.number)

    @property
    def shareholders(self) -> list[HolderRow]:
        return [row for row in self.holders if row.is_shareholder]


# Columns of an entry that the register does not show: left out of its query (reading
# one of them on an entry of the register costs a query). With 30,000 entries the
# timestamps alone take a third of the time.
NOT_IN_REGISTER = ("recorded_at", "recorded_by", "subscription")


@contextmanager
def gc_paused():
    """Pause Python's cycle collector while a large read builds its objects.

    Building 40,000 model instances that all stay alive sets the collector off
    again and again, each time over everything built so far (measured: a third
    of the time of the register of 10,000 shareholders). None of them is garbage
    yet; the collector runs again right after. Web processes have one thread.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def register_as_of(on: date) -> Register:
    """The share register at the end of ``on``: every person with an entry up to that
    date (former shareholders included, since the register shows exits), by member
    number, with holdings per class, their entries, and the totals per class.

    Three queries whatever the size (share classes, entries, people; one more for
    the rare counterparty or reversed entry that is not among them):

    1. The entries up to ``on`` in one query, in date order. Holdings are summed
       from these same rows rather than by a second, aggregating query, so that
       holdings and entries always come from one snapshot and agree.
    2. The people who have those entries, in one query (a semi-join).
    3. Each entry gets its person, class, counterparty and reversed entry from
       those in memory, so that reading them costs no query (and no duplicate
       objects: ``select_related`` would build one person per entry).
    """
    with gc_paused():
        return _register(on)


def _register(on: date) -> Register:
    classes = {cls.pk: cls for cls in ShareClass.objects.order_by("sort_order", "code")}
    entries = list(
        RegisterEntry.objects.filter(entry_date__lte=on)
        .defer(*NOT_IN_REGISTER)
        .order_by("entry_date", "number")
    )
    people = {
        person.pk: person
        for person in Person.objects.filter(
            pk__in=RegisterEntry.objects.filter(entry_date__lte=on).values("person_id")
        )
    }
    by_id = {entry.pk: entry for entry in entries}
    _load_missing(people, by_id, entries)

    _attach(entries, people, classes, by_id)
    per_person: dict[int, list[RegisterEntry]] = defaultdict(list)
    sums: dict[tuple[int, int], list] = {}
    for entry in entries:
        per_person[entry.person_id].append(entry)
        total = sums.setdefault((entry.person_id, entry.share_class_id), [0, Decimal("0.00")])
        total[0] += entry.quantity
        total[1] += entry.amount

    holders = []
    for person_id in sorted(per_person, key=lambda pk: _member_order(people[pk])):
        holdings = [
            ClassHolding(share_class=cls, quantity=sums[key][0], paid_in=sums[key][1])
            for cls in classes.values()
            if (key := (person_id, cls.pk)) in sums
        ]
        holders.append(
            HolderRow(person=people[person_id], holdings=holdings, entries=per_person[person_id])
        )
    return Register(on=on, holders=holders, totals=_class_totals(classes, holders))


def _attach(entries: list[RegisterEntry], people: dict, classes: dict, by_id: dict) -> None:
    """Give each entry its related objects from memory, as ``select_related`` and
    ``prefetch_related`` would (in their caches, without the checks of assigning
    through the attributes, which cost more than the query for 30,000 entries).
    ``reversed_by`` is set on every entry as well: its reversal up to the date, or
    none (then reading it raises ``DoesNotExist``, as for an entry never reversed)."""
    meta = RegisterEntry._meta
    set_person = meta.get_field("person").set_cached_value
    set_class = meta.get_field("share_class").set_cached_value
    set_counterparty = meta.get_field("counterparty").set_cached_value
    set_reverses = meta.get_field("reverses").set_cached_value
    set_reversed_by = meta.get_field("reversed_by").set_cached_value
    for entry in entries:
        set_person(entry, people[entry.person_id])
        set_class(entry, classes[entry.share_class_id])
        set_counterparty(
            entry, None if entry.counterparty_id is None else people[entry.counterparty_id]
        )
        set_reversed_by(entry, None)
    for entry in entries:
        if entry.reverses_id is None:
            set_reverses(entry, None)
        else:
            original = by_id[entry.reverses_id]
            set_reverses(entry, original)
            set_reversed_by(original, entry)


def _member_order(person: Person) -> tuple:
    # People without a number yet (an import in progress) come last.
    return (person.member_number is None, person.member_number or 0, person.pk)


def _load_missing(people: dict, by_id: dict, entries: list[RegisterEntry]) -> None:
    """Counterparties without entries of their own and reversed entries dated after
    their reversal are rare; read them in one query each, only when there are any."""
    wanted = {e.counterparty_id for e in entries if e.counterparty_id} - people.keys()
    wanted |= {e.person_id for e in entries} - people.keys()
    if wanted:
        people.update(Person.objects.in_bulk(wanted))
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id} - by_id.keys()
    if reversed_ids:
        by_id.update(RegisterEntry.objects.select_related("share_class").in_bulk(reversed_ids))


def _class_totals(classes: dict, holders: list[HolderRow]) -> list[ClassTotal]:
    totals = {pk: [0, Decimal("0.00"), 0] for pk in classes}
    for row in holders:
        for holding in row.holdings:
            total = totals[holding.share_class.pk]
            total[0] += holding.quantity
            total[1] += holding.paid_in
            total[2] += holding.quantity > 0
    return [
        ClassTotal(share_class=cls, quantity=q, paid_in=paid, holders=count)
        for cls, (q, paid, count) in ((classes[pk], totals[pk]) for pk in classes)
    ]


# --- the general meeting ---------------------------------------------------------------

# An accredited cooperative: nobody votes for more than a tenth of the votes present.
VOTE_CAP_SHARE = 10


@dataclass(frozen=True)
class VoterRow:
    """A shareholder on the record date, with the shares (by class code) and votes."""

    person: Person
    shares: dict[str, int]
    votes: int
    capped: bool = False


def general_meeting_list(
    record_date: date, *, present: Iterable[int] | None = None
) -> list[VoterRow]:
    """Who may vote at a general meeting: the shareholders at the end of ``record_date``,
    by member number, with their votes as the statutes count them.

    ``present`` (person ids) limits the list to those present or represented;
    without it everyone entitled is counted as present. In an accredited
    cooperative nobody has more than a tenth of the votes present: the cap is
    a tenth of the votes before capping, rounded down, but at least one vote
    (a shareholder present always keeps a vote: with fewer than ten votes in
    the room a tenth would be less than one).
    """
    cooperative = CooperativeSettings.for_site(Site.objects.get(is_default_site=True))
    classes = {cls.pk: cls for cls in ShareClass.objects.order_by("sort_order", "code")}
    entries = RegisterEntry.objects.filter(entry_date__lte=record_date)
    held = (
        entries.values_list("person_id", "share_class_id")
        .annotate(total=Sum("quantity"))
        .filter(total__gt=0)
        .order_by()
    )
    shares: dict[int, dict[int, int]] = defaultdict(dict)
    for person_id, class_id, total in held:
        shares[person_id][class_id] = total
    if present is not None:
        wanted = set(present)
        shares = {pk: by_class for pk, by_class in shares.items() if pk in wanted}
    # The people by a semi-join rather than a list of thousands of ids in the query.
    with gc_paused():
        people = {
            person.pk: person
            for person in Person.objects.filter(pk__in=entries.values("person_id"))
            if person.pk in shares
        }

    per_share = cooperative.voting_rule == VotingRule.PER_SHARE
    votes = {
        pk: sum(q * classes[cls].votes_per_share for cls, q in by_class.items()) if per_share else 1
        for pk, by_class in shares.items()
    }
    cap = None
    if cooperative.accredited:
        cap = max(1, sum(votes.values()) // VOTE_CAP_SHARE)
    rows = []
    for pk in sorted(shares, key=lambda pk: _member_order(people[pk])):
        capped = cap is not None and votes[pk] > cap
        rows.append(
            VoterRow(
                person=people[pk],
                shares={
                    cls.code: shares[pk][cls.pk] for cls in classes.values() if cls.pk in shares[pk]
                },
                votes=cap if capped else votes[pk],
                capped=capped,
            )
        )
    return rows
