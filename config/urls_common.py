"""URL patterns served on every host, network and buurtpunt alike."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from tenants.views import serve_media

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(
        rf"^{settings.MEDIA_URL.lstrip('/')}(?P<schema>[^/]+)/(?P<path>.+)$",
        serve_media,
        name="tenant_media",
    ),
]

# Wagtail's page serving must come last.
wagtail_pages = [path("", include(wagtail_urls))]
