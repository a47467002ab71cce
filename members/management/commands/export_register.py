"""``manage.py export_register --schema SCHEMA [--date YYYY-MM-DD] [--format csv|xlsx|json]``.

Writes the share register of one buurtpunt, as it stood at the end of the date
(today by default), to standard output: ``> register.xlsx`` for a file.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from core import localtime
from tenants.selectors import buurtpunten

from ...exports import EXPORT_FORMATS, export_register
from ...wagtail_hooks import COOPERATIVE_FORMS

ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class Command(BaseCommand):
    help = "Write the share register of a buurtpunt as of a date to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--schema", required=True, help="the buurtpunt's schema (its slug)")
        parser.add_argument(
            "--date", default="", help="YYYY-MM-DD, end of that day (default: today)"
        )
        parser.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="csv")

    def handle(self, *args, **options):
        schema, fmt = options["schema"], options["format"]
        buurtpunt = buurtpunten().filter(schema_name=schema).first()
        if buurtpunt is None:
            raise CommandError(f"No buurtpunt has the schema {schema!r}.")
        if buurtpunt.legal_form not in COOPERATIVE_FORMS:
            raise CommandError(
                f"{schema} has no share register: its legal form is "
                f"“{buurtpunt.get_legal_form_display()}”. Its member register cannot be "
                "exported yet."
            )
        on = self._date(options["date"])
        binary = getattr(self.stdout._out, "buffer", None)
        if fmt == "xlsx" and (binary is None or self.stdout.isatty()):
            raise CommandError("XLSX is a binary file: redirect the output to a file.")
        with schema_context(schema):
            data = export_register(on, fmt)
        if binary is not None:
            self.stdout.flush()
            binary.write(data)
            binary.flush()
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

    @staticmethod
    def _date(text: str) -> date:
        if not text:
            return localtime.today()
        try:
            if not ISO_DATE.match(text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--date {text!r} is not a date of the form YYYY-MM-DD.") from None
