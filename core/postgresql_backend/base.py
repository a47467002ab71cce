"""django-tenants' PostgreSQL backend with per-process values that follow the tenant.

1. Wagtail builds links in notification e-mails from the global
   ``WAGTAILADMIN_BASE_URL``; each buurtpunt's admin must link to its own host.
2. Django caches ContentType ids per process. Every tenant schema is cloned
   from the template and migrated in the same order, so tenants share one set
   of ids, but the public schema has its own. The cache is kept per kind
   (public, tenant) and swapped when the connection crosses over.

3. django-tenants sends ``SET search_path`` before every statement unless
   TENANT_LIMIT_SET_CALLS is on, and that setting trusts a flag that a new
   physical connection does not reset. Here the search path is sent again
   only when the wanted path differs from the one last sent on this physical
   connection, or when something may have undone it (a rollback or savepoint
   rollback, where PostgreSQL reverts the SET; a new connection). So a
   persistent connection serving the same buurtpunt again sends none. The
   setting itself stays off.

Web and worker processes serve one request or task at a time per process
(gunicorn sync workers, one thread; the task worker), which makes these
per-process values correct.
"""

from django.conf import settings
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

from core.constants import PUBLIC_SCHEMA
from core.tenancy import base_url


class DatabaseWrapper(TenantDatabaseWrapper):
    _contenttype_kind = None
    _search_path_sent = None

    def _handle_search_path(self, cursor=None):
        if self._setting_search_path or not self.schema_name:
            return super()._handle_search_path(cursor)
        wanted = (id(self.connection), tuple(self._get_cursor_search_paths()))
        if self._search_path_sent == wanted:
            return None
        super()._handle_search_path(cursor)
        self._search_path_sent = wanted if self.search_path_set_schemas is not None else None
        return None

    # PostgreSQL reverts a SET made inside a transaction or savepoint that is
    # rolled back, and a new physical connection starts on the default path.
    # (Forgotten after the rollback: running it may itself send the path.)
    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._search_path_sent = None

    def _savepoint_rollback(self, sid):
        try:
            return super()._savepoint_rollback(sid)
        finally:
            self._search_path_sent = None

    def init_connection_state(self):
        self._search_path_sent = None
        return super().init_connection_state()

    def _close(self):
        self._search_path_sent = None
        return super()._close()

    # set_schema() and set_schema_to_public() go through set_tenant() too.
    def set_tenant(self, tenant, include_public=True):
        # django-tenants clears the ContentType cache on every switch; keep what
        # it held for the kind of schema being left, and give back the other's.
        leaving = self._contenttype_cache()
        super().set_tenant(tenant, include_public)
        host = getattr(tenant, "primary_host", None)
        settings.WAGTAILADMIN_BASE_URL = base_url(host or settings.BASE_DOMAIN)
        kind = "public" if tenant.schema_name == PUBLIC_SCHEMA else "tenant"
        self._swap_contenttype_cache(leaving, kind)

    def _contenttype_cache(self) -> dict | None:
        from django.apps import apps

        if not apps.ready:
            return None
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects._cache.get(self.alias)

    def _swap_contenttype_cache(self, leaving: dict | None, kind: str) -> None:
        from django.apps import apps

        if not apps.ready:
            return
        from django.contrib.contenttypes.models import ContentType

        saved = self.__dict__.setdefault("_contenttype_caches", {})
        if self._contenttype_kind is not None and leaving is not None:
            saved[self._contenttype_kind] = leaving
        ContentType.objects._cache[self.alias] = saved.setdefault(kind, {})
        self._contenttype_kind = kind
