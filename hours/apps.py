from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    name = "hours"
    verbose_name = _("Opening hours")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers, signals

        signals.opening_hours_changed.connect(
            receivers.forget_cached_schedule, dispatch_uid="hours.forget_cached_schedule"
        )
