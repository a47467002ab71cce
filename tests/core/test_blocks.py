"""The shared blocks of core.blocks: an image is never saved without its text
alternative, and a link is a page or an address, never both."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import tenant_context

from core.blocks import AccessibleImageBlock, LinkBlock, OptionalImageBlock, OptionalLinkBlock
from tests.factories import ContentPageFactory, ImageFactory

pytestmark = pytest.mark.django_db


def test_an_image_block_needs_its_alternative_text_and_shows_its_own_tenants_image(
    tenant_a, tenant_b
):
    block = AccessibleImageBlock()
    rendered = {}
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            image = ImageFactory(title="winkel")
            with pytest.raises(ValidationError) as info:
                block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))
            assert "alt_text" in info.value.block_errors
            value = block.clean(
                block.to_python({"image": image.pk, "alt_text": "De winkel", "caption": "Markt"})
            )
            rendered[tenant.schema_name] = block.render(value)
    connection.set_schema_to_public()
    for schema, html in rendered.items():
        assert 'alt="De winkel"' in html and "<figcaption>Markt</figcaption>" in html
        assert f"/media/{schema}/" in html


def test_an_optional_image_needs_alternative_text_only_when_there_is_one(tenant_a):
    block = OptionalImageBlock()
    assert block.clean(block.to_python({"image": None, "alt_text": ""}))["image"] is None
    with tenant_context(tenant_a):
        image = ImageFactory()
        with pytest.raises(ValidationError) as info:
            block.clean(block.to_python({"image": image.pk, "alt_text": " "}))
        assert "alt_text" in info.value.block_errors
        assert block.clean(block.to_python({"image": image.pk, "alt_text": "Een fiets"}))


def test_a_link_is_a_page_or_an_address_and_reads_as_its_label_or_the_pages_title(tenant_a):
    block, optional = LinkBlock(), OptionalLinkBlock()
    with tenant_context(tenant_a):
        page = ContentPageFactory(title="Over ons", slug="over-ons")
        both = {"label": "Beide", "page": page.pk, "url": "https://example.org"}
        with pytest.raises(ValidationError) as info:
            block.clean(block.to_python(both))
        assert "url" in info.value.block_errors
        with pytest.raises(ValidationError) as info:
            block.clean(block.to_python({"label": "Leeg", "page": None, "url": ""}))
        assert "page" in info.value.block_errors
        assert optional.clean(optional.to_python({"label": "", "page": None, "url": ""}))

        to_page = optional.clean(optional.to_python({"label": "", "page": page.pk, "url": ""}))
        assert (to_page.href, to_page.text) == ("/over-ons/", "Over ons")
        away = block.clean(
            block.to_python({"label": "Gemeente", "page": None, "url": "https://example.org"})
        )
        assert (away.href, away.text) == ("https://example.org", "Gemeente")
