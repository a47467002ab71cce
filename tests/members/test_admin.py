"""The board's screens in a buurtpunt's admin: share requests and their actions, people,
share classes, the register and the general meeting list; two tenants that never see
each other's people; a network admin without any of it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from core import localtime
from members.errors import SubscriptionError
from members.models import Person, RegisterEntry, ShareClass, Subscription
from members.services import (
    register_entry_write,
    subscription_approve,
    subscription_confirm,
    subscription_reject,
    subscription_request,
)
from payments.services import payment_mark_paid
from tests.conftest import PASSWORD, login_as
from tests.members.factories import (
    CONSENTS,
    PERSON_DATA,
    PersonFactory,
    ShareClassFactory,
    bank_account,
    cooperative,
)

pytestmark = pytest.mark.django_db

S = Subscription.Status


# --- helpers ---------------------------------------------------------------------------


def request(share_class, first_name, quantity=2, *, confirm=True) -> Subscription:
    """A request of ``first_name`` Peeters, confirmed by e-mail unless ``confirm=False``."""
    subscription, _created = subscription_request(
        share_class=share_class,
        quantity=quantity,
        person={
            **PERSON_DATA,
            "first_name": first_name,
            "email": f"{first_name.lower()}@example.be",
        },
        consents=CONSENTS,
        request_token=uuid.uuid4(),
    )
    if confirm:
        subscription = subscription_confirm(subscription=subscription)
    return subscription


def reload(subscription: Subscription) -> Subscription:
    return Subscription.objects.select_related("payment", "person").get(pk=subscription.pk)


def texts(response) -> list[str]:
    return [str(message.message).strip() for message in get_messages(response.wsgi_request)]


def levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


def act(client, url, data=None):
    """POST ``url``; then follow the redirect, as the browser would, so that the
    messages of this action are shown (and gone) before the next one."""
    response = client.post(url, data or {})
    response.levels, response.texts = levels(response), texts(response)
    if response.status_code == 302:
        client.get(response["Location"])
    return response


def inspect_url(subscription) -> str:
    return reverse("share_requests:inspect", args=[subscription.pk])


def action_url(name: str, subscription) -> str:
    return reverse(f"share_requests:{name}", args=[subscription.pk])


@pytest.fixture
def admin_a(client_a, tenant_a):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    return client_a


@pytest.fixture
def admin_b(client_b, tenant_b):
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    return client_b


@pytest.fixture
def klass(tenant_a):
    """Class K of Alfa (EUR 25, at most 20 per person), with a bank account to pay to."""
    with tenant_context(tenant_a):
        bank_account()
        share_class = ShareClassFactory(code="K", name="Buurtaandelen")
    connection.set_schema_to_public()
    return share_class


# --- the list of requests --------------------------------------------------------------


def test_requests_list_newest_first_without_unconfirmed(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        request(klass, "Ann")
        request(klass, "Bert")
        request(klass, "Piet", confirm=False)
    response = admin_a.get(reverse("share_requests:index"))
    assert response.status_code == 200
    html = response.text
    assert "Peeters" in html and "Bert" in html and "Ann" in html
    assert html.index("Bert") < html.index("Ann"), "newest first"
    assert "Piet" not in html, "an unconfirmed request is hidden by default"

    shown = admin_a.get(reverse("share_requests:index"), {"status": "unconfirmed"})
    assert "Piet" in shown.text and "Ann" not in shown.text


def test_requests_list_filters_on_status_and_class(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        other = ShareClassFactory(code="Z", name="Zonnepanelen")
        request(klass, "Ann")
        subscription_reject(subscription=request(klass, "Bert"), reason="Te veel", actor=None)
        request(other, "Carla")
    rejected = admin_a.get(reverse("share_requests:index"), {"status": "rejected"})
    assert "Bert" in rejected.text and "Ann" not in rejected.text and "Carla" not in rejected.text

    to_handle = admin_a.get(reverse("share_requests:index"), {"status": "open"})
    assert "Ann" in to_handle.text and "Carla" in to_handle.text and "Bert" not in to_handle.text

    of_class = admin_a.get(reverse("share_requests:index"), {"share_class": other.pk})
    assert "Carla" in of_class.text and "Ann" not in of_class.text


def test_requests_list_finds_by_name_email_or_reference(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        ann = reload(request(klass, "Ann"))
        bert = request(klass, "Bert")

    def found(query):
        result = admin_a.get(reverse("share_requests:index"), {"q": query})
        return {row.instance.pk for row in result.context["table"].rows}

    assert found("Ann Peeters") == {ann.pk}
    assert found("bert@example") == {bert.pk}
    assert found(ann.payment.display_reference) == {ann.pk}
    assert found("Peeters") == {ann.pk, bert.pk}


def test_one_tenant_never_shows_the_others_requests_or_people(admin_a, admin_b, tenant_a, klass):
    with tenant_context(tenant_a):
        subscription = request(klass, "Alfonsine")
        person_pk = subscription.person_id
    assert "Alfonsine" in admin_a.get(reverse("share_requests:index")).text
    assert "Alfonsine" in admin_a.get(reverse("people:index")).text

    # Bravo's admin: its own (empty) lists, and the other tenant's rows do not exist.
    assert "Alfonsine" not in admin_b.get(reverse("share_requests:index")).text
    assert "Alfonsine" not in admin_b.get(reverse("people:index")).text
    assert admin_b.get(inspect_url(subscription)).status_code == 404
    assert admin_b.get(reverse("people:inspect", args=[person_pk])).status_code == 404
    assert admin_b.post(action_url("approve", subscription)).status_code == 404
    with tenant_context(tenant_a):
        assert reload(subscription).status == S.SUBMITTED


# --- one request and its actions ---------------------------------------------------------------


def test_request_page_shows_person_payment_history_and_the_allowed_actions(
    admin_a, tenant_a, klass
):
    with tenant_context(tenant_a):
        subscription = reload(request(klass, "Ann"))
    response = admin_a.get(inspect_url(subscription))
    assert response.status_code == 200
    html = response.text
    assert "Ann Peeters" in html and "Kerkstraat 3" in html
    assert subscription.payment.display_reference in html
    assert "50,00" in html, "the amount, in Dutch"
    assert 'data-action="members.subscription.submitted"' in html, "the history is shown"
    shown = {action["name"] for action in response.context["actions"]}
    assert shown == {"approve", "mark_paid", "reject", "cancel"}


def test_approve(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        subscription = request(klass, "Ann")
    response = act(admin_a, action_url("approve", subscription))
    assert response.status_code == 302
    assert response["Location"] == inspect_url(subscription)
    assert response.levels == ["success"]
    with tenant_context(tenant_a):
        subscription = reload(subscription)
        assert subscription.status == S.APPROVED
        assert subscription.decided_by.username == "admin@alfa.localhost"


def test_a_refused_action_shows_the_reason_and_changes_nothing(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        subscription = request(klass, "Ann")
        subscription_reject(subscription=subscription, reason="Geen inwoner", actor=None)
        logged = ModelLogEntry.objects.count()
    response = act(admin_a, action_url("approve", subscription))
    assert response.status_code == 302, "a refusal is a message, never a 500"
    assert response.levels == ["error"]
    with tenant_context(tenant_a), translation.override("nl"):
        with pytest.raises(SubscriptionError) as refusal:
            subscription_approve(subscription=subscription)
    assert response.texts == [refusal.value.message], "the service's own words, in Dutch"
    with tenant_context(tenant_a):
        subscription = reload(subscription)
        assert subscription.status == S.REJECTED
        assert subscription.reason == "Geen inwoner"
        assert ModelLogEntry.objects.count() == logged
    page = admin_a.get(inspect_url(subscription))
    assert "data-action-name" not in page.text, "no buttons for a closed request"


def test_reject_asks_for_a_reason(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        subscription = request(klass, "Ann")
    form = admin_a.get(action_url("reject", subscription))
    assert form.status_code == 200 and 'name="reason"' in form.text

    empty = act(admin_a, action_url("reject", subscription), {"reason": "  "})
    assert empty.status_code == 200
    assert empty.context["form"].errors["reason"]
    with tenant_context(tenant_a):
        assert reload(subscription).status == S.SUBMITTED

    done = act(admin_a, action_url("reject", subscription), {"reason": "Geen inwoner"})
    assert done.status_code == 302 and done.levels == ["success"]
    with tenant_context(tenant_a):
        subscription = reload(subscription)
        assert subscription.status == S.REJECTED
        assert subscription.reason == "Geen inwoner"
        assert subscription.payment.status == "cancelled"


def test_mark_paid_issues_the_shares_of_an_approved_request(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        subscription = request(klass, "Ann", quantity=3)
    act(admin_a, action_url("approve", subscription))
    response = act(admin_a, action_url("mark_paid", subscription), {"note": "Cash aan de toog"})
    assert response.status_code == 302 and response.levels == ["success"]
    with tenant_context(tenant_a):
        subscription = reload(subscription)
        assert subscription.status == S.EFFECTIVE
        assert subscription.payment.status == "paid"
        assert "Cash aan de toog" in subscription.payment.note
        entry = RegisterEntry.objects.get(subscription=subscription)
        assert (entry.kind, entry.quantity) == ("issue", 3)
        assert subscription.person.member_number is not None

    again = act(admin_a, action_url("mark_paid", subscription), {"note": "nog eens"})
    assert again.levels == ["error"], "a second click never pays twice"
    with tenant_context(tenant_a):
        assert RegisterEntry.objects.filter(subscription=subscription).count() == 1


def test_cancel(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        subscription = request(klass, "Ann")
    response = act(admin_a, action_url("cancel", subscription), {"reason": "Trok zich terug"})
    assert response.levels == ["success"]
    with tenant_context(tenant_a):
        subscription = reload(subscription)
        assert subscription.status == S.CANCELLED
        assert subscription.reason == "Trok zich terug"


def test_mark_refunded_after_a_paid_request_was_rejected(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        cooperative(auto_approve=False)
        subscription = request(klass, "Ann")
        payment_mark_paid(payment=reload(subscription).payment)
        assert reload(subscription).status == S.PAID
    refused = act(admin_a, action_url("refunded", subscription))
    assert refused.levels == ["error"], "not rejected yet"

    act(admin_a, action_url("reject", subscription), {"reason": "Klasse vol"})
    page = admin_a.get(inspect_url(subscription))
    assert {a["name"] for a in page.context["actions"]} == {"refunded"}
    response = act(admin_a, action_url("refunded", subscription))
    assert response.levels == ["success"]
    with tenant_context(tenant_a):
        subscription = reload(subscription)
        assert subscription.status == S.REFUNDED
        assert subscription.payment.status == "refunded"


def test_a_user_without_the_permission_sees_but_cannot_act(client_a, tenant_a, klass):
    with tenant_context(tenant_a):
        subscription = request(klass, "Ann")
        user = get_user_model().objects.create_user(
            "viewer@alfa.localhost", password=PASSWORD, is_staff=True
        )
        user.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="view_subscription"),
        )
    login_as(client_a, tenant_a, "viewer@alfa.localhost")
    assert client_a.get(reverse("share_requests:index")).status_code == 200
    page = client_a.get(inspect_url(subscription))
    assert page.status_code == 200 and page.context["actions"] == []
    refused = client_a.post(action_url("approve", subscription))
    assert refused.status_code == 403 or refused["Location"] == reverse("wagtailadmin_home")
    assert client_a.get(reverse("share_register:index")).status_code != 200
    with tenant_context(tenant_a):
        assert reload(subscription).status == S.SUBMITTED


# --- many at once --------------------------------------------------------------------------


def bulk_url(action: str, subscriptions) -> str:
    ids = "&".join(f"id={s.pk}" for s in subscriptions)
    return f"/admin/bulk/members/subscription/{action}/?{ids}&next=/admin/share_requests/"


def test_bulk_approve(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        waiting = [request(klass, name) for name in ("Ann", "Bert", "Carla")]
        closed = request(klass, "Dirk")
        subscription_reject(subscription=closed, reason="Geen inwoner", actor=None)
    url = bulk_url("approve", [*waiting, closed])
    confirm = admin_a.get(url)
    assert confirm.status_code == 200
    assert "Carla" in confirm.text and "Dirk" in confirm.text

    response = act(admin_a, url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/share_requests/"
    assert response.levels == ["success", "warning"], "the rejected one is left, and told"
    with tenant_context(tenant_a):
        assert {reload(s).status for s in waiting} == {S.APPROVED}
        assert reload(closed).status == S.REJECTED


def test_bulk_approve_reports_a_refusal_and_goes_on(admin_a, tenant_a, tenant_b, klass):
    with tenant_context(tenant_a):
        small = ShareClassFactory(code="S", name="Schaars", max_issued=2)
        first = request(small, "Ann", quantity=2)
        second = request(small, "Bert", quantity=2)
        payment_mark_paid(payment=reload(first).payment)
        payment_mark_paid(payment=reload(second).payment)
    response = act(admin_a, bulk_url("approve", [first, second]))
    assert response.levels == ["success", "error"], "one issued, the other refused"
    with tenant_context(tenant_a):
        assert sorted([reload(first).status, reload(second).status]) == [S.EFFECTIVE, S.PAID]


def test_bulk_select_all_keeps_to_the_filtered_list(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        other = ShareClassFactory(code="Z", name="Zonnepanelen")
        mine = [request(other, "Ann"), request(other, "Bert")]
        not_mine = request(klass, "Carla")
    url = f"/admin/bulk/members/subscription/approve/?id=all&share_class={other.pk}"
    assert act(admin_a, url).levels == ["success"]
    with tenant_context(tenant_a):
        assert {reload(s).status for s in mine} == {S.APPROVED}
        assert reload(not_mine).status == S.SUBMITTED, "outside the filter: untouched"


def test_bulk_reject_asks_for_one_reason(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        chosen = [request(klass, "Ann"), request(klass, "Bert")]
    url = bulk_url("reject", chosen)
    empty = admin_a.post(url, {"reason": ""})
    assert empty.status_code == 200
    with tenant_context(tenant_a):
        assert {reload(s).status for s in chosen} == {S.SUBMITTED}

    admin_a.post(url, {"reason": "Enkel voor inwoners"})
    with tenant_context(tenant_a):
        assert {(reload(s).status, reload(s).reason) for s in chosen} == {
            (S.REJECTED, "Enkel voor inwoners")
        }


def test_bulk_action_of_the_other_tenant_finds_nothing(admin_b, tenant_a, klass):
    with tenant_context(tenant_a):
        subscription = request(klass, "Ann")
    assert admin_b.post(bulk_url("approve", [subscription])).status_code == 404
    with tenant_context(tenant_a):
        assert reload(subscription).status == S.SUBMITTED


# --- people ---------------------------------------------------------------------------------


@pytest.fixture
def holders(tenant_a, klass):
    """Ann (member 1) holds 4 shares of K; Bert has none; an unconfirmed applicant."""
    with tenant_context(tenant_a):
        ann = PersonFactory(first_name="Ann", last_name="Aerts", member_number=1, city="Alveringem")
        bert = PersonFactory(first_name="Bert", last_name="Bauwens", email="bert@example.be")
        PersonFactory(first_name="Onbevestigd", last_name="X", email_confirmed_at=None)
        register_entry_write(
            kind="issue",
            person=ann,
            share_class=klass,
            quantity=4,
            entry_date=localtime.today(),
            amount_per_share=klass.nominal_value,
        )
    connection.set_schema_to_public()
    return ann, bert


def test_people_list_shows_shares_and_finds_by_name_email_or_number(admin_a, holders):
    ann, bert = holders
    response = admin_a.get(reverse("people:index"))
    assert response.status_code == 200
    rows = {row.instance.pk: row.instance for row in response.context["table"].rows}
    assert rows[ann.pk].shares_held == 4 and rows[bert.pk].shares_held == 0
    assert "Onbevestigd" not in response.text

    def found(query):
        result = admin_a.get(reverse("people:index"), {"q": query})
        return {row.instance.pk for row in result.context["table"].rows}

    assert found("Ann Aerts") == {ann.pk}
    assert found("aerts ann") == {ann.pk}
    assert found("bert@example") == {bert.pk}
    assert found("1") == {ann.pk}

    shareholders = admin_a.get(reverse("people:index"), {"status": "shareholders"})
    assert {row.instance.pk for row in shareholders.context["table"].rows} == {ann.pk}


def test_person_page_shows_holdings_entries_and_history(admin_a, holders):
    ann, _bert = holders
    response = admin_a.get(reverse("people:inspect", args=[ann.pk]))
    assert response.status_code == 200
    assert [(row["share_class"].code, row["quantity"]) for row in response.context["holdings"]] == [
        ("K", 4)
    ]
    assert 'data-entry="1"' in response.text
    assert 'data-action="members.register.issue"' in response.text


def test_editing_a_person_changes_contact_details_only_and_is_logged(admin_a, tenant_a, holders):
    ann, _bert = holders
    url = reverse("people:edit", args=[ann.pk])
    form = admin_a.get(url)
    assert form.status_code == 200
    assert 'name="member_number"' not in form.text and 'name="last_name"' not in form.text
    data = {
        "street": "Nieuwstraat 9",
        "postcode": "8690",
        "city": "Alveringem",
        "country": "BE",
        "email": "ann.nieuw@example.be",
        "phone": "0470 12 34 56",
        "language": "nl",
        "member_number": "99",
        "last_name": "Vervalst",
    }
    response = admin_a.post(url, data)
    assert response.status_code == 302
    with tenant_context(tenant_a):
        ann = Person.objects.get(pk=ann.pk)
        assert (ann.street, ann.email, ann.member_number, ann.last_name) == (
            "Nieuwstraat 9",
            "ann.nieuw@example.be",
            1,
            "Aerts",
        )
        assert ann.email_confirmed_at is not None, "the board vouches for the address it types"
        logged = ModelLogEntry.objects.for_instance(ann)
        updated = logged.get(action="members.person.updated")
        assert updated.user.username == "admin@alfa.localhost"
        assert set(updated.data["fields"]) == {"street", "postcode", "phone"}
        assert logged.filter(action="members.person.email_changed").exists()
        assert not logged.filter(action="wagtail.edit").exists(), "one entry per change, by service"

    bad = admin_a.post(url, {**data, "postcode": "12", "street": "Elders 1"})
    assert bad.status_code == 200
    removed = admin_a.post(url, {**data, "email": ""})
    assert removed.status_code == 200 and removed.context["form"].errors["email"]
    with tenant_context(tenant_a):
        person = Person.objects.get(pk=ann.pk)
        assert (person.postcode, person.street, person.email) == (
            "8690",
            "Nieuwstraat 9",
            "ann.nieuw@example.be",
        )


def test_people_cannot_be_added_or_deleted_here(admin_a, holders):
    ann, _bert = holders
    assert admin_a.get(reverse("people:add")).status_code in (302, 403)
    assert admin_a.get(reverse("people:delete", args=[ann.pk])).status_code in (302, 403)


# --- share classes -------------------------------------------------------------------------


def test_a_share_class_in_use_cannot_be_deleted(admin_a, tenant_a, klass):
    with tenant_context(tenant_a):
        request(klass, "Ann")
        unused = ShareClassFactory(code="U", name="Ongebruikt")
    response = act(admin_a, reverse("share_classes:delete", args=[klass.pk]))
    assert response.status_code == 302
    assert response.levels == ["error"] and "K" in response.texts[0]
    assert admin_a.get(reverse("share_classes:delete", args=[klass.pk])).status_code == 302

    admin_a.post(reverse("share_classes:delete", args=[unused.pk]))
    with tenant_context(tenant_a):
        assert set(ShareClass.objects.values_list("code", flat=True)) >= {"K"}
        assert not ShareClass.objects.filter(code="U").exists()


def test_share_classes_list_and_create(admin_a, tenant_a, holders):
    response = admin_a.get(reverse("share_classes:index"))
    assert response.status_code == 200 and "Buurtaandelen" in response.text
    created = admin_a.post(
        reverse("share_classes:add"),
        {
            "code": "C",
            "name": "Steunaandelen",
            "nominal_value": "100.00",
            "min_per_person": "1",
            "votes_per_share": "1",
            "sort_order": "5",
        },
    )
    assert created.status_code == 302
    with tenant_context(tenant_a):
        assert ShareClass.objects.get(code="C").nominal_value == Decimal("100.00")


# --- the register and the general meeting ------------------------------------------------------


@pytest.fixture
def history_of_register(tenant_a, klass):
    """Ann joined 60 days ago with 4 shares; Bert 10 days ago with 2, bought from Ann."""
    today = localtime.today()
    early, late = today - timedelta(days=60), today - timedelta(days=10)
    with tenant_context(tenant_a):
        ann = PersonFactory(first_name="Ann", last_name="Aerts", member_number=1)
        bert = PersonFactory(first_name="Bert", last_name="Bauwens", member_number=2)
        common = {"share_class": klass, "amount_per_share": klass.nominal_value}
        register_entry_write(kind="issue", person=ann, quantity=4, entry_date=early, **common)
        register_entry_write(
            kind="transfer_out",
            person=ann,
            quantity=-2,
            entry_date=late,
            counterparty=bert,
            **common,
        )
        register_entry_write(
            kind="transfer_in", person=bert, quantity=2, entry_date=late, counterparty=ann, **common
        )
    connection.set_schema_to_public()
    return ann, bert, early, late


def test_register_as_of_a_past_date(admin_a, history_of_register):
    ann, bert, early, late = history_of_register
    past = admin_a.get(
        reverse("share_register:index"), {"on": (late - timedelta(days=1)).isoformat()}
    )
    assert past.status_code == 200
    holders = {block.person.pk: block for block in past.context["holders"]}
    assert set(holders) == {ann.pk}
    assert [(h.share_class.code, h.quantity) for h in holders[ann.pk].holdings] == [("K", 4)]
    assert [line.quantity for line in past.context["classes"] if line.share_class.code == "K"] == [
        4
    ]

    today = admin_a.get(reverse("share_register:index"))
    holders = {block.person.pk: block for block in today.context["holders"]}
    assert holders[ann.pk].total == 2 and holders[bert.pk].total == 2
    assert "Bert Bauwens" in today.text and "Ann Aerts" in today.text, (
        "each transfer's counterparty"
    )
    assert "window.print()" in today.text and "size: A4 landscape" in today.text


def test_register_refuses_a_future_date_and_shows_today(admin_a, history_of_register):
    future = (localtime.today() + timedelta(days=3)).isoformat()
    response = admin_a.get(reverse("share_register:index"), {"on": future})
    assert response.status_code == 200
    assert response.context["on"] == localtime.today()
    assert response.context["form"].errors


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_register_export_download(admin_a, history_of_register, fmt):
    _ann, _bert, early, _late = history_of_register
    on = early.isoformat()
    response = admin_a.get(reverse("share_register:export"), {"on": on, "format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{on}.{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        assert "Aerts" in response.content.decode() and "Bauwens" not in response.content.decode()


def test_register_export_refuses_an_unknown_format(admin_a, history_of_register):
    response = admin_a.get(reverse("share_register:export"), {"format": "pdf"})
    assert response.status_code == 404


def test_register_page_links_each_export(admin_a, history_of_register):
    response = admin_a.get(reverse("share_register:index"))
    assert {link["format"] for link in response.context["exports"]} == {"csv", "xlsx", "json"}
    for link in response.context["exports"]:
        assert admin_a.get(link["url"]).status_code == 200


def test_general_meeting_list(admin_a, tenant_a, history_of_register):
    ann, bert, _early, late = history_of_register
    with tenant_context(tenant_a):
        cooperative(voting_rule="per_share", accredited=False)
    response = admin_a.get(reverse("general_meeting:index"))
    assert response.status_code == 200
    votes = {row["person"].pk: row["votes"] for row in response.context["rows"]}
    assert votes == {ann.pk: 2, bert.pk: 2}
    assert response.context["total_votes"] == 4

    before = admin_a.get(
        reverse("general_meeting:index"), {"on": (late - timedelta(days=1)).isoformat()}
    )
    assert {row["person"].pk: row["votes"] for row in before.context["rows"]} == {ann.pk: 4}


def test_other_tenant_register_is_its_own(admin_b, history_of_register):
    response = admin_b.get(reverse("share_register:index"))
    assert response.status_code == 200
    assert response.context["holders"] == []
    assert "Aerts" not in response.text


# --- menus ----------------------------------------------------------------------------------


def test_tenant_admin_has_the_members_menu(admin_a):
    html = admin_a.get("/admin/").text
    for url in ("/admin/share_requests/", "/admin/people/", "/admin/share_register/"):
        assert url in html
    assert "/admin/settings/members/cooperativesettings/" in html


def test_network_admin_has_no_members_menu(network_client, public_tenant):
    login_as(network_client, public_tenant, "admin@localhost")
    html = network_client.get("/admin/").text
    for url in (
        "/admin/share_requests/",
        "/admin/people/",
        "/admin/share_register/",
        "/admin/general_meeting/",
        "/admin/share_classes/",
        "/admin/settings/members/cooperativesettings/",
    ):
        assert url not in html
    for url in ("/admin/share_requests/", "/admin/people/", "/admin/share_register/"):
        assert network_client.get(url).status_code == 404
    assert network_client.get(bulk_url("approve", [])).status_code == 404
