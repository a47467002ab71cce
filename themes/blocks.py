"""StreamField blocks of the site identity: navigation links and other social links."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import LinkValue

from .validators import validate_link


class NavigationLinkBlock(blocks.StructBlock):
    """One item of the main menu: a page of the site, or an address."""

    label = blocks.CharBlock(
        label=_("label"),
        required=False,
        max_length=40,
        help_text=_("Empty uses the page's title."),
    )
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.CharBlock(
        label=_("or address"),
        required=False,
        max_length=300,
        validators=[validate_link],
        help_text=_("A path such as /deze-week/ or a full address; only when no page is chosen."),
    )

    class Meta:
        icon = "link"
        label = _("menu item")
        value_class = LinkValue

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = value.get("page") is not None, bool(value.get("url"))
        if has_page == has_url:
            raise blocks.StructBlockValidationError(
                non_block_errors=[
                    ValidationError(_("Choose a page or write an address, not both or neither."))
                ]
            )
        if has_url and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": ValidationError(_("A link to an address needs a label."))}
            )
        return value


class SocialLinkBlock(blocks.StructBlock):
    """Another place to find the buurtpunt: YouTube, a WhatsApp community, a newsletter..."""

    label = blocks.CharBlock(label=_("label"), max_length=40)
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        icon = "site"
        label = _("link")
        value_class = LinkValue
