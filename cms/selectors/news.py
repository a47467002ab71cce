"""The news of a site, newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from cms.models import NewsItemPage

from .tree import within


def news_items(*, root_path: str) -> QuerySet:
    return (
        within(NewsItemPage.objects.all(), root_path)
        .select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-first_published_at", "-pk")
    )


def latest_news(*, root_path: str, limit: int) -> list:
    return list(news_items(root_path=root_path)[:limit])
