"""``manage.py seed_demo``: the network site and two demo buurtpunten (idempotent).

The buurtpunten are created by the same service as any other; then every app's
``demo.seed(buurtpunt)`` fills in its own part, in app order (``core.hooks``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from core import hooks
from core.constants import PUBLIC_SCHEMA
from core.errors import ServiceError
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
        network = Buurtpunt.objects.get(schema_name=PUBLIC_SCHEMA)
        self._seed(network)
        for spec in DEMO_BUURTPUNTEN:
            existing = self._buurtpunt(spec)
            self._seed(existing)
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

    def _buurtpunt(self, spec: dict) -> Buurtpunt:
        existing = Buurtpunt.objects.filter(schema_name=spec["slug"]).first()
        if existing is not None:
            self.stdout.write(f"kept {existing.schema_name}")
            return existing
        try:
            result = buurtpunt_create(
                **spec,
                admin_email=f"admin@{spec['slug']}.{settings.BASE_DOMAIN}",
                admin_password=DEMO_PASSWORD,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"created {result.buurtpunt.schema_name}")
        return result.buurtpunt

    def _seed(self, buurtpunt: Buurtpunt) -> None:
        """Every app's demo data for ``buurtpunt``, in its schema, in app order."""
        with tenant_context(buurtpunt):
            for app_label, seed in hooks.demo_seeders():
                made = seed(buurtpunt)
                if made:
                    self.stdout.write(
                        f"  {buurtpunt.schema_name}: {app_label} added {len(made)} item(s)"
                    )
