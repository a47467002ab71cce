"""Tests: the embedded (or DATABASE_URL) server with its own test database."""

import os

os.environ.setdefault("SITE_PORT", "8000")

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, INSTALLED_APPS, SHARED_APPS, TENANT_APPS  # noqa: E402

# An app that joins the platform through its hooks only (tests/plugin).
SHARED_APPS = [*SHARED_APPS, "tests.plugin"]
TENANT_APPS = [*TENANT_APPS, "tests.plugin"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.plugin"]

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]  # routing is decided by the Domain table
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# TEST_DB_SUFFIX lets several test runs share the embedded server side by side.
_SUFFIX = os.environ.get("TEST_DB_SUFFIX", "")
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}{_SUFFIX}"}  # noqa: F405
# A process started by a test (a real worker) must reach that test's database,
# not the development one: the test passes the name down.
if os.environ.get("BUURTPUNT_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["BUURTPUNT_DB_NAME"]  # noqa: F405
# ... and a folder to write its mail to, so the test can read it.
if os.environ.get("BUURTPUNT_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["BUURTPUNT_EMAIL_FILE_PATH"]
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{_SUFFIX}"
# The test template schema, so the demo's template is never touched.
TENANT_BASE_SCHEMA = "test_template"
DEMO_MODE = False
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - keeps WhiteNoise from warning
