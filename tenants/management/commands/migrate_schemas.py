"""django-tenants' migrate_schemas, with the template schema migrated between
public and the tenants (the order deploys need: public, template, tenants)."""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.management.commands import SyncCommon
from django_tenants.management.commands.migrate_schemas import (
    GET_EXECUTOR_FUNCTION,
    MigrateSchemasCommand,
)
from django_tenants.utils import schema_exists


class Command(MigrateSchemasCommand):
    def handle(self, *args, **options):
        schema = options.get("schema_name")
        if schema == settings.TENANT_BASE_SCHEMA:
            self.migrate_template(*args, **options)
            return
        if schema:
            super().handle(*args, **options)
            return
        only_public = options.get("shared") and not options.get("tenant")
        only_tenants = options.get("tenant") and not options.get("shared")
        if not only_tenants:
            super().handle(*args, **{**options, "shared": True, "tenant": False})
        if not only_public:
            self.migrate_template(*args, **options)
            super().handle(*args, **{**options, "shared": False, "tenant": True})

    def migrate_template(self, *args, **options):
        template = settings.TENANT_BASE_SCHEMA
        if not schema_exists(template):
            if options.get("check_unapplied") or options.get("plan"):
                raise CommandError(f'The template schema "{template}" does not exist.')
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')
        SyncCommon.handle(
            self, *args, **{**options, "schema_name": None, "shared": False, "tenant": True}
        )
        executor = GET_EXECUTOR_FUNCTION(codename=self.executor)(self.args, self.options)
        executor.run_migrations(tenants=[template])
        connection.set_schema_to_public()
