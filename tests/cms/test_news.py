"""News: newest first, paginated, per buurtpunt."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from cms.models.news import NEWS_PER_PAGE
from tests.factories import ImageFactory, NewsItemPageFactory

pytestmark = pytest.mark.django_db


def test_news_newest_first_and_paginated(sites, tenant_a, client_a, client_b):
    today = timezone.localdate()
    with tenant_context(tenant_a):
        for number in range(NEWS_PER_PAGE + 2):
            NewsItemPageFactory(
                parent=sites.a.news,
                title=f"Bericht {number:02d}",
                date=today - timedelta(days=number + 1),
            )
    connection.set_schema_to_public()
    first = client_a.get("/nieuws/").text
    second = client_a.get("/nieuws/?page=2").text
    # Today's item of the fixture first, then the newest of the others.
    assert first.index("Nieuws uit Alfa") < first.index("Bericht 00") < first.index("Bericht 01")
    assert first.count('class="news-card"') == NEWS_PER_PAGE
    assert second.count('class="news-card"') == 3
    assert "Bericht 11" in second and "Bericht 11" not in first
    assert "Bericht" not in client_b.get("/nieuws/").text


def test_a_news_item_cannot_be_published_elsewhere(sites, tenant_a):
    from django.core.exceptions import ValidationError

    from cms.models import NewsItemPage

    with tenant_context(tenant_a):
        assert not NewsItemPage.can_create_at(sites.a.agenda)
        image = ImageFactory()
        item = NewsItemPage(title="Zonder alt", slug="zonder-alt", image=image)
        with pytest.raises(ValidationError) as info:
            sites.a.news.add_child(instance=item)
        assert "image_alt" in info.value.message_dict
