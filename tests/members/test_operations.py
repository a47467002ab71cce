"""Share operations: transfer, redemption, exclusion and conversion, from the request to
the register entries; every refusal; one transaction; gapless member numbers; the other
tenant untouched."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import formats, translation
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from core.localtime import TIMEZONE
from members.errors import RegisterError
from members.models import Counter, Person, RegisterEntry, ShareOperation
from members.selectors import holding
from members.services import (
    ShareOperationError,
    operation_cancel,
    operation_execute,
    operation_refuse,
    operation_request,
    redemption_payout_mark_paid,
    register_entry_write,
)
from members.services import operations as operations_module
from members.services.numbers import MEMBER_NUMBER
from members.services.operations import exit_window, next_exit_window
from tests.members.factories import PersonFactory, ShareClassFactory, cooperative
from tests.queue import run_queued as run_in_public

K = ShareOperation.Kind
S = ShareOperation.Status
MAIL_TASK = "members.services.operations.send_operation_mail"

# The financial year starts in January; shares may be redeemed when asked January to June.
INSIDE = datetime(2027, 3, 10, 10, 0, tzinfo=TIMEZONE)
OUTSIDE = datetime(2027, 8, 2, 10, 0, tzinfo=TIMEZONE)
TODAY = INSIDE.date()
ISSUED = date(2027, 1, 5)


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are read in English here, whatever the Dutch catalogue holds."""
    with translation.override("en"):
        yield


def day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


@pytest.fixture
def in_a(tenant_a):
    with time_machine.travel(INSIDE, tick=False), tenant_context(tenant_a):
        cooperative(
            financial_year_start_month=1, exit_window_months=6, board_email="bestuur@alfa.be"
        )
        yield tenant_a
    connection.set_schema_to_public()


def run_queued(task_path: str = MAIL_TASK) -> list:
    tenant = connection.tenant
    results = run_in_public(task_path)
    connection.set_tenant(tenant)
    return results


def issue(person, share_class, quantity, on=ISSUED, per_share=None):
    return register_entry_write(
        kind="issue",
        person=person,
        share_class=share_class,
        quantity=quantity,
        entry_date=on,
        amount_per_share=share_class.nominal_value if per_share is None else per_share,
    )


def member(share_class, quantity, **fields) -> Person:
    person = PersonFactory(**fields)
    issue(person, share_class, quantity)
    if person.member_number is None:
        numbered = Counter.objects.filter(name=MEMBER_NUMBER).first()
        number = (numbered.value if numbered else 0) + 1
        Counter.objects.update_or_create(name=MEMBER_NUMBER, defaults={"value": number})
        Person.objects.filter(pk=person.pk).update(member_number=number)
        person.refresh_from_db()
    return person


def actions(obj) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(obj)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def entries_of(operation) -> list[tuple]:
    return [
        (e.kind, e.person_id, e.share_class.code, e.quantity, e.amount, e.counterparty_id)
        for e in operation.entries.select_related("share_class").order_by("number")
    ]


# --- the exit window, plain dates ------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "start", "months", "opens", "closes"),
    [
        (date(2027, 3, 10), 1, 6, date(2027, 1, 1), date(2027, 6, 30)),
        (date(2027, 6, 30), 1, 6, date(2027, 1, 1), date(2027, 6, 30)),
        (date(2027, 8, 2), 1, 6, date(2027, 1, 1), date(2027, 6, 30)),
        (date(2027, 3, 10), 7, 6, date(2026, 7, 1), date(2026, 12, 31)),
        (date(2027, 7, 1), 7, 3, date(2027, 7, 1), date(2027, 9, 30)),
        (date(2028, 2, 29), 10, 5, date(2027, 10, 1), date(2028, 2, 29)),
        (date(2027, 12, 31), 1, 12, date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_exit_window_of_the_financial_year(on, start, months, opens, closes):
    window = exit_window(on, start_month=start, months=months)
    assert (window.opens, window.closes) == (opens, closes)


def test_the_next_window_opens_with_the_next_financial_year():
    window = next_exit_window(date(2027, 8, 2), start_month=1, months=6)
    assert (window.opens, window.closes) == (date(2028, 1, 1), date(2028, 6, 30))
    window = next_exit_window(date(2027, 3, 10), start_month=7, months=6)
    assert (window.opens, window.closes) == (date(2027, 7, 1), date(2027, 12, 31))
    assert date(2027, 3, 10) not in window
    assert date(2027, 7, 1) in window


# --- transfer ---------------------------------------------------------------------------


def test_transfer_to_a_shareholder_writes_out_and_in_entries_on_one_date(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 5, first_name="Ann")
    bert = member(cls, 2, first_name="Bert")
    operation = operation_request(
        kind=K.TRANSFER,
        person=ann,
        share_class=cls,
        quantity=3,
        to_person=bert,
        effective_date=date(2027, 2, 1),
    )
    assert operation.status == S.REQUESTED
    assert not operation.entries.exists(), "a request writes nothing in the register"

    operation = operation_execute(operation=operation)
    assert operation.status == S.EXECUTED
    assert operation.executed_at is not None
    assert entries_of(operation) == [
        ("transfer_out", ann.pk, "B", -3, Decimal("-75.00"), bert.pk),
        ("transfer_in", bert.pk, "B", 3, Decimal("75.00"), ann.pk),
    ]
    assert {e.entry_date for e in operation.entries.all()} == {date(2027, 2, 1)}
    assert {e.amount_per_share for e in operation.entries.all()} == {Decimal("25.00")}
    # Holdings before and after the effective date.
    assert (holding(ann, cls, date(2027, 1, 31)), holding(bert, cls, date(2027, 1, 31))) == (5, 2)
    assert (holding(ann, cls, date(2027, 2, 1)), holding(bert, cls, date(2027, 2, 1))) == (2, 5)
    assert actions(operation) == ["members.operation.requested", "members.operation.executed"]

    run_queued()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ann.email, bert.email])


def test_transfer_carries_what_was_paid_per_share(in_a):
    cls = ShareClassFactory(code="B")
    ann = PersonFactory()
    issue(ann, cls, 2, per_share=Decimal("20.00"))
    bert = member(cls, 1)
    operation = operation_execute(
        operation=operation_request(
            kind=K.TRANSFER, person=ann, share_class=cls, quantity=2, to_person=bert
        )
    )
    assert [e.amount_per_share for e in operation.entries.all()] == [Decimal("20.00")] * 2
    assert operation.effective_date == TODAY


def test_transfer_to_a_new_shareholder_gives_the_next_member_number(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 4)
    last = Counter.objects.get(name=MEMBER_NUMBER).value
    operation = operation_request(
        kind=K.TRANSFER,
        person=ann,
        share_class=cls,
        quantity=2,
        new_holder={
            "first_name": "Carla",
            "last_name": "Claes",
            "street": "Molenstraat 9",
            "postcode": "8690",
            "city": "Alveringem",
            "email": "carla@example.be",
        },
    )
    assert operation.to_person is None
    assert not Person.objects.filter(last_name="Claes").exists(), "made when executed"

    operation = operation_execute(operation=operation)
    carla = Person.objects.get(last_name="Claes")
    assert operation.to_person == carla
    assert operation.new_holder == {}
    assert carla.member_number == last + 1
    assert carla.domicile == "Molenstraat 9, 8690 Alveringem"
    assert carla.email_confirmed_at is not None, "the board's address counts as confirmed"
    assert holding(carla, cls) == 2
    run_queued()
    received = [m for m in mail.outbox if m.to == ["carla@example.be"]]
    assert len(received) == 1 and str(last + 1) in received[0].body


def test_a_failed_transfer_leaves_no_person_no_entry_and_no_gap_in_member_numbers(
    in_a, monkeypatch
):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 4)
    last = Counter.objects.get(name=MEMBER_NUMBER).value
    entries_before = RegisterEntry.objects.count()
    operation = operation_request(
        kind=K.TRANSFER,
        person=ann,
        share_class=cls,
        quantity=2,
        new_holder={
            "first_name": "Dirk",
            "last_name": "Desmet",
            "street": "Kerkstraat 1",
            "postcode": "8690",
            "city": "Alveringem",
        },
    )
    real_write = operations_module.register_entry_write
    calls = []

    def second_write_fails(**kwargs):
        calls.append(kwargs["kind"])
        if len(calls) == 2:
            raise RegisterError("the disk is full")
        return real_write(**kwargs)

    monkeypatch.setattr(operations_module, "register_entry_write", second_write_fails)
    with pytest.raises(RegisterError):
        operation_execute(operation=operation)
    assert calls == ["transfer_out", "transfer_in"]
    assert RegisterEntry.objects.count() == entries_before, "the first entry is gone too"
    assert not Person.objects.filter(last_name="Desmet").exists()
    assert Counter.objects.get(name=MEMBER_NUMBER).value == last
    operation.refresh_from_db()
    assert operation.status == S.REQUESTED and not operation.entries.exists()
    assert holding(ann, cls) == 4

    monkeypatch.setattr(operations_module, "register_entry_write", real_write)
    operation = operation_execute(operation=operation)
    assert operation.to_person.member_number == last + 1, "no gap"


def test_transfer_beyond_the_receivers_maximum_is_refused(in_a):
    cls = ShareClassFactory(code="B", max_per_person=20)
    ann = member(cls, 5)
    bert = member(cls, 19)
    with pytest.raises(ShareOperationError, match="at most 20") as refused:
        operation_request(kind=K.TRANSFER, person=ann, share_class=cls, quantity=2, to_person=bert)
    assert "would hold 21" in refused.value.message
    assert not ShareOperation.objects.exists()


def test_transfer_needs_a_receiver_who_is_someone_else(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 5)
    with pytest.raises(ShareOperationError, match="who receives"):
        operation_request(kind=K.TRANSFER, person=ann, share_class=cls, quantity=1)
    with pytest.raises(ShareOperationError, match="same person"):
        operation_request(kind=K.TRANSFER, person=ann, share_class=cls, quantity=1, to_person=ann)
    with pytest.raises(ShareOperationError, match="address"):
        operation_request(
            kind=K.TRANSFER,
            person=ann,
            share_class=cls,
            quantity=1,
            new_holder={"first_name": "Els", "last_name": "Eeckhout"},
        )


def test_a_new_holder_who_is_in_the_register_already_is_refused(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 5)
    bert = member(cls, 1, first_name="Bert", last_name="Baert", email="bert@example.be")
    with pytest.raises(ShareOperationError, match="in the register already"):
        operation_request(
            kind=K.TRANSFER,
            person=ann,
            share_class=cls,
            quantity=1,
            new_holder={
                "first_name": "bert",
                "last_name": "BAERT",
                "email": "Bert@Example.be",
                "street": "x 1",
                "postcode": "8690",
                "city": "Alveringem",
            },
        )
    assert Person.objects.filter(last_name__iexact="baert").get() == bert


# --- redemption -------------------------------------------------------------------------


def test_redemption_in_the_window_owes_what_was_paid_in_until_marked_paid(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 4)
    operation = operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=2)
    assert operation.requested_on == TODAY
    operation = operation_execute(operation=operation)
    assert entries_of(operation) == [("redemption", ann.pk, "B", -2, Decimal("-50.00"), None)]
    assert operation.amount_per_share == Decimal("25.00")
    assert operation.payout_due == Decimal("50.00")
    assert operation.payout_outstanding
    assert holding(ann, cls, date(2027, 3, 9)) == 4
    assert holding(ann, cls) == 2

    run_queued()
    assert mail.outbox[-1].to == [ann.email]
    assert "50" in mail.outbox[-1].body

    operation = redemption_payout_mark_paid(operation=operation, note="overschrijving 11/3")
    assert operation.payout_paid_at is not None
    assert operation.payout_note == "overschrijving 11/3"
    assert not operation.payout_outstanding
    assert actions(operation)[-1] == "members.operation.payout_paid"
    with pytest.raises(ShareOperationError, match="still owed"):
        redemption_payout_mark_paid(operation=operation)


def test_the_board_sets_what_is_paid_back_per_share(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 4)
    operation = operation_request(
        kind=K.REDEMPTION,
        person=ann,
        share_class=cls,
        quantity=4,
        amount_per_share=Decimal("22.50"),
    )
    operation = operation_execute(operation=operation)
    assert operation.payout_due == Decimal("90.00")
    entry = operation.entries.get()
    assert (entry.quantity, entry.amount_per_share, entry.amount) == (
        -4,
        Decimal("22.50"),
        Decimal("-90.00"),
    )
    assert holding(ann, cls) == 0


def test_redemption_without_a_number_takes_all_shares_of_the_class(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 3)
    operation = operation_request(kind=K.REDEMPTION, person=ann, share_class=cls)
    assert operation.quantity == 3


def test_redemption_asked_outside_the_window_is_refused_with_its_dates(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 4)
    with time_machine.travel(OUTSIDE, tick=False):
        with pytest.raises(ShareOperationError) as refused:
            operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1)
    message = refused.value.message
    assert day(date(2027, 1, 1)) in message and day(date(2027, 6, 30)) in message, message
    assert day(date(2027, 8, 2)) in message
    assert day(date(2028, 1, 1)) in message, "when the next window opens"
    assert not ShareOperation.objects.exists()


def test_a_redemption_asked_in_the_window_may_be_executed_after_it(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 4)
    operation = operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1)
    with time_machine.travel(OUTSIDE, tick=False):
        operation = operation_execute(operation=operation)
    assert operation.status == S.EXECUTED
    assert operation.effective_date == OUTSIDE.date()


def test_a_window_of_another_financial_year(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 4)
    cooperative(financial_year_start_month=7, exit_window_months=3)
    with pytest.raises(ShareOperationError, match=day(date(2026, 7, 1))):
        operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1)
    with time_machine.travel(OUTSIDE, tick=False):
        operation = operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1)
    assert operation.status == S.REQUESTED


def test_more_than_held_is_refused_when_asked_and_when_executed(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 3)
    with pytest.raises(ShareOperationError, match="holds 3 shares"):
        operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=4)
    first = operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=2)
    with pytest.raises(ShareOperationError, match="earlier requests not yet done take out 2"):
        operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=2)
    # The open request counts for a transfer too.
    bert = member(cls, 1)
    with pytest.raises(ShareOperationError, match="take out 2"):
        operation_request(kind=K.TRANSFER, person=ann, share_class=cls, quantity=3, to_person=bert)
    # The shares leave the register another way meanwhile: the request can no longer be done.
    register_entry_write(
        kind="redemption",
        person=ann,
        share_class=cls,
        quantity=-3,
        entry_date=TODAY,
        amount_per_share=Decimal("25.00"),
    )
    with pytest.raises(ShareOperationError, match="holds no shares"):
        operation_execute(operation=first)
    first.refresh_from_db()
    assert first.status == S.REQUESTED


def test_a_part_below_the_classes_minimum_is_refused_all_or_enough_is_fine(in_a):
    cls = ShareClassFactory(code="M", min_per_person=2)
    ann = member(cls, 3)
    with pytest.raises(ShareOperationError, match="at least 2") as refused:
        operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=2)
    assert "take all 3 out" in refused.value.message
    assert operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1)
    cancel_all = ShareOperation.objects.get()
    operation_cancel(operation=cancel_all)
    everything = operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=3)
    operation_execute(operation=everything)
    assert holding(ann, cls) == 0


def test_future_effective_date_waits_until_that_day(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 3)
    operation = operation_request(
        kind=K.REDEMPTION,
        person=ann,
        share_class=cls,
        quantity=1,
        effective_date=date(2027, 4, 1),
    )
    with pytest.raises(ShareOperationError, match="from that day"):
        operation_execute(operation=operation)
    with time_machine.travel(datetime(2027, 4, 1, 9, 0, tzinfo=TIMEZONE), tick=False):
        operation = operation_execute(operation=operation)
    assert operation.entries.get().entry_date == date(2027, 4, 1)


# --- exclusion --------------------------------------------------------------------------


def test_exclusion_at_any_time_with_its_grounds(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 3)
    with time_machine.travel(OUTSIDE, tick=False):
        with pytest.raises(ShareOperationError, match="grounds"):
            operation_request(kind=K.EXCLUSION, person=ann, share_class=cls)
        operation = operation_request(
            kind=K.EXCLUSION, person=ann, share_class=cls, reason="Schade aan de winkel"
        )
        assert operation.quantity == 3
        operation = operation_execute(operation=operation)
    assert entries_of(operation) == [("exclusion", ann.pk, "B", -3, Decimal("-75.00"), None)]
    assert operation.payout_due == Decimal("75.00")
    assert holding(ann, cls, OUTSIDE.date()) == 0
    assert holding(ann, cls, TODAY) == 3
    run_queued()
    assert "Schade aan de winkel" in mail.outbox[-1].body


def test_exclusion_of_someone_without_shares_is_refused(in_a):
    cls = ShareClassFactory(code="B")
    nobody = PersonFactory()
    with pytest.raises(ShareOperationError, match="only a shareholder can be excluded"):
        operation_request(kind=K.EXCLUSION, person=nobody, share_class=cls, reason="x")
    with pytest.raises(ShareOperationError, match="only a shareholder can be excluded"):
        operation_request(kind=K.EXCLUSION, person=nobody, share_class=cls, quantity=1, reason="x")
    assert not ShareOperation.objects.exists()


# --- conversion -------------------------------------------------------------------------


def test_conversion_by_value_writes_both_entries_on_one_date(in_a):
    small = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
    large = ShareClassFactory(code="C", nominal_value=Decimal("100.00"), max_per_person=5)
    ann = member(small, 6)
    operation = operation_request(
        kind=K.CONVERSION, person=ann, share_class=small, quantity=4, to_class=large
    )
    assert operation.to_quantity == 1
    operation = operation_execute(operation=operation)
    assert entries_of(operation) == [
        ("conversion_out", ann.pk, "B", -4, Decimal("-100.00"), None),
        ("conversion_in", ann.pk, "C", 1, Decimal("100.00"), None),
    ]
    assert {e.entry_date for e in operation.entries.all()} == {TODAY}
    assert (holding(ann, small), holding(ann, large)) == (2, 1)
    assert (
        holding(ann, small, TODAY.replace(day=9)),
        holding(ann, large, TODAY.replace(day=9)),
    ) == (
        6,
        0,
    )
    note = operation.entries.first().note  # in the site's language, as the register is
    assert "4 × B" in note and "1 × C" in note


def test_conversion_notes_a_difference_between_paid_in_and_the_new_value(in_a):
    small = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
    large = ShareClassFactory(code="C", nominal_value=Decimal("50.00"))
    ann = PersonFactory()
    issue(ann, small, 2, per_share=Decimal("20.00"))
    operation = operation_execute(
        operation=operation_request(
            kind=K.CONVERSION, person=ann, share_class=small, quantity=2, to_class=large
        )
    )
    new = operation.entries.get(kind="conversion_in")
    assert (new.quantity, new.amount_per_share) == (1, Decimal("40.00"))
    assert "10,00" in new.note, "paid in 40, worth 50: the difference is noted"


def test_conversion_with_a_remainder_is_refused(in_a):
    small = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
    large = ShareClassFactory(code="C", nominal_value=Decimal("100.00"))
    ann = member(small, 6)
    with pytest.raises(ShareOperationError, match="not a whole number") as refused:
        operation_request(
            kind=K.CONVERSION, person=ann, share_class=small, quantity=3, to_class=large
        )
    assert "75.00" in refused.value.message
    assert not ShareOperation.objects.exists()


def test_conversion_into_a_class_past_its_limits_is_refused(in_a):
    small = ShareClassFactory(code="B", nominal_value=Decimal("25.00"))
    large = ShareClassFactory(code="C", nominal_value=Decimal("50.00"), max_per_person=1)
    ann = member(small, 6)
    with pytest.raises(ShareOperationError, match="at most 1"):
        operation_request(
            kind=K.CONVERSION, person=ann, share_class=small, quantity=4, to_class=large
        )
    large.max_per_person, large.max_issued = 10, 1
    large.save()
    with pytest.raises(ShareOperationError, match="no 2 shares left"):
        operation_request(
            kind=K.CONVERSION, person=ann, share_class=small, quantity=4, to_class=large
        )
    with pytest.raises(ShareOperationError, match="another class"):
        operation_request(
            kind=K.CONVERSION, person=ann, share_class=small, quantity=4, to_class=small
        )


# --- refuse, cancel ---------------------------------------------------------------------


def test_refuse_needs_a_reason_and_tells_the_shareholder(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 3)
    operation = operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1)
    with pytest.raises(ShareOperationError, match="reason"):
        operation_refuse(operation=operation, reason="  ")
    operation = operation_refuse(operation=operation, reason="Kapitaal te laag dit jaar")
    assert operation.status == S.REFUSED and operation.closed_at is not None
    assert not RegisterEntry.objects.filter(kind="redemption").exists()
    run_queued()
    assert mail.outbox[-1].to == [ann.email]
    assert "Kapitaal te laag dit jaar" in mail.outbox[-1].body
    for service in (operation_execute, operation_cancel):
        with pytest.raises(ShareOperationError, match="Only a requested operation"):
            service(operation=operation)
    with pytest.raises(ShareOperationError, match="Only a requested operation"):
        operation_refuse(operation=operation, reason="again")


def test_cancelled_requests_free_their_shares_for_a_new_request(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 2)
    first = operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=2)
    operation_cancel(operation=first, reason="vergissing")
    first.refresh_from_db()
    assert (first.status, first.close_reason) == (S.CANCELLED, "vergissing")
    assert operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=2)
    run_queued()
    assert mail.outbox == [], "the board's requests and cancellations send no mail"


def test_a_transfer_that_will_not_happen_keeps_only_the_new_holders_name(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 3)
    operation = operation_request(
        kind=K.TRANSFER,
        person=ann,
        share_class=cls,
        quantity=1,
        new_holder={
            "first_name": "Fien",
            "last_name": "Fonteyne",
            "street": "Markt 1",
            "postcode": "8690",
            "city": "Alveringem",
            "email": "fien@example.be",
        },
    )
    operation = operation_refuse(operation=operation, reason="Geen inwoner")
    operation.refresh_from_db()
    assert operation.new_holder == {
        "kind": "natural",
        "first_name": "Fien",
        "last_name": "Fonteyne",
    }
    assert operation.receiver_name == "Fien Fonteyne"
    assert not Person.objects.filter(last_name="Fonteyne").exists()


def test_a_mail_task_run_twice_sends_once(in_a):
    cls = ShareClassFactory(code="B")
    ann = member(cls, 3)
    operation = operation_execute(
        operation=operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1)
    )
    assert operations_module.operation_mail_send(operation_id=operation.pk, kind="executed")
    assert not operations_module.operation_mail_send(operation_id=operation.pk, kind="executed")
    assert len(mail.outbox) == 1


# --- two tenants ------------------------------------------------------------------------


def test_an_operation_in_one_tenant_never_touches_the_other(tenant_a, tenant_b):
    with time_machine.travel(INSIDE, tick=False):
        with tenant_context(tenant_b):
            b_people = Person.objects.count()
            b_entries = RegisterEntry.objects.count()
            b_counter = list(Counter.objects.values_list("name", "value"))
        with tenant_context(tenant_a):
            cls = ShareClassFactory(code="B")
            ann = member(cls, 4)
            operation = operation_execute(
                operation=operation_request(
                    kind=K.TRANSFER,
                    person=ann,
                    share_class=cls,
                    quantity=1,
                    new_holder={
                        "first_name": "Nieuw",
                        "last_name": "Lid",
                        "street": "Markt 1",
                        "postcode": "8690",
                        "city": "Alveringem",
                    },
                )
            )
            pk = operation.pk
        with tenant_context(tenant_b):
            assert not ShareOperation.objects.filter(pk=pk).exists()
            assert not ShareOperation.objects.exists()
            assert Person.objects.count() == b_people
            assert RegisterEntry.objects.count() == b_entries
            assert list(Counter.objects.values_list("name", "value")) == b_counter
    connection.set_schema_to_public()
