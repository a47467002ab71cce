"""The embedded PostgreSQL server used when no DATABASE_URL is given.

The server comes from the ``pgserver`` wheel and keeps its data in
``var/pgdata`` inside the checkout, so every checkout has its own server and
a fresh machine needs nothing installed. It keeps running after the process
that started it ends, so ``make run``, ``make test`` and ``manage.py`` reuse
it; ``make stop-db`` stops it. pgserver places the Unix socket in the data
folder, or in a per-path hashed runtime folder when the checkout is too deep
for the ~107-byte socket path limit.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATABASE_NAME = "buurtpunt"

logger = logging.getLogger(__name__)


def data_dir(base_dir: Path) -> Path:
    return base_dir / "var" / "pgdata"


def database_settings(base_dir: Path) -> dict:
    """Start (or reuse) the embedded server and return Django DATABASES['default']."""
    import psycopg

    pgserver = _import_pgserver()

    pgdata = data_dir(base_dir)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    uri = server.get_uri("postgres")
    parts = urlsplit(uri)
    host = parse_qs(parts.query).get("host", [parts.hostname or ""])[0]
    port = parts.port or 5432

    with psycopg.connect(uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')

    return {
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": str(port),
    }


def stop(base_dir: Path) -> bool:
    """Stop the embedded server of this checkout; True when one was running."""
    import subprocess

    _import_pgserver()
    from pgserver._commands import pg_ctl

    pgdata = data_dir(base_dir)
    if not (pgdata / "postmaster.pid").exists():
        return False
    try:
        # As root, pgserver runs the server as its own system user.
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user="pgserver" if _is_root() else None)
    except subprocess.CalledProcessError:
        return False
    return True


def _import_pgserver():
    """pgserver, imported only when needed (not with DATABASE_URL)."""
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset and falls back to /tmp.
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


def _is_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0
