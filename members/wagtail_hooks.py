"""How the members app joins the platform: provisioning, periodic jobs, log actions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from core import hooks as platform

COOPERATIVE_FORMS = ("cv", "cv+vzw")


@hooks.register(platform.PROVISION_BUURTPUNT)
def provision_share_classes(buurtpunt):
    """A cooperative starts with one share class, which its board then edits."""
    from .models import ShareClass

    if buurtpunt.legal_form not in COOPERATIVE_FORMS or ShareClass.objects.exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        ShareClass.objects.create(
            code="A",
            name=_("Shares"),
            nominal_value=Decimal("50.00"),
            min_per_person=1,
            max_per_person=20,
            votes_per_share=1,
        )


@hooks.register(platform.PROVISION_BUURTPUNT)
def provision_membership(buurtpunt):
    """A vzw starts with one membership type and its fee plan, which its board then edits."""
    from .services.membership import VZW_FORMS, membership_defaults_ensure

    if buurtpunt.legal_form in VZW_FORMS:
        membership_defaults_ensure()


@hooks.register(platform.REGISTER_PERIODIC_TASKS)
def periodic_tasks():
    return [
        platform.PeriodicTask(
            "members.tasks.expire_subscriptions",
            every=timedelta(hours=1),
            where=platform.PeriodicTask.TENANTS,
        ),
        platform.PeriodicTask(
            "members.tasks.remind_dues",
            every=timedelta(days=1),
            where=platform.PeriodicTask.TENANTS,
        ),
    ]


LOG_ACTIONS = [
    ("members.subscription.requested", gettext_lazy("Share request received")),
    ("members.subscription.submitted", gettext_lazy("Share request confirmed by e-mail")),
    ("members.subscription.approved", gettext_lazy("Share request approved")),
    ("members.subscription.paid", gettext_lazy("Share request paid")),
    ("members.subscription.paid_when_closed", gettext_lazy("Payment for a closed request")),
    ("members.subscription.effective", gettext_lazy("Shares issued")),
    ("members.subscription.rejected", gettext_lazy("Share request rejected")),
    ("members.subscription.cancelled", gettext_lazy("Share request cancelled")),
    ("members.subscription.expired", gettext_lazy("Share request expired")),
    ("members.subscription.refunded", gettext_lazy("Share request refunded")),
    ("members.person.updated", gettext_lazy("Details changed")),
    ("members.person.erased", gettext_lazy("Personal data erased")),
    ("members.person.email_changed", gettext_lazy("E-mail address changed")),
    ("members.consent.given", gettext_lazy("Consent given")),
    ("members.consent.withdrawn", gettext_lazy("Consent withdrawn")),
    ("members.register.issue", gettext_lazy("Register: shares issued")),
    ("members.register.transfer_out", gettext_lazy("Register: shares transferred out")),
    ("members.register.transfer_in", gettext_lazy("Register: shares transferred in")),
    ("members.register.redemption", gettext_lazy("Register: shares redeemed")),
    ("members.register.exclusion", gettext_lazy("Register: shareholder excluded")),
    ("members.register.conversion_out", gettext_lazy("Register: shares converted (out)")),
    ("members.register.conversion_in", gettext_lazy("Register: shares converted (in)")),
    ("members.register.reversal", gettext_lazy("Register: entry reversed")),
    ("members.operation.requested", gettext_lazy("Share operation requested")),
    ("members.operation.executed", gettext_lazy("Share operation executed")),
    ("members.operation.refused", gettext_lazy("Share operation refused")),
    ("members.operation.cancelled", gettext_lazy("Share operation cancelled")),
    ("members.operation.payout_paid", gettext_lazy("Redeemed shares paid back")),
    ("members.membership.admitted", gettext_lazy("Member register: admitted")),
    ("members.membership.resignation", gettext_lazy("Member register: resigned")),
    ("members.membership.exclusion", gettext_lazy("Member register: excluded")),
    ("members.membership.death", gettext_lazy("Member register: died")),
    ("members.fee_due.raised", gettext_lazy("Membership fee raised")),
    ("members.fee_due.paid", gettext_lazy("Membership fee paid")),
    ("members.fee_due.paid_when_waived", gettext_lazy("Payment for a waived membership fee")),
    ("members.fee_due.waived", gettext_lazy("Membership fee waived")),
    ("members.fee_due.reminded", gettext_lazy("Membership fee reminder sent")),
    ("members.person.imported", gettext_lazy("Added by an import")),
    ("members.import.uploaded", gettext_lazy("Import: file uploaded")),
    ("members.import.checked", gettext_lazy("Import: file checked")),
    ("members.import.confirmed", gettext_lazy("Import: started")),
    ("members.import.done", gettext_lazy("Import: done")),
    ("members.import.failed", gettext_lazy("Import: failed, nothing written")),
]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for code, label in LOG_ACTIONS:
        actions.register_action(code, label, label)


# --- the board's screens (members.admin) --------------------------------------------

from django.contrib.auth.models import Permission  # noqa: E402

from . import admin as board  # noqa: E402
from .models import CooperativeSettings  # noqa: E402


@hooks.register("register_admin_viewset")
def register_members_admin():
    return board.MembersViewSetGroup()


for bulk_action in board.BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_permissions")
def register_register_permission():
    """Who may read the share register and its exports (a group permission)."""
    app_label, codename = board.VIEW_REGISTER.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("construct_settings_menu")
def hide_cooperative_settings_on_network(request, menu_items):
    board.hide_on_network(menu_items, (CooperativeSettings,))


from .admin import membership as _membership  # noqa: E402,F401
from .admin import privacy as _privacy  # noqa: E402,F401
from .admin import transfer as _transfer  # noqa: E402,F401
