"""The member register and fee screens in a buurtpunt's admin: the register and its CSV,
admitting and ending, the fees of a year with raise, mark paid and waive; refusals shown
as messages, never a 500; two tenants apart; nothing of it on the network site."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django_tenants.utils import tenant_context

from core import localtime
from members.models import FeeDue, FeePlan, Membership, MembershipType, Person
from members.services import dues_raise, membership_admit, membership_resign
from payments.models import Payment
from tests.conftest import login_as
from tests.members.factories import PersonFactory, bank_account

pytestmark = pytest.mark.django_db

D = FeeDue.Status


def days_ago(n: int):
    return localtime.today() - timedelta(days=n)


def texts(response) -> list[str]:
    return [str(message.message).strip() for message in get_messages(response.wsgi_request)]


def levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


def post(client, url, data=None):
    """POST ``url``; then follow the redirect, as the browser would, so that the messages
    of this action are shown (and gone) before the next one. ``.levels`` holds them."""
    response = client.post(url, data or {})
    response.levels = levels(response)
    if response.status_code == 302:
        client.get(response["Location"])
    return response


@pytest.fixture
def admin_a(client_a, tenant_a):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    return client_a


@pytest.fixture
def admin_b(client_b, tenant_b):
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    return client_b


@pytest.fixture
def plan_a(tenant_a):
    """Alfa's fee plan (EUR 15, reduced 7.50) and type, a bank account, three members:
    Aerts (current), Bauwens (current, reduced), Claes (resigned long before this year's
    due day: owes no fee this year)."""
    with tenant_context(tenant_a):
        bank_account()
        plan = FeePlan.objects.create(
            name="Lidgeld", amount=Decimal("15.00"), reduced_amount=Decimal("7.50")
        )
        kind = MembershipType.objects.create(name="Effectief lid", fee_plan=plan)
        MembershipType.objects.exclude(pk=kind.pk).delete()
        for last_name, reduced in (("Aerts", False), ("Bauwens", True), ("Claes", False)):
            membership_admit(
                person=PersonFactory(last_name=last_name),
                type=kind,
                admitted_on=days_ago(500),
                reduced_fee=reduced,
            )
        membership_resign(
            membership=Membership.objects.get(person__last_name="Claes"), ended_on=days_ago(450)
        )
    connection.set_schema_to_public()
    return plan


def in_a(tenant_a, fn):
    with tenant_context(tenant_a):
        result = fn()
    connection.set_schema_to_public()
    return result


# --- the register ---------------------------------------------------------------------------


def test_the_register_lists_current_members_and_on_asking_the_former(admin_a, plan_a):
    response = admin_a.get(reverse("member_register:index"))
    assert response.status_code == 200
    html = response.text
    assert "Aerts" in html and "Bauwens" in html and "Claes" not in html
    assert "window.print()" in html and "bp-print-only" in html

    everyone = admin_a.get(reverse("member_register:index"), {"status": "all"}).text
    assert "Aerts" in everyone and "Claes" in everyone
    former = admin_a.get(reverse("member_register:index"), {"status": "former"}).text
    assert "Claes" in former and "Aerts" not in former
    # Admitted 500 days ago, recorded today: every admission of this fixture is late.
    assert 'data-late="admission"' in everyone and 'data-late="end"' in everyone


def test_the_register_filters_on_year_and_late_records(admin_a, tenant_a, plan_a):
    def add():
        membership_admit(
            person=PersonFactory(last_name="Dewulf"),
            type=MembershipType.objects.get(),
            admitted_on=days_ago(1),
        )

    in_a(tenant_a, add)
    late = admin_a.get(reverse("member_register:index"), {"status": "all", "late": "on"}).text
    assert "Aerts" in late and "Dewulf" not in late
    then = admin_a.get(
        reverse("member_register:index"), {"status": "all", "year": days_ago(500).year}
    ).text
    assert "Aerts" in then and "Claes" in then and "Dewulf" not in then
    wrong_year = admin_a.get(reverse("member_register:index"), {"status": "former", "year": 1})
    assert "Claes" in wrong_year.text and "Aerts" not in wrong_year.text


def test_the_register_downloads_as_csv_with_formulas_made_harmless(admin_a, tenant_a, plan_a):
    def add():
        membership_admit(
            person=PersonFactory(first_name='=HYPERLINK("http://x")', last_name="+Evil"),
            type=MembershipType.objects.get(),
            admitted_on=days_ago(1),
        )

    in_a(tenant_a, add)
    response = admin_a.get(reverse("member_register:export"), {"status": "all"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *lines = rows
    assert len(header) == len(lines[0]) and len(lines) == 4
    evil = next(line for line in lines if "Evil" in line[1])
    assert evil[1] == "'+Evil" and evil[2] == '\'=HYPERLINK("http://x")'
    claes = next(line for line in lines if line[1] == "Claes")
    assert claes[13] == days_ago(450).isoformat() and claes[14]
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)


# --- admitting and ending ------------------------------------------------------------------


def test_admitting_a_new_person_from_the_form(admin_a, tenant_a, plan_a):
    response = post(
        admin_a,
        reverse("member_register:admit"),
        {
            "first_name": "Lotte",
            "last_name": "Goethals",
            "street": "Dorp 4",
            "postcode": "9520",
            "city": "Zonnegem",
            "email": "lotte@example.be",
            "type": in_a(tenant_a, lambda: MembershipType.objects.get().pk),
            "admitted_on": days_ago(2).isoformat(),
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert response.levels == ["success"]
    membership = in_a(
        tenant_a,
        lambda: Membership.objects.select_related("person").get(person__last_name="Goethals"),
    )
    assert response["Location"] == reverse("member_register:membership", args=[membership.pk])
    assert membership.person.member_number and not membership.late


def test_admitting_someone_known_who_is_a_member_already_is_refused_on_the_form(
    admin_a, tenant_a, plan_a
):
    aerts = in_a(tenant_a, lambda: Person.objects.get(last_name="Aerts"))
    claes = in_a(tenant_a, lambda: Person.objects.get(last_name="Claes"))
    form = admin_a.get(reverse("member_register:admit"), {"person": claes.pk})
    assert form.status_code == 200
    choices = [c for c, _label in form.context["form"].fields["person"].choices if c]
    assert claes.pk in [int(str(c)) for c in choices]
    assert aerts.pk not in [int(str(c)) for c in choices], "current members are not offered"

    kind = in_a(tenant_a, lambda: MembershipType.objects.get().pk)
    response = post(
        admin_a,
        reverse("member_register:admit"),
        {"person": aerts.pk, "type": kind, "admitted_on": days_ago(1).isoformat()},
    )
    assert response.status_code == 200 and "person" in response.context["form"].errors
    future = post(
        admin_a,
        reverse("member_register:admit"),
        {"person": claes.pk, "type": kind, "admitted_on": (days_ago(-3)).isoformat()},
    )
    assert future.status_code == 200 and "admitted_on" in future.context["form"].errors
    nothing = post(
        admin_a,
        reverse("member_register:admit"),
        {"type": kind, "admitted_on": days_ago(1).isoformat()},
    )
    assert nothing.status_code == 200 and nothing.context["form"].non_field_errors()
    assert in_a(tenant_a, lambda: Membership.objects.count()) == 3


def test_recording_an_end_from_the_members_page(admin_a, tenant_a, plan_a):
    membership = in_a(tenant_a, lambda: Membership.objects.get(person__last_name="Aerts"))
    page = admin_a.get(reverse("member_register:membership", args=[membership.pk]))
    assert page.status_code == 200
    end_url = reverse("member_register:end", args=[membership.pk])
    assert end_url in page.text

    response = post(
        admin_a,
        end_url,
        {"end_reason": "resignation", "ended_on": days_ago(1).isoformat(), "note": ""},
    )
    assert response.status_code == 302 and response.levels == ["success"]
    membership = in_a(tenant_a, lambda: Membership.objects.get(pk=membership.pk))
    assert membership.end_reason == "resignation" and membership.ended_on == days_ago(1)

    again = post(
        admin_a, end_url, {"end_reason": "death", "ended_on": days_ago(0).isoformat(), "note": ""}
    )
    assert again.status_code == 302 and again.levels == ["error"]
    assert in_a(tenant_a, lambda: Membership.objects.get(pk=membership.pk).end_reason) == (
        "resignation"
    )
    assert (
        end_url not in admin_a.get(reverse("member_register:membership", args=[membership.pk])).text
    )


def test_an_exclusion_without_reason_or_a_future_end_is_shown_on_the_form(
    admin_a, tenant_a, plan_a
):
    membership = in_a(tenant_a, lambda: Membership.objects.get(person__last_name="Aerts"))
    end_url = reverse("member_register:end", args=[membership.pk])
    no_reason = post(
        admin_a,
        end_url,
        {"end_reason": "exclusion", "ended_on": days_ago(1).isoformat(), "note": ""},
    )
    assert no_reason.status_code == 200 and "note" in no_reason.context["form"].errors
    future = post(
        admin_a,
        end_url,
        {"end_reason": "resignation", "ended_on": days_ago(-1).isoformat(), "note": ""},
    )
    assert future.status_code == 200 and "ended_on" in future.context["form"].errors
    assert in_a(tenant_a, lambda: Membership.objects.get(pk=membership.pk).is_current)


# --- the fees -------------------------------------------------------------------------------


def test_raising_the_years_fees_after_a_confirmation(admin_a, tenant_a, plan_a):
    year = localtime.today().year
    overview = admin_a.get(reverse("member_dues:index"), {"year": year})
    assert overview.status_code == 200
    raise_url = reverse("member_dues:raise", args=[year])
    assert raise_url in overview.text and 'data-to-raise="2"' in overview.text

    confirm = admin_a.get(raise_url)
    assert confirm.status_code == 200
    assert 'data-preview-count="2"' in confirm.text and 'data-preview-total="22.50"' in confirm.text
    assert in_a(tenant_a, lambda: FeeDue.objects.count()) == 0, "a GET changes nothing"

    response = post(admin_a, raise_url)
    assert response.status_code == 302 and response.levels == ["success"]
    assert in_a(tenant_a, lambda: FeeDue.objects.filter(year=year).count()) == 2
    again = post(admin_a, raise_url)
    assert again.status_code == 302 and again.levels == ["info"]
    assert in_a(tenant_a, lambda: FeeDue.objects.count()) == 2

    totals = admin_a.get(reverse("member_dues:index"), {"year": year}).context["totals"]
    assert totals["open"] == {"count": 2, "amount": Decimal("22.50")}


def test_a_raise_the_service_refuses_is_a_message(admin_a, tenant_a, plan_a):
    def no_bank():
        bank_account(iban="", holder="")

    in_a(tenant_a, no_bank)
    year = localtime.today().year
    confirm = admin_a.get(reverse("member_dues:raise", args=[year]))
    assert confirm.status_code == 200 and "disabled" in confirm.text
    response = post(admin_a, reverse("member_dues:raise", args=[year]))
    assert response.status_code == 302 and response.levels == ["error"]
    assert in_a(tenant_a, lambda: FeeDue.objects.count()) == 0
    bad_year = admin_a.get(reverse("member_dues:raise", args=[1900]))
    assert bad_year.status_code == 302 and levels(bad_year) == ["error"]


@pytest.fixture
def dues_a(tenant_a, plan_a):
    def make():
        return {
            d.person.last_name: d for d in dues_raise(year=localtime.today().year, notify=False)
        }

    return in_a(tenant_a, make)


def test_mark_paid_and_waive_from_the_fees_page(admin_a, tenant_a, dues_a):
    aerts, bauwens = dues_a["Aerts"], dues_a["Bauwens"]
    page = admin_a.get(reverse("member_dues:index"), {"year": aerts.year})
    paid_url = reverse("member_dues:mark_paid", args=[aerts.pk])
    waive_url = reverse("member_dues:waive", args=[bauwens.pk])
    assert paid_url in page.text and waive_url in page.text
    assert admin_a.get(paid_url).status_code == 200

    response = post(admin_a, paid_url, {"note": "cash aan de toog"})
    assert response.status_code == 302 and response.levels == ["success"]
    assert in_a(tenant_a, lambda: FeeDue.objects.get(pk=aerts.pk).status) == D.PAID
    assert in_a(tenant_a, lambda: Payment.objects.get(pk=aerts.payment_id).note) == (
        "cash aan de toog"
    )

    no_reason = post(admin_a, waive_url, {"reason": ""})
    assert no_reason.status_code == 200 and "reason" in no_reason.context["form"].errors
    response = post(admin_a, waive_url, {"reason": "Moeilijk jaar"})
    assert response.status_code == 302 and response.levels == ["success"]
    assert in_a(tenant_a, lambda: FeeDue.objects.get(pk=bauwens.pk).status) == D.WAIVED

    # Waiving a paid fee, paying a waived one: refused with a message, nothing changes.
    refused = post(admin_a, reverse("member_dues:waive", args=[aerts.pk]), {"reason": "x"})
    assert refused.status_code == 302 and refused.levels == ["error"]
    refused = post(admin_a, reverse("member_dues:mark_paid", args=[bauwens.pk]), {"note": ""})
    assert refused.status_code == 302 and refused.levels == ["error"]
    assert in_a(tenant_a, lambda: FeeDue.objects.get(pk=aerts.pk).status) == D.PAID
    assert in_a(tenant_a, lambda: FeeDue.objects.get(pk=bauwens.pk).status) == D.WAIVED

    totals = admin_a.get(reverse("member_dues:index"), {"year": aerts.year}).context["totals"]
    assert totals["paid"]["count"] == 1 and totals["waived"]["count"] == 1


def test_the_fees_page_shows_who_is_behind(admin_a, tenant_a, dues_a):
    def overdue():
        FeeDue.objects.filter(pk=dues_a["Aerts"].pk).update(due_on=days_ago(30))
        FeeDue.objects.filter(pk=dues_a["Bauwens"].pk).update(due_on=days_ago(-30))

    in_a(tenant_a, overdue)
    response = admin_a.get(reverse("member_dues:index"), {"year": dues_a["Aerts"].year})
    assert [row["due"].pk for row in response.context["behind"]] == [dues_a["Aerts"].pk]
    paid = admin_a.get(
        reverse("member_dues:index"), {"year": dues_a["Aerts"].year, "status": "paid"}
    )
    assert paid.context["rows"] == []


# --- types and plans --------------------------------------------------------------------------


def test_types_and_plans_are_edited_and_a_used_plan_is_not_deleted(admin_a, tenant_a, dues_a):
    assert admin_a.get(reverse("membership_types:index")).status_code == 200
    index = admin_a.get(reverse("fee_plans:index"))
    assert index.status_code == 200 and "Lidgeld" in index.text
    plan = in_a(tenant_a, lambda: FeePlan.objects.get(name="Lidgeld"))
    response = post(admin_a, reverse("fee_plans:delete", args=[plan.pk]))
    assert response.status_code == 302 and response.levels == ["error"]
    assert in_a(tenant_a, lambda: FeePlan.objects.filter(pk=plan.pk).exists())

    added = post(
        admin_a,
        reverse("fee_plans:add"),
        {
            "name": "Steunend",
            "amount": "25.00",
            "reduced_amount": "30.00",
            "reduced_for": "",
            "due_month": "1",
            "due_day": "31",
        },
    )
    assert added.status_code == 200, "a reduced amount above the full one is refused"
    assert not in_a(tenant_a, lambda: FeePlan.objects.filter(name="Steunend").exists())


# --- isolation and the network site -------------------------------------------------------------


def test_two_tenants_never_see_each_others_register_or_fees(admin_a, admin_b, tenant_a, dues_a):
    aerts = dues_a["Aerts"]
    assert "Aerts" in admin_a.get(reverse("member_register:index")).text
    assert "Aerts" not in admin_b.get(reverse("member_register:index"), {"status": "all"}).text
    assert "Aerts" not in admin_b.get(reverse("member_dues:index"), {"year": aerts.year}).text
    export = admin_b.get(reverse("member_register:export"), {"status": "all"})
    assert b"Aerts" not in export.content
    # Bravo has no memberships nor fees at all: Alfa's ids find nothing there.
    page = admin_b.get(reverse("member_register:membership", args=[aerts.membership_id]))
    assert page.status_code == 404
    waive = admin_b.post(reverse("member_dues:waive", args=[aerts.pk]), {"reason": "x"})
    assert waive.status_code == 404
    assert in_a(tenant_a, lambda: FeeDue.objects.get(pk=aerts.pk).status) == D.OPEN


def test_nothing_of_it_on_the_network_site(network_client, public_tenant):
    login_as(network_client, public_tenant, "admin@localhost")
    for name in (
        "member_register:index",
        "member_register:export",
        "member_register:admit",
        "member_dues:index",
        "fee_plans:index",
        "membership_types:index",
    ):
        assert network_client.get(reverse(name)).status_code == 404, name
    home = network_client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert reverse("member_register:index") not in home.text
    assert reverse("member_dues:index") not in home.text
    assert reverse("fee_plans:index") not in home.text


def test_the_menu_shows_the_register_to_a_vzw(admin_b):
    home = admin_b.get(reverse("wagtailadmin_home")).text
    assert reverse("member_register:index") in home and reverse("fee_plans:index") in home
