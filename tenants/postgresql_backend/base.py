"""django-tenants' PostgreSQL backend with two per-process values that follow the tenant.

1. Wagtail builds links in notification e-mails from the global
   ``WAGTAILADMIN_BASE_URL``; each buurtpunt's admin must link to its own host.
2. Django caches ContentType ids per process. Every tenant schema is cloned
   from the template and migrated in the same order, so tenants share one set
   of ids, but the public schema has its own. The cache is kept per kind
   (public, tenant) and swapped when the connection crosses over.

Web and worker processes serve one request or task at a time per process
(see DESIGN.md), which makes these per-process values correct.
"""

from django.conf import settings
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper
from django_tenants.utils import get_public_schema_name


def base_url(host: str) -> str:
    port = settings.SITE_PORT
    default_port = 443 if settings.SITE_SCHEME == "https" else 80
    suffix = "" if port == default_port else f":{port}"
    return f"{settings.SITE_SCHEME}://{host}{suffix}"


class DatabaseWrapper(TenantDatabaseWrapper):
    _contenttype_kind = None

    # set_schema() and set_schema_to_public() go through set_tenant() too.
    def set_tenant(self, tenant, include_public=True):
        super().set_tenant(tenant, include_public)
        host = getattr(tenant, "primary_host", None)
        settings.WAGTAILADMIN_BASE_URL = base_url(host or settings.BASE_DOMAIN)
        self._use_contenttype_cache(
            "public" if tenant.schema_name == get_public_schema_name() else "tenant"
        )

    def _use_contenttype_cache(self, kind: str) -> None:
        if kind == self._contenttype_kind:
            return
        from django.apps import apps

        if not apps.ready:
            return
        from django.contrib.contenttypes.models import ContentType

        shared = ContentType.objects._cache
        saved = self.__dict__.setdefault("_contenttype_caches", {})
        if self._contenttype_kind is not None:
            saved[self._contenttype_kind] = shared.get(self.alias, {})
        shared[self.alias] = saved.get(kind, {})
        self._contenttype_kind = kind
