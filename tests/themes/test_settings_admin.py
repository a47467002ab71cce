"""The team edits its theme and identity in the Wagtail admin of its own site;
unreadable colours are refused there with the ratio and a readable suggestion."""

import pytest
from django.utils import translation
from django_tenants.utils import tenant_context
from wagtail.models import Site

from tests.conftest import login_as
from tests.html import tags
from themes.contrast import contrast_ratio, passes
from themes.models import ThemeSettings
from themes.registry import THEMES

pytestmark = pytest.mark.django_db


def edit_url(tenant, model: str) -> str:
    with tenant_context(tenant):
        site = Site.objects.get(is_default_site=True)
    return f"/admin/settings/themes/{model}/{site.pk}/"


def stored(tenant) -> ThemeSettings:
    with tenant_context(tenant):
        return ThemeSettings.objects.get()


def form(**overrides) -> dict:
    data = {
        "theme": "dorp",
        "primary_colour": "",
        "accent_colour": "",
        "font_body": "",
        "font_heading": "",
    }
    data.update(overrides)
    return data


def test_a_failing_pair_is_refused_and_nothing_is_saved(client_a, client_b, tenant_a, tenant_b):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    url = edit_url(tenant_a, "themesettings")
    with translation.override("en"):
        response = client_a.post(
            url, form(theme="markt", primary_colour="#ff9999"), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 200  # the form again, with the error
    text = response.text
    ratio = contrast_ratio("#ffffff", "#ff9999")
    shown_ratio = f"{int(ratio * 100) / 100:.2f}"
    assert "#ff9999" in text
    assert shown_ratio in text or shown_ratio.replace(".", ",") in text
    # The suggested colour is in the message and passes every pair it is in.
    error = response.context["form"].errors["primary_colour"]
    assert error
    suggestion = response.context["form"].errors.as_data()["primary_colour"][0].params["suggestion"]
    assert suggestion in text
    markt = THEMES["markt"]
    for other in (markt.on_primary, markt.background, markt.surface):
        assert passes(suggestion, other)
    # Nothing was saved, here or elsewhere.
    assert (stored(tenant_a).theme, stored(tenant_a).primary_colour) == ("dorp", "")
    assert stored(tenant_b).primary_colour == ""
    assert "#ff9999" not in client_a.get("/").text


def test_the_suggestion_is_accepted(client_a, tenant_a):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    url = edit_url(tenant_a, "themesettings")
    response = client_a.post(url, form(theme="rivier", primary_colour="#ff9999"))
    suggestion = response.context["form"].errors.as_data()["primary_colour"][0].params["suggestion"]
    response = client_a.post(
        url, form(theme="rivier", primary_colour=suggestion.upper(), font_heading="slab")
    )
    assert response.status_code == 302
    saved = stored(tenant_a)
    assert (saved.theme, saved.primary_colour, saved.font_heading) == (
        "rivier",
        suggestion,
        "slab",
    )
    page = client_a.get("/").text
    assert tags(page, "link", href="/static/themes/css/rivier.css", rel="stylesheet")
    assert f"--primary: {suggestion};" in page


def test_a_bad_colour_code_is_refused(client_a, tenant_a):
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    response = client_a.post(edit_url(tenant_a, "themesettings"), form(accent_colour="oranje"))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["accent_colour"][0].code == "invalid_colour"
    assert stored(tenant_a).accent_colour == ""


def test_each_team_edits_only_its_own_settings(client_a, client_b, tenant_a, tenant_b):
    login_as(client_b, tenant_b, "admin@bravo.localhost")
    assert client_b.get(edit_url(tenant_b, "themesettings")).status_code == 200
    assert client_b.get(edit_url(tenant_b, "siteidentity")).status_code == 200
    # alfa's admin is not logged in on bravo's host.
    login_as(client_a, tenant_a, "admin@alfa.localhost")
    response = client_a.post(edit_url(tenant_a, "themesettings"), form(theme="markt"))
    assert response.status_code == 302
    assert stored(tenant_a).theme == "markt"
    assert stored(tenant_b).theme == "dorp"
