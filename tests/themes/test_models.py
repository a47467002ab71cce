"""Theme settings refuse unreadable colours and bad codes; the site identity's helpers."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import tenant_context
from wagtail.models import Site

from themes.contrast import AA_TEXT, contrast_ratio, passes
from themes.models import SiteIdentity, ThemeSettings
from themes.registry import THEMES
from themes.validators import phone_href

pytestmark = pytest.mark.django_db


def settings_of(tenant) -> ThemeSettings:
    with tenant_context(tenant):
        return ThemeSettings.objects.get(site=Site.objects.get(is_default_site=True))


def errors_of(instance) -> dict[str, list[ValidationError]]:
    with pytest.raises(ValidationError) as info:
        instance.full_clean()
    return info.value.error_dict


def test_a_pale_primary_is_refused_with_its_ratio_and_a_passing_suggestion(tenant_a):
    with tenant_context(tenant_a), translation.override("en"):
        theme_settings = settings_of(tenant_a)
        theme_settings.primary_colour = "#88c090"
        errors = errors_of(theme_settings)
        message = errors["primary_colour"][0].messages[0]
    assert set(errors) == {"primary_colour"}
    by_pair = {
        f"{error.params['foreground']}/{error.params['background']}": error
        for error in errors["primary_colour"]
    }
    white_on_primary = by_pair["#ffffff/#88c090"]
    assert white_on_primary.code == "contrast"
    ratio = contrast_ratio("#ffffff", "#88c090")
    assert ratio < AA_TEXT
    suggestion = white_on_primary.params["suggestion"]
    # The suggestion passes every pair the primary colour is in, for this theme.
    theme = THEMES["dorp"]
    for other in (theme.on_primary, theme.background, theme.surface):
        assert passes(suggestion, other), other
    with translation.override("en"):
        assert message == white_on_primary.messages[0]
    assert "#88c090" in message and suggestion in message
    assert f"{int(ratio * 100) / 100:.2f}:1" in message
    assert "4.5:1" in message


def test_the_message_is_dutch_by_default(tenant_a):
    with tenant_context(tenant_a):
        theme_settings = settings_of(tenant_a)
        theme_settings.accent_colour = "#ffcc00"
        errors = errors_of(theme_settings)
    error = errors["accent_colour"][0]
    ratio = error.params["ratio"]
    assert "," in ratio  # Dutch decimal comma
    assert error.params["suggestion"] in error.messages[0]


def test_a_pale_accent_is_refused_against_the_page_background(tenant_a):
    with tenant_context(tenant_a):
        theme_settings = settings_of(tenant_a)
        theme_settings.accent_colour = "#f0a030"
        errors = errors_of(theme_settings)
    assert set(errors) == {"accent_colour"}
    (error,) = errors["accent_colour"]
    assert error.params["foreground"] == "#f0a030"
    assert error.params["background"] in (THEMES["dorp"].background, THEMES["dorp"].surface)
    assert passes(error.params["suggestion"], THEMES["dorp"].background)
    assert passes(error.params["suggestion"], THEMES["dorp"].surface)


def test_the_check_follows_the_chosen_theme(tenant_a):
    # Passes on dorp's off-white page but not on rivier's pale blue one.
    colour = "#737373"
    dorp, rivier = THEMES["dorp"], THEMES["rivier"]
    assert contrast_ratio(colour, dorp.background) >= AA_TEXT
    assert contrast_ratio(colour, rivier.background) < AA_TEXT
    with tenant_context(tenant_a):
        theme_settings = settings_of(tenant_a)
        theme_settings.accent_colour = colour
        theme_settings.full_clean()
        theme_settings.theme = "rivier"
        assert set(errors_of(theme_settings)) == {"accent_colour"}


@pytest.mark.parametrize("value", ["green", "2f6b3b", "#2f6b3", "#ggg", "#2f6b3bb"])
def test_bad_codes_are_refused(tenant_a, value):
    with tenant_context(tenant_a):
        theme_settings = settings_of(tenant_a)
        theme_settings.primary_colour = value
        errors = errors_of(theme_settings)
    codes = {error.code for error in errors["primary_colour"]}
    assert "invalid_colour" in codes
    assert codes <= {"invalid_colour", "max_length"}


def test_good_colours_are_normalised_and_saved(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        theme_settings = settings_of(tenant_a)
        theme_settings.primary_colour = "#1F4D2A"
        theme_settings.accent_colour = "#630"
        theme_settings.full_clean()
        theme_settings.save()
        theme_settings.refresh_from_db()
        assert (theme_settings.primary_colour, theme_settings.accent_colour) == (
            "#1f4d2a",
            "#663300",
        )
        assert theme_settings.primary == "#1f4d2a"
    assert settings_of(tenant_b).primary_colour == ""
    assert settings_of(tenant_b).primary == THEMES["dorp"].primary


def test_empty_colours_use_the_theme(tenant_a):
    with tenant_context(tenant_a):
        theme_settings = settings_of(tenant_a)
        theme_settings.theme = "markt"
        theme_settings.full_clean()
        assert theme_settings.primary == THEMES["markt"].primary
        assert theme_settings.accent == THEMES["markt"].accent


def test_css_variables_hold_only_checked_values(tenant_a):
    with tenant_context(tenant_a):
        theme_settings = settings_of(tenant_a)
        # A value that never passed validation (written around the form) is not emitted.
        theme_settings.primary_colour = "red;}</style><script>"
        theme_settings.font_body = "serif"
        css = theme_settings.css_variables()
    assert "<" not in css and "red" not in css
    assert f"--primary: {THEMES['dorp'].primary};" in css
    assert "--font-body: Charter," in css


def test_provisioning_writes_the_identity(tenant_a):
    with tenant_context(tenant_a):
        identity = SiteIdentity.objects.get()
    assert identity.name == "Buurtpunt Alfa"
    assert identity.municipality == "Alveringem"


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("051 12 34 56", "tel:+3251123456"),
        ("0470/12.34.56", "tel:+32470123456"),
        ("+32 51 12 34 56", "tel:+3251123456"),
        ("0031 20 123 4567", "tel:+31201234567"),
        ("", ""),
    ],
)
def test_phone_links(written, href):
    assert phone_href(written) == href


def test_identity_validation(tenant_a):
    with tenant_context(tenant_a):
        identity = SiteIdentity.objects.get()
        identity.phone = "call us!"
        identity.email = "not-an-address"
        identity.facebook_url = "javascript:alert(1)"
        errors = errors_of(identity)
    assert {"phone", "email", "facebook_url"} <= set(errors)
