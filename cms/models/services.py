"""What a buurtpunt offers: the services page, one block per service the team picks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import OptionalLinkBlock

from .blocks import ICON_CHOICES, RICH_TEXT_FEATURES


class ServiceBlock(blocks.StructBlock):
    """One service; the kind is the block's type, the icon defaults to the kind's own."""

    title = blocks.CharBlock(label=_("title"), max_length=80)
    icon = blocks.ChoiceBlock(label=_("icon"), choices=ICON_CHOICES, required=False)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES, required=False)
    link = OptionalLinkBlock(label=_("link"), required=False)

    class Meta:
        template = "cms/blocks/service_block.html"
        default_icon = "info"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["icon"] = value.get("icon") or self.meta.default_icon
        return context


def _service(label, icon: str) -> ServiceBlock:
    return ServiceBlock(label=label, default_icon=icon)


class ServicesBlock(blocks.StreamBlock):
    cafe = _service(_("Café"), "cup")
    shop = _service(_("Shop"), "basket")
    parcel_point = _service(_("Parcel pick-up point"), "parcel")
    library_point = _service(_("Library point"), "book")
    repair_cafe = _service(_("Repair café"), "wrench")
    meeting_room = _service(_("Meeting room"), "people")
    other = _service(_("Other service"), "info")


class ServicesPage(Page):
    """The services of the buurtpunt (under the home page).

    The home page's services grid links to the services listed here; each
    service has an anchor (``#service-<n>``) so a link lands on it.
    """

    intro = RichTextField(_("introduction"), blank=True)
    services = StreamField(ServicesBlock(), verbose_name=_("services"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("services")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("services")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("services page")
        verbose_name_plural = _("services pages")
