"""Django's own PostgreSQL backend with a fixed schema: no tenant switching at all.

The project's code asks the connection which schema it is in; here the answer
never changes (the search path is fixed by the connection options)."""

import os

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper


class DatabaseWrapper(PostgresDatabaseWrapper):
    schema_name = os.environ.get("BENCH_SCHEMA", "beveren")
    tenant = None
