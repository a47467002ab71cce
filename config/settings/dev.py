"""Development: the embedded database, mail written to var/mail, runserver on :8000."""

import os

os.environ.setdefault("SITE_PORT", "8000")

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, BASE_DOMAIN, env_list, env_str  # noqa: E402

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY") or "dev-only-not-secret-buurtpunt"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [BASE_DOMAIN, f".{BASE_DOMAIN}", "127.0.0.1"])
if not env_str("EMAIL_URL") and not env_str("EMAIL_BACKEND"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
DEMO_MODE = True
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
