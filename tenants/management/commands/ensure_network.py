"""``manage.py ensure_network``: the public tenant, its domain and the network site (idempotent)."""

from django.core.management.base import BaseCommand

from tenants.services import network_ensure


class Command(BaseCommand):
    help = "Make sure the network site exists on BASE_DOMAIN, with an administrator."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="")
        parser.add_argument("--admin-email", default="")

    def handle(self, *args, **options):
        user = network_ensure(name=options["name"], admin_email=options["admin_email"])
        self.stdout.write("network site ready")
        if user is not None:
            self.stdout.write(
                f"administrator {user.email} created; set a password with "
                f"`manage.py changepassword {user.username}`"
            )
