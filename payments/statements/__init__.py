"""Bank statements: the bank transfer provider's other half.

A statement file (CODA, CAMT.053 or CSV) is read into plain ``parsed``
records (``formats.parse``), its lines are stored once each
(``models.StatementLine``, keyed so that a file imported twice or an
overlapping one adds nothing twice) and matched to the pending payments by
structured communication and amount (``services.statement_import``). What
does not match exactly waits in a queue for a person, who assigns it to a
payment or dismisses it with a note (``services.statement_line_assign`` and
``statement_line_dismiss``).
"""
