"""Generic pages: whatever the team wants to tell that has no page type of its own."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentBodyBlock


class ContentPage(Page):
    """A page of text, images and calls to action ("About us", "The cooperative", ...).

    Lives under the home page or under another content page, so the team can
    build a small section (e.g. "About us" > "Our history").
    """

    intro = models.TextField(
        _("introduction"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences above the text, also shown in search results."),
    )
    body = StreamField(ContentBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
