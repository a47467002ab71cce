"""Demo shares and shareholders, read from ``members/demo/<buurtpunt>.toml``.

``seed_demo`` calls ``seed`` (see ``core.hooks``) in each demo buurtpunt's
schema. ``beveren`` (a CV with a vzw beside it) gets its share classes, its
cooperative and bank settings, the sign-up page and a share register with
about 150 shareholders and three years of history; the member register of a
vzw (``zonnegem``, and beveren's vzw) is ``members.demo.membership``'s part,
called last. The data file says what to write (its header explains the words
it uses); this module knows how:

1. Each part is written only while it is missing or untouched (no entries,
   no board e-mail, no IBAN, no sign-up page, no requests), so a second run
   adds nothing and nothing a team changed is overwritten.
2. The register is written in date order through ``register_entry_write``,
   the service every entry goes through (no future dates, never a negative
   holding), so member numbers follow the first entry of each person and the
   entry numbers follow the dates.
3. Names, days and numbers of shares are drawn from a random generator with
   the data file's seed: the same register on every machine, its dates set
   from the day of the seed.
4. The open requests are written as the sign-up flow leaves them once the
   e-mail is confirmed, without its mails (the demo people are invented).
"""

from __future__ import annotations

import random
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from schwifty import IBAN
from wagtail.models import Site

from core import localtime
from core.demo_dates import relative_day
from payments.models import BankTransferSettings
from payments.services import payment_create

from ..models import (
    Consent,
    CooperativeSettings,
    Person,
    RegisterEntry,
    ShareClass,
    SignupPage,
    Subscription,
)
from ..services import next_number, register_entry_reverse, register_entry_write
from ..services.numbers import MEMBER_NUMBER
from ..wagtail_hooks import COOPERATIVE_FORMS
from . import membership

DATA_DIR = Path(__file__).parent
# The name of the class that provisioning makes (members.wagtail_hooks), untranslated.
PROVISIONED_CLASS_NAME = "Shares"


def seed(buurtpunt, spec: dict | None = None) -> list[str]:
    """Fill the members app of ``buurtpunt`` (the current tenant); returns what it added.

    The shares of a cooperative from its data file, or from ``spec`` when given;
    then the member register of a vzw (``members.demo.membership``), which finds
    the shareholders it also makes members by their e-mail address.
    """
    made = []
    if buurtpunt.legal_form in COOPERATIVE_FORMS:
        made += _seed_shares(buurtpunt, spec)
    return membership.seed(buurtpunt, made)


def _seed_shares(buurtpunt, spec: dict | None = None) -> list[str]:
    """The share classes, settings, sign-up page, register and requests of a cooperative."""
    spec = load(buurtpunt.schema_name) if spec is None else spec
    if not spec:
        return []
    site = Site.objects.get(is_default_site=True)
    fill = {"{domain}": buurtpunt.primary_domain}
    made: list[str] = []
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        made += _ensure_share_classes(spec.get("share_classes", []))
        if "cooperative" in spec:
            made += _ensure_cooperative(site, _filled(spec["cooperative"], fill))
        if "bank" in spec:
            made += _ensure_bank(site, spec["bank"])
        if "signup_page" in spec:
            made += _ensure_signup_page(site, spec["signup_page"])
        today = localtime.today()
        if "register" in spec:
            made += _ensure_register(spec, today, fill)
        if "requests" in spec:
            made += _ensure_requests(spec, today)
    return made


def load(slug: str) -> dict | None:
    """The demo data of the buurtpunt ``slug``, or None when it has none."""
    path = DATA_DIR / f"{slug}.toml"
    if not path.is_file():
        return None
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _filled(values: dict, fill: dict[str, str]) -> dict:
    def one(value):
        if isinstance(value, str):
            for placeholder, text in fill.items():
                value = value.replace(placeholder, text)
        return value

    return {key: one(value) for key, value in values.items()}


# --- classes, settings, the sign-up page -------------------------------------------------


def _ensure_share_classes(specs: list[dict]) -> list[str]:
    made = []
    for spec in specs:
        values = {**spec, "nominal_value": Decimal(spec["nominal_value"])}
        existing = ShareClass.objects.filter(code=spec["code"]).first()
        if existing is None:
            ShareClass.objects.create(**values)
        elif _untouched_default(existing):
            # The class provisioning made, never used nor edited: the demo's own replaces it.
            for name, value in values.items():
                setattr(existing, name, value)
            existing.max_per_person = spec.get("max_per_person")
            existing.full_clean()
            existing.save()
        else:
            continue
        made.append(f"share class {spec['code']}")
    return made


def _untouched_default(share_class: ShareClass) -> bool:
    return (
        share_class.name in {PROVISIONED_CLASS_NAME, _(PROVISIONED_CLASS_NAME)}
        and not share_class.entries.exists()
        and not share_class.subscriptions.exists()
    )


def _ensure_cooperative(site: Site, spec: dict) -> list[str]:
    cooperative = CooperativeSettings.for_site(site)
    if cooperative.board_email:
        return []
    for name, value in spec.items():
        setattr(cooperative, name, value)
    cooperative.full_clean()
    cooperative.save()
    return ["cooperative settings"]


def _ensure_bank(site: Site, spec: dict) -> list[str]:
    bank = BankTransferSettings.for_site(site)
    if bank.iban:
        return []
    bank.account_holder = spec["account_holder"]
    # schwifty checks the check digits and the Belgian account number (BBAN) in it.
    bank.iban = IBAN(spec["iban"], validate_bban=True).compact
    bank.full_clean()
    bank.save()
    return ["bank account"]


def _ensure_signup_page(site: Site, spec: dict) -> list[str]:
    home = site.root_page.specific
    spec = dict(spec)
    slug = spec.pop("slug")
    if SignupPage.objects.exists() or home.get_children().filter(slug=slug).exists():
        return []
    page = SignupPage(slug=slug, show_in_menus=True, live=False, **spec)
    home.add_child(instance=page)
    page.save_revision().publish()
    return [page.url_path]


# --- the register ---------------------------------------------------------------------------


@dataclass(eq=False)  # each holder is one person: compared (and hashed) by identity
class _Holder:
    """A shareholder to be: the person's fields, the wave, and what they hold so far."""

    fields: dict
    wave: str
    person: Person | None = None
    held: dict[str, int] = field(default_factory=dict)

    @property
    def last_name(self) -> str:
        return self.fields.get("last_name", "")


@dataclass
class _Run:
    """One writing of the register: the draws, the classes, the holders met so far."""

    rng: random.Random
    people: dict
    classes: dict[str, ShareClass]
    today: date
    fill: dict[str, str]
    holders: list[_Holder] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    names: set[tuple[str, str]] = field(default_factory=set)
    entries: int = 0

    # --- people ---

    def new_fields(
        self, last_name: str | None = None, address: dict | None = None, first_name: str = ""
    ) -> dict:
        """A new person's fields: a name nobody has yet, an address, often an e-mail."""
        while True:
            first = first_name or self.rng.choice(self.people["first_names"])
            last = last_name or self.rng.choice(self.people["last_names"])
            if (first, last) not in self.names:
                break
            if first_name and last_name:
                raise ValueError(f"demo data: {first} {last} exists already")
        self.names.add((first, last))
        fields = {"first_name": first, "last_name": last, **(address or self.address())}
        if self.rng.random() < self.people.get("with_email", 1):
            fields["email"] = f"{_ascii(first)}.{_ascii(last)}@{self.people['email_domain']}"
        return fields

    def address(self) -> dict:
        places = self.people["places"]
        place = self.rng.choices(places, weights=[p.get("weight", 1) for p in places])[0]
        number = self.rng.randint(1, 120)
        return {
            "street": f"{self.rng.choice(place['streets'])} {number}",
            "postcode": place["postcode"],
            "city": place["city"],
        }

    def person(self, holder: _Holder, day: date) -> Person:
        """The holder's person, made with the next member number at their first entry."""
        if holder.person is None:
            legal = "organisation_name" in holder.fields
            holder.person = Person.objects.create(
                **holder.fields,
                kind=Person.Kind.LEGAL if legal else Person.Kind.NATURAL,
                member_number=next_number(MEMBER_NUMBER),
            )
            given = localtime.at(day, time(10, 0))
            Consent.objects.bulk_create(
                Consent(person=holder.person, purpose=purpose, given_at=given, source="demo")
                for purpose in (Consent.Purpose.STATUTES, Consent.Purpose.PRIVACY)
            )
        return holder.person

    # --- entries ---

    def write(self, holder: _Holder, kind: str, code: str, quantity: int, day: date, **extra):
        share_class = self.classes[code]
        entry = register_entry_write(
            kind=kind,
            person=self.person(holder, day),
            share_class=share_class,
            quantity=quantity,
            entry_date=day,
            amount_per_share=share_class.nominal_value,
            **extra,
        )
        holder.held[code] = holder.held.get(code, 0) + quantity
        self.entries += 1
        return entry

    def pick(self, spec: dict, code: str, day: date, *, at_least=1, room=0) -> _Holder:
        """The ``nth`` holder of the wave who holds ``at_least`` shares of ``code`` and has
        ``room`` for more under the class's maximum, not picked for another event."""
        limit = self.classes[code].max_per_person
        found = 0
        for index, holder in enumerate(self.holders):
            held = holder.held.get(code, 0)
            if (
                holder.wave != spec["wave"]
                or index in self.used
                or held < at_least
                or (room and limit is not None and held + room > limit)
            ):
                continue
            found += 1
            if found == spec.get("nth", 1):
                self.used.add(index)
                return holder
        raise ValueError(f"no holder for {spec} in class {code} on {day}")


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "-")


def _ensure_register(spec: dict, today: date, fill: dict[str, str]) -> list[str]:
    if (
        RegisterEntry.objects.exists()
        or Person.objects.filter(member_number__isnull=False).exists()
    ):
        return []
    plan = spec["register"]
    run = _Run(
        rng=random.Random(plan["seed"]),  # noqa: S311 - repeatable demo draws, not secrets
        people=spec["people"],
        classes={cls.code: cls for cls in ShareClass.objects.all()},
        today=today,
        fill=fill,
    )
    # Every event as (day, phase, sequence, action): joins before the events of a day.
    events = _joins(run, plan) + _events(run, plan)
    for _day, _phase, _seq, action in sorted(events, key=lambda event: event[:3]):
        action()
    return [f"{len(run.holders)} shareholders", f"{run.entries} register entries"]


def _day_between(run: _Run, start: dict, end: dict) -> date:
    first, last = relative_day(start, run.today), relative_day(end, run.today)
    return first + timedelta(days=run.rng.randint(0, (last - first).days))


def _joins(run: _Run, plan: dict) -> list[tuple]:
    events = []
    for wave in plan["waves"]:
        code, note = wave["class"], wave.get("note", "")
        joining = [
            (_Holder(fields=run.new_fields(), wave=wave["name"]), None)
            for _ in range(wave["people"])
        ]
        for spec in plan.get("organisations", []):
            if spec["wave"] == wave["name"]:
                fields = {k: v for k, v in spec.items() if k not in ("wave", "shares")}
                joining.append((_Holder(_filled(fields, run.fill), wave["name"]), spec["shares"]))
        for holder, shares in joining:
            day = _day_between(run, wave["from"], wave["to"])
            quantity = shares or run.rng.choice(wave["shares"])
            events.append((day, 0, len(events), _join(run, holder, code, quantity, day, note)))
        for _top in range(wave.get("top_ups", 0)):
            day = _day_between(run, wave["from"], wave["to"])
            events.append((day, 1, len(events), _top_up(run, code, day)))
    return events


def _join(run: _Run, holder: _Holder, code: str, quantity: int, day: date, note: str):
    def action():
        run.holders.append(holder)
        run.write(holder, RegisterEntry.Kind.ISSUE, code, quantity, day, note=note)

    return action


def _top_up(run: _Run, code: str, day: date):
    def action():
        limit = run.classes[code].max_per_person
        room = {h: 5 if limit is None else min(5, limit - h.held.get(code, 0)) for h in run.holders}
        holder = run.rng.choice([h for h in run.holders if h.held.get(code, 0) and room[h] > 0])
        extra = run.rng.randint(1, room[holder])
        run.write(holder, RegisterEntry.Kind.ISSUE, code, extra, day)

    return action


def _events(run: _Run, plan: dict) -> list[tuple]:
    events = []
    for kind, build in (
        ("transfers", _transfer),
        ("redemptions", _redemption),
        ("corrections", _correction),
    ):
        for spec in plan.get(kind, []):
            day = relative_day(spec["day"], run.today)
            events.append((day, 2, len(events), build(run, spec, day)))
    return events


def _quantity(spec: dict, holder: _Holder) -> int:
    return holder.held[spec["class"]] if spec["shares"] == "all" else spec["shares"]


def _transfer(run: _Run, spec: dict, day: date):
    def action():
        code = spec["class"]
        asked = 1 if spec["shares"] == "all" else spec["shares"]
        source = run.pick(spec["from"], code, day, at_least=asked)
        quantity = _quantity(spec, source)
        if spec["to"] == "family":
            fields = run.new_fields(
                last_name=source.last_name,
                address={k: source.fields[k] for k in ("street", "postcode", "city")},
                first_name=spec.get("first_name", ""),
            )
            target = _Holder(fields=fields, wave="family")
            run.holders.append(target)
        else:
            target = run.pick(spec["to"], code, day, room=quantity)
        note = spec.get("note", "")
        giver, receiver = run.person(source, day), run.person(target, day)
        run.write(source, "transfer_out", code, -quantity, day, counterparty=receiver, note=note)
        run.write(target, "transfer_in", code, quantity, day, counterparty=giver, note=note)

    return action


def _redemption(run: _Run, spec: dict, day: date):
    def action():
        holder = run.pick(spec["from"], spec["class"], day)
        quantity = _quantity(spec, holder)
        run.write(holder, "redemption", spec["class"], -quantity, day, note=spec.get("note", ""))

    return action


def _correction(run: _Run, spec: dict, day: date):
    def action():
        code = spec["class"]
        holder = _Holder(fields=run.new_fields(), wave="corrections")
        run.holders.append(holder)
        wrong = run.write(holder, RegisterEntry.Kind.ISSUE, code, spec["wrong"], day)
        fixed = day + timedelta(days=spec.get("reversed_after_days", 1))
        register_entry_reverse(entry=wrong, note=spec["note"], entry_date=fixed)
        holder.held[code] -= spec["wrong"]
        run.entries += 1
        run.write(holder, RegisterEntry.Kind.ISSUE, code, spec["right"], fixed)

    return action


# --- open requests --------------------------------------------------------------------------


def _ensure_requests(spec: dict, today: date) -> list[str]:
    if Subscription.objects.exists():
        return []
    rng = random.Random(spec.get("register", {}).get("seed", 0) + 1)  # noqa: S311 - demo draws
    run = _Run(rng=rng, people=spec["people"], classes={}, today=today, fill={})
    run.names = {(p.first_name, p.last_name) for p in Person.objects.all()}
    for request in spec["requests"]:
        share_class = ShareClass.objects.get(code=request["class"])
        fields = run.new_fields()
        fields.setdefault(
            "email", f"{_ascii(fields['first_name'])}@{spec['people']['email_domain']}"
        )
        confirmed = localtime.at(relative_day(request["confirmed"], today), time(20, 30))
        person = Person.objects.create(**fields, email_confirmed_at=confirmed)
        Consent.objects.bulk_create(
            Consent(person=person, purpose=purpose, given_at=confirmed, source="website")
            for purpose in (Consent.Purpose.STATUTES, Consent.Purpose.PRIVACY)
        )
        amount = share_class.nominal_value * request["shares"]
        payment = payment_create(
            amount=amount,
            description=_("%(n)d shares %(cls)s")
            % {"n": request["shares"], "cls": share_class.code},
            payer_name=person.name,
            payer_email=person.email,
        )
        Subscription.objects.create(
            person=person,
            share_class=share_class,
            quantity=request["shares"],
            amount=amount,
            status=Subscription.Status.SUBMITTED,
            payment=payment,
            confirmed_at=confirmed,
            # What the sign-up flow sent: the link, the payment instructions, the board's notice.
            mailed={kind: confirmed.isoformat() for kind in ("confirm", "payment", "board_new")},
        )
    return [f"{len(spec['requests'])} open share requests"]
