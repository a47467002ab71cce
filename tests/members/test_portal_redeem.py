"""Redeeming shares in the member portal: a form inside the exit window, the dates it
opens outside it, the shareholder's own requests only, and a withdrawal."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django_tenants.utils import tenant_context

from core.localtime import TIMEZONE
from members.models import Person, ShareOperation
from members.services import operation_request, register_entry_write
from members.services.portal import person_user
from tests.members.factories import PersonFactory, ShareClassFactory, cooperative
from tests.queue import run_queued

pytestmark = pytest.mark.django_db

K = ShareOperation.Kind
S = ShareOperation.Status
INSIDE = datetime(2027, 3, 10, 10, 0, tzinfo=TIMEZONE)
OUTSIDE = datetime(2027, 8, 2, 10, 0, tzinfo=TIMEZONE)
PAGE = "/mijn/uittreden/"


@pytest.fixture(autouse=True)
def _in_the_exit_window():
    with time_machine.travel(INSIDE, tick=False):
        yield


def shareholder(tenant, quantity=4, **fields) -> tuple[Person, object]:
    with tenant_context(tenant):
        cooperative(
            financial_year_start_month=1, exit_window_months=6, board_email="bestuur@example.be"
        )
        person = PersonFactory(**fields)
        share_class = ShareClassFactory(code="B", name="Buurtaandeel", min_per_person=1)
        register_entry_write(
            kind="issue",
            person=person,
            share_class=share_class,
            quantity=quantity,
            entry_date=date(2027, 1, 5),
            amount_per_share=share_class.nominal_value,
        )
        user = person_user(person)
    connection.set_schema_to_public()
    return person, share_class, user


def logged_in(client, tenant, quantity=4, **fields):
    person, share_class, user = shareholder(tenant, quantity, **fields)
    with tenant_context(tenant):
        client.force_login(user)
    connection.set_schema_to_public()
    return person, share_class


def operations(tenant):
    with tenant_context(tenant):
        result = list(ShareOperation.objects.select_related("person").order_by("pk"))
    connection.set_schema_to_public()
    return result


def test_the_overview_links_to_the_redemption_page(client_a, tenant_a):
    logged_in(client_a, tenant_a)
    assert reverse("members:portal_redeem") == PAGE
    assert PAGE in client_a.get("/mijn/").text


def test_inside_the_window_the_form_shows_what_would_be_paid_back(client_a, tenant_a):
    logged_in(client_a, tenant_a)
    response = client_a.get(PAGE)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    html = response.text
    assert 'data-window="open"' in html
    assert 'name="quantity"' in html and 'name="share_class"' in html
    assert "30 juni 2027" in html, "until when"
    assert "€ 25" in html and "€ 100" in html, "per share and for all four"


def test_a_request_inside_the_window_waits_for_the_board(client_a, tenant_a):
    person, share_class = logged_in(client_a, tenant_a, email="mieke@example.be")
    response = client_a.post(PAGE, {"share_class": share_class.pk, "quantity": 3})
    assert response.status_code == 302 and response["Location"] == PAGE
    [operation] = operations(tenant_a)
    assert (operation.kind, operation.status, operation.quantity, operation.source) == (
        K.REDEMPTION,
        S.REQUESTED,
        3,
        "portal",
    )
    assert operation.person_id == person.pk and operation.requested_on == INSIDE.date()
    assert operation.requested_by_id is not None

    run_queued("members.services.operations.send_operation_mail")
    assert sorted(m.to[0] for m in mail.outbox) == ["bestuur@example.be", "mieke@example.be"]
    board = next(m for m in mail.outbox if m.to == ["bestuur@example.be"])
    assert f"/admin/share_operations/{operation.pk}/" in board.body or (
        "share_operations" in board.body
    )

    page = client_a.get(PAGE)
    assert str(operation.public_id) in page.text, "the open request is listed"


def test_more_than_held_is_shown_on_the_form(client_a, tenant_a):
    _person, share_class = logged_in(client_a, tenant_a)
    response = client_a.post(PAGE, {"share_class": share_class.pk, "quantity": 5})
    assert response.status_code == 200
    assert "5" in str(response.context["form"].errors["quantity"]), "the number asked"
    assert operations(tenant_a) == []


def test_outside_the_window_the_page_says_when_it_opens_and_has_no_form(client_a, tenant_a):
    with time_machine.travel(OUTSIDE, tick=False):
        _person, share_class = logged_in(client_a, tenant_a)
        response = client_a.get(PAGE)
        assert 'data-window="closed"' in response.text
        assert "1 januari 2028" in response.text and "30 juni 2028" in response.text
        assert 'name="quantity"' not in response.text
        posted = client_a.post(PAGE, {"share_class": share_class.pk, "quantity": 1})
    assert posted.status_code == 200
    assert operations(tenant_a) == []


def test_the_shareholder_withdraws_their_own_request_only(client_a, tenant_a):
    person, share_class = logged_in(client_a, tenant_a)
    with tenant_context(tenant_a):
        other = PersonFactory()
        register_entry_write(
            kind="issue",
            person=other,
            share_class=share_class,
            quantity=2,
            entry_date=date(2027, 1, 5),
            amount_per_share=Decimal("25.00"),
        )
        theirs = operation_request(
            kind=K.REDEMPTION, person=other, share_class=share_class, quantity=1, source="portal"
        )
        mine = operation_request(
            kind=K.REDEMPTION, person=person, share_class=share_class, quantity=1, source="portal"
        )
    connection.set_schema_to_public()

    assert str(theirs.public_id) not in client_a.get(PAGE).text
    forbidden = client_a.post(reverse("members:portal_redeem_cancel", args=[theirs.public_id]))
    assert forbidden.status_code == 404
    done = client_a.post(reverse("members:portal_redeem_cancel", args=[mine.public_id]))
    assert done.status_code == 302
    statuses = {op.pk: op.status for op in operations(tenant_a)}
    assert statuses == {theirs.pk: S.REQUESTED, mine.pk: S.CANCELLED}


def test_not_logged_in_goes_to_the_login_page(client_a, tenant_a):
    response = client_a.get(PAGE)
    assert response.status_code == 302 and response["Location"] == "/mijn/"


def test_the_other_tenants_portal_knows_nothing_of_it(client_a, client_b, tenant_a, tenant_b):
    _person, share_class = logged_in(client_a, tenant_a)
    client_a.post(PAGE, {"share_class": share_class.pk, "quantity": 1})
    [operation] = operations(tenant_a)
    # The session of tenant A means nothing on B's host.
    client_b.cookies = client_a.cookies
    assert client_b.get(PAGE).status_code == 302
    assert client_b.post(
        reverse("members:portal_redeem_cancel", args=[operation.public_id])
    ).status_code in (302, 404)
    assert operations(tenant_a)[0].status == S.REQUESTED
