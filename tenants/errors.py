from core.errors import ServiceError


class BuurtpuntError(ServiceError):
    """The tenant registry refuses: a taken slug, a bad domain, a stale template ..."""
