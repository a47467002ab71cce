"""The demo shares and shareholders (``members.demo``, data in ``members/demo/*.toml``),
seeded with beveren's data into ``tenant_a`` (a CV with a vzw, like beveren)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Min, Sum
from django_tenants.utils import tenant_context
from wagtail.models import Site

from core import localtime
from members import demo
from members.models import (
    CooperativeSettings,
    Person,
    RegisterEntry,
    ShareClass,
    SignupPage,
    Subscription,
)
from members.selectors import register_as_of
from payments.models import BankTransferSettings, Payment
from payments.validators import normalize_iban
from tenants.services import buurtpunt_create

pytestmark = pytest.mark.django_db

BEVEREN = demo.load("beveren")


def row_counts(schema: str) -> dict[str, int]:
    """The number of rows of every table of ``schema``."""
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_type = 'BASE TABLE' AND table_schema = %s",
            [schema],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def seeded(tenant_a):
    """tenant_a seeded with beveren's data; ``made`` is what the seed said it added."""
    with tenant_context(tenant_a):
        tenant_a.made = demo.seed(tenant_a, spec=BEVEREN)
        yield tenant_a
    connection.set_schema_to_public()


def test_the_seed_says_what_it_added_and_a_second_run_adds_nothing(seeded):
    assert seeded.made[:4] == [
        "share class A",
        "share class B",
        "cooperative settings",
        "bank account",
    ]
    assert "/lid-worden/" in seeded.made[4]
    assert seeded.made[5:] == ["149 shareholders", "167 register entries", "2 open share requests"]
    before = row_counts(seeded.schema_name)
    assert before["members_person"] == 151

    assert demo.seed(seeded, spec=BEVEREN) == []
    assert row_counts(seeded.schema_name) == before


def test_the_share_classes_replace_the_one_provisioning_made(seeded):
    classes = list(ShareClass.objects.order_by("sort_order"))
    assert [(c.code, c.name, c.nominal_value) for c in classes] == [
        ("A", "Oprichtersaandelen", Decimal("50.00")),
        ("B", "Buurtaandelen", Decimal("25.00")),
    ]
    founders, residents = classes
    assert not founders.offered_online
    assert (residents.offered_online, residents.min_per_person, residents.max_per_person) == (
        True,
        1,
        20,
    )


def test_a_class_a_team_edited_is_kept(tenant_a):
    with tenant_context(tenant_a):
        ShareClass.objects.filter(code="A").update(name="Onze aandelen")
        made = demo.seed(tenant_a, spec=BEVEREN)
        assert made[0] == "share class B"
        assert ShareClass.objects.get(code="A").name == "Onze aandelen"
    connection.set_schema_to_public()


def test_settings_bank_account_and_sign_up_page(seeded):
    site = Site.objects.get(is_default_site=True)
    cooperative = CooperativeSettings.for_site(site)
    assert cooperative.auto_approve
    assert cooperative.board_email == f"bestuur@{seeded.primary_domain}"
    bank = BankTransferSettings.for_site(site)
    assert bank.account_holder == "Dorpspunt Beveren CV"
    assert bank.iban == normalize_iban("BE68 5390 0754 7034") == "BE68539007547034"

    page = SignupPage.objects.get()
    assert page.live
    assert page.get_parent().specific_class.__name__ == "HomePage"
    assert page.url == "/lid-worden/"
    assert page.title == "Word mede-eigenaar"
    assert "mede-eigenaar" in page.intro
    assert "<li>" in page.why


def test_member_numbers_run_without_gaps_in_order_of_first_entry(seeded):
    numbered = Person.objects.filter(member_number__isnull=False)
    first = numbered.annotate(first=Min("entries__number")).order_by("member_number")
    assert [p.member_number for p in first] == list(range(1, 150))
    firsts = [p.first for p in first]
    assert firsts == sorted(firsts)
    # Entry numbers follow the dates: the register was written in date order.
    entries = list(RegisterEntry.objects.order_by("number"))
    assert [e.number for e in entries] == list(range(1, len(entries) + 1))
    assert [e.entry_date for e in entries] == sorted(e.entry_date for e in entries)


def test_three_years_of_history_with_transfers_an_exit_and_a_correction(seeded):
    today = localtime.today()
    entries = list(RegisterEntry.objects.select_related("person", "counterparty"))
    kinds = Counter(e.kind for e in entries)
    assert kinds == {
        "issue": 159,
        "transfer_out": 3,
        "transfer_in": 3,
        "redemption": 1,
        "reversal": 1,
    }
    dates = [e.entry_date for e in entries]
    assert max(dates) <= today
    assert (today - min(dates)).days == 1100

    founders = [e for e in entries if e.share_class.code == "A" and e.kind == "issue"]
    assert len(founders) == 12
    assert {e.entry_date for e in founders} == {min(dates)}

    outs = [e for e in entries if e.kind == "transfer_out"]
    for out in outs:
        (back,) = [
            e
            for e in entries
            if e.kind == "transfer_in"
            and e.person == out.counterparty
            and e.entry_date == out.entry_date
        ]
        assert back.counterparty == out.person
        assert back.quantity == -out.quantity
        assert back.amount == -out.amount
    family = [e for e in outs if e.note == "Schenking aan dochter"]
    assert family[0].person.last_name == family[0].counterparty.last_name
    assert family[0].person.street == family[0].counterparty.street

    (redemption,) = [e for e in entries if e.kind == "redemption"]
    assert redemption.amount < 0

    (reversal,) = [e for e in entries if e.kind == "reversal"]
    assert (reversal.reverses.quantity, reversal.quantity) == (12, -12)
    assert reversal.note


def test_holdings_stay_within_the_rules_and_exits_show(seeded):
    register = register_as_of(localtime.today())
    assert len(register.holders) == 149
    for row in register.holders:
        for holding in row.holdings:
            assert holding.quantity >= 0
            if holding.share_class.code == "B":
                assert holding.quantity <= 20
    former = [row for row in register.holders if not row.is_shareholder]
    # The transfer of everything after a death and the exit to Gent.
    assert len(former) == 2
    totals = {t.share_class.code: t for t in register.totals}
    assert totals["A"].holders == 13  # 12 founders, and the daughter who got 2
    assert totals["B"].paid_in == totals["B"].quantity * Decimal("25.00")


def test_people_look_like_the_village(seeded):
    people = list(Person.objects.all())
    assert {p.postcode for p in people} <= {"8690", "8691", "8972"}
    assert Counter(p.city for p in people).most_common(1)[0][0] == "Beveren-aan-de-IJzer"
    names = [p.name for p in people]
    assert len(names) == len(set(names))
    legal = [p for p in people if p.kind == Person.Kind.LEGAL]
    assert sorted(p.name for p in legal) == [
        "Bakkerij Deprez BV",
        "Dorpspunt Beveren vzw",
        "Hoeve Ter IJzer BV",
    ]
    assert all(p.company_number for p in legal)
    assert all(p.consents.count() == 2 for p in people)


def test_two_requests_wait_for_their_payment(seeded):
    requests = list(Subscription.objects.select_related("person", "payment"))
    assert len(requests) == 2
    for request in requests:
        assert request.status == Subscription.Status.SUBMITTED
        assert request.person.member_number is None
        assert request.person.email_confirmed_at is not None
        assert request.payment.status == Payment.Status.PENDING
        assert request.payment.amount == request.amount == request.quantity * Decimal("25.00")
    assert sum(r.quantity for r in requests) == 14


def test_the_register_is_the_same_on_every_run(seeded):
    """Same data, another cooperative: the same people, numbers and holdings."""

    def register_summary():
        return [
            (
                row.person.member_number,
                row.person.name,
                [(h.share_class.code, h.quantity) for h in row.holdings],
            )
            for row in register_as_of(localtime.today()).holders
        ]

    expected = register_summary()
    connection.set_schema_to_public()
    other = buurtpunt_create(slug="beveren-bis", name="Beveren bis", legal_form="cv").buurtpunt
    with tenant_context(other):
        demo.seed(other, spec=BEVEREN)
        assert register_summary() == expected
        assert RegisterEntry.objects.aggregate(total=Sum("quantity"))["total"] > 0


def test_a_vzw_gets_no_shares_and_other_buurtpunten_no_data(tenant_b):
    assert "share_classes" not in (demo.load("zonnegem") or {})
    assert demo.load("alfa") is None
    with tenant_context(tenant_b):
        assert demo.seed(tenant_b) == []
        # Even with beveren's data: a vzw has no shares.
        assert demo.seed(tenant_b, spec=BEVEREN) == []
        assert not Person.objects.exists()
        assert not ShareClass.objects.exists()
        assert not SignupPage.objects.exists()
    connection.set_schema_to_public()


def test_seeding_one_buurtpunt_leaves_the_other_untouched(seeded, tenant_b):
    per_class = defaultdict(int)
    for entry in RegisterEntry.objects.all():
        per_class[entry.share_class.code] += entry.quantity
    assert per_class["B"] > 0
    with tenant_context(tenant_b):
        assert register_as_of(localtime.today()).holders == []
        assert not Person.objects.exists()
