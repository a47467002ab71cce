"""URLs of the network's own site (the public schema)."""

from .urls_common import urlpatterns as common
from .urls_common import wagtail_pages

urlpatterns = [*common, *wagtail_pages]
