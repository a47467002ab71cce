"""The local suppliers of a buurtpunt (snippets, one set per schema)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cms.models import Supplier


def suppliers(*, season: str = "", category: str = "") -> QuerySet:
    queryset = Supplier.objects.select_related("image").prefetch_related("image__renditions")
    if season:
        queryset = queryset.filter(Q(**{f"season_{season}": True}))
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("name")
