"""Admin screens of the cms app."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Supplier


class SupplierViewSet(SnippetViewSet):
    model = Supplier
    icon = "group"
    menu_label = _("Suppliers")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "category", "village"]
    list_filter = ["category", "season_spring", "season_summer", "season_autumn", "season_winter"]
    search_fields = ["name", "products", "village"]


register_snippet(SupplierViewSet)
