"""News of a buurtpunt: one index page with the news items below it."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.images import ImageWithAlt

from .blocks import ContentBodyBlock

NEWS_PER_PAGE = 10


class NewsIndexPage(Page):
    """The news section (one per site, under the home page): its items, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsItemPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors.news import news_items

        context = super().get_context(request, *args, **kwargs)
        items = news_items(root_path=self.path)
        context["items"] = Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return context


class NewsItemPage(ImageWithAlt, Page):
    """One news item; only under the news index, which lists it by its date."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(
        _("introduction"),
        max_length=400,
        blank=True,
        help_text=_("Shown in the news list and on the home page."),
    )
    body = StreamField(ContentBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def clean(self):
        super().clean()
        if errors := self.image_errors():
            raise ValidationError(errors)
