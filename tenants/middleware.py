"""Request routing to a tenant schema, health checks and suspended buurtpunten."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware

from core.constants import PUBLIC_SCHEMA


class HealthzMiddleware:
    """``GET /healthz`` on any host, known or not: 200 ``ok`` when the database answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            connection.close()
            return HttpResponse("database unavailable", status=503, content_type="text/plain")
        return HttpResponse("ok", content_type="text/plain")


HOST_CACHE_SECONDS = 300


def host_cache_key(hostname: str) -> str:
    return f"tenant-by-host:{hostname}"


class BuurtpuntTenantMiddleware(TenantMainMiddleware):
    """Resolve the tenant from the host, with three changes to django-tenants' default.

    - A Wagtail preview is a dummy request built inside an admin request that
      already runs in the right schema; its host is the page's Site, so resolving
      it again could land in another tenant or in public. Keep the current tenant.
    - Hosts are looked up exactly, "www." included.
    - An unknown host gets a plain 404, never the public site.
    - A suspended buurtpunt answers 503 with a page that says so.
    """

    TENANT_NOT_FOUND_EXCEPTION = Http404

    def get_tenant(self, domain_model, hostname):
        """The tenant of a host, from the cache when possible (zero queries for a
        cached page); tenants.receivers forgets a host when its tenant or domain changes."""
        key = host_cache_key(hostname)
        tenant = cache.get(key)
        if tenant is None:
            tenant = super().get_tenant(domain_model, hostname)
            cache.set(key, tenant, HOST_CACHE_SECONDS)
        return tenant

    @staticmethod
    def hostname_from_request(request):
        # django-tenants strips a leading "www."; a buurtpunt's own domain may
        # well be www.example.be, so the host is looked up exactly as registered.
        return request.get_host().split(":")[0].lower()

    def process_request(self, request):
        if getattr(request, "is_dummy", False) and getattr(connection, "tenant", None) is not None:
            request.tenant = connection.tenant
            self.setup_url_routing(request)
            return None
        try:
            response = super().process_request(request)
        except Http404:
            return HttpResponse("Not Found", status=404, content_type="text/plain")
        if response is not None:
            return response
        tenant = request.tenant
        if tenant.schema_name != PUBLIC_SCHEMA and not tenant.is_active:
            return self._suspended(request, tenant)
        return None

    @staticmethod
    def _suspended(request, tenant):
        translation.activate(settings.LANGUAGE_CODE)
        response = TemplateResponse(
            request, "tenants/suspended.html", {"buurtpunt": tenant}, status=503
        )
        response["Retry-After"] = "86400"
        return response.render()
