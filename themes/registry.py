"""The themes a site can choose from, and the font stacks a team can pick.

A theme is a stylesheet of CSS custom properties (and a few shape rules) on top
of the shared ``base.css``; no build step. The colours a theme fixes (page
background, surface, text, the text on the primary colour) are repeated here so
the contrast of a team's own primary and accent colours can be checked against
them before they are saved (see ``ThemeSettings.clean``); a test keeps these
values and the stylesheets in step.

Which pairs are checked (all at WCAG 2.2 AA for body text, 4.5:1):

- ``on_primary`` text on the primary colour: the header, buttons, the skip link
  and the footer of some themes;
- the primary colour as text on the page background and on the surface (cards):
  links and headings;
- the accent colour as text on the page background and on the surface: links on
  hover, dates and labels. The accent is also the focus ring (non-text, 3:1),
  which the 4.5:1 check already covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.constants import DEFAULT_THEME


@dataclass(frozen=True)
class FontStack:
    name: str
    label: str
    stack: str


# System font stacks only: nothing is downloaded, so pages stay fast and no
# third party learns who reads them (after modernfontstacks.com).
FONT_STACKS: dict[str, FontStack] = {
    stack.name: stack
    for stack in (
        FontStack(
            "system",
            _("System (the device's own font)"),
            'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
            "Arial, sans-serif",
        ),
        FontStack(
            "humanist",
            _("Humanist sans-serif (friendly, very legible)"),
            'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, '
            "sans-serif",
        ),
        FontStack(
            "geometric",
            _("Geometric sans-serif (round, modern)"),
            'Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif',
        ),
        FontStack(
            "rounded",
            _("Rounded sans-serif (soft, informal)"),
            'ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, '
            '"Arial Rounded MT", "Arial Rounded MT Bold", Calibri, source-sans-pro, sans-serif',
        ),
        FontStack(
            "industrial",
            _("Industrial sans-serif (bold, condensed, like a market board)"),
            'Bahnschrift, "DIN Alternate", "Franklin Gothic Medium", "Nimbus Sans Narrow", '
            "sans-serif-condensed, sans-serif",
        ),
        FontStack(
            "serif",
            _("Serif (classic, bookish)"),
            'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif',
        ),
        FontStack(
            "oldstyle",
            _("Old-style serif (warm, traditional)"),
            '"Iowan Old Style", "Palatino Linotype", "URW Palladio L", P052, Georgia, serif',
        ),
        FontStack(
            "slab",
            _("Slab serif (sturdy, poster-like)"),
            'Rockwell, "Rockwell Nova", "Roboto Slab", "DejaVu Serif", "Sitka Small", serif',
        ),
    )
}


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    description: str
    stylesheet: str
    primary: str
    accent: str
    # Fixed by the theme; the team's colours are checked against these.
    on_primary: str
    text: str
    background: str
    surface: str
    font_body: str
    font_heading: str

    @property
    def page_backgrounds(self) -> list[str]:
        return [self.background, self.surface]


THEMES: dict[str, Theme] = {
    theme.name: theme
    for theme in (
        Theme(
            name="dorp",
            label=_("Village (calm green, serif headings)"),
            description=_("Calm and quiet: off-white paper, green header, serif headings."),
            stylesheet="themes/css/dorp.css",
            primary="#2f6b3b",
            accent="#8a4b00",
            on_primary="#ffffff",
            text="#1f2933",
            background="#fbfaf7",
            surface="#ffffff",
            font_body="humanist",
            font_heading="oldstyle",
        ),
        Theme(
            name="markt",
            label=_("Market (warm and bold)"),
            description=_("Warm and lively: cream background, bold condensed headings, stripes."),
            stylesheet="themes/css/markt.css",
            primary="#9c2b16",
            accent="#7a4a00",
            on_primary="#ffffff",
            text="#2b1d14",
            background="#fff8ec",
            surface="#ffffff",
            font_body="system",
            font_heading="industrial",
        ),
        Theme(
            name="rivier",
            label=_("River (light blue, rounded, airy)"),
            description=_("Light and open: pale blue sky, rounded cards, soft shadows."),
            stylesheet="themes/css/rivier.css",
            primary="#1c5d8c",
            accent="#0f6b5f",
            on_primary="#ffffff",
            text="#17324d",
            background="#f3f8fc",
            surface="#ffffff",
            font_body="rounded",
            font_heading="geometric",
        ),
    )
}


def theme_choices() -> list[tuple[str, str]]:
    return [(theme.name, theme.label) for theme in THEMES.values()]


def font_choices() -> list[tuple[str, str]]:
    return [(font.name, font.label) for font in FONT_STACKS.values()]


def get_theme(name: str) -> Theme:
    return THEMES.get(name) or THEMES[DEFAULT_THEME]


def get_font_stack(name: str, default: str) -> str:
    return (FONT_STACKS.get(name) or FONT_STACKS[default]).stack
