"""``migrate`` is ``migrate_schemas`` here: public, then the template, then the tenants."""

from .migrate_schemas import Command  # noqa: F401
