"""The home pages of the buurtpunt sites and of the network site."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from core.tenancy import on_network_site
from tenants.selectors import active_buurtpunten

from .blocks import HomeBodyBlock


class HomePage(Page):
    """The root page of a buurtpunt's site; every other page of the site lives under it.

    Its children are the sections of the site: content pages, one news index,
    one agenda, the services, suppliers and mobipunt pages and one contact
    page. Its body combines text with blocks that show the agenda, the news
    and the services of the pages below it.
    """

    hero_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A wide photo at the top of the page."),
    )
    hero_image_alt = models.CharField(
        _("alternative text of the hero image"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    hero_heading = models.CharField(
        _("hero heading"),
        max_length=120,
        blank=True,
        help_text=_("Empty: the title of the page."),
    )
    hero_text = models.TextField(_("hero text"), max_length=400, blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(HomeBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.ContentPage",
        "cms.NewsIndexPage",
        "cms.AgendaIndexPage",
        "cms.ServicesPage",
        "cms.SuppliersPage",
        "cms.MobipuntPage",
        "cms.ContactPage",
    ]
    max_count_per_parent = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("buurtpunt home page")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not on_network_site()

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the hero image for people who cannot see it.")}
            )

    @property
    def shows_opening_hours_block(self) -> bool:
        """Whether the team placed the opening hours in the body themselves; if not,
        the home page shows them after the introduction."""
        return any(block.block_type == "opening_hours" for block in self.body)


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
        return super().can_create_at(parent) and on_network_site()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["buurtpunten"] = active_buurtpunten()
        return context
