"""The home pages of the buurtpunt sites and of the network site."""

from django.db import connection
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The root page of a buurtpunt's site; every other page of the site lives under it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("buurtpunt home page")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and connection.schema_name != "public"


class NetworkHomePage(Page):
    """The root page of the network's own site (public schema): it lists the buurtpunten."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "cms/network_home_page.html"

    class Meta:
        verbose_name = _("network home page")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and connection.schema_name == "public"

    def get_context(self, request, *args, **kwargs):
        from tenants.selectors import active_buurtpunten

        context = super().get_context(request, *args, **kwargs)
        context["buurtpunten"] = active_buurtpunten()
        return context
