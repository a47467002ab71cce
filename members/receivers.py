"""What the members app does when another app's signal says something happened."""

from __future__ import annotations


def subscription_payment_paid(sender, *, payment, actor=None, **kwargs):
    """A payment came in: if it is a share subscription's, that subscription moves on."""
    from .models import Subscription
    from .services import subscription_mark_paid

    subscription = Subscription.objects.filter(payment=payment).first()
    if subscription is not None:
        subscription_mark_paid(subscription=subscription, actor=actor)


def fee_payment_paid(sender, *, payment, actor=None, **kwargs):
    """A payment came in: if it pays a yearly membership fee, that fee is paid."""
    from .models import FeeDue
    from .services import due_mark_paid

    due = FeeDue.objects.filter(payment=payment).first()
    if due is not None:
        due_mark_paid(due=due, actor=actor)
