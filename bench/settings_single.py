"""The same content served by a plain single-tenant Wagtail: no tenant middleware,
no page cache, a fixed search path on one buurtpunt's schema (BENCH_SCHEMA)."""

import os

from settings_tenants import *  # noqa: F403
from settings_tenants import DATABASES, MEDIA_ROOT, MIDDLEWARE

SCHEMA = os.environ.get("BENCH_SCHEMA", "beveren")

DATABASES = {
    "default": {
        **DATABASES["default"],
        "ENGINE": "single_backend",
        "OPTIONS": {"options": f"-c search_path={SCHEMA},public"},
    }
}
MIDDLEWARE = [
    m
    for m in MIDDLEWARE
    if m
    not in {"tenants.middleware.BuurtpuntTenantMiddleware", "core.page_cache.PageCacheMiddleware"}
]
ROOT_URLCONF = "config.urls_tenant"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / SCHEMA), "base_url": f"/media/{SCHEMA}/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
