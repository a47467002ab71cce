"""URLs of the network's own site (the public schema)."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from themes import views as site_views

from .urls_common import urlpatterns as common
from .urls_common import wagtail_pages

# The network site's own robots.txt and sitemap (no search, no week flyer).
site_pages = [
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

urlpatterns = [*common, *site_pages, *wagtail_pages]
