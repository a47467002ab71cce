"""The board's screens in a buurtpunt's Wagtail admin: one menu group, "Members and
shares", with the share requests, the people, the register, the general meeting
list and the share classes. Registered in ``members.wagtail_hooks``; none of it
shows, or answers, on the network site.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from core.tenancy import on_network_site

from .operations import ShareOperationViewSet
from .people import PersonViewSet
from .register import VIEW_REGISTER, GeneralMeetingViewSet, RegisterViewSet
from .share_classes import ShareClassViewSet
from .subscriptions import BULK_ACTIONS, SubscriptionViewSet

MENU_ORDER = 200


class MembersViewSetGroup(ViewSetGroup):
    menu_label = _("Members and shares")
    menu_icon = "group"
    menu_name = "members"
    menu_order = MENU_ORDER
    items = (
        SubscriptionViewSet,
        ShareOperationViewSet,
        PersonViewSet,
        RegisterViewSet,
        GeneralMeetingViewSet,
        ShareClassViewSet,
    )


def hide_on_network(menu_items: list, models: tuple) -> None:
    """Take the settings of ``models`` out of a menu on the network site (in place)."""
    if on_network_site():
        menu_items[:] = [item for item in menu_items if getattr(item, "model", None) not in models]


__all__ = ["BULK_ACTIONS", "VIEW_REGISTER", "MembersViewSetGroup", "hide_on_network"]
