"""The printable week (/deze-week/) shows each buurtpunt's own hours, events and news."""

from datetime import time, timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Site

from cms import opening_hours as logic
from cms.services import opening_hours_replace

pytestmark = pytest.mark.django_db


def test_the_flyer_prints_the_weeks_hours_events_and_news(sites, tenant_a, client_a, client_b):
    with tenant_context(tenant_a):
        opening_hours_replace(
            site=Site.objects.get(),
            schedule=logic.Schedule(weekly={1: (logic.Period(time(8, 30), time(12, 15)),)}),
        )
    # The repair café of the fixture is three days from now, repeating weekly.
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        flyer_a = client_a.get("/deze-week/").text
        flyer_b = client_b.get("/deze-week/").text
    assert "8:30" in flyer_a and "12:15" in flyer_a
    assert "Repair café Alfa" in flyer_a and "Nieuws uit Alfa" in flyer_a
    assert "Repair café Bravo" in flyer_b and "Nieuws uit Bravo" in flyer_b
    assert "Alfa" not in flyer_b.replace("Alveringem", "")
    assert "12:15" not in flyer_b
