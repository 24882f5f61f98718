"""Bulk row writer: PostgreSQL COPY (psycopg 3 `cursor.copy()`), batched INSERTs elsewhere.

Columns come from the model (`_meta.concrete_fields`); a field the generator does not name gets
its model default, so a field added later never shifts or breaks the rows."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Model

_UNSET = object()  # a callable default, called per row
_REQUIRED = object()  # no default and not nullable: the generator must give it


class Sink:
    """Buffers rows for one model's table and writes them in one COPY (or executemany) per flush.

    Rows are given by attribute name (`suggestion_id=...`); values are ready for the database
    (JSON as text). Missing fields take the model default, prepared once; a callable default
    (a timestamp, a uuid) is called per row."""

    def __init__(self, model: type[Model]):
        self.model = model
        self.table = model._meta.db_table
        fields = model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.defaults: dict[str, object] = {}
        self.per_row: dict[str, object] = {}
        for f in fields:
            if f.has_default() and callable(f.default):
                self.defaults[f.attname] = _UNSET
                self.per_row[f.attname] = f
            else:
                self.defaults[f.attname] = _default(f)
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, **values) -> None:
        row = self.defaults.copy()
        row.update(values)
        if len(row) != len(self.defaults) or _REQUIRED in row.values():
            unknown = sorted(set(values) - set(self.defaults))
            missing = [name for name, value in row.items() if value is _REQUIRED]
            raise TypeError(f"{self.model.__name__}: unknown {unknown}, missing {missing}")
        for name, f in self.per_row.items():
            if row[name] is _UNSET:
                row[name] = f.get_db_prep_save(f.get_default(), connection)
        self.rows.append(tuple(row.values()))

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


def _default(field):
    """The model default as the database stores it (None for a nullable field without one, ""
    for a text field without one); _REQUIRED when there is none."""
    if field.null and not field.has_default():
        return None
    value = field.get_db_prep_save(field.get_default(), connection)
    return _REQUIRED if value is None else value


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
