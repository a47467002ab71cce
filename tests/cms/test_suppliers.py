"""Suppliers: snippets per tenant, shown on the suppliers page, filtered by season or product."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def more_suppliers(sites, tenant_a):
    with tenant_context(tenant_a):
        SupplierFactory(
            name="Imkerij Zomer",
            category="pantry",
            products="Honing",
            season_spring=False,
            season_autumn=False,
            season_winter=False,
        )
        SupplierFactory(name="Bakkerij Altijd", category="bread", products="Brood")
    connection.set_schema_to_public()
    return sites


def names(html):
    import re

    return re.findall(r"<h2>([^<]+)</h2>", html)


def test_all_suppliers_of_the_tenant_by_name(more_suppliers, client_a, client_b):
    assert names(client_a.get("/leveranciers/").text) == [
        "Bakkerij Altijd",
        "Hoeve Alfa",
        "Imkerij Zomer",
    ]
    assert names(client_b.get("/leveranciers/").text) == ["Hoeve Bravo"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?season=winter", ["Bakkerij Altijd"]),
        ("?season=summer", ["Bakkerij Altijd", "Hoeve Alfa", "Imkerij Zomer"]),
        ("?season=spring", ["Bakkerij Altijd", "Hoeve Alfa"]),
        ("?category=pantry", ["Imkerij Zomer"]),
        ("?season=winter&category=vegetables", []),
        ("?season=nonsense", ["Bakkerij Altijd", "Hoeve Alfa", "Imkerij Zomer"]),
    ],
)
def test_filter_by_season_and_kind_of_product(more_suppliers, client_a, query, expected):
    response = client_a.get(f"/leveranciers/{query}")
    assert response.status_code == 200
    assert names(response.text) == expected


def test_a_supplier_needs_a_season(tenant_a):
    from django.core.exceptions import ValidationError

    from cms.models import Supplier

    with tenant_context(tenant_a):
        supplier = Supplier(
            name="Nooit",
            category="crafts",
            products="Niets",
            season_spring=False,
            season_summer=False,
            season_autumn=False,
            season_winter=False,
        )
        with pytest.raises(ValidationError) as info:
            supplier.full_clean()
        assert "season_spring" in info.value.message_dict


def test_suppliers_are_edited_as_snippets_in_their_own_admin(
    more_suppliers, tenant_a, tenant_b, client_a, client_b
):
    from tests.conftest import login_as

    login_as(client_a, tenant_a, "admin@alfa.localhost")
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    a = client_a.get("/admin/snippets/cms/supplier/")
    b = client_b.get("/admin/snippets/cms/supplier/")
    assert a.status_code == b.status_code == 200
    assert "Imkerij Zomer" in a.text and "Imkerij Zomer" not in b.text
    assert "Hoeve Bravo" in b.text
