"""Share operations on the board's screens: the list and its filters, the forms per kind,
an operation's page and its actions (each one service; a refusal is a message, never a
500), the money still owed, and the other tenant's operations out of reach."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django_tenants.utils import tenant_context

from core.localtime import TIMEZONE
from members.models import Person, RegisterEntry, ShareOperation
from members.selectors import holding
from members.services import operation_execute, operation_request, register_entry_write
from tests.conftest import login_as
from tests.members.factories import PersonFactory, ShareClassFactory, cooperative

pytestmark = pytest.mark.django_db

K = ShareOperation.Kind
S = ShareOperation.Status
INSIDE = datetime(2027, 3, 10, 10, 0, tzinfo=TIMEZONE)
OUTSIDE = datetime(2027, 8, 2, 10, 0, tzinfo=TIMEZONE)


@pytest.fixture(autouse=True)
def _in_the_exit_window():
    with time_machine.travel(INSIDE, tick=False):
        yield


@pytest.fixture
def admin_a(client_a, tenant_a):
    with tenant_context(tenant_a):
        cooperative(financial_year_start_month=1, exit_window_months=6)
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    return client_a


@pytest.fixture
def admin_b(client_b, tenant_b):
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    return client_b


@pytest.fixture
def shares(tenant_a):
    """Class B (EUR 25, 1 to 20 per person) held by Ann (5) and Bert (2)."""
    with tenant_context(tenant_a):
        cls = ShareClassFactory(code="B", name="Buurtaandeel")
        ann = PersonFactory(first_name="Ann", last_name="Aerts", iban="BE68539007547034")
        bert = PersonFactory(first_name="Bert", last_name="Baert")
        for person, quantity in ((ann, 5), (bert, 2)):
            register_entry_write(
                kind="issue",
                person=person,
                share_class=cls,
                quantity=quantity,
                entry_date=date(2027, 1, 5),
                amount_per_share=cls.nominal_value,
            )
    connection.set_schema_to_public()
    return cls, ann, bert


def url(name, *args):
    return reverse(f"share_operations:{name}", args=args)


def texts(response) -> list[str]:
    return [str(message.message) for message in get_messages(response.wsgi_request)]


def levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


def act(client, address, data=None):
    response = client.post(address, data or {})
    response.levels, response.texts = levels(response), texts(response)
    if response.status_code == 302:
        client.get(response["Location"])
    return response


def in_a(tenant, fn):
    with tenant_context(tenant):
        result = fn()
    connection.set_schema_to_public()
    return result


# --- the list ---------------------------------------------------------------------------


def test_the_list_filters_on_kind_and_status_and_shows_money_owed(admin_a, tenant_a, shares):
    cls, ann, bert = shares

    def make():
        transfer = operation_request(
            kind=K.TRANSFER, person=ann, share_class=cls, quantity=1, to_person=bert
        )
        redeemed = operation_execute(
            operation=operation_request(kind=K.REDEMPTION, person=bert, share_class=cls, quantity=2)
        )
        return transfer, redeemed

    transfer, redeemed = in_a(tenant_a, make)
    response = admin_a.get(url("index"))
    assert response.status_code == 200
    html = response.text
    assert "Ann Aerts" in html and "Bert Baert" in html
    assert "data-payouts" in html and "50,00" in html, "the money still owed, on top"
    assert url("new") in html, "the button for a new operation"

    transfers = admin_a.get(url("index"), {"kind": "transfer"})
    assert [op.pk for op in transfers.context["object_list"]] == [transfer.pk]
    executed = admin_a.get(url("index"), {"status": "executed"})
    assert [op.pk for op in executed.context["object_list"]] == [redeemed.pk]
    owed = admin_a.get(url("index"), {"payout": "outstanding"})
    assert [op.pk for op in owed.context["object_list"]] == [redeemed.pk]


def test_the_choice_of_kind_links_every_form(admin_a, shares):
    cls, ann, _bert = shares
    response = admin_a.get(url("new"), {"person": ann.pk})
    assert response.status_code == 200
    for kind in K.values:
        assert f'data-kind="{kind}"' in response.text
        assert f"{url('new_kind', kind)}?person={ann.pk}" in response.text
    form = admin_a.get(url("new_kind", "redemption"), {"person": ann.pk})
    assert form.context["form"].initial["person"] == ann.pk
    assert form.context["form"].initial["share_class"] == cls.pk, "the one class Ann holds"
    assert admin_a.get(url("new_kind", "nonsense")).status_code == 404


# --- the forms ----------------------------------------------------------------------------


def test_transfer_to_someone_in_the_register_saved_then_executed(admin_a, tenant_a, shares):
    cls, ann, bert = shares
    response = act(
        admin_a,
        url("new_kind", "transfer"),
        {
            "person": ann.pk,
            "share_class": cls.pk,
            "quantity": 2,
            "receiver": "existing",
            "to_person": bert.pk,
            "country": "BE",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    operation = in_a(tenant_a, lambda: ShareOperation.objects.get())
    assert response["Location"] == url("inspect", operation.pk)
    assert (operation.kind, operation.status, operation.to_person_id) == (
        K.TRANSFER,
        S.REQUESTED,
        bert.pk,
    )

    page = admin_a.get(url("inspect", operation.pk))
    assert page.status_code == 200
    assert {a["name"] for a in page.context["actions"]} == {"execute", "refuse", "cancel"}

    confirm = admin_a.get(url("execute", operation.pk))
    assert confirm.status_code == 200 and "data-preview" in confirm.text
    done = act(admin_a, url("execute", operation.pk), {"effective_date": "2027-03-01"})
    assert done.status_code == 302 and done.levels == ["success"], done.texts

    def check():
        assert holding(ann, cls) == 3 and holding(bert, cls) == 4
        assert holding(ann, cls, date(2027, 2, 28)) == 5
        return ShareOperation.objects.get().status

    assert in_a(tenant_a, check) == S.EXECUTED
    page = admin_a.get(url("inspect", operation.pk))
    assert "data-entries" in page.text and page.context["actions"] == []
    history = admin_a.get(url("history", operation.pk))
    assert history.status_code == 200


def test_transfer_to_a_new_shareholder_saved_and_executed_at_once(admin_a, tenant_a, shares):
    cls, ann, _bert = shares
    response = act(
        admin_a,
        url("new_kind", "transfer"),
        {
            "person": ann.pk,
            "share_class": cls.pk,
            "quantity": 1,
            "receiver": "new",
            "holder_kind": "natural",
            "first_name": "Carla",
            "last_name": "Claes",
            "street": "Molenstraat 9",
            "postcode": "8690",
            "city": "Alveringem",
            "country": "BE",
            "email": "carla@example.be",
            "execute": "1",
        },
    )
    assert response.status_code == 302 and response.levels == ["success"], response.texts
    carla = in_a(tenant_a, lambda: Person.objects.get(last_name="Claes"))
    assert carla.member_number is not None
    assert in_a(tenant_a, lambda: holding(carla, cls)) == 1


def test_a_new_shareholder_without_an_address_is_a_form_error(admin_a, tenant_a, shares):
    cls, ann, _bert = shares
    response = admin_a.post(
        url("new_kind", "transfer"),
        {
            "person": ann.pk,
            "share_class": cls.pk,
            "quantity": 1,
            "receiver": "new",
            "holder_kind": "natural",
            "first_name": "Carla",
            "last_name": "Claes",
            "country": "BE",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"street", "postcode", "city"}
    assert not in_a(tenant_a, lambda: ShareOperation.objects.exists())


def test_a_service_refusal_shows_on_the_form(admin_a, tenant_a, shares):
    cls, ann, bert = shares
    response = admin_a.post(
        url("new_kind", "transfer"),
        {
            "person": ann.pk,
            "share_class": cls.pk,
            "quantity": 9,
            "receiver": "existing",
            "to_person": bert.pk,
            "country": "BE",
        },
    )
    assert response.status_code == 200
    assert "9" in str(response.context["form"].errors["quantity"]), "the number asked"
    assert not in_a(tenant_a, lambda: ShareOperation.objects.exists())


def test_redemption_outside_the_window_is_refused_on_the_form(admin_a, tenant_a, shares):
    cls, ann, _bert = shares
    data = {"person": ann.pk, "share_class": cls.pk, "requested_on": "2027-08-02"}
    with time_machine.travel(OUTSIDE, tick=False):
        login_as(admin_a, tenant_a, "admin@alfa.localhost")  # the session of March expired
        response = admin_a.post(url("new_kind", "redemption"), data)
    assert response.status_code == 200
    assert "30 juni 2027" in response.text
    # A letter received in the window, recorded later by the board, counts.
    with time_machine.travel(OUTSIDE, tick=False):
        response = act(
            admin_a, url("new_kind", "redemption"), {**data, "requested_on": "2027-06-20"}
        )
    assert response.status_code == 302
    operation = in_a(tenant_a, lambda: ShareOperation.objects.get())
    assert (operation.quantity, operation.requested_on) == (5, date(2027, 6, 20))


def test_exclusion_needs_its_grounds(admin_a, tenant_a, shares):
    cls, _ann, bert = shares
    data = {"person": bert.pk, "share_class": cls.pk}
    response = admin_a.post(url("new_kind", "exclusion"), data)
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = act(admin_a, url("new_kind", "exclusion"), {**data, "reason": "Wanbetaling"})
    assert response.status_code == 302
    operation = in_a(tenant_a, lambda: ShareOperation.objects.get())
    assert (operation.kind, operation.quantity, operation.reason) == (K.EXCLUSION, 2, "Wanbetaling")


def test_conversion_form(admin_a, tenant_a, shares):
    cls, ann, _bert = shares
    large = in_a(tenant_a, lambda: ShareClassFactory(code="C", nominal_value=Decimal("100.00")))
    data = {"person": ann.pk, "share_class": cls.pk, "to_class": large.pk, "execute": "1"}
    refused = admin_a.post(url("new_kind", "conversion"), {**data, "quantity": 3})
    assert refused.status_code == 200
    assert "75,00" in str(refused.context["form"].errors["quantity"]), "the value left over"
    done = act(admin_a, url("new_kind", "conversion"), {**data, "quantity": 4})
    assert done.status_code == 302 and done.levels == ["success"], done.texts
    assert in_a(tenant_a, lambda: (holding(ann, cls), holding(ann, large))) == (1, 1)


# --- actions ----------------------------------------------------------------------------


def test_refuse_with_a_reason(admin_a, tenant_a, shares):
    cls, ann, _bert = shares
    operation = in_a(
        tenant_a,
        lambda: operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1),
    )
    empty = admin_a.post(url("refuse", operation.pk), {"reason": ""})
    assert empty.status_code == 200 and "reason" in empty.context["form"].errors
    done = act(admin_a, url("refuse", operation.pk), {"reason": "Te weinig kapitaal"})
    assert done.status_code == 302 and done.levels == ["success"]
    operation = in_a(tenant_a, lambda: ShareOperation.objects.get())
    assert (operation.status, operation.close_reason) == (S.REFUSED, "Te weinig kapitaal")
    # Refused: executing it now is a message, not an error page.
    again = act(
        admin_a,
        url("execute", operation.pk),
        {"effective_date": "2027-03-10", "amount_per_share": "25.00"},
    )
    assert again.status_code == 302 and again.levels == ["error"]
    assert in_a(tenant_a, lambda: ShareOperation.objects.get().status) == S.REFUSED


def test_execute_refused_by_the_register_is_a_message_and_changes_nothing(
    admin_a, tenant_a, shares
):
    cls, ann, bert = shares

    def make():
        operation = operation_request(
            kind=K.TRANSFER, person=bert, share_class=cls, quantity=2, to_person=ann
        )
        # Bert's shares leave another way before the board executes the transfer.
        register_entry_write(
            kind="redemption",
            person=bert,
            share_class=cls,
            quantity=-2,
            entry_date=date(2027, 3, 1),
            amount_per_share=cls.nominal_value,
        )
        return operation

    operation = in_a(tenant_a, make)
    page = admin_a.get(url("inspect", operation.pk))
    assert "data-blocked" in page.text, "the page says it cannot be executed as it stands"
    entries = in_a(tenant_a, RegisterEntry.objects.count)
    response = act(admin_a, url("execute", operation.pk), {"effective_date": "2027-03-10"})
    assert response.status_code == 302 and response.levels == ["error"]
    assert "Bert Baert" in response.texts[0]
    assert in_a(tenant_a, RegisterEntry.objects.count) == entries
    future = admin_a.post(url("execute", operation.pk), {"effective_date": "2027-12-01"})
    assert future.status_code == 200
    assert "1 december 2027" in str(future.context["form"].errors["effective_date"])


def test_mark_the_money_paid_back(admin_a, tenant_a, shares):
    cls, ann, _bert = shares
    operation = in_a(
        tenant_a,
        lambda: operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=5),
    )
    confirm = admin_a.get(url("execute", operation.pk))
    assert confirm.context["form"].initial["amount_per_share"] == Decimal("25.00")
    done = act(
        admin_a,
        url("execute", operation.pk),
        {"effective_date": "2027-03-10", "amount_per_share": "24.00"},
    )
    assert done.levels == ["success"], done.texts
    page = admin_a.get(url("inspect", operation.pk))
    assert {a["name"] for a in page.context["actions"]} == {"payout_paid"}
    assert "120,00" in page.text and "BE68539007547034" in page.text

    paid = act(admin_a, url("payout_paid", operation.pk), {"note": "overschrijving 12/3"})
    assert paid.levels == ["success"]
    operation = in_a(tenant_a, lambda: ShareOperation.objects.get())
    assert operation.payout_paid_at is not None and operation.payout_note == "overschrijving 12/3"
    twice = act(admin_a, url("payout_paid", operation.pk), {"note": ""})
    assert twice.status_code == 302 and twice.levels == ["error"]
    assert "data-payouts" not in admin_a.get(url("index")).text


def test_cancel_a_request(admin_a, tenant_a, shares):
    cls, ann, _bert = shares
    operation = in_a(
        tenant_a,
        lambda: operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1),
    )
    done = act(admin_a, url("cancel", operation.pk), {"reason": "Vergissing"})
    assert done.levels == ["success"]
    assert in_a(tenant_a, lambda: ShareOperation.objects.get().status) == S.CANCELLED


# --- who sees what ----------------------------------------------------------------------


def test_another_tenant_never_reaches_the_operations(admin_a, admin_b, tenant_a, shares):
    cls, ann, _bert = shares
    operation = in_a(
        tenant_a,
        lambda: operation_request(kind=K.REDEMPTION, person=ann, share_class=cls, quantity=1),
    )
    assert "Ann Aerts" in admin_a.get(url("index")).text
    assert "Ann Aerts" not in admin_b.get(url("index")).text
    for name in ("inspect", "execute", "refuse", "cancel", "payout_paid"):
        assert admin_b.get(url(name, operation.pk)).status_code == 404, name
    assert (
        admin_b.post(url("execute", operation.pk), {"effective_date": "2027-03-10"}).status_code
        == 404
    )
    assert in_a(tenant_a, lambda: ShareOperation.objects.get().status) == S.REQUESTED


def test_the_network_site_has_no_operations(network_client, public_tenant):
    login_as(network_client, public_tenant, "admin@localhost")
    assert network_client.get(url("index")).status_code == 404
    assert network_client.get(url("new")).status_code == 404


def test_a_user_without_the_permission_gets_no_forms(client_a, tenant_a, shares):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    def make_user():
        user = get_user_model().objects.create_user(
            username="kijker@alfa.localhost", email="kijker@alfa.localhost", password="x"
        )
        user.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="view_shareoperation"),
        )
        return user

    in_a(tenant_a, make_user)
    login_as(client_a, tenant_a, "kijker@alfa.localhost")
    assert client_a.get(url("index")).status_code == 200
    assert client_a.get(url("new")).status_code in (302, 403)
    cls, ann, _bert = shares
    response = client_a.post(
        url("new_kind", "redemption"),
        {"person": ann.pk, "share_class": cls.pk, "requested_on": "2027-03-10"},
    )
    assert response.status_code in (302, 403)
    assert not in_a(tenant_a, lambda: ShareOperation.objects.exists())
