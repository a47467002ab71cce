"""URLs of a buurtpunt's site (any tenant schema)."""

from .urls_common import urlpatterns as common
from .urls_common import wagtail_pages

urlpatterns = [*common, *wagtail_pages]
