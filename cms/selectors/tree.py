"""The site tree: which site is being rendered, what is public, the sections under a home."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction, Site


def site_path(context) -> str | None:
    """The tree path of the home page of the site being rendered (from a template context)."""
    page = context.get("page")
    if isinstance(page, Page) and page.path and page.depth >= 2:
        return page.path[: 2 * Page.steplen]
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page.path if site else None


def public(queryset: QuerySet) -> QuerySet:
    """Live pages outside any private section, in the same query (no restriction lookup)."""
    restricted = PageViewRestriction.objects.annotate(length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("length"))
    )
    return queryset.live().exclude(Exists(restricted))


def within(queryset: QuerySet, root_path: str) -> QuerySet:
    return public(queryset.filter(path__startswith=root_path))


SECTION_MODELS = (
    "AgendaIndexPage",
    "NewsIndexPage",
    "ServicesPage",
    "SuppliersPage",
    "MobipuntPage",
    "ContactPage",
)


def sections(*, root_path: str, request=None) -> dict[str, Page]:
    """The section pages right under a home page, by model name (the first of each kind).

    One query, remembered on ``request``: the agenda, news and services blocks of
    one page all ask for it. The pages are plain ``Page`` objects (enough for a
    link); take ``.specific`` for their own fields.
    """
    memo = getattr(request, "_cms_sections", {}) if request is not None else {}
    if root_path in memo:
        return memo[root_path]
    models = [apps.get_model("cms", name) for name in SECTION_MODELS]
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    names = {content_type.pk: model.__name__ for model, content_type in types.items()}
    children = Page.objects.filter(
        content_type_id__in=names, depth=len(root_path) // Page.steplen + 1
    )
    found: dict[str, Page] = {}
    for page in within(children, root_path).order_by("path"):
        found.setdefault(names[page.content_type_id], page)
    if request is not None:
        request._cms_sections = {**memo, root_path: found}
    return found


def agenda_index(*, root_path: str, request=None) -> Page | None:
    return sections(root_path=root_path, request=request).get("AgendaIndexPage")


def news_index(*, root_path: str, request=None) -> Page | None:
    return sections(root_path=root_path, request=request).get("NewsIndexPage")


def services_page(*, root_path: str, request=None):
    page = sections(root_path=root_path, request=request).get("ServicesPage")
    return page.specific if page is not None else None
