"""How the themes join the platform: the themes a buurtpunt may start with, and its
look and identity when it is created."""

from wagtail import hooks

from core import hooks as platform

from . import services
from .registry import theme_choices


@hooks.register(platform.REGISTER_SITE_THEMES)
def site_themes():
    return theme_choices()


@hooks.register(platform.PROVISION_BUURTPUNT, order=platform.SITE_SETTINGS_ORDER)
def set_up_look_and_identity(buurtpunt):
    services.site_settings_create(buurtpunt)
