"""Host routing: each host sees its own tenant, and nothing else."""

import pytest

from tests.conftest import host_client

pytestmark = pytest.mark.django_db


def test_each_host_serves_its_own_home_page(client_a, client_b, network_client):
    a = client_a.get("/")
    b = client_b.get("/")
    net = network_client.get("/")
    assert a.status_code == b.status_code == net.status_code == 200
    assert "Buurtpunt Alfa" in a.text and "Buurtpunt Bravo" not in a.text
    assert "Buurtpunt Bravo" in b.text and "Buurtpunt Alfa" not in b.text
    assert "Netwerk" in net.text


def test_network_home_lists_active_buurtpunten(network_client, tenant_a, tenant_b):
    from tenants.services import buurtpunt_suspend

    buurtpunt_suspend(buurtpunt=tenant_b, reason="test")
    text = network_client.get("/").text
    assert "Buurtpunt Alfa" in text
    assert "Buurtpunt Bravo" not in text


def test_unknown_host_is_a_plain_404(db):
    response = host_client("unknown.localhost").get("/")
    assert response.status_code == 404
    assert "Netwerk" not in response.text and "Alfa" not in response.text


def test_unknown_host_admin_is_404_too(db):
    assert host_client("unknown.localhost").get("/admin/login/").status_code == 404


def test_suspended_buurtpunt_answers_503_and_says_so(tenant_a, client_a, client_b):
    from tenants.services import buurtpunt_reactivate, buurtpunt_suspend

    buurtpunt_suspend(buurtpunt=tenant_a, reason="unpaid")
    response = client_a.get("/")
    assert response.status_code == 503
    assert "Buurtpunt Alfa" in response.text
    assert "tijdelijk niet beschikbaar" in response.text
    assert client_a.get("/admin/login/").status_code == 503
    assert client_b.get("/").status_code == 200
    buurtpunt_reactivate(buurtpunt=tenant_a)
    assert client_a.get("/").status_code == 200


def test_healthz_on_every_host(client_a, network_client):
    for client in (client_a, network_client, host_client("unknown.localhost")):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.text == "ok"


def test_admin_speaks_dutch_by_default_whatever_the_browser_asks(client_a, network_client):
    for client in (client_a, network_client):
        response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response.status_code == 200
        assert "Inloggen" in response.text
        assert '<html lang="nl"' in response.text
