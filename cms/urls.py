"""URLs of the cms app on a buurtpunt's host (before Wagtail's page serving)."""

from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("openingsuren.json", views.opening_hours_json, name="opening_hours_json"),
]
