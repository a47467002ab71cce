"""The base template on two tenants: themes, landmarks, skip link, menu, canonical, OpenGraph,
the site identity in header and footer."""

import pytest
from django.contrib.staticfiles import finders
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from cms.models import HomePage
from tests.conftest import host_client
from tests.factories import ContentPageFactory, ImageFactory
from tests.html import meta_property, tags
from themes.models import SiteIdentity, ThemeSettings
from themes.registry import THEMES

pytestmark = pytest.mark.django_db


def set_theme(tenant, theme: str, **fields) -> None:
    with tenant_context(tenant):
        ThemeSettings.objects.filter(site__is_default_site=True).update(theme=theme, **fields)


def update_identity(tenant, **fields) -> None:
    with tenant_context(tenant):
        identity = SiteIdentity.objects.get()
        for name, value in fields.items():
            setattr(identity, name, value)
        identity.full_clean()
        identity.save()


def add_page(tenant, title: str, slug: str, **fields) -> Page:
    with tenant_context(tenant):
        return ContentPageFactory(title=title, slug=slug, **fields)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_each_theme_renders_on_both_tenants(theme, client_a, client_b, tenant_a, tenant_b):
    other = next(name for name in THEMES if name != theme)
    set_theme(tenant_a, theme)
    set_theme(tenant_b, other)
    a, b = client_a.get("/"), client_b.get("/")
    assert a.status_code == b.status_code == 200
    assert tags(a.text, "link", href=f"/static/themes/css/{theme}.css", rel="stylesheet")
    assert not tags(a.text, "link", href=f"/static/themes/css/{other}.css")
    assert tags(b.text, "link", href=f"/static/themes/css/{other}.css", rel="stylesheet")
    assert f"theme-{theme}" in tags(a.text, "body")[0]["class"]
    assert f"--primary: {THEMES[theme].primary};" in a.text
    assert f"--primary: {THEMES[other].primary};" in b.text
    assert finders.find(f"themes/css/{theme}.css")


def test_team_colours_and_fonts_reach_the_page_of_their_tenant_only(client_a, client_b, tenant_a):
    set_theme(tenant_a, "rivier", primary_colour="#0b4870", font_body="slab")
    a, b = client_a.get("/").text, client_b.get("/").text
    assert "--primary: #0b4870;" in a and "--font-body: Rockwell," in a
    assert "#0b4870" not in b and "Rockwell" not in b


def test_landmarks_skip_link_language_and_one_h1(client_a, client_b):
    for client in (client_a, client_b):
        html = client.get("/").text
        assert tags(html, "html")[0]["lang"] == "nl"
        # The first link of the page, so the first thing a keyboard reaches.
        first_link = tags(html, "a")[0]
        assert first_link == {"class": "skip-link", "href": "#main"}
        assert tags(html, "main", id="main")
        assert len(tags(html, "header", **{"class": "site-header"})) == 1
        assert len(tags(html, "footer", **{"class": "site-footer"})) == 1
        (nav,) = tags(html, "nav", **{"class": "site-nav"})
        assert nav["aria-label"]
        (toggle,) = tags(html, "button", **{"class": "nav-toggle"})
        assert toggle["aria-expanded"] == "false"
        assert tags(html, "ul", id=toggle["aria-controls"])
        assert html.count("<h1") == 1
        assert tags(html, "meta", name="viewport")


def test_focus_styles_are_visible_in_the_base_stylesheet():
    css = open(finders.find("themes/css/base.css")).read()
    assert ":focus-visible { outline: 3px solid var(--accent)" in css
    assert ".skip-link:focus" in css


def test_canonical_and_opengraph_on_each_tenants_host(client_a, client_b, tenant_a):
    with tenant_context(tenant_a):
        HomePage.objects.update(search_description="Het dorpshuis van Alveringem.")
    a, b = client_a.get("/").text, client_b.get("/").text
    assert tags(a, "link", rel="canonical")[0]["href"] == "http://alfa.localhost:8000/"
    assert tags(b, "link", rel="canonical")[0]["href"] == "http://bravo.localhost:8000/"
    assert meta_property(a, "og:url") == "http://alfa.localhost:8000/"
    assert meta_property(a, "og:title") == "Buurtpunt Alfa"
    assert meta_property(a, "og:site_name") == "Buurtpunt Alfa"
    assert meta_property(a, "og:locale") == "nl_BE"
    assert meta_property(a, "og:description") == "Het dorpshuis van Alveringem."
    assert tags(a, "meta", name="description")[0]["content"] == "Het dorpshuis van Alveringem."
    # bravo has no search description: its introduction, as plain text.
    assert meta_property(b, "og:description") == "Welkom bij Buurtpunt Bravo."
    assert meta_property(b, "og:site_name") == "Buurtpunt Bravo"
    assert meta_property(a, "og:image") is None


def test_canonical_stays_on_the_primary_domain_when_reached_by_another(tenant_a):
    from tenants.services import domain_add

    domain_add(buurtpunt=tenant_a, domain="www.alfa.localhost")
    home = host_client("www.alfa.localhost").get("/").text
    assert "Buurtpunt Alfa" in home
    assert tags(home, "link", rel="canonical")[0]["href"] == "http://alfa.localhost:8000/"
    assert meta_property(home, "og:url") == "http://alfa.localhost:8000/"


@pytest.fixture
def logo_a(tenant_a):
    with tenant_context(tenant_a):
        image = ImageFactory(title="Logo Alfa", file__width=240, file__height=120)
    yield image
    with tenant_context(tenant_a):
        image.renditions.all().delete()
        image.file.delete(save=False)
        image.delete()


def test_identity_in_header_and_footer_of_its_own_tenant(client_a, client_b, tenant_a, logo_a):
    update_identity(
        tenant_a,
        name="Dorpspunt Alfa",
        logo=logo_a,
        street="Kerkstraat 1",
        postcode="8690",
        phone="058 12 34 56",
        email="info@alfa.example",
        facebook_url="https://www.facebook.com/dorpspuntalfa",
        instagram_url="https://www.instagram.com/dorpspuntalfa",
        other_links=[("link", {"label": "Nieuwsbrief", "url": "https://alfa.example/brief"})],
        footer_text="<p>Een <b>coöperatie</b> van en voor het dorp.</p>",
    )
    a, b = client_a.get("/").text, client_b.get("/").text
    (brand,) = tags(a, "a", **{"class": "brand"})
    assert brand["href"] == "/"
    (logo,) = tags(a, "img", **{"class": "brand-logo"})
    assert logo["alt"] == ""  # the name stands beside it
    assert "/media/alfa/" in logo["src"]
    assert '<span class="brand-name">Dorpspunt Alfa</span>' in a
    assert "<title>Buurtpunt Alfa · Dorpspunt Alfa</title>" in a
    assert "Kerkstraat 1<br>8690 Alveringem" in a
    assert tags(a, "a", href="tel:+3258123456")
    assert tags(a, "a", href="mailto:info@alfa.example")
    for href in (
        "https://www.facebook.com/dorpspuntalfa",
        "https://www.instagram.com/dorpspuntalfa",
        "https://alfa.example/brief",
    ):
        assert tags(a, "a", href=href, rel="me noopener")
    assert "Een <b>coöperatie</b> van en voor het dorp." in a
    assert meta_property(a, "og:image").startswith("http://alfa.localhost:8000/media/alfa/")
    for value in ("Dorpspunt Alfa", "Kerkstraat", "tel:", "mailto:", "facebook", "coöperatie"):
        assert value not in b


def test_identity_text_is_escaped(client_a, tenant_a):
    update_identity(tenant_a, name='Alfa <script>alert("x")</script>', street="<b>Markt</b> 2")
    html = client_a.get("/").text
    assert "<script>alert" not in html and "<b>Markt</b>" not in html
    assert "&lt;b&gt;Markt&lt;/b&gt; 2" in html


def test_menu_from_the_identity_in_order_with_the_current_page_marked(client_a, client_b, tenant_a):
    page = add_page(tenant_a, "Agenda", "agenda")
    update_identity(
        tenant_a,
        navigation=[
            ("link", {"label": "", "page": page, "url": ""}),
            ("link", {"label": "Deze week", "page": None, "url": "/deze-week/"}),
            ("link", {"label": "Gemeente", "page": None, "url": "https://www.alveringem.be/"}),
        ],
    )
    html = client_a.get("/deze-week/").text
    items = tags(html, "a")
    menu = [
        t["href"]
        for t in items
        if t.get("href") in ("/agenda/", "/deze-week/", "https://www.alveringem.be/")
    ]
    assert menu[:3] == ["/agenda/", "/deze-week/", "https://www.alveringem.be/"]
    assert tags(html, "a", href="/deze-week/", aria_current="page")
    assert not tags(html, "a", href="/agenda/", aria_current="page")
    assert ">Agenda</a>" in html  # the page's title when the label is empty
    assert "/agenda/" not in client_b.get("/").text


def test_menu_falls_back_to_pages_shown_in_menus(client_a, client_b, tenant_a):
    add_page(tenant_a, "Winkel", "winkel", show_in_menus=True)
    add_page(tenant_a, "Verborgen", "verborgen", show_in_menus=False)
    html = client_a.get("/").text
    assert tags(html, "a", href="/winkel/")
    assert not tags(html, "a", href="/verborgen/")
    assert not tags(client_b.get("/").text, "a", href="/winkel/")


@pytest.mark.parametrize(
    "value",
    [
        {"label": "Niets", "page": None, "url": ""},
        {"label": "Raar", "page": None, "url": "javascript:alert(1)"},
        {"label": "", "page": None, "url": "/deze-week/"},
    ],
)
def test_a_menu_item_needs_a_page_or_a_sound_address_and_a_label(value):
    from django.core.exceptions import ValidationError

    from themes.blocks import NavigationLinkBlock

    block = NavigationLinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(value))


def test_a_menu_item_with_a_path_and_label_is_fine():
    from themes.blocks import NavigationLinkBlock

    block = NavigationLinkBlock()
    value = block.clean(block.to_python({"label": "Deze week", "page": None, "url": "/deze-week/"}))
    assert (value.href, value.text) == ("/deze-week/", "Deze week")


def test_network_site_renders_with_the_base_template(network_client):
    html = network_client.get("/").text
    assert tags(html, "html")[0]["lang"] == "nl"
    assert tags(html, "link", rel="canonical")[0]["href"] == "http://localhost:8000/"
    # No search and no flyer on the network site.
    assert not tags(html, "a", href="/zoeken/")
    assert not tags(html, "a", href="/deze-week/")


def test_site_root_is_used_for_the_site_name(tenant_a):
    with tenant_context(tenant_a):
        assert Site.objects.get().site_name == "Buurtpunt Alfa"
