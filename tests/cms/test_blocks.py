"""StreamField blocks: what an editor cannot save, and what each block renders."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import engines
from django_tenants.utils import tenant_context

from cms.models.blocks import CallToActionBlock
from tests.factories import ImageFactory, home

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("link", "field"),
    [
        ({"label": "Lees meer", "page": None, "url": ""}, "page"),
        ({"label": "Lees meer", "page": "HOME", "url": "https://example.org"}, "url"),
    ],
)
def test_a_call_to_action_links_to_a_page_or_an_address(tenant_a, link, field):
    block = CallToActionBlock()
    with tenant_context(tenant_a):
        if link["page"] == "HOME":
            link = {**link, "page": home().pk}
        with pytest.raises(ValidationError) as info:
            block.clean(block.to_python({"heading": "", "text": "", "link": link}))
        assert field in info.value.block_errors["link"].block_errors


def test_a_call_to_action_renders_its_link(sites, tenant_a):
    block = CallToActionBlock()
    with tenant_context(tenant_a):
        value = block.to_python(
            {
                "heading": "Word lid",
                "text": "",
                "link": {"label": "Lees meer", "page": sites.a.content.pk, "url": ""},
            }
        )
        html = block.render(block.clean(value))
    assert '<a class="button" href="/over-ons/">Lees meer</a>' in html


def test_home_page_renders_every_kind_of_block(sites, tenant_a, client_a):
    with tenant_context(tenant_a):
        page = home()
        image = ImageFactory(title="markt")
        page.body = [
            ("rich_text", "<p>Welkom <b>allemaal</b></p>"),
            ("image", {"image": image, "alt_text": "De markt", "caption": "Op zaterdag"}),
            ("opening_hours", {"heading": "Open"}),
            ("latest_news", {"heading": "", "count": 1}),
        ]
        page.save_revision().publish()
    connection.set_schema_to_public()
    html = client_a.get("/").text
    assert "<p>Welkom <b>allemaal</b></p>" in html
    assert 'alt="De markt"' in html and "<figcaption>Op zaterdag</figcaption>" in html
    assert "Nieuws uit Alfa" in html


def test_service_icons_default_to_the_kind_of_service(sites, client_a):
    html = client_a.get("/diensten/").text
    cup = (
        engines["django"]
        .from_string('{% include "cms/includes/icon.html" with name="cup" size=40 %}')
        .render({})
    )
    parcel = (
        engines["django"]
        .from_string('{% include "cms/includes/icon.html" with name="parcel" size=40 %}')
        .render({})
    )
    assert cup.strip() in html  # the café block has no icon of its own
    assert parcel.strip() in html
    assert 'id="service-1"' in html and 'id="service-2"' in html
