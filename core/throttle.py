"""Counting requests per client in the cache, to keep bots from flooding a form.

The cache's keys carry the tenant's schema (``django_tenants.cache.make_key``),
so each buurtpunt counts on its own. The client's address is hashed before it
becomes part of a key: the cache never holds an IP address.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address: from the proxy's header when one is configured, else the socket."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(*, scope: str, client: str, limit: int, window: int) -> bool:
    """Count one request of ``client``; True when it is over ``limit`` in ``window`` seconds.

    A fixed window: the count starts at the first request and expires with it.
    """
    digest = hashlib.sha256(f"{scope}:{client}".encode()).hexdigest()[:32]
    key = f"throttle:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
