"""URLs of the website that are not Wagtail pages (before Wagtail's page serving)."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from . import views

# On every host, the network's included.
findability = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

# On a buurtpunt's host.
urlpatterns = [
    *findability,
    path("zoeken/", views.search, name="site_search"),
    path("deze-week/", views.week_flyer, name="week_flyer"),
]
