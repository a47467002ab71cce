"""Demo member register and fees of a vzw, read from the ``[membership]`` part of
``members/demo/<buurtpunt>.toml`` (or of ``<buurtpunt>.membership.toml``).

Called by ``members.demo.seed`` as ``membership.seed(buurtpunt, made)``, in the
buurtpunt's schema, for the legal forms that keep a member register (vzw,
cv+vzw). ``zonnegem`` gets about eighty members admitted over four years,
resignations, an exclusion, a death and one end recorded late, with last
year's and this year's fees; ``beveren`` a smaller register, some of its
members shareholders of the share demo (found by their e-mail address). The
data file's header says what it holds; this module knows how to write it:

1. Each part is written only while it is missing (no memberships, no fees of
   that year, no IBAN), so a second run adds nothing and nothing a team
   changed is overwritten.
2. Admissions and ends go through the services, in date order, so member
   numbers follow admissions and every rule of the register holds; then the
   time each fact was recorded is set to a day or so after it (a demo has a
   past), except for the one the data file wants recorded late.
3. Fees are raised by ``dues_raise`` without e-mails (the people are
   invented), paid through ``payments.services.payment_mark_paid`` (the same
   signal as a bank statement), waived through ``due_waive``; the open ones
   carry the reminders the rules would have sent by today.
4. Names, days and choices come from a random generator with the data file's
   seed: the same register on every machine, its dates relative to today.
"""

from __future__ import annotations

import random
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from schwifty import IBAN
from wagtail.models import Site

from core import localtime
from core.demo_dates import relative_day
from payments.models import BankTransferSettings, Payment
from payments.services import payment_mark_paid

from ..models import FeeDue, FeePlan, Membership, MembershipType, Person
from ..services import (
    due_waive,
    dues_raise,
    membership_admit,
    membership_exclude,
    membership_record_death,
    membership_resign,
)
from ..services.fees import MAX_REMINDERS, REMIND_AFTER_DAYS, REMIND_EVERY_DAYS
from ..services.membership import VZW_FORMS

DATA_DIR = Path(__file__).parent
# The names provisioning gives its type and plan (members.services.membership), untranslated.
PROVISIONED_TYPE = "Effective member"
PROVISIONED_PLAN = "Yearly membership fee"
# A member leaves at the earliest this long after being admitted.
MIN_MEMBERSHIP = timedelta(days=60)
END_SERVICES = {
    "resignation": lambda m, day, note: membership_resign(membership=m, ended_on=day, note=note),
    "exclusion": lambda m, day, note: membership_exclude(membership=m, ended_on=day, reason=note),
    "death": lambda m, day, note: membership_record_death(membership=m, ended_on=day, note=note),
}


def seed(buurtpunt, made: list | None = None, spec: dict | None = None) -> list[str]:
    """Fill the member register of ``buurtpunt`` (the current tenant) from its data file,
    or from ``spec`` (the ``[membership]`` part) when given. Appends what it added to
    ``made`` and returns it."""
    made = [] if made is None else made
    if buurtpunt.legal_form not in VZW_FORMS:
        return made
    spec = load(buurtpunt.schema_name) if spec is None else spec
    if not spec:
        return made
    today = localtime.today()
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        made += _ensure_plans_and_types(spec)
        if "bank" in spec:
            made += _ensure_bank(spec["bank"])
        if "register" in spec:
            made += _ensure_register(spec, today)
        for dues in spec.get("dues", []):
            made += _ensure_dues(spec, dues, today)
    return made


def load(slug: str) -> dict | None:
    """The ``[membership]`` part of the demo data of the buurtpunt ``slug``, or None."""
    for path in (DATA_DIR / f"{slug}.toml", DATA_DIR / f"{slug}.membership.toml"):
        if path.is_file():
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if "membership" in data:
                return data["membership"]
    return None


# --- plans, types, bank account ---------------------------------------------------------


def _ensure_plans_and_types(spec: dict) -> list[str]:
    if Membership.objects.exists() or FeeDue.objects.exists():
        return []
    # What provisioning made, never used: the demo's own replace it.
    MembershipType.objects.filter(
        name__in={PROVISIONED_TYPE, _(PROVISIONED_TYPE)}, memberships__isnull=True
    ).delete()
    FeePlan.objects.filter(
        name__in={PROVISIONED_PLAN, _(PROVISIONED_PLAN)},
        membership_types__isnull=True,
        dues__isnull=True,
    ).delete()
    made = []
    for values in spec.get("fee_plans", []):
        values = dict(values)
        for key in ("amount", "reduced_amount"):
            if key in values:
                values[key] = Decimal(values[key])
        _plan, created = FeePlan.objects.get_or_create(name=values.pop("name"), defaults=values)
        if created:
            made.append(f"fee plan {_plan.name}")
    for values in spec.get("types", []):
        values = dict(values)
        plan_name = values.pop("fee_plan", None)
        values["fee_plan"] = FeePlan.objects.get(name=plan_name) if plan_name else None
        _type, created = MembershipType.objects.get_or_create(
            name=values.pop("name"), defaults=values
        )
        if created:
            made.append(f"membership type {_type.name}")
    return made


def _ensure_bank(spec: dict) -> list[str]:
    bank = BankTransferSettings.for_site(Site.objects.get(is_default_site=True))
    if bank.iban:
        return []
    bank.account_holder = spec["account_holder"]
    bank.iban = IBAN(spec["iban"], validate_bban=True).compact
    bank.full_clean()
    bank.save()
    return ["bank account"]


# --- the register ---------------------------------------------------------------------------


@dataclass
class _Join:
    day: date
    type: MembershipType
    reduced: bool
    fields: dict | None = None  # a new person's fields, or
    person: Person | None = None  # a person known already


class _People:
    """Draws new members' names and addresses; finds a known person by e-mail."""

    def __init__(self, rng: random.Random, spec: dict):
        self.rng = rng
        self.spec = spec
        self.names = set(Person.objects.values_list("first_name", "last_name"))
        self.taken: set[int] = set()

    def fields(self) -> dict:
        while True:
            first = self.rng.choice(self.spec["first_names"])
            last = self.rng.choice(self.spec["last_names"])
            if (first, last) not in self.names:
                break
        self.names.add((first, last))
        places = self.spec["places"]
        place = self.rng.choices(places, weights=[p.get("weight", 1) for p in places])[0]
        fields = {
            "first_name": first,
            "last_name": last,
            "street": f"{self.rng.choice(place['streets'])} {self.rng.randint(1, 90)}",
            "postcode": place["postcode"],
            "city": place["city"],
        }
        if self.rng.random() < self.spec.get("with_email", 1):
            fields["email"] = f"{_ascii(first)}.{_ascii(last)}@{self.spec['email_domain']}"
        return fields

    def person(self, join: _Join) -> Person | dict:
        """The person to admit: the one named, one of the same e-mail, or a new one."""
        if join.person is not None:
            self.taken.add(join.person.pk)
            return join.person
        email = join.fields.get("email")
        known = Person.objects.filter(email__iexact=email).first() if email else None
        if known is not None and known.pk not in self.taken:
            self.taken.add(known.pk)
            return known
        if known is not None:
            join.fields.pop("email")
        return join.fields


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "").replace("'", "")


def _between(rng: random.Random, start: dict, end: dict, today: date) -> date:
    first, last = relative_day(start, today), relative_day(end, today)
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _recorded(day: date, delay: int, today: date) -> datetime:
    """When a fact of ``day`` was written in the register, ``delay`` days later (not
    after now)."""
    moment = localtime.at(min(day + timedelta(days=delay), today), time(20, 15))
    return min(moment, timezone.now())


def _joins(rng: random.Random, plan: dict, people: _People, today: date) -> list[_Join]:
    types = {t.name: t for t in MembershipType.objects.all()}
    joins = []
    for spec in plan.get("shareholders", []):
        holders = list(
            Person.objects.filter(member_number__isnull=False, entries__isnull=False)
            .exclude(email="")
            .distinct()
            .order_by("member_number")
        )
        step = max(len(holders) // max(spec["count"], 1), 1)
        for holder in holders[::step][: spec["count"]]:
            day = _between(rng, spec["from"], spec["to"], today)
            reduced = rng.random() < spec.get("reduced", 0)
            joins.append(_Join(day, types[spec["type"]], reduced, person=holder))
    for wave in plan.get("waves", []):
        for _n in range(wave["people"]):
            fields = people.fields()
            day = _between(rng, wave["from"], wave["to"], today)
            reduced = rng.random() < wave.get("reduced", 0)
            joins.append(_Join(day, types[wave["type"]], reduced, fields=fields))
    return sorted(joins, key=lambda join: join.day)


def _ensure_register(spec: dict, today: date) -> list[str]:
    if Membership.objects.exists():
        return []
    plan = spec["register"]
    rng = random.Random(plan["seed"])  # noqa: S311 - repeatable demo draws, not secrets
    within = plan.get("recorded_within", 3)
    people = _People(rng, spec["people"])
    memberships = []
    for join in _joins(rng, plan, people, today):
        membership = membership_admit(
            person=people.person(join),
            type=join.type,
            admitted_on=join.day,
            reduced_fee=join.reduced,
        )
        recorded = _recorded(join.day, rng.randint(0, within), today)
        Membership.objects.filter(pk=membership.pk).update(recorded_at=recorded)
        memberships.append(membership)
    ends = sorted(plan.get("ends", []), key=lambda end: relative_day(end["day"], today))
    for end in ends:
        day = relative_day(end["day"], today)
        candidates = [
            m for m in memberships if m.ended_on is None and m.admitted_on <= day - MIN_MEMBERSHIP
        ]
        leaving = rng.choice(candidates)
        ended = END_SERVICES[end["reason"]](leaving, day, end.get("note", ""))
        leaving.ended_on = ended.ended_on
        delay = end.get("recorded_after_days", rng.randint(0, min(within, 5)))
        Membership.objects.filter(pk=leaving.pk).update(
            end_recorded_at=_recorded(day, delay, today)
        )
    return [f"{len(memberships)} members", f"{len(ends)} ends of membership"]


# --- fees -----------------------------------------------------------------------------------


def _reminders_by(due: FeeDue, today: date) -> tuple[int, date | None]:
    """How many reminders the rules sent for ``due`` by ``today``, and the day of the last."""
    first = due.due_on + timedelta(days=REMIND_AFTER_DAYS)
    sent, last = 0, None
    day = first
    while sent < MAX_REMINDERS and day <= today:
        sent, last = sent + 1, day
        day += timedelta(days=REMIND_EVERY_DAYS)
    return sent, last


def _ensure_dues(spec: dict, dues: dict, today: date) -> list[str]:
    year = today.year - dues.get("years_ago", 0)
    if FeeDue.objects.filter(year=year).exists():
        return []
    rng = random.Random(spec.get("register", {}).get("seed", 0) + year)  # noqa: S311 - demo
    created = dues_raise(year=year, notify=False)
    if not created:
        return []
    requested = {}
    for due in created:
        raised = min(
            localtime.at(min(due.due_on - timedelta(days=45), today), time(9, 0)), timezone.now()
        )
        requested[due.pk] = {"request": raised.isoformat()}
        FeeDue.objects.filter(pk=due.pk).update(raised_at=raised, mailed=requested[due.pk])
    order = list(created)
    rng.shuffle(order)
    # The waived ones are current members; former members have paid what they owed.
    order.sort(key=lambda due: due.membership.ended_on is not None)
    waived = order[: dues.get("waived", 0)]
    rest = sorted(order[len(waived) :], key=lambda due: due.membership.ended_on is None)
    paying = rest[: round(len(created) * dues.get("paid", 1))]
    for due in waived:
        due_waive(due=due, reason=dues["reason"])
    for due in paying:
        payment_mark_paid(payment=due.payment, paid_via="bank_transfer")
        day = min(due.due_on + timedelta(days=rng.randint(-40, 25)), today)
        paid_at = min(localtime.at(day, time(11, 0)), timezone.now())
        FeeDue.objects.filter(pk=due.pk).update(paid_at=paid_at)
        Payment.objects.filter(pk=due.payment_id).update(paid_at=paid_at)
    open_dues = rest[len(paying) :]
    for due in open_dues:
        if due.person.email and due.membership.ended_on is None:
            sent, last = _reminders_by(due, today)
            mailed = {f"reminder-{n}": last.isoformat() for n in range(1, sent + 1)}
            FeeDue.objects.filter(pk=due.pk).update(
                reminders_sent=sent, last_reminder_on=last, mailed={**requested[due.pk], **mailed}
            )
    return [
        f"{len(created)} fees of {year}",
        f"{len(paying)} paid, {len(open_dues)} open, {len(waived)} waived",
    ]
