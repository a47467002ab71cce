"""Opening hours of a buurtpunt: weekly periods and exceptions as a site setting, the
rules in pure functions (``rules``), the open-now badge, the week table and
schema.org data (``templatetags``), and ``/openingsuren.json``."""
