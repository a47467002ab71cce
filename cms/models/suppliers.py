"""Local producers the shop sells (short chain), and the page that presents them."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.images import ImageWithAlt

SEASONS = [
    ("spring", _("Spring")),
    ("summer", _("Summer")),
    ("autumn", _("Autumn")),
    ("winter", _("Winter")),
]


class ProductCategory(models.TextChoices):
    VEGETABLES = "vegetables", _("Vegetables and fruit")
    DAIRY = "dairy", _("Dairy and eggs")
    MEAT = "meat", _("Meat and fish")
    BREAD = "bread", _("Bread and pastry")
    DRINKS = "drinks", _("Drinks")
    PANTRY = "pantry", _("Honey, jam and pantry")
    CRAFTS = "crafts", _("Crafts and other")


class Supplier(ImageWithAlt, index.Indexed, models.Model):
    """A local producer (a snippet): edited once, shown on the suppliers page.

    Seasons are four booleans so that "all year" is simply all four, and the
    suppliers page can filter on one season in the database.
    """

    shows_on_public_pages = True  # the page cache purges when a supplier changes

    name = models.CharField(_("producer"), max_length=120)
    category = models.CharField(
        _("kind of products"), max_length=20, choices=ProductCategory.choices
    )
    products = models.CharField(
        _("products"), max_length=250, help_text=_("e.g. 'Potatoes, leeks, pumpkins'")
    )
    village = models.CharField(_("village"), max_length=120, blank=True)
    description = RichTextField(_("description"), features=["bold", "italic", "link"], blank=True)
    season_spring = models.BooleanField(_("spring"), default=True)
    season_summer = models.BooleanField(_("summer"), default=True)
    season_autumn = models.BooleanField(_("autumn"), default=True)
    season_winter = models.BooleanField(_("winter"), default=True)
    link = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("category"),
        FieldPanel("products"),
        FieldPanel("village"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("season_spring"),
                        FieldPanel("season_summer"),
                        FieldPanel("season_autumn"),
                        FieldPanel("season_winter"),
                    ]
                )
            ],
            heading=_("Available in"),
        ),
        FieldPanel("link"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("products"),
        index.SearchField("village"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if not any(getattr(self, f"season_{key}") for key, _label in SEASONS):
            errors["season_spring"] = _("Tick at least one season.")
        errors.update(self.image_errors())
        if errors:
            raise ValidationError(errors)

    @property
    def seasons(self) -> list[str]:
        return [str(label) for key, label in SEASONS if getattr(self, f"season_{key}")]

    @property
    def all_year(self) -> bool:
        return len(self.seasons) == len(SEASONS)


class SupplierFilterForm(forms.Form):
    """The filter of the suppliers page; an unknown value is ignored, never an error page."""

    season = forms.ChoiceField(
        label=_("Season"), choices=[("", _("All seasons")), *SEASONS], required=False
    )
    category = forms.ChoiceField(
        label=_("Products"),
        choices=[("", _("All products")), *ProductCategory.choices],
        required=False,
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"season": "", "category": ""}
        return {"season": self.cleaned_data["season"], "category": self.cleaned_data["category"]}


class SuppliersPage(Page):
    """The overview of the buurtpunt's suppliers (under the home page), filtered by season or
    kind of product. The suppliers themselves are snippets, shared by every page that shows them.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("suppliers page")
        verbose_name_plural = _("suppliers pages")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors.suppliers import suppliers

        context = super().get_context(request, *args, **kwargs)
        form = SupplierFilterForm(request.GET or None)
        filters = form.filters() if request.GET else {"season": "", "category": ""}
        context["filter_form"] = form if request.GET else SupplierFilterForm()
        context["suppliers"] = suppliers(**filters)
        context["filtered"] = any(filters.values())
        return context
