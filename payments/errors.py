from core.errors import ServiceError


class PaymentError(ServiceError):
    """A payment that cannot change the way asked (the message says why)."""
