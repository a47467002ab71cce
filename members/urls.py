"""The member portal, on every buurtpunt's host: ``/mijn/``."""

from django.urls import path

from . import portal_views

app_name = "members"

urlpatterns = [
    path("mijn/", portal_views.portal, name="portal"),
    path("mijn/inloggen/", portal_views.portal_login, name="portal_login"),
    path("mijn/uitloggen/", portal_views.portal_logout, name="portal_logout"),
    path("mijn/gegevens/", portal_views.portal_edit, name="portal_edit"),
    path("mijn/aandeelbewijs/", portal_views.portal_certificate, name="portal_certificate"),
    path("mijn/mijn-gegevens.json", portal_views.portal_export, name="portal_export"),
    path(
        "mijn/e-mail/<str:token>/", portal_views.portal_email_confirm, name="portal_email_confirm"
    ),
]

from . import portal_operations  # noqa: E402

urlpatterns += [
    path("mijn/uittreden/", portal_operations.portal_redeem, name="portal_redeem"),
    path(
        "mijn/uittreden/<uuid:public_id>/intrekken/",
        portal_operations.portal_redeem_cancel,
        name="portal_redeem_cancel",
    ),
]
