"""``manage.py import_bank_statement --schema SCHEMA FILE``.

Imports a CODA, CAMT.053 or CSV statement into one buurtpunt, as the admin's
"Import a statement" does, and prints what was paid and what is left for a
person. A refused file writes nothing and exits with status 1.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ServiceError
from tenants.selectors import buurtpunten

from ...statements.errors import StatementError
from ...statements.services import MAX_FILE_BYTES, statement_import


def _line(line) -> str:
    reference = line.display_reference or line.free_communication[:50] or "-"
    name = line.counterparty_name[:30]
    return f"{line.booking_date:%Y-%m-%d}  {line.amount:>10}  {name:<30}  {reference}"


class Command(BaseCommand):
    help = "Import a bank statement (CODA, CAMT.053 or CSV) into a buurtpunt and match it."

    def add_arguments(self, parser):
        parser.add_argument("--schema", required=True, help="the buurtpunt's schema (its slug)")
        parser.add_argument("file", help="the statement file")

    def handle(self, *args, **options):
        schema = options["schema"]
        if not buurtpunten().filter(schema_name=schema).exists():
            raise CommandError(f"No buurtpunt has the schema {schema!r}.")
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                content = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        with schema_context(schema):
            try:
                result = statement_import(content=content, filename=path.name)
            except StatementError as exc:
                raise CommandError(exc.one_line()) from None
            except ServiceError as exc:
                raise CommandError(exc.message) from None
            self._report(result)

    def _report(self, result) -> None:
        statement = result.statement
        if not result.created:
            self.stdout.write(
                f"{statement.file_name} was imported already on "
                f"{timezone.localtime(statement.imported_at):%Y-%m-%d %H:%M}; nothing changed."
            )
            return
        self.stdout.write(
            f"Imported {statement.file_name} ({statement.get_format_display()}): "
            f"{statement.line_count} lines, {result.skipped} known from an earlier import."
        )
        self.stdout.write(f"Paid automatically: {len(result.matched)}")
        for line in result.matched:
            self.stdout.write(f"  {_line(line)}  -> {line.payment.display_reference}")
        self.stdout.write(f"Left for a person: {len(result.queued)}")
        for line in result.queued:
            self.stdout.write(f"  {_line(line)}  ({line.get_status_display()})")
        self.stdout.write(f"Money out (not matched): {len(result.outgoing)}")
        if result.not_booked:
            self.stdout.write(f"Not booked yet, left out: {result.not_booked}")
