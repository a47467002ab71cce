"""URLs of the opening hours on a buurtpunt's host (before Wagtail's page serving)."""

from django.urls import path

from . import views

app_name = "hours"

urlpatterns = [
    path("openingsuren.json", views.opening_hours_json, name="status_json"),
]
