"""The themes a site can choose from. A theme is a stylesheet of CSS custom
properties on top of the shared base; a site's settings may override colours."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    stylesheet: str
    primary: str
    accent: str


THEMES: dict[str, Theme] = {
    "dorp": Theme(
        name="dorp",
        label=_("Village (calm green)"),
        stylesheet="themes/css/dorp.css",
        primary="#2f6b3b",
        accent="#8a4b00",
    ),
}
DEFAULT_THEME = "dorp"


def theme_choices() -> list[tuple[str, str]]:
    return [(theme.name, theme.label) for theme in THEMES.values()]


def get_theme(name: str) -> Theme:
    return THEMES.get(name) or THEMES[DEFAULT_THEME]
