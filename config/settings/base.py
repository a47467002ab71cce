"""Settings shared by every environment; environment variables are read here."""

from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _

from core.constants import PUBLIC_SCHEMA

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Tenants get SLUG.BASE_DOMAIN; the network site lives on BASE_DOMAIN itself.
BASE_DOMAIN = env_str("BASE_DOMAIN", "localhost").lower()
# The port the sites are reached on, written into each tenant's Wagtail Site.
SITE_PORT = env_int("SITE_PORT", 80)
SITE_SCHEME = env_str("SITE_SCHEME", "http")

# --- apps -------------------------------------------------------------------

WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
]

DJANGO_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# The platform's own apps, in layers: core at the bottom, the tenant registry
# above it, the feature apps on top (see README, "How it fits together"). The
# order of the feature apps is the order in which seed_demo runs their demos.
FEATURE_APPS = [
    "cms",
    "themes",
    "hours",
    "payments",
    "members",
]

# The public schema: the tenant registry, the task queue and the network's
# own Wagtail site.
SHARED_APPS = [
    "core",
    "tenants",  # before django_tenants: our migrate_schemas also keeps the template current
    "django_tenants",
    "django_tasks",
    "django_tasks_db",
    *FEATURE_APPS,
    *WAGTAIL_APPS,
    *DJANGO_APPS,
]

# Every tenant schema is self-contained: no foreign key leaves it.
TENANT_APPS = [
    *FEATURE_APPS,
    *WAGTAIL_APPS,
    *DJANGO_APPS,
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

PUBLIC_SCHEMA_NAME = PUBLIC_SCHEMA
TENANT_MODEL = "tenants.Buurtpunt"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# The migrated schema that new tenants are cloned from (see tenants.provisioning).
TENANT_BASE_SCHEMA = "buurtpunt_template"
# Keep django-tenants from counting set_search_path calls: it breaks long-lived
# connections in workers (documented pitfall).
TENANT_LIMIT_SET_CALLS = False
TENANT_MULTIPROCESSING_MAX_PROCESSES = env_int("MIGRATE_PROCESSES", 2)
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False

DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "tenants.middleware.HealthzMiddleware",
    "tenants.middleware.BuurtpuntTenantMiddleware",
    "core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- database ---------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    from config.embedded_db import database_settings

    DATABASES = {"default": {**database_settings(BASE_DIR), "CONN_MAX_AGE": 60}}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Another database on the same server (bench/provisioning.py uses one of its own).
if env_str("DATABASE_NAME"):
    DATABASES["default"]["NAME"] = env_str("DATABASE_NAME")
DATABASES["default"]["ENGINE"] = "core.postgresql_backend"
DATABASES["default"].setdefault("OPTIONS", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "KEY_PREFIX": "buurtpunt",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }

# Anonymous pages are served from the cache for this long at most; any change
# of content purges a tenant's pages at once (core.page_cache).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

# --- tasks ------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": "core.tasks_backend.TenantDatabaseBackend",
        "QUEUES": [],
    }
}

# --- auth, sessions, cookies ------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Residents log in to their member portal by a link sent by e-mail.
    "sesame.backends.ModelBackend",
]
# Login links: valid for 20 minutes, once (a login changes what the token signs).
SESAME_MAX_AGE = 20 * 60
SESAME_ONE_TIME = True
SESAME_TOKEN_NAME = "sleutel"  # noqa: S105 - the name of a URL parameter

# Host-only cookies: a session of one buurtpunt means nothing on another.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_DOMAIN = None
SESSION_COOKIE_NAME = "bp_session"
CSRF_COOKIE_NAME = "bp_csrftoken"
# Invitation links for a new buurtpunt's first admin stay valid for a week.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600

# --- language and time -------------------------------------------------------

# The sites speak Dutch whatever the browser prefers (no LocaleMiddleware);
# in the admin each user may choose English in their account settings.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- static and media ---------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or (BASE_DIR / "var" / "media"))
# Each tenant's files live under MEDIA_ROOT/<schema>/ and are served only on
# that tenant's host (tenants.views.serve_media).
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
# In production the reverse proxy serves the file after the app has checked
# the host: the app answers with X-Accel-Redirect to this internal prefix.
MEDIA_ACCEL_REDIRECT_PREFIX = env_str("MEDIA_ACCEL_REDIRECT_PREFIX")
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# --- mail -------------------------------------------------------------------

EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    if _email.get("EMAIL_FILE_PATH"):
        EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Buurtpunt <noreply@{BASE_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- wagtail ------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Buurtpunt"
# Set per tenant when the connection switches schema (core.postgresql_backend),
# so that notification e-mails from a buurtpunt's admin link to its own host.
WAGTAILADMIN_BASE_URL = f"{SITE_SCHEME}://{BASE_DOMAIN}"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
# No avatars from gravatar.com: admin pages would tell a third party who uses them.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # privacy of collections is checked
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Demo mode: seed_demo may set known passwords and print them.
DEMO_MODE = env_bool("DEMO_MODE")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
