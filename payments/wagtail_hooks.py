"""How the payments app joins the platform: its log actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

LOG_ACTIONS = [
    ("payments.payment.created", _("Payment requested")),
    ("payments.payment.paid", _("Payment received")),
    ("payments.payment.cancelled", _("Payment cancelled")),
    ("payments.payment.refunded", _("Payment refunded")),
    ("payments.statement.imported", _("Bank statement imported")),
    ("payments.statement_line.assigned", _("Statement line assigned to a payment")),
    ("payments.statement_line.dismissed", _("Statement line dismissed")),
]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for code, label in LOG_ACTIONS:
        actions.register_action(code, label, label)


# --- the admin screens (payments.admin_views) ---------------------------------------

from core.tenancy import on_network_site  # noqa: E402

from .admin_views import PaymentViewSet  # noqa: E402
from .models import BankTransferSettings  # noqa: E402


@hooks.register("register_admin_viewset")
def register_payments_admin():
    return PaymentViewSet()


@hooks.register("construct_settings_menu")
def hide_bank_transfer_settings_on_network(request, menu_items):
    """The network has no bank account of a buurtpunt to set."""
    if on_network_site():
        menu_items[:] = [
            item for item in menu_items if getattr(item, "model", None) is not BankTransferSettings
        ]


from . import statement_admin  # noqa: E402,F401
