"""opening_hours_replace: hours given in code replace a buurtpunt's hours in one go,
are logged and announced, or are refused and change nothing."""

from datetime import date, time

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry, Site

from hours import rules as logic
from hours.models import OpeningExceptionPeriod, OpeningHours, OpeningPeriod
from hours.services import OpeningHoursError, opening_hours_replace
from hours.signals import opening_hours_changed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TUE, FRI = 1, 4


def p(opens: int, closes: int) -> logic.Period:
    return logic.Period(time(opens), time(closes))


WEEK = logic.Schedule(
    weekly={TUE: (p(8, 12), p(14, 18)), FRI: (p(18, 1),)},
    exceptions=(
        logic.ExceptionRange(date(2025, 7, 14), date(2025, 7, 27), reason="Vakantie"),
        logic.ExceptionRange(date(2025, 8, 3), date(2025, 8, 3), (p(10, 16),), "Open op zondag"),
    ),
)


def replace(tenant, schedule, **kwargs) -> OpeningHours:
    with tenant_context(tenant):
        return opening_hours_replace(
            site=Site.objects.get(is_default_site=True), schedule=schedule, **kwargs
        )


def schedule_of(tenant) -> logic.Schedule:
    with tenant_context(tenant):
        hours = OpeningHours.objects.filter(site__is_default_site=True).first()
        return hours.to_schedule() if hours else logic.Schedule()


def test_the_hours_are_replaced_in_their_own_buurtpunt_only(tenant_a, tenant_b):
    replace(tenant_a, logic.Schedule(weekly={0: (p(9, 17),)}))
    replace(tenant_b, logic.Schedule(weekly={5: (p(9, 12),)}))
    replace(tenant_a, WEEK)

    assert schedule_of(tenant_a) == WEEK
    assert schedule_of(tenant_b) == logic.Schedule(weekly={5: (p(9, 12),)})
    with tenant_context(tenant_a):
        # A period past midnight is stored as the admin stores it: ticked.
        assert OpeningPeriod.objects.get(weekday=FRI).until_next_day is True
        assert not OpeningPeriod.objects.filter(weekday=TUE, until_next_day=True).exists()
        assert OpeningExceptionPeriod.objects.count() == 1


def test_the_change_is_logged_with_its_actor_and_announced_after_commit(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, site, schema_name, **kwargs):
        received.append((site.hostname, schema_name))

    with tenant_context(tenant_a):
        actor = UserFactory()
    opening_hours_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            hours = replace(tenant_a, WEEK, actor=actor)
        assert received == []  # nothing announced before the commit
        for callback in callbacks:
            callback()
    finally:
        opening_hours_changed.disconnect(receiver)
    assert received == [(tenant_a.primary_domain, "alfa")]
    with tenant_context(tenant_a):
        entry = ModelLogEntry.objects.for_instance(hours).get()
        assert (entry.action, entry.user_id) == ("wagtail.edit", actor.pk)
    with tenant_context(tenant_b):
        assert not ModelLogEntry.objects.filter(content_type__model="openinghours").exists()


@pytest.mark.parametrize(
    "schedule",
    [
        logic.Schedule(weekly={TUE: (p(8, 8),)}),
        logic.Schedule(weekly={TUE: (p(8, 12), p(11, 13))}),
        logic.Schedule(exceptions=(logic.ExceptionRange(date(2025, 7, 2), date(2025, 7, 1)),)),
        logic.Schedule(
            exceptions=(
                logic.ExceptionRange(date(2025, 7, 1), date(2025, 7, 3)),
                logic.ExceptionRange(date(2025, 7, 3), date(2025, 7, 4)),
            )
        ),
    ],
    ids=["equal-times", "weekly-overlap", "ends-before-start", "exceptions-overlap"],
)
def test_refused_hours_change_nothing_and_log_nothing(tenant_a, tenant_b, schedule):
    replace(tenant_a, WEEK)
    with tenant_context(tenant_a):
        logged = ModelLogEntry.objects.count()
    with pytest.raises(OpeningHoursError) as refused:
        replace(tenant_a, schedule)
    assert refused.value.message and refused.value.field is None
    assert schedule_of(tenant_a) == WEEK
    with tenant_context(tenant_a):
        assert ModelLogEntry.objects.count() == logged
    assert schedule_of(tenant_b).is_empty
