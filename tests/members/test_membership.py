"""The vzw's member register: admissions, the three ends, their refusals, the eight-day
rule, provisioning and the demo; two tenants that never see each other's members."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from core import localtime
from members.admin.membership import register_rows, year_figures
from members.demo import membership as membership_demo
from members.errors import MembersError
from members.models import (
    RECORD_WITHIN_DAYS,
    FeeDue,
    FeePlan,
    Membership,
    MembershipType,
    Person,
    RegisterEntry,
)
from members.models.membership import is_late
from members.services import (
    dues_raise,
    membership_admit,
    membership_defaults_ensure,
    membership_exclude,
    membership_record_death,
    membership_resign,
    next_number,
)
from members.services.numbers import MEMBER_NUMBER
from members.wagtail_hooks import provision_membership
from payments.models import Payment
from tests.members.factories import PersonFactory, bank_account

pytestmark = pytest.mark.django_db

R = Membership.EndReason


def days_ago(n: int) -> date:
    return localtime.today() - timedelta(days=n)


@pytest.fixture
def in_b(tenant_b):
    """Bravo (a vzw), with its provisioned membership type and fee plan."""
    with tenant_context(tenant_b):
        yield tenant_b
    connection.set_schema_to_public()


@pytest.fixture
def member_type(in_b):
    plan = FeePlan.objects.create(name="Lidgeld", amount="15.00", reduced_amount="7.50")
    return MembershipType.objects.create(name="Effectief lid", fee_plan=plan)


@pytest.fixture
def board(in_b):
    return get_user_model().objects.get(username="admin@bravo.localhost")


def actions(obj) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(obj)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# --- provisioning -------------------------------------------------------------------------


def test_a_vzw_is_provisioned_with_a_membership_type_and_its_fee_plan(in_b):
    membership_type = MembershipType.objects.get()
    assert membership_type.voting_rights
    assert membership_type.fee_plan.amount > 0
    assert membership_type.fee_plan.due_on(2026) == date(2026, 3, 31)


def test_provisioning_gives_defaults_to_vzw_forms_only_and_once(in_b):
    MembershipType.objects.all().delete()
    FeePlan.objects.all().delete()
    provision_membership(SimpleNamespace(legal_form="cv"))
    assert not MembershipType.objects.exists()
    provision_membership(SimpleNamespace(legal_form="cv+vzw"))
    provision_membership(SimpleNamespace(legal_form="vzw"))
    assert MembershipType.objects.count() == 1
    assert FeePlan.objects.count() == 1
    assert membership_defaults_ensure() == []


# --- admission ----------------------------------------------------------------------------


def test_admission_gives_a_member_number_and_is_logged(member_type, board):
    person = PersonFactory()
    membership = membership_admit(
        person=person, type=member_type, admitted_on=days_ago(2), actor=board
    )
    person.refresh_from_db()
    assert person.member_number is not None
    assert membership.is_current and membership.recorded_by == board
    assert not membership.late
    assert actions(membership) == ["members.membership.admitted"]
    entry = ModelLogEntry.objects.for_instance(membership).get()
    assert entry.user == board and entry.data["late"] is False


def test_member_numbers_are_one_series_with_the_shareholders(member_type):
    """One person, one number: a shareholder keeps theirs, a new member takes the next."""
    shareholder = PersonFactory()
    with_number = membership_admit(person=shareholder, type=member_type, admitted_on=days_ago(1))
    with transaction.atomic():
        taken_by_a_shareholder = next_number(MEMBER_NUMBER)
    newcomer = membership_admit(person=PersonFactory(), type=member_type, admitted_on=days_ago(1))
    numbers = [with_number.person.member_number, taken_by_a_shareholder]
    assert newcomer.person.member_number == max(numbers) + 1

    known = PersonFactory(member_number=500)
    membership = membership_admit(person=known, type=member_type, admitted_on=days_ago(1))
    known.refresh_from_db()
    assert known.member_number == 500 == membership.person.member_number


def test_admission_of_a_new_person_from_their_fields(member_type):
    membership = membership_admit(
        person={"first_name": "Lies", "last_name": "Baert", "city": "Zonnegem"},
        type=member_type,
        admitted_on=days_ago(0),
    )
    assert membership.person.pk and membership.person.name == "Lies Baert"
    assert Person.objects.filter(last_name="Baert").count() == 1


@pytest.mark.parametrize(
    ("admitted_on", "field"),
    [(None, "admitted_on"), (1, "admitted_on")],
    ids=["no date", "tomorrow"],
)
def test_admission_refuses_a_missing_or_future_date(member_type, admitted_on, field):
    day = None if admitted_on is None else localtime.today() + timedelta(days=admitted_on)
    with pytest.raises(MembersError) as refused:
        membership_admit(person=PersonFactory(), type=member_type, admitted_on=day)
    assert refused.value.field == field
    assert not Membership.objects.exists()


def test_a_current_member_cannot_be_admitted_twice(member_type):
    person = PersonFactory()
    membership_admit(person=person, type=member_type, admitted_on=days_ago(30))
    with pytest.raises(MembersError) as refused:
        membership_admit(person=person, type=member_type, admitted_on=days_ago(1))
    assert refused.value.field == "person"
    assert Membership.objects.filter(person=person).count() == 1


def test_a_former_member_comes_back_from_the_end_of_their_last_membership(member_type):
    person = PersonFactory()
    first = membership_admit(person=person, type=member_type, admitted_on=days_ago(300))
    membership_resign(membership=first, ended_on=days_ago(100))
    with pytest.raises(MembersError) as refused:
        membership_admit(person=person, type=member_type, admitted_on=days_ago(150))
    assert refused.value.field == "admitted_on"
    second = membership_admit(person=person, type=member_type, admitted_on=days_ago(100))
    person.refresh_from_db()
    assert second.person.member_number == first.person.member_number == person.member_number
    assert Membership.objects.filter(person=person).count() == 2
    assert Membership.objects.active_on(days_ago(100)).get() == second
    assert Membership.objects.active_on(days_ago(101)).get() == first


def test_an_erased_person_cannot_be_admitted(member_type):
    person = PersonFactory(erased_at=timezone.now())
    with pytest.raises(MembersError):
        membership_admit(person=person, type=member_type, admitted_on=days_ago(1))


# --- the three ends -----------------------------------------------------------------------


@pytest.fixture
def membership(member_type):
    # Long enough ago to owe this year's fee, whatever today is.
    return membership_admit(person=PersonFactory(), type=member_type, admitted_on=days_ago(500))


def test_resignation(membership, board):
    ended = membership_resign(
        membership=membership, ended_on=days_ago(3), actor=board, note=" Per brief "
    )
    assert (ended.ended_on, ended.end_reason, ended.end_note) == (
        days_ago(3),
        R.RESIGNATION,
        "Per brief",
    )
    assert ended.end_recorded_by == board and not ended.end_late
    assert actions(membership)[-1] == "members.membership.resignation"
    assert not Membership.objects.current().exists()


def test_exclusion_needs_its_reason_and_keeps_it(membership, board):
    with pytest.raises(MembersError) as refused:
        membership_exclude(membership=membership, ended_on=days_ago(3), reason="  ", actor=board)
    assert refused.value.field == "reason"
    ended = membership_exclude(
        membership=membership, ended_on=days_ago(3), reason="Huisregels", actor=board
    )
    assert (ended.end_reason, ended.end_note) == (R.EXCLUSION, "Huisregels")
    entry = ModelLogEntry.objects.for_instance(membership).latest("pk")
    assert entry.action == "members.membership.exclusion"
    assert entry.data["reason"] == "Huisregels"


def test_death_waives_the_fees_still_open(membership, board):
    bank_account()
    (due,) = dues_raise(year=localtime.today().year, actor=board, notify=False)
    ended = membership_record_death(membership=membership, ended_on=days_ago(1), actor=board)
    assert ended.end_reason == R.DEATH
    due.refresh_from_db()
    assert due.status == FeeDue.Status.WAIVED and due.waive_reason
    assert Payment.objects.get(pk=due.payment_id).status == Payment.Status.CANCELLED


@pytest.mark.parametrize(
    "end",
    [membership_resign, membership_record_death, lambda **kw: membership_exclude(reason="x", **kw)],
    ids=["resignation", "death", "exclusion"],
)
def test_an_end_refuses_a_future_date_a_date_before_admission_and_a_second_end(membership, end):
    with pytest.raises(MembersError) as future:
        end(membership=membership, ended_on=localtime.today() + timedelta(days=1))
    assert future.value.field == "ended_on"
    with pytest.raises(MembersError) as before:
        end(membership=membership, ended_on=membership.admitted_on - timedelta(days=1))
    assert before.value.field == "ended_on"
    membership.refresh_from_db()
    assert membership.is_current

    end(membership=membership, ended_on=membership.admitted_on)  # the same day is allowed
    with pytest.raises(MembersError):
        membership_resign(membership=membership, ended_on=days_ago(0))
    membership.refresh_from_db()
    assert membership.ended_on == membership.admitted_on


# --- recorded within eight days -----------------------------------------------------------


def test_a_fact_recorded_more_than_eight_days_after_it_is_late(member_type):
    on_time = membership_admit(
        person=PersonFactory(), type=member_type, admitted_on=days_ago(RECORD_WITHIN_DAYS)
    )
    late = membership_admit(
        person=PersonFactory(), type=member_type, admitted_on=days_ago(RECORD_WITHIN_DAYS + 1)
    )
    assert not on_time.admission_late and not on_time.late
    assert late.admission_late and late.late
    assert ModelLogEntry.objects.for_instance(late).get().data["late"] is True

    ended = membership_resign(membership=on_time, ended_on=days_ago(0))
    assert not ended.end_late and not ended.late
    ended = membership_resign(membership=late, ended_on=days_ago(RECORD_WITHIN_DAYS + 1))
    assert ended.end_late


def test_the_eight_days_are_counted_in_brussels_days():
    fact = date(2026, 3, 1)
    # 9 March, 23:30 UTC is already 10 March in Brussels: nine days after the fact.
    assert not is_late(fact, datetime(2026, 3, 9, 22, 30, tzinfo=UTC))
    assert is_late(fact, datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
    assert not is_late(None, datetime(2026, 3, 9, tzinfo=UTC))


def test_lateness_follows_the_clock_of_the_record(member_type):
    with time_machine.travel(datetime(2026, 5, 20, 10, 0, tzinfo=UTC), tick=False):
        membership = membership_admit(
            person=PersonFactory(), type=member_type, admitted_on=date(2026, 5, 12)
        )
    assert not membership.late  # eight days: in time
    with time_machine.travel(datetime(2026, 6, 2, 10, 0, tzinfo=UTC), tick=False):
        ended = membership_resign(membership=membership, ended_on=date(2026, 5, 24))
    assert ended.end_late  # nine days


# --- the register -------------------------------------------------------------------------


def test_former_members_stay_in_the_register(member_type):
    def admit(last_name, day):
        return membership_admit(
            person=PersonFactory(last_name=last_name), type=member_type, admitted_on=day
        )

    with time_machine.travel(datetime(2026, 6, 15, 10, 0, tzinfo=UTC), tick=False):
        stays = admit("Aerts", date(2026, 6, 10))
        leaves = admit("Bauwens", date(2026, 6, 10))
        membership_resign(membership=leaves, ended_on=date(2026, 6, 13))
        late = admit("Claes", date(2026, 5, 20))

    def pks(**filters):
        return [m.pk for m in register_rows(**filters)]

    assert pks(status="current") == [stays.pk, late.pk]
    assert pks(status="former") == [leaves.pk]
    assert pks(status="all") == [stays.pk, leaves.pk, late.pk]
    assert pks(status="all", late=True) == [late.pk]
    assert pks(status="all", order="admitted") == [late.pk, stays.pk, leaves.pk]
    # The year filter: who was a member at some time in that year.
    assert pks(status="all", year=2026) == [stays.pk, leaves.pk, late.pk]
    assert pks(status="all", year=2025) == []


def test_year_figures_add_up(member_type):
    with time_machine.travel(datetime(2026, 11, 30, 12, 0, tzinfo=UTC), tick=False):
        old = [
            membership_admit(person=PersonFactory(), type=member_type, admitted_on=date(2025, 5, 1))
            for _ in range(4)
        ]
        membership_admit(person=PersonFactory(), type=member_type, admitted_on=date(2026, 2, 1))
        membership_resign(membership=old[0], ended_on=date(2026, 3, 1))
        membership_exclude(membership=old[1], ended_on=date(2026, 4, 1), reason="x")
        membership_record_death(membership=old[2], ended_on=date(2026, 11, 29))
        figures = year_figures(2026)
    assert figures.members_at_start == 4
    assert (figures.admitted, figures.resigned, figures.excluded, figures.died) == (1, 1, 1, 1)
    assert figures.members_at_end == 4 + 1 - 3
    assert figures.late == 3  # the resignation, the exclusion and the 2026 admission


# --- two tenants --------------------------------------------------------------------------


def test_two_tenants_never_see_each_others_members(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        membership_admit(
            person=PersonFactory(last_name="Alfa-lid"),
            type=MembershipType.objects.first(),
            admitted_on=days_ago(1),
        )
        assert Membership.objects.count() == 1
    with tenant_context(tenant_b):
        assert not Membership.objects.exists()
        assert not Person.objects.filter(last_name="Alfa-lid").exists()
        assert register_rows(status="all") == []
    connection.set_schema_to_public()


# --- the demo -----------------------------------------------------------------------------


ZONNEGEM = membership_demo.load("zonnegem")


def test_the_zonnegem_demo_writes_a_register_with_fees_and_a_second_run_adds_nothing(in_b):
    made = membership_demo.seed(in_b, [], spec=ZONNEGEM)
    assert "80 members" in made and "6 ends of membership" in made
    assert Membership.objects.count() == 80
    ends = dict(
        Membership.objects.former().values_list("end_reason").annotate(n=Count("pk")).order_by()
    )
    assert ends == {R.RESIGNATION: 4, R.EXCLUSION: 1, R.DEATH: 1}
    assert [m.end_reason for m in Membership.objects.all() if m.late] == [R.RESIGNATION]
    numbers = sorted(Person.objects.values_list("member_number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + 80)), "gapless, one per member"
    assert all(p.postcode == "9520" for p in Person.objects.all())

    this_year = FeeDue.objects.filter(year=localtime.today().year)
    by_status = {s: this_year.filter(status=s).count() for s in FeeDue.Status.values}
    assert by_status["paid"] > by_status["open"] > 0 and by_status["waived"] == 1
    assert this_year.filter(reduced=True, amount="7.50").exists()
    assert all(due.payment.status == "paid" for due in this_year.filter(status="paid"))

    counts = (Membership.objects.count(), FeeDue.objects.count(), Payment.objects.count())
    assert membership_demo.seed(in_b, [], spec=ZONNEGEM) == []
    assert (Membership.objects.count(), FeeDue.objects.count(), Payment.objects.count()) == counts


def test_the_demo_writes_nothing_for_a_cooperative_only(in_b):
    assert membership_demo.seed(SimpleNamespace(legal_form="cv", schema_name="x"), []) == []
    assert not Membership.objects.exists()


def test_the_beveren_demo_makes_shareholders_members_on_their_own_number(tenant_a):
    from members import demo as share_demo

    with tenant_context(tenant_a):
        share_demo.seed(tenant_a, spec=share_demo.load("beveren"))
        shareholders = Person.objects.filter(entries__isnull=False).distinct().count()
        before = set(Person.objects.values_list("pk", flat=True))
        made = membership_demo.seed(tenant_a, [], spec=membership_demo.load("beveren"))
        assert "30 members" in made
        members = Person.objects.filter(memberships__isnull=False).distinct()
        both = members.filter(pk__in=RegisterEntry.objects.values("person_id"))
        assert both.count() >= 12
        reused = members.filter(pk__in=before).count()
        assert Person.objects.count() - len(before) == 30 - reused, "no one made twice"
        assert Person.objects.filter(entries__isnull=False).distinct().count() == shareholders
    connection.set_schema_to_public()
