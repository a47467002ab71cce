from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Buurtpunten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the receivers that run each job in the schema it came from.
        from . import receivers, tasks_backend  # noqa: F401
