"""URLs of a buurtpunt's site (any tenant schema)."""

from django.urls import include, path

from .urls_common import urlpatterns as common
from .urls_common import wagtail_pages

urlpatterns = [
    *common,
    path("", include("cms.urls")),
    path("", include("hours.urls")),
    path("", include("members.urls")),
    *wagtail_pages,
]
