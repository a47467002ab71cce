"""StreamField blocks that several apps share: links and images with their text alternative."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock


class LinkValue(blocks.StructValue):
    """A link as the templates use it: ``href`` and ``text`` (a page, or an address)."""

    @property
    def href(self) -> str:
        page = self.get("page")
        if page is not None:
            return page.url or ""
        return self.get("url") or ""

    @property
    def text(self) -> str:
        page = self.get("page")
        return self.get("label") or (page.title if page is not None else self.get("url") or "")


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an address elsewhere: one of the two."""

    label = blocks.CharBlock(label=_("label"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or web address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        page, url = value.get("page"), value.get("url")
        if page and url:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Choose a page or a web address, not both."))
                }
            )
        if self.meta.link_required and not page and not url:
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give a web address."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Link")
        link_required = True
        value_class = LinkValue


class OptionalLinkBlock(LinkBlock):
    label = blocks.CharBlock(label=_("label"), max_length=80, required=False)

    class Meta:
        link_required = False


class AccessibleImageBlock(blocks.StructBlock):
    """An image that always has a text alternative: a page cannot be saved without it."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_(
            "What the image shows, for people who cannot see it "
            "(e.g. 'Volunteers behind the counter of the shop')."
        ),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "core/blocks/image_block.html"


class OptionalImageBlock(blocks.StructBlock):
    """An image that may be left out; when there is one, its text alternative is required."""

    image = ImageChooserBlock(label=_("image"), required=False)
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        required=False,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("image") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("Describe the image for people who cannot see it.")
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        label = _("Image")
        template = "core/blocks/image_block.html"
