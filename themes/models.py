"""Each site's look: the chosen theme and its colours (a Wagtail site setting)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .registry import DEFAULT_THEME, get_theme, theme_choices


@register_setting(icon="view")
class ThemeSettings(BaseSiteSetting):
    """The theme of a site and the team's own colours; read by the base template."""

    theme = models.CharField(
        _("theme"), max_length=40, choices=theme_choices, default=DEFAULT_THEME
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        help_text=_("e.g. #2f6b3b; empty uses the theme's colour"),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        help_text=_("e.g. #8a4b00; empty uses the theme's colour"),
    )

    class Meta:
        verbose_name = _("theme")

    @property
    def theme_object(self):
        return get_theme(self.theme)

    @property
    def primary(self) -> str:
        return self.primary_colour or self.theme_object.primary

    @property
    def accent(self) -> str:
        return self.accent_colour or self.theme_object.accent
