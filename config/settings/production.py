"""Production: everything from the environment; refuses to start without secrets."""

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

# Checked before base is imported: without DATABASE_URL, base would start the
# embedded server inside the container and the data would live (and die) there.
if not env_str("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set: production never starts its own server.")
if len(env_str("SECRET_KEY")) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")
if not env_list("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set (comma-separated).")

from .base import *  # noqa: E402, F403
from .base import DATABASES  # noqa: E402

DEBUG = False
# Persistent connections survive a database restart only if they are checked.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SITE_SCHEME = env_str("SITE_SCHEME", "https")
SITE_PORT = env_int("SITE_PORT", 443)

# TLS ends in front of the app; the reverse proxy passes the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address as the reverse proxy saw it (deploy/nginx.conf sets X-Real-IP);
# the contact form's limit per client counts on it.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's preview panel shows the page in an iframe of the admin's own origin.
X_FRAME_OPTIONS = "SAMEORIGIN"

SILENCED_SYSTEM_CHECKS = [
    # X_FRAME_OPTIONS is SAMEORIGIN on purpose (preview panel, above); other
    # origins still cannot frame the sites.
    "security.W019",
    # Preloading HSTS binds the base domain and every subdomain to HTTPS in
    # browsers for months and is hard to undo: each deployment decides with
    # SECURE_HSTS_PRELOAD once all its hosts serve HTTPS.
    "security.W021",
]
