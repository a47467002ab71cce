"""The refusal of a statement file or of a decision on one of its lines."""

from __future__ import annotations

from ..errors import PaymentError


class StatementError(PaymentError):
    """A statement that cannot be imported, or a line that cannot be decided so.

    ``problems`` lists every fault found (a CSV file's bad rows, each with its
    line number); ``message`` says what happened as a whole.
    """

    def __init__(self, message, *, problems: list[str] | None = None, field: str | None = None):
        super().__init__(message, field=field)
        self.problems = [str(problem) for problem in problems or []]

    def one_line(self) -> str:
        """The message and its problems on one line (a command's error)."""
        return " ".join([self.message, *self.problems])
