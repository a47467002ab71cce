"""The share register as of a date (``register_as_of``) and the general meeting's list
(``general_meeting_list``): backdated entries, transfers, exits, reversals, vote caps,
and two tenants that never see each other's shareholders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django_tenants.utils import tenant_context

from core.localtime import TIMEZONE
from members.models import RegisterEntry
from members.selectors import general_meeting_list, register_as_of
from members.services import register_entry_reverse, register_entry_write
from tests.members.factories import PersonFactory, ShareClassFactory, cooperative

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.combine(TODAY, time(10, 0), tzinfo=TIMEZONE), tick=False):
        yield


@dataclass
class Scenario:
    """The people and entries of ``build_register``, by name."""

    a: object  # class A, EUR 50
    b: object  # class B, EUR 25
    ann: object
    bert: object
    carla: object
    dirk: object
    eva: object
    wrong: RegisterEntry
    reversal: RegisterEntry
    backdated: RegisterEntry


def write(kind, person, share_class, quantity, day, **extra) -> RegisterEntry:
    return register_entry_write(
        kind=kind,
        person=person,
        share_class=share_class,
        quantity=quantity,
        entry_date=day,
        amount_per_share=share_class.nominal_value,
        **extra,
    )


def build_register() -> Scenario:
    """A small register in the current tenant, written as a board would, out of order.

    Member numbers on purpose follow neither names nor creation order:
    Carla 1, Ann 2, Bert 3, Dirk 4, Eva 5.

    - 2024-01-10 Ann: issue 4 A; (written last) 2024-01-05 Ann: issue 1 B, backdated
    - 2024-02-01 Bert: issue 10 B; 2024-03-01 Carla: issue 2 B; 2024-04-01 Dirk: issue 5 B
    - 2024-06-01 Bert -> Carla: 3 B (transfer out and in, each naming the other)
    - 2025-02-01 Dirk: redemption of his 5 B (a former shareholder from then on)
    - 2025-03-01 Eva: issue 12 B by mistake; 2025-03-03 reversed, then issue 2 B
    """
    a = ShareClassFactory(code="A", name="Oprichters", nominal_value=Decimal("50.00"))
    b = ShareClassFactory(code="B", name="Buurt", nominal_value=Decimal("25.00"), sort_order=1)
    carla = PersonFactory(first_name="Carla", last_name="Claeys", member_number=1)
    ann = PersonFactory(first_name="Ann", last_name="Aerts", member_number=2)
    bert = PersonFactory(first_name="Bert", last_name="Baert", member_number=3)
    dirk = PersonFactory(first_name="Dirk", last_name="Dewulf", member_number=4)
    eva = PersonFactory(first_name="Eva", last_name="Everaert", member_number=5)

    write("issue", ann, a, 4, date(2024, 1, 10))
    write("issue", bert, b, 10, date(2024, 2, 1))
    write("issue", carla, b, 2, date(2024, 3, 1))
    write("issue", dirk, b, 5, date(2024, 4, 1))
    write("transfer_out", bert, b, -3, date(2024, 6, 1), counterparty=carla)
    write("transfer_in", carla, b, 3, date(2024, 6, 1), counterparty=bert)
    write("redemption", dirk, b, -5, date(2025, 2, 1), note="Verhuisd")
    wrong = write("issue", eva, b, 12, date(2025, 3, 1))
    reversal = register_entry_reverse(
        entry=wrong, note="Tikfout: 2, geen 12", entry_date=date(2025, 3, 3)
    )
    write("issue", eva, b, 2, date(2025, 3, 3))
    backdated = write("issue", ann, b, 1, date(2024, 1, 5), note="Vergeten in te schrijven")
    return Scenario(a, b, ann, bert, carla, dirk, eva, wrong, reversal, backdated)


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        yield build_register()
    connection.set_schema_to_public()


def holdings(register) -> dict[str, dict[str, tuple[int, Decimal]]]:
    """``{first name: {class code: (shares, paid in)}}`` of a register."""
    return {
        row.person.first_name: {h.share_class.code: (h.quantity, h.paid_in) for h in row.holdings}
        for row in register.holders
    }


def totals(register) -> dict[str, tuple[int, Decimal, int]]:
    return {t.share_class.code: (t.quantity, t.paid_in, t.holders) for t in register.totals}


# --- register_as_of --------------------------------------------------------------------------


def test_before_the_first_entry_the_register_is_empty_but_lists_the_classes(in_a):
    register = register_as_of(date(2024, 1, 4))
    assert register.on == date(2024, 1, 4)
    assert register.holders == []
    assert totals(register) == {"A": (0, Decimal("0"), 0), "B": (0, Decimal("0"), 0)}


def test_a_backdated_entry_counts_from_its_date_not_from_when_it_was_written(in_a):
    s = in_a
    assert s.backdated.number > s.reversal.number  # written last ...
    register = register_as_of(date(2024, 1, 5))  # ... but dated first
    assert holdings(register) == {"Ann": {"B": (1, Decimal("25.00"))}}
    assert [e.number for e in register.holders[0].entries] == [s.backdated.number]

    register = register_as_of(date(2024, 1, 10))
    assert holdings(register) == {"Ann": {"A": (4, Decimal("200.00")), "B": (1, Decimal("25.00"))}}
    # Entries of a holder in date order, whatever their numbers.
    assert [e.entry_date for e in register.holders[0].entries] == [
        date(2024, 1, 5),
        date(2024, 1, 10),
    ]


def test_holders_are_listed_by_member_number(in_a):
    register = register_as_of(date(2024, 4, 1))
    assert [row.person.member_number for row in register.holders] == [1, 2, 3, 4]
    assert [row.person.first_name for row in register.holders] == ["Carla", "Ann", "Bert", "Dirk"]


def test_a_transfer_moves_shares_and_paid_in_capital_on_its_date(in_a):
    before = holdings(register_as_of(date(2024, 5, 31)))
    assert before["Bert"] == {"B": (10, Decimal("250.00"))}
    assert before["Carla"] == {"B": (2, Decimal("50.00"))}

    register = register_as_of(date(2024, 6, 1))
    after = holdings(register)
    assert after["Bert"] == {"B": (7, Decimal("175.00"))}
    assert after["Carla"] == {"B": (5, Decimal("125.00"))}
    # The class total does not move: the cooperative received nothing.
    assert totals(register)["B"] == (18, Decimal("450.00"), 4)

    bert = next(row for row in register.holders if row.person == in_a.bert)
    out = bert.entries[-1]
    assert (out.kind, out.quantity, out.amount) == ("transfer_out", -3, Decimal("-75.00"))
    assert out.counterparty == in_a.carla
    assert bert.holdings[0].paid_per_share == Decimal("25.00")


def test_a_former_shareholder_stays_in_the_register_with_nothing_held(in_a):
    register = register_as_of(TODAY)
    dirk = next(row for row in register.holders if row.person == in_a.dirk)
    assert not dirk.is_shareholder
    assert dirk.shares == 0
    assert [(h.share_class.code, h.quantity, h.paid_in) for h in dirk.holdings] == [
        ("B", 0, Decimal("0.00"))
    ]
    assert [e.kind for e in dirk.entries] == ["issue", "redemption"]
    assert dirk.entries[-1].amount == Decimal("-125.00")  # paid back
    assert in_a.dirk not in [row.person for row in register.shareholders]
    # The class counts its holders today, not those who left.
    assert totals(register)["B"][2] == 4

    # The day before his redemption he was a shareholder.
    earlier = register_as_of(date(2025, 1, 31))
    assert holdings(earlier)["Dirk"] == {"B": (5, Decimal("125.00"))}


def test_a_reversal_cancels_the_mistake_from_its_own_date(in_a):
    s = in_a
    on_mistake = register_as_of(date(2025, 3, 1))
    assert holdings(on_mistake)["Eva"] == {"B": (12, Decimal("300.00"))}
    assert holdings(register_as_of(date(2025, 3, 2)))["Eva"] == {"B": (12, Decimal("300.00"))}

    register = register_as_of(date(2025, 3, 3))
    assert holdings(register)["Eva"] == {"B": (2, Decimal("50.00"))}
    eva = next(row for row in register.holders if row.person == s.eva)
    assert [(e.kind, e.quantity) for e in eva.entries] == [
        ("issue", 12),
        ("reversal", -12),
        ("issue", 2),
    ]
    assert eva.entries[1].reverses == s.wrong
    assert eva.entries[1].reverses.number == s.wrong.number


def test_totals_per_class_today(in_a):
    register = register_as_of(TODAY)
    assert totals(register) == {
        "A": (4, Decimal("200.00"), 1),
        # Ann 1, Bert 7, Carla 5, Dirk 0, Eva 2
        "B": (15, Decimal("375.00"), 4),
    }
    assert holdings(register)["Ann"] == {"A": (4, Decimal("200.00")), "B": (1, Decimal("25.00"))}
    assert [e.number for e in register.entries] == sorted(
        RegisterEntry.objects.values_list("number", flat=True)
    )


def test_the_register_takes_three_queries_and_reading_it_none(in_a, django_assert_num_queries):
    with django_assert_num_queries(3):
        register = register_as_of(TODAY)
    seen = []
    with django_assert_num_queries(0):
        for row in register.holders:
            for entry in row.entries:
                assert entry.person is row.person
                seen.append((entry.share_class.code, entry.counterparty, entry.reverses))
                if entry.reverses is not None:
                    assert entry.reverses.reversed_by is entry
    assert ("B", in_a.carla, None) in seen  # Bert's transfer out
    assert ("B", None, in_a.wrong) in seen  # Eva's reversal


def test_a_reversal_dated_before_the_entry_it_reverses_still_names_it(tenant_a):
    """Rare, but possible (a mistaken entry reversed with a backdated reversal): the
    reversed entry is not among the entries up to that date and is read apart."""
    with tenant_context(tenant_a):
        b = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
        fien = PersonFactory(first_name="Fien", member_number=1)
        write("issue", fien, b, 5, date(2025, 1, 1))
        wrong = write("issue", fien, b, 2, date(2025, 5, 1))
        register_entry_reverse(entry=wrong, note="dubbel", entry_date=date(2025, 4, 1))
        register = register_as_of(date(2025, 4, 1))
        entries = register.holders[0].entries
        assert [(e.kind, e.quantity) for e in entries] == [("issue", 5), ("reversal", -2)]
        assert entries[1].reverses.number == wrong.number
    connection.set_schema_to_public()


# --- general_meeting_list ---------------------------------------------------------------------


def voters(rows) -> dict[str, tuple[dict, int, bool]]:
    return {row.person.first_name: (row.shares, row.votes, row.capped) for row in rows}


def test_one_vote_per_shareholder_on_the_record_date(in_a):
    cooperative(voting_rule="per_person", accredited=False)
    rows = general_meeting_list(date(2025, 1, 31))
    assert [row.person.member_number for row in rows] == [1, 2, 3, 4]
    assert voters(rows) == {
        "Carla": ({"B": 5}, 1, False),
        "Ann": ({"A": 4, "B": 1}, 1, False),
        "Bert": ({"B": 7}, 1, False),
        "Dirk": ({"B": 5}, 1, False),
    }
    # After his redemption Dirk is no longer on the list; Eva is.
    assert [row.person.first_name for row in general_meeting_list(TODAY)] == [
        "Carla",
        "Ann",
        "Bert",
        "Eva",
    ]


def test_votes_per_share_count_each_class_as_the_statutes_say(in_a):
    cooperative(voting_rule="per_share", accredited=False)
    in_a.a.votes_per_share = 2
    in_a.a.save()
    assert voters(general_meeting_list(TODAY)) == {
        "Carla": ({"B": 5}, 5, False),
        "Ann": ({"A": 4, "B": 1}, 9, False),
        "Bert": ({"B": 7}, 7, False),
        "Eva": ({"B": 2}, 2, False),
    }


def test_an_accredited_cooperative_caps_everyone_at_a_tenth_of_the_votes(in_a):
    cooperative(voting_rule="per_share", accredited=True)
    in_a.a.votes_per_share = 2
    in_a.a.save()
    # 5 + 9 + 7 + 2 = 23 votes present: nobody more than 2 (a tenth, rounded down).
    assert voters(general_meeting_list(TODAY)) == {
        "Carla": ({"B": 5}, 2, True),
        "Ann": ({"A": 4, "B": 1}, 2, True),
        "Bert": ({"B": 7}, 2, True),
        "Eva": ({"B": 2}, 2, False),
    }


def test_the_cap_counts_the_votes_of_those_present_only(in_a):
    cooperative(voting_rule="per_share", accredited=True)
    # 31 people with 1 share each and Bert with 7: 38 votes, a cap of 3.
    crowd = [PersonFactory(member_number=100 + n) for n in range(31)]
    for person in crowd:
        write("issue", person, in_a.b, 1, date(2025, 4, 1))
    rows = voters(general_meeting_list(TODAY, present=[p.pk for p in crowd] + [in_a.bert.pk]))
    assert rows["Bert"] == ({"B": 7}, 3, True)
    assert len(rows) == 32
    # With only Bert and Eva present (9 votes), the cap would be 0: each keeps one vote.
    rows = voters(general_meeting_list(TODAY, present=[in_a.bert.pk, in_a.eva.pk]))
    assert rows == {"Bert": ({"B": 7}, 1, True), "Eva": ({"B": 2}, 1, True)}


def test_one_vote_per_person_is_never_capped(in_a):
    cooperative(voting_rule="per_person", accredited=True)
    assert all(not row.capped and row.votes == 1 for row in general_meeting_list(TODAY))


# --- two tenants ------------------------------------------------------------------------------


def test_each_buurtpunt_sees_its_own_register_only(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        build_register()
        names_a = {row.person.name for row in register_as_of(TODAY).holders}
    with tenant_context(tenant_b):
        # Nothing yet in bravo, though alfa has five shareholders.
        assert register_as_of(TODAY).holders == []
        assert general_meeting_list(TODAY) == []
        b = ShareClassFactory(code="B", nominal_value=Decimal("10.00"))
        # The same member number as Carla in alfa: numbers are per buurtpunt.
        gust = PersonFactory(first_name="Gust", last_name="Bravo", member_number=1)
        write("issue", gust, b, 3, date(2025, 1, 2))
        register = register_as_of(TODAY)
        assert [row.person.name for row in register.holders] == ["Gust Bravo"]
        assert totals(register) == {"B": (3, Decimal("30.00"), 1)}
        assert [row.person.name for row in general_meeting_list(TODAY)] == ["Gust Bravo"]
    with tenant_context(tenant_a):
        assert {row.person.name for row in register_as_of(TODAY).holders} == names_a
        assert "Gust Bravo" not in names_a
    connection.set_schema_to_public()
