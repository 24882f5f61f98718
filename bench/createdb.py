"""Create the benchmark's PostgreSQL database named in DATABASE_URL if it does not exist yet.

Run as `python -m bench.createdb` (the `make bench` target does) before `migrate`.
"""

from __future__ import annotations

import os
import sys

import environ
import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_suggestions"


def ensure_database(url: str) -> bool:
    """True when the database had to be created."""
    config = environ.Env.db_url_config(url)
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    return not exists


if __name__ == "__main__":
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    created = ensure_database(url)
    print("created" if created else "exists", file=sys.stderr)
