"""Signals of the opening hours.

Definitions only; the receivers of this app are in ``hours.receivers`` and are
connected in ``HoursConfig.ready()``.
"""

from __future__ import annotations

from django.dispatch import Signal
from django_tenants.utils import schema_context
from wagtail.models import Site

from .models import OpeningHours

opening_hours_changed = Signal()
"""A site's opening hours changed: the weekly periods, the exceptions or both.

Sent with ``sender=hours.models.OpeningHours`` once the transaction that saved the
setting has committed (from the admin or from a service), in the schema of the
buurtpunt it belongs to. Keyword arguments:

- ``site``: the ``wagtail.models.Site`` whose hours changed;
- ``schema_name``: the tenant schema the site lives in.

Every page of a buurtpunt shows whether it is open: ``hours.receivers`` forgets
the cached schedule and purges the site's cached pages on this signal.
"""


def send_opening_hours_changed(*, site_id: int, schema_name: str) -> None:
    """Send ``opening_hours_changed`` for a site, inside the schema it lives in
    (an on-commit callback may run after the connection moved elsewhere)."""
    with schema_context(schema_name):
        site = Site.objects.filter(pk=site_id).first()
        if site is not None:
            opening_hours_changed.send(sender=OpeningHours, site=site, schema_name=schema_name)
