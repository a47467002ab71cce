"""``manage.py create_buurtpunt SLUG --name NAME ...``: a new, working buurtpunt."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import hooks
from core.constants import DEFAULT_THEME
from core.errors import ServiceError
from tenants.models import LegalForm
from tenants.services import buurtpunt_create


class Command(BaseCommand):
    help = (
        "Create a buurtpunt: its schema (cloned from the template), "
        "site, home page, theme and first admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slug", help="lowercase letters, digits and hyphens; also the schema name"
        )
        parser.add_argument("--name", required=True)
        parser.add_argument("--domain", default="", help="host name (default: SLUG.BASE_DOMAIN)")
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--legal-form", default=LegalForm.VZW, choices=LegalForm.values)
        parser.add_argument(
            "--theme", default=DEFAULT_THEME, choices=[name for name, _ in hooks.site_themes()]
        )
        parser.add_argument("--enterprise-number", default="")
        parser.add_argument("--municipality", default="")
        parser.add_argument("--postcode", default="")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            result = buurtpunt_create(
                slug=options["slug"],
                name=options["name"],
                legal_form=options["legal_form"],
                domain=options["domain"] or None,
                admin_email=options["admin_email"],
                theme=options["theme"],
                enterprise_number=options["enterprise_number"],
                municipality=options["municipality"],
                postcode=options["postcode"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        bp = result.buurtpunt
        elapsed = time.perf_counter() - started
        self.stdout.write(f"schema: {bp.schema_name}")
        self.stdout.write(f"url: {bp.base_url}/")
        self.stdout.write(f"admin: {bp.base_url}/admin/ ({result.admin_email})")
        if settings.DEMO_MODE or settings.DEBUG:
            self.stdout.write(f"invitation: {result.invite_url}")
        else:
            self.stdout.write("invitation: sent by e-mail to the administrator")
        self.stdout.write(f"created in {elapsed:.2f} s")
