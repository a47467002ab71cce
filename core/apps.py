from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform")

    def ready(self):
        # Jobs run in the schema they were enqueued from; content changes purge
        # the page cache.
        from . import page_cache, tasks_backend  # noqa: F401
