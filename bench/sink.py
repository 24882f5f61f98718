"""Bulk row writer: PostgreSQL COPY (psycopg 3 `cursor.copy()`), batched INSERTs elsewhere."""

from __future__ import annotations

import datetime as dt

from django.db import connection


class Sink:
    """Buffers rows for one table and writes them in one COPY (or executemany) per flush."""

    def __init__(self, table: str, columns: list[str]):
        self.table = table
        self.columns = columns
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, *row) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{self.table}" ({cols}) FROM STDIN') as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f'INSERT INTO "{self.table}" ({cols}) VALUES ({marks})',
                    [tuple(_adapt(v) for v in row) for row in self.rows],
                )
        self.written += len(self.rows)
        self.rows.clear()


def _adapt(value):
    # SQLite's driver has no adapters for aware datetimes; store them as Django would.
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def reset_sequences(tables: list[str]) -> None:
    """After rows with explicit ids, move each id sequence past the largest id."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
            )


def drop_indexes(tables: list[str]) -> list[str]:
    """Drop the secondary indexes of `tables` (not those backing constraints) and return the
    statements that rebuild them: one CREATE INDEX after the load is far cheaper than
    maintaining ten indexes row by row."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname = ANY(%s) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in found]


def create_indexes(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
