"""The opening hours setting in the Wagtail admin: bad input is refused on the
right field and nothing is saved; good input is saved in its own buurtpunt only."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django_tenants.utils import tenant_context
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from hours import rules as logic
from hours.models import OpeningException, OpeningExceptionPeriod, OpeningHours, OpeningPeriod
from hours.services import OpeningHoursError, opening_hours_replace
from hours.signals import opening_hours_changed
from tests.conftest import login_as

pytestmark = pytest.mark.django_db

TUE, FRI, SAT = 1, 4, 5


def site_of(tenant) -> Site:
    with tenant_context(tenant):
        return Site.objects.get(is_default_site=True)


def edit_url(tenant) -> str:
    return reverse("wagtailsettings:edit", args=["hours", "openinghours", site_of(tenant).pk])


def period(weekday, opens, closes, next_day=False) -> dict:
    data = {"weekday": str(weekday), "opens": opens, "closes": closes}
    if next_day:
        data["until_next_day"] = "on"
    return data


def exception(start, end, reason="Kermis", closed=True, periods=()) -> dict:
    data = {"start_date": start, "end_date": end, "reason": reason}
    if closed:
        data["closed"] = "on"
    data["periods"] = inline_formset(list(periods))
    return data


def post_hours(client, tenant, periods=(), exceptions=()):
    data = nested_form_data(
        {"periods": inline_formset(list(periods)), "exceptions": inline_formset(list(exceptions))}
    )
    return client.post(edit_url(tenant), data)


def stored(tenant) -> tuple:
    with tenant_context(tenant):
        return (
            sorted(OpeningPeriod.objects.values_list("weekday", "opens", "closes")),
            sorted(OpeningException.objects.values_list("start_date", "end_date", "reason")),
            OpeningExceptionPeriod.objects.count(),
        )


@pytest.fixture
def admin_a(client_a, tenant_a):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    return client_a


@pytest.fixture
def existing_hours(tenant_a):
    """Alfa already has hours: a refused edit must leave them exactly as they were."""
    with tenant_context(tenant_a):
        opening_hours_replace(
            site=Site.objects.get(is_default_site=True),
            schedule=logic.Schedule(
                weekly={TUE: (logic.Period(time(9), time(12)),)},
                exceptions=(
                    logic.ExceptionRange(date(2025, 8, 1), date(2025, 8, 3), reason="Kermis"),
                ),
            ),
        )
    return stored(tenant_a)


def assert_refused(response, errors_of, field, tenant, before):
    assert response.status_code == 200, "a refused form is shown again, not redirected"
    form = response.context["form"]
    errors = errors_of(form)
    assert field in errors, errors
    assert escape(errors[field][0]) in response.text
    assert stored(tenant) == before


def weekly_errors(index):
    return lambda form: form.formsets["periods"].forms[index].errors


def exception_errors(index):
    return lambda form: form.formsets["exceptions"].forms[index].errors


@pytest.mark.parametrize(
    ("periods", "index", "field"),
    [
        ([period(TUE, "08:00", "08:00")], 0, "closes"),  # equal times
        ([period(TUE, "18:00", "01:00")], 0, "closes"),  # past midnight without the tick
        ([period(TUE, "08:00", "12:00", next_day=True)], 0, "until_next_day"),
        ([period(TUE, "08:00", "12:00"), period(TUE, "11:00", "14:00")], 1, "opens"),
        ([period(SAT, "01:00", "03:00"), period(FRI, "20:00", "02:00", True)], 0, "opens"),
        ([period(TUE, "", "12:00")], 0, "opens"),  # missing time
    ],
    ids=["equal", "overnight-unticked", "tick-not-needed", "overlap", "overnight-overlap", "empty"],
)
def test_bad_weekly_periods_are_refused(admin_a, tenant_a, existing_hours, periods, index, field):
    response = post_hours(admin_a, tenant_a, periods=periods)
    assert_refused(response, weekly_errors(index), field, tenant_a, existing_hours)


@pytest.mark.parametrize(
    ("exceptions", "index", "field"),
    [
        ([exception("2025-07-20", "2025-07-10")], 0, "end_date"),
        (
            [exception("2025-07-01", "2025-07-14"), exception("2025-07-14", "2025-07-20", "B")],
            1,
            "start_date",
        ),
        (
            [exception("2025-07-01", "2025-07-01", periods=[period(0, "10:00", "12:00")])],
            0,
            "closed",
        ),
        ([exception("2025-07-01", "2025-07-01", closed=False)], 0, "closed"),
        ([exception("2025-07-01", "2025-07-01", reason="")], 0, "reason"),
    ],
    ids=[
        "end-before-start",
        "overlapping",
        "closed-with-periods",
        "open-without-periods",
        "reason",
    ],
)
def test_bad_exceptions_are_refused(admin_a, tenant_a, existing_hours, exceptions, index, field):
    response = post_hours(admin_a, tenant_a, exceptions=exceptions)
    assert_refused(response, exception_errors(index), field, tenant_a, existing_hours)


def test_overlapping_periods_of_an_exception_are_refused(admin_a, tenant_a, existing_hours):
    periods = [period(0, "10:00", "14:00"), period(0, "13:00", "17:00")]
    response = post_hours(
        admin_a,
        tenant_a,
        exceptions=[exception("2025-07-01", "2025-07-02", closed=False, periods=periods)],
    )
    assert_refused(
        response,
        lambda form: form.formsets["exceptions"].forms[0].formsets["periods"].forms[1].errors,
        "opens",
        tenant_a,
        existing_hours,
    )


def test_good_hours_are_saved_in_their_own_buurtpunt_and_announced(
    admin_a, tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, site, schema_name, **kwargs):
        received.append((site.hostname, schema_name))

    opening_hours_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_hours(
                admin_a,
                tenant_a,
                periods=[
                    period(TUE, "08:00", "12:00"),
                    period(TUE, "14:00", "18:00"),
                    period(FRI, "18:00", "01:00", next_day=True),
                    period(SAT, "18:00", "00:00"),  # midnight needs no tick
                ],
                exceptions=[
                    exception("2025-07-14", "2025-07-27", "Jaarlijkse vakantie"),
                    exception(
                        "2025-08-03",
                        "2025-08-03",
                        "Uitzonderlijk open op zondag",
                        closed=False,
                        periods=[period(0, "10:00", "12:00"), period(0, "14:00", "17:00")],
                    ),
                ],
            )
    finally:
        opening_hours_changed.disconnect(receiver)
    assert response.status_code == 302
    assert response["Location"] == edit_url(tenant_a)
    assert stored(tenant_a) == (
        [
            (TUE, time(8), time(12)),
            (TUE, time(14), time(18)),
            (FRI, time(18), time(1)),
            (SAT, time(18), time(0)),
        ],
        [
            (date(2025, 7, 14), date(2025, 7, 27), "Jaarlijkse vakantie"),
            (date(2025, 8, 3), date(2025, 8, 3), "Uitzonderlijk open op zondag"),
        ],
        2,
    )
    assert stored(tenant_b) == ([], [], 0)
    assert received == [(tenant_a.primary_domain, "alfa")]
    with tenant_context(tenant_a):
        hours = OpeningHours.objects.get()
        schedule = hours.to_schedule()
    assert schedule.exception_on(date(2025, 8, 3)).periods == (
        logic.Period(time(10), time(12)),
        logic.Period(time(14), time(17)),
    )


def test_a_deleted_period_does_not_count_as_overlapping(admin_a, tenant_a, existing_hours):
    with tenant_context(tenant_a):
        existing = OpeningPeriod.objects.get()
    data = nested_form_data(
        {
            "periods": inline_formset(
                [
                    {**period(TUE, "09:00", "12:00"), "id": str(existing.pk), "DELETE": "on"},
                    period(TUE, "10:00", "13:00"),
                ],
                initial=1,
            ),
            "exceptions": inline_formset([]),
        }
    )
    response = admin_a.post(edit_url(tenant_a), data)
    assert response.status_code == 302
    assert stored(tenant_a)[0] == [(TUE, time(10), time(13))]


def test_the_setting_screen_shows_existing_hours(admin_a, tenant_a, existing_hours):
    response = admin_a.get(edit_url(tenant_a))
    assert response.status_code == 200
    assert 'name="periods-0-opens"' in response.text
    assert 'value="09:00"' in response.text
    assert 'name="exceptions-0-reason"' in response.text and 'value="Kermis"' in response.text
    assert 'id="id_exceptions-0-periods-TOTAL_FORMS"' in response.text


def test_each_admin_edits_the_hours_of_its_own_site_only(client_b, tenant_a, tenant_b):
    """Site ids are per schema (alfa's and bravo's may well be equal): the same URL
    on bravo's host edits bravo's hours."""
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    response = post_hours(client_b, tenant_b, periods=[period(SAT, "09:00", "12:00")])
    assert response.status_code == 302
    assert stored(tenant_b) == ([(SAT, time(9), time(12))], [], 0)
    assert stored(tenant_a) == ([], [], 0)


def test_anonymous_visitor_cannot_open_the_setting(client_a, tenant_a):
    response = post_hours(client_a, tenant_a, periods=[period(SAT, "09:00", "12:00")])
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert stored(tenant_a) == ([], [], 0)


# --- the admin form and the service agree ------------------------------------------


def p(opens: int, closes: int) -> logic.Period:
    return logic.Period(time(opens), time(closes))


JULY = date(2025, 7, 1)
AGREEMENT = [
    # (what the editor posts, where the form puts the message, the same hours in code)
    pytest.param(
        {"periods": [period(TUE, "08:00", "08:00")]},
        weekly_errors(0),
        "closes",
        logic.Schedule(weekly={TUE: (p(8, 8),)}),
        id="equal-times",
    ),
    pytest.param(
        {"periods": [period(TUE, "08:00", "12:00"), period(TUE, "11:00", "14:00")]},
        weekly_errors(1),
        "opens",
        logic.Schedule(weekly={TUE: (p(8, 12), p(11, 14))}),
        id="weekly-overlap",
    ),
    pytest.param(
        {"exceptions": [exception("2025-07-20", "2025-07-10")]},
        exception_errors(0),
        "end_date",
        logic.Schedule(exceptions=(logic.ExceptionRange(date(2025, 7, 20), date(2025, 7, 10)),)),
        id="ends-before-start",
    ),
    pytest.param(
        {
            "exceptions": [
                exception("2025-07-01", "2025-07-14", "Kermis"),
                exception("2025-07-14", "2025-07-20", "Vakantie"),
            ]
        },
        exception_errors(1),
        "start_date",
        logic.Schedule(
            exceptions=(
                logic.ExceptionRange(date(2025, 7, 1), date(2025, 7, 14), reason="Kermis"),
                logic.ExceptionRange(date(2025, 7, 14), date(2025, 7, 20), reason="Vakantie"),
            )
        ),
        id="exceptions-overlap",
    ),
    pytest.param(
        {
            "exceptions": [
                exception(
                    "2025-07-01",
                    "2025-07-01",
                    closed=False,
                    periods=[period(0, "10:00", "14:00"), period(0, "13:00", "17:00")],
                )
            ]
        },
        lambda form: form.formsets["exceptions"].forms[0].formsets["periods"].forms[1].errors,
        "opens",
        logic.Schedule(
            exceptions=(logic.ExceptionRange(JULY, JULY, periods=(p(10, 14), p(13, 17))),)
        ),
        id="exception-periods-overlap",
    ),
]


@pytest.mark.parametrize(("posted", "errors_of", "field", "schedule"), AGREEMENT)
def test_the_service_refuses_what_the_form_refuses_with_the_same_dutch_message(
    admin_a, tenant_a, tenant_b, existing_hours, posted, errors_of, field, schedule
):
    response = post_hours(admin_a, tenant_a, **posted)
    assert_refused(response, errors_of, field, tenant_a, existing_hours)
    shown = errors_of(response.context["form"])[field][0]

    # The same hours given in code, in the other buurtpunt: refused with the same words.
    messages = {}
    with tenant_context(tenant_b):
        site = Site.objects.get(is_default_site=True)
        for language in ("nl", "en"):
            with translation.override(language), pytest.raises(OpeningHoursError) as refused:
                opening_hours_replace(site=site, schedule=schedule)
            messages[language] = refused.value.message
    assert messages["nl"] == shown
    assert messages["en"] != shown  # the admin showed it in Dutch
    assert stored(tenant_b) == ([], [], 0)
