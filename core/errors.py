"""The error a service raises when it refuses, and the form mixin that shows it.

Services check their input and refuse with a ``ServiceError`` whose message is
already in the user's language; the view (or command) that called the service
shows it. ``field`` names the form field the message belongs to, if any.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal with a message for the person who asked (already translated)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class ServiceErrorFormMixin:
    """Put a ``ServiceError`` on the field it names, or on the form as a whole."""

    def add_service_error(self, exc: ServiceError) -> None:
        field = exc.field if exc.field in self.fields else None
        self.add_error(field, exc.message)
