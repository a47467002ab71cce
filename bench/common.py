"""What the benchmarks share: a database of their own on the project's server."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def maintenance_conninfo() -> tuple[dict, str]:
    """Connection arguments for a database to issue CREATE/DROP DATABASE from."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        import dj_database_url

        db = dj_database_url.parse(url)
        server = "DATABASE_URL"
    else:
        from config.embedded_db import database_settings

        db = {**database_settings(ROOT), "NAME": "postgres"}
        server = "embedded (pgserver, var/pgdata)"
    conninfo = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    return {k: v for k, v in conninfo.items() if v}, server


def create_database(conninfo: dict, name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            raise SystemExit(
                f'The database "{name}" exists (another run, or a leftover of a killed one): '
                "drop it or pass --database NAME."
            )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return conn.execute("SHOW server_version").fetchone()[0]


def drop_database(conninfo: dict, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
