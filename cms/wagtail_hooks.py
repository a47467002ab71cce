"""How the website joins the platform: admin screens, and its part of a new buurtpunt."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core import hooks as platform

from . import services
from .models import Supplier


@hooks.register(platform.PROVISION_BUURTPUNT, order=platform.SITE_ORDER)
def create_site(buurtpunt):
    services.buurtpunt_site_create(buurtpunt)


@hooks.register(platform.PROVISION_NETWORK, order=platform.SITE_ORDER)
def ensure_network_site(network):
    services.network_site_ensure(network)


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
