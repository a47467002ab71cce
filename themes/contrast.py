"""Colour contrast after WCAG 2.2 (success criteria 1.4.3 and 1.4.11), as pure functions.

The relative luminance and contrast ratio follow the definitions in WCAG 2.2
(https://www.w3.org/TR/WCAG22/#dfn-relative-luminance): sRGB channels are
linearised, weighted 0.2126/0.7152/0.0722, and the ratio is
(L1 + 0.05) / (L2 + 0.05) with L1 the lighter of the two.

``suggest_shade`` finds the nearest darker or lighter shade of a colour (same
hue and saturation in HSL, only the lightness moves) that reaches the required
ratio against every colour it is shown with, so a team that picked a pale green
is offered the closest green that works rather than black.
"""

from __future__ import annotations

import colorsys
import re

# WCAG 2.2 AA: normal body text.
AA_TEXT = 4.5
# WCAG 2.2 AA: large text and non-text contrast (focus rings, borders of controls).
AA_LARGE = 3.0

HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def is_hex_colour(value: str) -> bool:
    """True for ``#rgb`` and ``#rrggbb`` (either case); nothing else, not even a name."""
    return bool(HEX_RE.match(value or ""))


def normalise_hex(value: str) -> str:
    """``#ABC`` or ``#aabbcc`` as lowercase ``#aabbcc``; raises ValueError for anything else."""
    value = (value or "").strip()
    if not is_hex_colour(value):
        raise ValueError(f"not a hex colour: {value!r}")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    digits = normalise_hex(value)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def rgb_to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    # WCAG 2.2 quotes 0.04045 (sRGB's own threshold; 0.03928 in older texts gives the
    # same result for every 8-bit value).
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(value: str) -> float:
    r, g, b = (_linear(c) for c in hex_to_rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def passes(first: str, second: str, minimum: float = AA_TEXT) -> bool:
    return contrast_ratio(first, second) >= minimum


def format_ratio(ratio: float) -> str:
    """Rounded down to two decimals, so 4.499 shows as 4.49 and never as a passing 4.50."""
    return f"{int(ratio * 100) / 100:.2f}"


def _with_lightness(hue: float, saturation: float, lightness: float) -> str:
    r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
    return rgb_to_hex((r * 255, g * 255, b * 255))


def suggest_shade(colour: str, against: list[str], minimum: float = AA_TEXT) -> str | None:
    """The shade of ``colour`` nearest in lightness that reaches ``minimum`` against
    every colour in ``against``; ``colour`` itself when it already does; None when no
    shade of that hue can (e.g. asked to contrast with both black and white).

    1. Convert to HLS and keep hue and saturation.
    2. Step the lightness away from the original, darker and lighter in turn, by
       half a percent, and test each rounded hex value (rounding can cost a few
       hundredths of a ratio, so the hex value is what is tested).
    3. The first shade that passes against all colours wins; ties go to darker.
    """
    colour = normalise_hex(colour)
    if all(passes(colour, other, minimum) for other in against):
        return colour
    r, g, b = (c / 255 for c in hex_to_rgb(colour))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    step = 0.005
    for i in range(1, int(1 / step) + 2):
        darker, lighter = lightness - i * step, lightness + i * step
        if darker < -step and lighter > 1 + step:
            break
        for candidate_lightness in (darker, lighter):
            if -step < candidate_lightness < 1 + step:
                candidate = _with_lightness(
                    hue, saturation, min(1.0, max(0.0, candidate_lightness))
                )
                if all(passes(candidate, other, minimum) for other in against):
                    return candidate
    return None
