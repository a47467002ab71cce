"""StreamField blocks that editors combine into the body of a page.

The home page offers every block; a content page the ones that make sense
anywhere. Blocks that show live data (upcoming events, latest news, services)
read it through ``cms.selectors`` when the page is rendered, and the opening
hours block is rendered by the hours app, so the team never has to copy a date
or an opening hour into a text.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import AccessibleImageBlock, LinkBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

# Icons drawn by cms/includes/icon.html (inline SVG, no icon font to download).
ICON_CHOICES = [
    ("cup", _("Cup (café)")),
    ("basket", _("Basket (shop)")),
    ("parcel", _("Parcel (pick-up point)")),
    ("book", _("Book (library point)")),
    ("wrench", _("Wrench (repair café)")),
    ("people", _("People (meeting room)")),
    ("bike", _("Bicycle")),
    ("cargo-bike", _("Cargo bike")),
    ("car", _("Car")),
    ("leaf", _("Leaf (local produce)")),
    ("heart", _("Heart (care, volunteers)")),
    ("info", _("Information")),
]


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "cms/blocks/rich_text_block.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)
    link = LinkBlock(label=_("button"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "cms/blocks/call_to_action_block.html"


def _limit_block(default: int) -> blocks.IntegerBlock:
    return blocks.IntegerBlock(label=_("how many"), default=default, min_value=1, max_value=12)


class UpcomingEventsBlock(blocks.StructBlock):
    """The next dates of the agenda, recurring events expanded."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    count = _limit_block(3)

    def get_context(self, value, parent_context=None):
        # Selectors read the page models, which are built from these blocks.
        from cms.selectors.agenda import upcoming_occurrences
        from cms.selectors.tree import agenda_index, site_path

        context = super().get_context(value, parent_context=parent_context)
        root_path = site_path(context)
        if root_path:
            context["occurrences"] = upcoming_occurrences(root_path=root_path, limit=value["count"])
            context["agenda"] = agenda_index(root_path=root_path, request=context.get("request"))
        return context

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "cms/blocks/upcoming_events_block.html"


class LatestNewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    count = _limit_block(3)

    def get_context(self, value, parent_context=None):
        from cms.selectors.news import latest_news
        from cms.selectors.tree import news_index, site_path

        context = super().get_context(value, parent_context=parent_context)
        root_path = site_path(context)
        if root_path:
            context["items"] = latest_news(root_path=root_path, limit=value["count"])
            context["news_index"] = news_index(root_path=root_path, request=context.get("request"))
        return context

    class Meta:
        icon = "doc-full"
        label = _("Latest news")
        template = "cms/blocks/latest_news_block.html"


class ServicesGridBlock(blocks.StructBlock):
    """The services of a services page as a grid of links to that page."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    services_page = blocks.PageChooserBlock(
        label=_("services page"),
        page_type="cms.ServicesPage",
        required=False,
        help_text=_("Empty: the services page of this site."),
    )

    def get_context(self, value, parent_context=None):
        from cms.selectors.tree import services_page, site_path

        context = super().get_context(value, parent_context=parent_context)
        page = value.get("services_page")
        if page is None or not page.live:
            root_path = site_path(context)
            page = (
                services_page(root_path=root_path, request=context.get("request"))
                if root_path
                else None
            )
        else:
            page = page.specific
        context["services_page"] = page
        context["services"] = page.services if page else []
        return context

    class Meta:
        icon = "table"
        label = _("Services grid")
        template = "cms/blocks/services_grid_block.html"


class OpeningHoursBlock(blocks.StructBlock):
    """Where the site's opening hours appear in a page.

    The opening hours themselves are edited once per site (Settings → Opening
    hours); this block only marks the place, and the hours app renders them.
    """

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)

    class Meta:
        icon = "time"
        label = _("Opening hours")
        template = "hours/block.html"


class ContentBodyBlock(blocks.StreamBlock):
    rich_text = RichTextBlock()
    image = AccessibleImageBlock()
    call_to_action = CallToActionBlock()
    opening_hours = OpeningHoursBlock()

    class Meta:
        block_counts = {"opening_hours": {"max_num": 1}}


class HomeBodyBlock(blocks.StreamBlock):
    rich_text = RichTextBlock()
    image = AccessibleImageBlock()
    call_to_action = CallToActionBlock()
    upcoming_events = UpcomingEventsBlock()
    latest_news = LatestNewsBlock()
    services_grid = ServicesGridBlock()
    opening_hours = OpeningHoursBlock()

    class Meta:
        block_counts = {"opening_hours": {"max_num": 1}}
