"""Template tags of the base template: menu, canonical address, page description, share image."""

from __future__ import annotations

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site

from themes.models import SiteIdentity

register = template.Library()

DESCRIPTION_LENGTH = 200
# Attributes a page type may offer as its picture for link previews, in this order.
OG_IMAGE_ATTRIBUTES = ("og_image", "hero_image", "image")


def _site(request) -> Site | None:
    return Site.find_for_request(request) if request is not None else None


def _absolute(request, url: str) -> str:
    if not url or "://" in url:
        return url
    site = _site(request)
    if site is not None:
        return site.root_url + url
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def site_navigation(context) -> list[dict]:
    """The main menu: the team's own links, or else the live pages under the home page
    marked "show in menus". Each item: ``href``, ``text``, ``current``."""
    request = context.get("request")
    site = _site(request)
    if site is None:
        return []
    identity = SiteIdentity.for_request(request)
    links = [(item.value.href, item.value.text) for item in identity.navigation]
    if not links:
        pages = site.root_page.get_children().live().in_menu().only("title", "url_path")
        links = [(page.get_url(request), page.title) for page in pages]
    path = request.path
    return [
        {"href": href, "text": text, "current": href == path}
        for href, text in links
        if href and text
    ]


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The address of this page on the site's primary domain (the Wagtail Site's host)."""
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        url = page.get_full_url(request)
        if url:
            return url
    if request is None:
        return ""
    return _absolute(request, request.path)


@register.filter
def page_description(page) -> str:
    """The search description, or else the introduction as plain text, shortened."""
    if page is None:
        return ""
    text = getattr(page, "search_description", "") or ""
    if not text:
        intro = getattr(page, "intro", "") or ""
        text = strip_tags(str(intro))
    text = " ".join(text.split())
    return Truncator(text).chars(DESCRIPTION_LENGTH)


@register.simple_tag(takes_context=True)
def og_image_url(context) -> str:
    """A picture for link previews: the page's own (``og_image``, ``hero_image`` or
    ``image``, whichever the page type has), or else the site's logo."""
    request = context.get("request")
    page = context.get("page")
    image = None
    for attribute in OG_IMAGE_ATTRIBUTES:
        candidate = getattr(page, attribute, None)
        if isinstance(candidate, AbstractImage):
            image = candidate
            break
    if image is None and request is not None and _site(request) is not None:
        image = SiteIdentity.for_request(request).logo
    if image is None:
        return ""
    return _absolute(request, image.get_rendition("max-1200x630").url)
