"""The mobipunt: what residents can borrow at the buurtpunt and how."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import OptionalImageBlock

from .blocks import RICH_TEXT_FEATURES


class VehicleBlock(blocks.StructBlock):
    """One kind of vehicle to borrow; the kind is the block's type."""

    name = blocks.CharBlock(
        label=_("name"), max_length=80, help_text=_("e.g. 'Cargo bike Bakfietske'")
    )
    description = blocks.RichTextBlock(
        label=_("description"), features=RICH_TEXT_FEATURES, required=False
    )
    how_to_book = blocks.RichTextBlock(
        label=_("how to book"), features=RICH_TEXT_FEATURES, required=False
    )
    deposit = blocks.CharBlock(
        label=_("deposit"), max_length=120, required=False, help_text=_("e.g. '€ 50'")
    )
    price = blocks.CharBlock(
        label=_("price"),
        max_length=120,
        required=False,
        help_text=_("e.g. '€ 5 per half day, free for members'"),
    )
    photo = OptionalImageBlock(label=_("photo"))

    class Meta:
        template = "cms/blocks/vehicle_block.html"
        default_icon = "bike"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["icon"] = self.meta.default_icon
        return context


class VehiclesBlock(blocks.StreamBlock):
    cargo_bike = VehicleBlock(label=_("Cargo bike"), default_icon="cargo-bike")
    e_bike = VehicleBlock(label=_("E-bike"), default_icon="bike")
    shared_car = VehicleBlock(label=_("Shared car"), default_icon="car")
    other = VehicleBlock(label=_("Other"), default_icon="info")


class MobipuntPage(Page):
    """The mobipunt of the buurtpunt (under the home page): bikes and cars to borrow.

    Each vehicle is a block with how to book it, the deposit and the price;
    the general rules (opening hours of the lending, insurance) are the intro.
    """

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    vehicles = StreamField(VehiclesBlock(), verbose_name=_("vehicles"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("vehicles")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("vehicles")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("mobipunt page")
        verbose_name_plural = _("mobipunt pages")
