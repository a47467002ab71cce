from core.errors import ServiceError


class MembersError(ServiceError):
    """A refusal of the members app, with the reason in the user's language."""


class SubscriptionError(MembersError):
    """A subscription that cannot change the way asked."""


class RegisterError(MembersError):
    """A register entry that cannot be written (the message says which rule)."""
