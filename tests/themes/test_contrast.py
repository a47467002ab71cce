"""The WCAG 2.2 contrast functions, against ratios published by the W3C and WebAIM."""

import pytest

from themes.contrast import (
    contrast_ratio,
    format_ratio,
    hex_to_rgb,
    is_hex_colour,
    normalise_hex,
    passes,
    relative_luminance,
    suggest_shade,
)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),  # order does not matter
        ("#777777", "#ffffff", 4.48),  # the classic "just fails" grey
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
        ("#ff0000", "#ffffff", 4.0),
        ("#0000ff", "#ffffff", 8.59),
        ("#00ff00", "#000000", 15.3),
        ("#123456", "#123456", 1.0),
        ("#fff", "#000", 21.0),  # three-digit codes
    ],
)
def test_known_ratios(first, second, expected):
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)


def test_relative_luminance_ends_and_middle():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)
    # sRGB mid-grey #808080 is about 21.6% as bright as white, not 50%.
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=0.0001)


def test_passes_at_the_aa_threshold():
    assert passes("#767676", "#ffffff")
    assert not passes("#777777", "#ffffff")
    assert passes("#777777", "#ffffff", minimum=3.0)


def test_ratio_is_formatted_rounded_down_so_a_failure_never_shows_as_a_pass():
    assert format_ratio(4.4999) == "4.49"
    assert format_ratio(21) == "21.00"


@pytest.mark.parametrize("value", ["#abc", "#ABCDEF", "#2f6b3b", "#000"])
def test_valid_hex_codes(value):
    assert is_hex_colour(value)


@pytest.mark.parametrize(
    "value", ["", "abc", "2f6b3b", "#2f6b3", "#2f6b3bb", "#ggg000", "red", "#12 345", None]
)
def test_invalid_hex_codes(value):
    assert not is_hex_colour(value)


def test_normalise_hex():
    assert normalise_hex("#ABC") == "#aabbcc"
    assert normalise_hex(" #2F6B3B ") == "#2f6b3b"
    assert hex_to_rgb("#2f6b3b") == (47, 107, 59)
    with pytest.raises(ValueError):
        normalise_hex("green")


def test_suggestion_keeps_a_colour_that_passes():
    assert suggest_shade("#2f6b3b", ["#ffffff"]) == "#2f6b3b"


@pytest.mark.parametrize(
    ("colour", "against"),
    [
        ("#7fbf7f", ["#ffffff", "#fbfaf7"]),  # pale green under white text: darker
        ("#777777", ["#ffffff"]),
        ("#ffcc00", ["#ffffff"]),  # yellow
        ("#1a1a40", ["#000000"]),  # dark blue on black: lighter
        ("#3366ff", ["#ffffff", "#f3f8fc"]),
    ],
)
def test_suggestion_passes_and_keeps_the_hue(colour, against):
    suggestion = suggest_shade(colour, against)
    assert suggestion is not None and suggestion != colour
    assert all(passes(suggestion, other) for other in against)
    # The same hue: the channels keep their order (which one is strongest, weakest).
    r, g, b = hex_to_rgb(colour)
    sr, sg, sb = hex_to_rgb(suggestion)
    order = sorted(range(3), key=lambda i: (r, g, b)[i])
    suggested_order = sorted(range(3), key=lambda i: (sr, sg, sb)[i])
    assert order == suggested_order


def test_suggestion_is_the_nearest_passing_shade():
    # #777777 needs only one step darker to pass on white.
    assert suggest_shade("#777777", ["#ffffff"]) == "#767676"


def test_no_suggestion_when_no_shade_can_pass():
    # Against both pure black and pure white a ratio of 7 is impossible (at most ~4.58).
    assert suggest_shade("#777777", ["#000000", "#ffffff"], minimum=7) is None
