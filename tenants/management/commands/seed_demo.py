"""``manage.py seed_demo``: the network site and two demo buurtpunten (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from cms.demo import seed_opening_hours, seed_site_content
from tenants.errors import BuurtpuntError
from tenants.models import Buurtpunt
from tenants.services import buurtpunt_create, network_ensure

DEMO_PASSWORD = "buurtpunt"  # noqa: S105 - demo data only, refused outside DEBUG

DEMO_BUURTPUNTEN = [
    {
        "slug": "beveren",
        "name": "Dorpspunt Beveren",
        "legal_form": "cv+vzw",
        "municipality": "Beveren aan de IJzer",
        "postcode": "8691",
        "enterprise_number": "0403.170.701",
        "theme": "dorp",
    },
    {
        "slug": "zonnegem",
        "name": "Buurtpunt Zonnegem",
        "legal_form": "vzw",
        "municipality": "Zonnegem",
        "postcode": "9520",
        "enterprise_number": "",
        "theme": "rivier",
    },
]


class Command(BaseCommand):
    help = "Create the demo data: the network site, 'beveren' and 'zonnegem'. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (sets known passwords!)"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo sets known passwords; it refuses to run with DEBUG off (use --force)."
            )
        network_admin = f"admin@{settings.BASE_DOMAIN}"
        network_ensure(
            name="Lerend Netwerk Buurtpunten",
            admin_email=network_admin,
            admin_password=DEMO_PASSWORD,
        )
        logins = [
            ("network", f"http://{settings.BASE_DOMAIN}:{settings.SITE_PORT}/admin/", network_admin)
        ]
        for spec in DEMO_BUURTPUNTEN:
            existing = Buurtpunt.objects.filter(schema_name=spec["slug"]).first()
            if existing is None:
                try:
                    result = buurtpunt_create(
                        **spec,
                        admin_email=f"admin@{spec['slug']}.{settings.BASE_DOMAIN}",
                        admin_password=DEMO_PASSWORD,
                    )
                except BuurtpuntError as exc:
                    raise CommandError(exc.message) from exc
                existing = result.buurtpunt
                self.stdout.write(f"created {existing.schema_name}")
            else:
                self.stdout.write(f"kept {existing.schema_name}")
            with tenant_context(existing):
                made = seed_site_content(existing)
            if made:
                self.stdout.write(f"  {len(made)} pages and items added to {existing.schema_name}")
            if seed_opening_hours(existing):
                self.stdout.write(f"  opening hours for {existing.schema_name}")
            logins.append(
                (
                    existing.schema_name,
                    f"{existing.base_url}/admin/",
                    f"admin@{existing.primary_domain}",
                )
            )
        self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}):")
        for label, url, user in logins:
            self.stdout.write(f"  {label:10} {url:42} {user}")
