"""State changes of the members app, by topic; import them from here."""

from .numbers import next_number
from .portal import (
    consent_set,
    email_change_confirm,
    email_change_request,
    person_update,
    person_user,
    portal_link_request,
)
from .privacy import person_erase
from .register import register_entry_reverse, register_entry_write
from .subscriptions import (
    check_quantity,
    subscription_approve,
    subscription_cancel,
    subscription_confirm,
    subscription_mark_paid,
    subscription_mark_refunded,
    subscription_reject,
    subscription_request,
    subscriptions_expire,
)

__all__ = [
    "consent_set",
    "email_change_confirm",
    "email_change_request",
    "person_erase",
    "person_update",
    "person_user",
    "portal_link_request",
    "check_quantity",
    "next_number",
    "register_entry_reverse",
    "register_entry_write",
    "subscription_approve",
    "subscription_cancel",
    "subscription_confirm",
    "subscription_mark_paid",
    "subscription_mark_refunded",
    "subscription_reject",
    "subscription_request",
    "subscriptions_expire",
]
from .fees import (  # noqa: E402
    FeeError,
    due_mark_paid,
    due_waive,
    dues_preview,
    dues_raise,
    dues_remind,
)
from .membership import (  # noqa: E402
    MembershipError,
    membership_admit,
    membership_defaults_ensure,
    membership_exclude,
    membership_record_death,
    membership_resign,
)

__all__ += [
    "FeeError",
    "MembershipError",
    "due_mark_paid",
    "due_waive",
    "dues_preview",
    "dues_raise",
    "dues_remind",
    "membership_admit",
    "membership_defaults_ensure",
    "membership_exclude",
    "membership_record_death",
    "membership_resign",
]
from .operations import (  # noqa: E402
    ShareOperationError,
    current_exit_window,
    operation_cancel,
    operation_execute,
    operation_refuse,
    operation_request,
    redemption_payout_mark_paid,
)

__all__ += [
    "ShareOperationError",
    "current_exit_window",
    "operation_cancel",
    "operation_execute",
    "operation_refuse",
    "operation_request",
    "redemption_payout_mark_paid",
]
