"""Tasks that only tests enqueue; a real worker imports them by this module path."""

from django.db import connection
from django_tasks import task


@task()
def report_schema(label: str) -> dict:
    """Say where the job ran: the connection's schema and that schema's own Site host."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return {
        "label": label,
        "schema": connection.schema_name,
        "hostname": site.hostname if site else None,
    }
