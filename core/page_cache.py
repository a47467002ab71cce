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

What purges: a change of any model that shows on public pages
(``shows_on_public_pages``): every page type, every site setting, Wagtail's
sites, images, documents, collections and view restrictions, and any model of
ours that says so with ``shows_on_public_pages = True``. A new app's model
declares it where it is defined; there is no list here to keep in step.
"""

from __future__ import annotations

import hashlib
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.cache import get_max_age
from django_tenants.utils import schema_context
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Collection, Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .tenancy import current_schema

GENERATION_KEY = "page-cache:generation"
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/healthz")
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


def purge_on_commit() -> None:
    """Purge now, and again once the transaction commits: a visitor served between
    the change and the commit may have cached the old page under the new generation."""
    purge_current_tenant()
    schema = current_schema()
    transaction.on_commit(partial(_purge_schema, schema))


def _purge_schema(schema: str) -> None:
    with schema_context(schema):
        purge_current_tenant()


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


# Wagtail's models whose rows change what a visitor sees.
WAGTAIL_PUBLIC_MODELS = (
    Page,
    Site,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
    Collection,
    BaseViewRestriction,
)


def shows_on_public_pages(model) -> bool:
    """Whether a change of a ``model`` row can change a page that anonymous visitors get."""
    declared = getattr(model, "shows_on_public_pages", None)
    if declared is not None:
        return bool(declared)
    return isinstance(model, type) and issubclass(model, WAGTAIL_PUBLIC_MODELS)


@receiver([page_published, page_unpublished, page_slug_changed, post_page_move])
def purge_on_page_change(sender, **kwargs):
    purge_on_commit()


@receiver([post_save, post_delete], dispatch_uid="core.page_cache.purge_on_content_change")
def purge_on_content_change(sender, **kwargs):
    if shows_on_public_pages(sender):
        purge_on_commit()
