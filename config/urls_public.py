"""URLs of the network's own site (the public schema)."""

from cms.urls import findability

from .urls_common import urlpatterns as common
from .urls_common import wagtail_pages

urlpatterns = [*common, *findability, *wagtail_pages]
