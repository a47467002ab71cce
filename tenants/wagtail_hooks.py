"""The network console in the Wagtail admin (shown on the public schema only)."""

from wagtail import hooks

from .console import ConsoleViewSet


@hooks.register("register_admin_viewset")
def register_network_console():
    return ConsoleViewSet()
