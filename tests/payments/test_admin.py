"""Payments in a buurtpunt's admin: the list and its filter, one payment, "mark paid" with
a note (and refused a second time), a tenant that never sees another's payments, and a
network admin without any of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from payments.errors import PaymentError
from payments.models import Payment
from payments.services import payment_create, payment_mark_paid
from tests.conftest import login_as

pytestmark = pytest.mark.django_db


def levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


def texts(response) -> list[str]:
    return [str(message.message).strip() for message in get_messages(response.wsgi_request)]


@pytest.fixture
def admin_a(client_a, tenant_a):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    return client_a


@pytest.fixture
def admin_b(client_b, tenant_b):
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    return client_b


@pytest.fixture
def payments_a(tenant_a):
    """Two payments of Alfa: Ann's awaited, Bert's paid."""
    with tenant_context(tenant_a):
        awaited = payment_create(
            amount=Decimal("75.00"), description="3 aandelen B", payer_name="Ann Aerts"
        )
        paid = payment_create(
            amount=Decimal("50.00"), description="2 aandelen B", payer_name="Bert Bauwens"
        )
        payment_mark_paid(payment=paid)
    connection.set_schema_to_public()
    return awaited, paid


def test_list_shows_reference_amount_and_status_and_filters(admin_a, payments_a):
    awaited, paid = payments_a
    response = admin_a.get(reverse("payments:index"))
    assert response.status_code == 200
    assert awaited.display_reference in response.text
    assert "Ann Aerts" in response.text and "Bert Bauwens" in response.text

    only_paid = admin_a.get(reverse("payments:index"), {"status": "paid"})
    assert "Bert Bauwens" in only_paid.text and "Ann Aerts" not in only_paid.text


def test_search_finds_a_reference_however_it_is_typed(admin_a, payments_a):
    awaited, _paid = payments_a
    for typed in (awaited.display_reference, awaited.reference, awaited.reference[3:9]):
        result = admin_a.get(reverse("payments:index"), {"q": typed})
        found = {row.instance.pk for row in result.context["table"].rows}
        assert found == {awaited.pk}, typed
    by_name = admin_a.get(reverse("payments:index"), {"q": "bauwens"})
    assert {row.instance.pk for row in by_name.context["table"].rows} == {payments_a[1].pk}


def test_payment_page_and_mark_paid_with_a_note(admin_a, tenant_a, payments_a):
    awaited, _paid = payments_a
    page = admin_a.get(reverse("payments:inspect", args=[awaited.pk]))
    assert page.status_code == 200
    assert awaited.display_reference in page.text
    assert page.context["mark_paid_url"]
    assert 'data-action="payments.payment.created"' in page.text

    url = reverse("payments:mark_paid", args=[awaited.pk])
    assert admin_a.get(url).status_code == 200
    response = admin_a.post(url, {"note": "Cash aan de toog"})
    assert response.status_code == 302 and levels(response) == ["success"]
    assert response["Location"] == reverse("payments:inspect", args=[awaited.pk])
    with tenant_context(tenant_a):
        awaited.refresh_from_db()
        assert awaited.status == Payment.Status.PAID
        assert awaited.note == "Cash aan de toog"
        assert awaited.updated_by.username == "admin@alfa.localhost"
        entry = ModelLogEntry.objects.for_instance(awaited).get(action="payments.payment.paid")
        assert entry.data["note"] == "Cash aan de toog"


def test_marking_a_paid_payment_again_shows_why_and_changes_nothing(admin_a, tenant_a, payments_a):
    _awaited, paid = payments_a
    with tenant_context(tenant_a):
        before = Payment.objects.values().get(pk=paid.pk)
        logged = ModelLogEntry.objects.count()
    page = admin_a.get(reverse("payments:inspect", args=[paid.pk]))
    assert page.context["mark_paid_url"] == "", "no button for a paid payment"

    response = admin_a.post(reverse("payments:mark_paid", args=[paid.pk]), {"note": "nog eens"})
    assert response.status_code == 302 and levels(response) == ["error"]
    with tenant_context(tenant_a), translation.override("nl"):
        with pytest.raises(PaymentError) as refusal:
            payment_mark_paid(payment=paid)
    assert texts(response) == [refusal.value.message]
    with tenant_context(tenant_a):
        assert Payment.objects.values().get(pk=paid.pk) == before
        assert ModelLogEntry.objects.count() == logged


def test_payments_cannot_be_added_edited_or_deleted_here(admin_a, payments_a):
    awaited, _paid = payments_a
    assert admin_a.get(reverse("payments:add")).status_code in (302, 403)
    assert admin_a.get(reverse("payments:edit", args=[awaited.pk])).status_code in (302, 403)
    assert admin_a.get(reverse("payments:delete", args=[awaited.pk])).status_code in (302, 403)


def test_one_tenant_never_sees_the_others_payments(admin_b, tenant_a, payments_a):
    awaited, _paid = payments_a
    response = admin_b.get(reverse("payments:index"))
    assert response.status_code == 200 and "Ann Aerts" not in response.text
    assert admin_b.get(reverse("payments:inspect", args=[awaited.pk])).status_code == 404
    assert admin_b.post(reverse("payments:mark_paid", args=[awaited.pk])).status_code == 404
    with tenant_context(tenant_a):
        awaited.refresh_from_db()
        assert awaited.status == Payment.Status.PENDING


def test_menus(admin_a, network_client, public_tenant):
    html = admin_a.get("/admin/").text
    assert "/admin/payments/" in html
    assert "/admin/settings/payments/banktransfersettings/" in html

    login_as(network_client, public_tenant, "admin@localhost")
    html = network_client.get("/admin/").text
    assert "/admin/payments/" not in html
    assert "/admin/settings/payments/banktransfersettings/" not in html
    assert network_client.get(reverse("payments:index")).status_code == 404
