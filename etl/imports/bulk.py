"""The fastest insert path each backend offers, inside the session's transaction.

* PostgreSQL: ``COPY table (columns) FROM STDIN`` through psycopg, the server's bulk-load
  path (several times faster than multi-row INSERTs);
* SQLite: one ``executemany`` of a prepared INSERT on the driver cursor;
* anything else: SQLAlchemy Core ``insert(table)`` with a list of parameter sets.

Values are converted exactly as SQLAlchemy would convert them (the column types' bind
processors), so rows written here read back the same as rows written through the ORM.
JSON columns accept a ``str`` that is already serialised JSON (the importer serialises
each raw row once, for its content hash, and reuses that text) or any JSON value.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from sqlalchemy import JSON, Date, DateTime, Table, insert
from sqlalchemy.orm import Session


def _iso_date(value: dt.date) -> str:
    return value.isoformat()


def _json_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value).decode("utf-8")


class BulkWriter:
    """Bulk inserts of plain rows (dicts with the same keys) into Core tables."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect
        self._processors: dict[tuple[str, tuple[str, ...]], list[Callable[[Any], Any] | None]] = {}

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = tuple(rows[0])
        if self.dialect.name == "postgresql":
            self._copy(table, columns, rows)
        elif self.dialect.name == "sqlite":
            self._executemany(table, columns, rows)
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported backends
            self.session.execute(insert(table), list(rows))

    def _converters(self, table: Table, columns: tuple[str, ...]) -> list[Callable[[Any], Any] | None]:
        key = (table.name, columns)
        if key not in self._processors:
            converters: list[Callable[[Any], Any] | None] = []
            for name in columns:
                column_type = table.c[name].type
                if isinstance(column_type, JSON):
                    converters.append(_json_text)
                elif self.dialect.name == "postgresql":
                    converters.append(None)  # psycopg's COPY dumpers handle dates, booleans, numbers
                elif isinstance(column_type, DateTime):
                    # SQLAlchemy's storage format for SQLite; the same few timestamps repeat.
                    process = column_type.dialect_impl(self.dialect).bind_processor(self.dialect)
                    converters.append(functools.lru_cache(maxsize=256)(process) if process else None)
                elif isinstance(column_type, Date):
                    converters.append(_iso_date)  # SQLAlchemy's SQLite format is ISO 8601
                else:
                    converters.append(None)  # sqlite3 takes str, int, float, bool and None as they are
            self._processors[key] = converters
        return self._processors[key]

    def _tuples(self, table: Table, columns: tuple[str, ...], rows: Sequence[dict[str, Any]]) -> list[Any]:
        getter = operator.itemgetter(*columns)
        converted = [(i, f) for i, f in enumerate(self._converters(table, columns)) if f is not None]
        if len(columns) == 1:
            values = [(getter(row),) for row in rows]
        else:
            values = [getter(row) for row in rows]
        if not converted:
            return values
        out = []
        for tuple_ in values:
            row = list(tuple_)
            for i, convert in converted:
                value = row[i]
                if value is not None:
                    row[i] = convert(value)
            out.append(tuple(row))
        return out

    def _executemany(self, table: Table, columns: tuple[str, ...], rows: Sequence[dict[str, Any]]) -> None:
        preparer = self.dialect.identifier_preparer
        names = ", ".join(preparer.quote(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({marks})"
        self.session.connection().exec_driver_sql(sql, self._tuples(table, columns, rows))

    def _copy(self, table: Table, columns: tuple[str, ...], rows: Sequence[dict[str, Any]]) -> None:
        preparer = self.dialect.identifier_preparer
        names = ", ".join(preparer.quote(c) for c in columns)
        connection = self.session.connection().connection.driver_connection
        with connection.cursor() as cursor, cursor.copy(
            f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"
        ) as copy:
            for values in self._tuples(table, columns, rows):
                copy.write_row(values)
