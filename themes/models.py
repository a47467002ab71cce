"""Each site's look and identity, as two Wagtail site settings the team edits.

``ThemeSettings`` is how the site looks (theme, colours, fonts); ``SiteIdentity``
is who the buurtpunt is (name, address, contact, logo, menu, footer). The base
template reads both on every page.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from .blocks import NavigationLinkBlock, SocialLinkBlock
from .contrast import is_hex_colour, normalise_hex
from .palette import palette_problems
from .registry import DEFAULT_THEME, font_choices, get_font_stack, get_theme, theme_choices
from .validators import phone_href, validate_hex_colour, validate_phone


@register_setting(icon="view")
class ThemeSettings(BaseSiteSetting):
    """The theme of a site and the team's own colours and fonts.

    Colours are refused on save when a pair they form falls under WCAG 2.2 AA
    (see ``themes.palette``), so a site stays readable whatever the team picks.
    """

    theme = models.CharField(
        _("theme"), max_length=40, choices=theme_choices, default=DEFAULT_THEME
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_(
            "Header, buttons, links and headings, e.g. #2f6b3b. Empty uses the theme's colour."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_(
            "Links on hover, dates, labels and the focus ring, e.g. #8a4b00. "
            "Empty uses the theme's colour."
        ),
    )
    font_body = models.CharField(
        _("font for text"),
        max_length=20,
        blank=True,
        choices=font_choices,
        help_text=_("Empty uses the theme's font."),
    )
    font_heading = models.CharField(
        _("font for headings"),
        max_length=20,
        blank=True,
        choices=font_choices,
        help_text=_("Empty uses the theme's font."),
    )

    panels = [
        FieldPanel("theme"),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour")],
            heading=_("Colours"),
            help_text=_(
                "Colours that are hard to read (below a contrast of 4.5:1, WCAG 2.2 AA) "
                "are refused, with a readable shade of the same colour to use instead."
            ),
        ),
        MultiFieldPanel([FieldPanel("font_body"), FieldPanel("font_heading")], heading=_("Fonts")),
    ]

    class Meta:
        verbose_name = _("theme")

    def clean(self):
        super().clean()
        valid = {}
        for field in ("primary_colour", "accent_colour"):
            value = (getattr(self, field) or "").strip()
            if value and is_hex_colour(value):
                value = normalise_hex(value)
            setattr(self, field, value)
            valid[field] = not value or is_hex_colour(value)
        if not all(valid.values()):
            return  # the field validators report the bad code
        errors: dict[str, list[ValidationError]] = {}
        for problem in palette_problems(
            self.theme_object, primary=self.primary, accent=self.accent
        ):
            errors.setdefault(problem.field, []).append(
                ValidationError(problem.message, code="contrast", params=problem.params)
            )
        if errors:
            raise ValidationError(errors)

    @property
    def theme_object(self):
        return get_theme(self.theme)

    @property
    def primary(self) -> str:
        return self._colour(self.primary_colour, self.theme_object.primary)

    @property
    def accent(self) -> str:
        return self._colour(self.accent_colour, self.theme_object.accent)

    @staticmethod
    def _colour(value: str, default: str) -> str:
        return normalise_hex(value) if value and is_hex_colour(value) else default

    def css_variables(self) -> SafeString:
        """The custom properties this site sets over its theme's stylesheet.

        Every value is either a checked hex colour or a font stack from the
        registry, never free text, so it is safe inside a <style> element (where
        HTML escaping would break the quotes of the font names).
        """
        theme = self.theme_object
        properties = {
            "--primary": self.primary,
            "--accent": self.accent,
            "--on-primary": theme.on_primary,
            "--font-body": get_font_stack(self.font_body, theme.font_body),
            "--font-heading": get_font_stack(self.font_heading, theme.font_heading),
        }
        body = " ".join(f"{name}: {value};" for name, value in properties.items())
        return mark_safe(f":root {{ {body} }}")  # noqa: S308 - built from checked values only


@register_setting(icon="home")
class SiteIdentity(BaseSiteSetting):
    """Who the buurtpunt is: shown in every page's header and footer and on the flyer."""

    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Empty uses the site's name.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    instagram_url = models.URLField(_("Instagram profile"), blank=True)
    other_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name=_("other links"),
        blank=True,
        help_text=_("YouTube, a newsletter, a WhatsApp community..."),
    )
    navigation = StreamField(
        [("link", NavigationLinkBlock())],
        verbose_name=_("main menu"),
        blank=True,
        help_text=_(
            "The links at the top of every page, in this order. Empty shows the pages "
            "marked “Show in menus”."
        ),
    )
    footer_text = RichTextField(
        _("footer text"), blank=True, features=["bold", "italic", "link"], max_length=1000
    )

    select_related = ["site", "logo"]

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("logo")], heading=_("Name and logo")),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("municipality")],
            heading=_("Address"),
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url"), FieldPanel("other_links")],
            heading=_("Social media"),
        ),
        FieldPanel("navigation"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("site identity")

    @property
    def phone_href(self) -> str:
        return phone_href(self.phone)

    @property
    def has_address(self) -> bool:
        return bool(self.street or self.postcode or self.municipality)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        """(label, address) of every social link, the fixed ones first."""
        links = []
        if self.facebook_url:
            links.append(("Facebook", self.facebook_url))
        if self.instagram_url:
            links.append(("Instagram", self.instagram_url))
        links.extend((link.value.text, link.value.href) for link in self.other_links)
        return links
