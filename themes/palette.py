"""The contrast checks of a site's colours against the theme it chose.

Which pairs are checked and why is documented in ``themes.registry``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .contrast import AA_TEXT, contrast_ratio, suggest_shade
from .registry import Theme

MESSAGES = {
    "on_primary": _(
        "Text in %(foreground)s on the primary colour %(background)s (header and buttons) "
        "has a contrast ratio of %(ratio)s:1; WCAG 2.2 AA needs at least %(minimum)s:1. "
        "The nearest shade that passes is %(suggestion)s."
    ),
    "primary_text": _(
        "The primary colour %(foreground)s as text on the page background %(background)s "
        "(links and headings) has a contrast ratio of %(ratio)s:1; WCAG 2.2 AA needs at least "
        "%(minimum)s:1. The nearest shade that passes is %(suggestion)s."
    ),
    "accent_text": _(
        "The accent colour %(foreground)s as text on the page background %(background)s "
        "(links on hover, dates, labels) has a contrast ratio of %(ratio)s:1; WCAG 2.2 AA "
        "needs at least %(minimum)s:1. The nearest shade that passes is %(suggestion)s."
    ),
}


@dataclass(frozen=True)
class ContrastProblem:
    """One colour pair below the minimum, with a shade that would pass every pair
    the same colour is in."""

    field: str  # "primary_colour" or "accent_colour"
    pair: str  # a key of MESSAGES
    foreground: str
    background: str
    ratio: float
    suggestion: str

    @property
    def message(self):
        return MESSAGES[self.pair]

    @property
    def params(self) -> dict[str, str]:
        ratio = Decimal(str(self.ratio)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        return {
            "foreground": self.foreground,
            "background": self.background,
            "ratio": number_format(ratio, 2),
            "minimum": number_format(Decimal(str(AA_TEXT)), 1),
            "suggestion": self.suggestion,
        }


def _pairs(theme: Theme, *, primary: str, accent: str):
    """(field, pair, foreground, background) for every checked pair."""
    yield "primary_colour", "on_primary", theme.on_primary, primary
    for background in theme.page_backgrounds:
        yield "primary_colour", "primary_text", primary, background
    for background in theme.page_backgrounds:
        yield "accent_colour", "accent_text", accent, background


def palette_problems(theme: Theme, *, primary: str, accent: str) -> list[ContrastProblem]:
    """The checked pairs under 4.5:1 (the worst background of each pair); empty when
    the colours may be saved.

    The suggestion for a colour passes against everything that colour is shown
    with, so following it fixes all of that colour's problems at once. Should no
    shade of the hue pass (not possible with the starter themes), the theme's own
    colour is suggested.
    """
    against = {
        "primary_colour": [theme.on_primary, *theme.page_backgrounds],
        "accent_colour": list(theme.page_backgrounds),
    }
    chosen = {"primary_colour": primary, "accent_colour": accent}
    defaults = {"primary_colour": theme.primary, "accent_colour": theme.accent}
    worst: dict[tuple[str, str], tuple[float, str, str]] = {}
    for field, pair, foreground, background in _pairs(theme, primary=primary, accent=accent):
        ratio = contrast_ratio(foreground, background)
        if ratio < AA_TEXT and ratio < worst.get((field, pair), (AA_TEXT,))[0]:
            worst[(field, pair)] = (ratio, foreground, background)
    return [
        ContrastProblem(
            field=field,
            pair=pair,
            foreground=foreground,
            background=background,
            ratio=ratio,
            suggestion=suggest_shade(chosen[field], against[field]) or defaults[field],
        )
        for (field, pair), (ratio, foreground, background) in worst.items()
    ]
