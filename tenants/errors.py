class BuurtpuntError(Exception):
    """A refusal with a message for the person who asked (already translated)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
