"""Full-page cache for anonymous visitors, per tenant.

Anonymous GET requests for public pages are answered from the cache without
touching the database: the tenant is resolved from a cached host lookup
(tenants.middleware) and the page from this cache. Keys go through the
tenant key function, so each schema has its own key space, and include a
per-tenant *generation*: purging a tenant's pages is one increment, whatever
the number of pages.

Requests with a session cookie are never answered from the cache (someone
may be logged in), so a response that varies on Cookie is the same for every
request that reaches it. Never cached either:
Wagtail previews, admin/media/document/health URLs, responses that set a
cookie, use a CSRF token (forms), are private, or are not 200.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_max_age

GENERATION_KEY = "page-cache:generation"
# Search results answer any query a visitor types: caching them would only
# fill the cache.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/healthz", "/zoeken/")
CACHEABLE_TYPES = ("text/html", "application/xml", "text/xml", "text/calendar", "text/plain")


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def purge_current_tenant() -> None:
    """Forget every cached page of the schema the connection is in."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under one either
        cache.set(GENERATION_KEY, 2, timeout=None)


def _key(request) -> str:
    # Hashed: paths and query strings are visitors' input of any length.
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page-cache:{_generation()}:{address}"


def _request_is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_dummy", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def _response_is_cacheable(request, response) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        # A page with a form sets the CSRF cookie (Django renews it whenever the
        # token is used), so forms are never cached.
        and not response.cookies
        and not getattr(request, "is_preview", False)
        and not (user is not None and user.is_authenticated)
        and "private" not in cache_control
        and "no-cache" not in cache_control
        and get_max_age(response) != 0
        and response.get("Content-Type", "").split(";")[0] in CACHEABLE_TYPES
    )


class PageCacheMiddleware:
    """Place right after the tenant middleware, before sessions and auth."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or not _request_is_cacheable(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _response_is_cacheable(request, response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
