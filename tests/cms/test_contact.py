"""The contact form: stored and mailed to the team; bots and floods get nothing stored or sent."""

import pytest
from django.core import mail
from django.db import connection
from django_tenants.utils import tenant_context

from cms.models.contact import HONEYPOT_FIELD, POSTS_PER_WINDOW
from tests.conftest import login_as
from tests.queue import queued, run_queued

pytestmark = pytest.mark.django_db

TASK = "cms.tasks.send_contact_submission"
GOOD = {"naam": "An Peeters", "e_mail": "an@example.org", "bericht": "Is de winkel zaterdag open?"}


def submissions(tenant):
    from cms.models import ContactSubmission

    with tenant_context(tenant):
        found = list(ContactSubmission.objects.order_by("pk").values_list("form_data", flat=True))
    connection.set_schema_to_public()
    return found


def test_a_valid_message_is_stored_and_mailed_to_its_own_team(sites, tenant_a, tenant_b, client_a):
    response = client_a.post("/contact/", GOOD)
    assert response.status_code == 200
    assert 'class="thank-you"' in response.text
    assert submissions(tenant_a) == [GOOD]
    assert submissions(tenant_b) == []
    # The mail goes through the queue, enqueued in the tenant's schema.
    jobs = queued(TASK)
    assert [job.args_kwargs["schema"] for job in jobs] == ["alfa"]
    assert mail.outbox == []

    assert run_queued(TASK) == [True]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["team@alfa.test"]
    assert message.reply_to == ["an@example.org"]
    assert "Is de winkel zaterdag open?" in message.body
    assert "An Peeters" in message.body
    assert "Contact" in message.subject
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_mail_goes_once_even_when_the_job_runs_twice(sites, tenant_a, client_a):
    from cms.tasks import send_contact_submission

    client_a.post("/contact/", GOOD)
    run_queued(TASK)
    with tenant_context(tenant_a):
        from cms.models import ContactSubmission

        submission = ContactSubmission.objects.get()
        assert submission.mailed_at is not None
        assert send_contact_submission.call(submission_id=submission.pk) is False
    assert len(mail.outbox) == 1


def test_without_a_to_address_the_site_administrators_get_the_mail(sites, tenant_b, client_b):
    with tenant_context(tenant_b):
        page = sites.b.contact
        page.to_address = ""
        page.save_revision().publish()
    connection.set_schema_to_public()
    client_b.post("/contact/", GOOD)
    run_queued(TASK)
    assert [m.to for m in mail.outbox] == [["admin@bravo.localhost"]]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, ["Dit is een verplicht veld."] * 3),
        ({**GOOD, "e_mail": "geen-adres"}, ["Voer een geldig e-mailadres in."]),
        ({**GOOD, "naam": "  "}, ["Dit is een verplicht veld."]),
        ({**GOOD, "bericht": "x" * 6000}, ["5000"]),
    ],
)
def test_missing_or_malformed_fields_give_the_form_back_in_dutch(
    sites, tenant_a, client_a, data, errors
):
    response = client_a.post("/contact/", data)
    assert response.status_code == 200
    assert '<form class="contact-form"' in response.text
    assert 'role="alert"' in response.text
    for error in errors:
        assert error in response.text
    assert response.text.count('class="error"') == len(errors)
    assert submissions(tenant_a) == []
    assert queued(TASK) == []


def test_a_filled_honeypot_looks_like_success_but_stores_and_sends_nothing(
    sites, tenant_a, client_a
):
    response = client_a.post("/contact/", {**GOOD, HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 200
    assert 'class="thank-you"' in response.text
    assert submissions(tenant_a) == []
    assert queued(TASK) == []
    run_queued(TASK)
    assert mail.outbox == []


def test_the_sixth_post_in_a_minute_is_dropped_per_client_and_per_buurtpunt(
    sites, tenant_a, tenant_b, client_a, client_b
):
    for number in range(POSTS_PER_WINDOW):
        response = client_a.post("/contact/", {**GOOD, "bericht": f"bericht {number}"})
        assert 'class="thank-you"' in response.text
    sixth = client_a.post("/contact/", {**GOOD, "bericht": "de zesde"})
    assert sixth.status_code == 200
    assert 'class="thank-you"' in sixth.text
    stored = submissions(tenant_a)
    assert len(stored) == POSTS_PER_WINDOW
    assert "de zesde" not in [s["bericht"] for s in stored]
    # Another client of the same buurtpunt, and the same client elsewhere, are not blocked.
    client_a.post("/contact/", {**GOOD, "bericht": "ander adres"}, REMOTE_ADDR="10.0.0.9")
    client_b.post("/contact/", {**GOOD, "bericht": "in bravo"})
    assert [s["bericht"] for s in submissions(tenant_a)][-1] == "ander adres"
    assert [s["bericht"] for s in submissions(tenant_b)] == ["in bravo"]
    run_queued(TASK)
    assert len(mail.outbox) == POSTS_PER_WINDOW + 2


def test_invalid_posts_count_towards_the_limit_too(sites, tenant_a, client_a):
    for _ in range(POSTS_PER_WINDOW):
        client_a.post("/contact/", {})
    client_a.post("/contact/", GOOD)
    assert submissions(tenant_a) == []


def test_html_in_a_message_stays_text(sites, tenant_a, client_a):
    html = '<script>alert("x")</script><b>vet</b>'
    # Given back with an error: escaped in the form.
    again = client_a.post("/contact/", {**GOOD, "e_mail": "fout", "bericht": html})
    assert "<script>alert" not in again.text
    assert "&lt;script&gt;alert" in again.text

    client_a.post("/contact/", {**GOOD, "bericht": html})
    assert submissions(tenant_a)[0]["bericht"] == html  # stored as typed
    run_queued(TASK)
    message = mail.outbox[0]
    assert html in message.body  # plain text: shown as the characters typed
    assert not getattr(message, "alternatives", [])  # no HTML part that could run it

    login_as(client_a, tenant_a, "admin@alfa.localhost")
    admin = client_a.get(f"/admin/forms/submissions/{sites.a.contact.pk}/")
    assert admin.status_code == 200
    assert "&lt;script&gt;alert" in admin.text
    assert '<script>alert("x")' not in admin.text
    assert "<b>vet</b>" not in admin.text


def test_submissions_are_listed_in_the_admin_of_their_own_buurtpunt_only(
    sites, tenant_a, tenant_b, client_a, client_b
):
    client_a.post("/contact/", {**GOOD, "naam": "Alleen Alfa"})
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    assert "Alleen Alfa" in client_a.get(f"/admin/forms/submissions/{sites.a.contact.pk}/").text
    in_b = client_b.get(f"/admin/forms/submissions/{sites.b.contact.pk}/")
    assert in_b.status_code == 200
    assert "Alleen Alfa" not in in_b.text


@pytest.mark.parametrize(
    "post",
    [
        {"data": "not a form", "content_type": "text/plain"},
        {"data": b"\xff\xfe", "content_type": "application/octet-stream"},
        {"data": {"naam": ["a", "b"], "e_mail": ["x@example.org", "y"]}},
        {"data": {"bericht": "\x00"}},
    ],
)
def test_odd_posts_never_give_an_error_page(sites, tenant_a, client_a, post):
    response = client_a.post("/contact/", **post)
    assert response.status_code == 200
    assert submissions(tenant_a) == []


def test_behind_the_proxy_the_address_it_passes_is_the_client(sites, tenant_a, client_a, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for number in range(POSTS_PER_WINDOW):
        client_a.post("/contact/", {**GOOD, "bericht": f"{number}"}, HTTP_X_REAL_IP="203.0.113.5")
    client_a.post("/contact/", {**GOOD, "bericht": "buur"}, HTTP_X_REAL_IP="203.0.113.6")
    client_a.post("/contact/", {**GOOD, "bericht": "zesde"}, HTTP_X_REAL_IP="203.0.113.5")
    stored = [s["bericht"] for s in submissions(tenant_a)]
    assert stored == ["0", "1", "2", "3", "4", "buur"]
