"""Signals of the payments app: how the app that asked for a payment hears of it.

Sent inside the transaction that changes the payment, so a receiver's own
changes (a register entry, a membership) commit or roll back with it.
"""

from django.dispatch import Signal

#: A payment was paid in full. ``sender`` is the ``Payment`` class; kwargs:
#: ``payment``, ``actor`` (the user who marked it, or None for an import or provider).
payment_paid = Signal()

#: A paid payment was refunded. Kwargs: ``payment``, ``actor``.
payment_refunded = Signal()
