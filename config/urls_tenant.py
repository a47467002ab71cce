"""URLs of a buurtpunt's site (any tenant schema)."""

from django.urls import include, path
from wagtail.contrib.sitemaps.views import sitemap

from themes import views as site_views

from .urls_common import urlpatterns as common
from .urls_common import wagtail_pages

# Findability and the week flyer, on every buurtpunt's own host.
site_pages = [
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("zoeken/", site_views.search, name="site_search"),
    path("deze-week/", site_views.week_flyer, name="week_flyer"),
    path("", include("cms.urls")),
]

urlpatterns = [*common, *site_pages, *wagtail_pages]
