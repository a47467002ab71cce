"""Which buurtpunt the current request or job belongs to, asked one way everywhere.

The connection is in one schema at a time (django-tenants switches it per
request, and the task backend per job); these functions read that, so no app
needs to know how the switch is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from .constants import PUBLIC_SCHEMA


def current_schema() -> str:
    return connection.schema_name


def current_buurtpunt():
    """The tenant the connection is in: a ``Buurtpunt`` in a request or a job of a
    buurtpunt; in the public schema the network's row during a request, else a
    stand-in without fields (outside requests); None before any tenant was set."""
    return getattr(connection, "tenant", None)


def on_network_site() -> bool:
    """True in the public schema: the network's own site, its admin and the console."""
    return connection.schema_name == PUBLIC_SCHEMA


def base_url(host: str) -> str:
    """``scheme://host[:port]`` of a site on ``host``, as visitors reach it."""
    port = settings.SITE_PORT
    default_port = 443 if settings.SITE_SCHEME == "https" else 80
    suffix = "" if port == default_port else f":{port}"
    return f"{settings.SITE_SCHEME}://{host}{suffix}"
