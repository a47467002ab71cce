from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Buurtpunten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Forget cached host lookups when a buurtpunt or domain changes.
        from . import receivers  # noqa: F401
