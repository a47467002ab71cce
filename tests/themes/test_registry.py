"""The starter themes: readable as they come, and their stylesheets agree with the registry."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from themes.contrast import AA_TEXT, contrast_ratio
from themes.palette import palette_problems
from themes.registry import FONT_STACKS, THEMES, get_font_stack, get_theme

CSS_DIR = Path(settings.BASE_DIR) / "themes" / "static" / "themes" / "css"


def css_properties(path: Path) -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", path.read_text(), re.S).group(1)
    return {name: value.strip() for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root)}


def test_at_least_three_themes():
    assert {"dorp", "markt", "rivier"} <= set(THEMES)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_theme_colours_pass_every_checked_pair(name):
    theme = THEMES[name]
    assert palette_problems(theme, primary=theme.primary, accent=theme.accent) == []


@pytest.mark.parametrize("name", sorted(THEMES))
def test_theme_text_colours_are_readable(name):
    theme = THEMES[name]
    properties = css_properties(CSS_DIR / f"{name}.css")
    for background in (properties["--bg"], properties["--surface"]):
        assert contrast_ratio(properties["--text"], background) >= AA_TEXT
        assert contrast_ratio(properties["--muted"], background) >= AA_TEXT
    assert contrast_ratio(theme.on_primary, theme.primary) >= AA_TEXT


@pytest.mark.parametrize("name", sorted(THEMES))
def test_stylesheet_agrees_with_the_registry(name):
    theme = THEMES[name]
    assert theme.stylesheet == f"themes/css/{name}.css"
    properties = css_properties(CSS_DIR / f"{name}.css")
    assert properties["--primary"] == theme.primary
    assert properties["--accent"] == theme.accent
    assert properties["--on-primary"] == theme.on_primary
    assert properties["--text"] == theme.text
    assert properties["--bg"] == theme.background
    assert properties["--surface"] == theme.surface
    assert properties["--font-body"] == FONT_STACKS[theme.font_body].stack
    assert properties["--font-heading"] == FONT_STACKS[theme.font_heading].stack


def test_themes_look_different():
    sheets = {name: css_properties(CSS_DIR / f"{name}.css") for name in THEMES}
    for key in ("--primary", "--bg", "--radius", "--font-heading"):
        values = [sheet[key] for sheet in sheets.values()]
        assert len(set(values)) == len(values), key


def test_unknown_names_fall_back():
    assert get_theme("neon").name == "dorp"
    assert get_font_stack("comic", "serif") == FONT_STACKS["serif"].stack


def test_font_stacks_are_safe_inside_a_style_element():
    for font in FONT_STACKS.values():
        assert re.fullmatch(r'[\w ",.-]+', font.stack), font.name
        assert font.stack.rstrip().endswith(("serif", "sans-serif"))
