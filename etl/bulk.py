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
from sqlalchemy import JSON, Date, DateTime, Table, func, insert, select, text
from sqlalchemy.orm import Session


def _iso_date(value: dt.date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _same(value: Any) -> Any:
    return value


def _json_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value).decode("utf-8")


class BulkWriter:
    """Bulk inserts of plain rows (dicts with the same keys, or tuples) into Core tables."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect
        self._processors: dict[tuple[str, tuple[str, ...]], list[Callable[[Any], Any] | None]] = {}
        self._reserved: dict[str, int] = {}

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = tuple(rows[0])
        getter = operator.itemgetter(*columns)
        values = [(getter(row),) for row in rows] if len(columns) == 1 else [getter(row) for row in rows]
        self.insert_rows(table, columns, values)

    def insert_rows(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
                    converted: bool = False) -> None:
        """Insert ``rows`` (tuples of values in the order of ``columns``).

        ``converted``: the values are already what the driver takes (see :meth:`converter`),
        which spares a pass over every value of every row.
        """
        if not rows:
            return
        columns = tuple(columns)
        values = rows if converted else self._convert(table, columns, rows)
        if self.dialect.name == "postgresql":
            self._copy(table, columns, values)
        elif self.dialect.name == "sqlite":
            self._executemany(table, columns, values)
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported backends
            self.session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in values])

    def reserve_ids(self, table: Table, count: int) -> list[int]:
        """``count`` fresh primary keys of ``table`` for rows this transaction is about to insert.

        Knowing the ids before the insert spares a query per table and chunk to read them back.
        PostgreSQL: drawn from the table's sequence (safe with any concurrent writer). SQLite:
        the next ids after the largest, under the database's write lock, which this method
        takes first (``BEGIN IMMEDIATE`` when the transaction has not started), so no other
        writer can take them before the commit.
        """
        if count <= 0:
            return []
        if self.dialect.name == "postgresql":
            return list(self.session.execute(
                text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                {"t": table.name, "n": count},
            ).scalars())
        connection = self.session.connection()
        driver = connection.connection.driver_connection
        if self.dialect.name == "sqlite" and not driver.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        largest = connection.execute(select(func.max(table.c.id))).scalar() or 0
        first = max(largest, self._reserved.get(table.name, 0)) + 1
        self._reserved[table.name] = first + count - 1
        return list(range(first, first + count))

    def converter(self, table: Table, column: str) -> Callable[[Any], Any]:
        """The function that turns a (non-None) Python value of ``column`` into the driver's value."""
        convert = self._converters(table, (column,))[0]
        return convert or _same

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
                    converters.append(_iso_date)  # SQLAlchemy's SQLite format is ISO 8601 (str passes)
                else:
                    converters.append(None)  # sqlite3 takes str, int, float, bool and None as they are
            self._processors[key] = converters
        return self._processors[key]

    def _convert(self, table: Table, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> Sequence[Sequence[Any]]:
        converted = [(i, f) for i, f in enumerate(self._converters(table, columns)) if f is not None]
        if not converted:
            return rows
        out = []
        for tuple_ in rows:
            row = list(tuple_)
            for i, convert in converted:
                value = row[i]
                if value is not None:
                    row[i] = convert(value)
            out.append(row)
        return out

    def _executemany(self, table: Table, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> None:
        preparer = self.dialect.identifier_preparer
        names = ", ".join(preparer.quote(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({marks})"
        # The driver's cursor directly: SQLAlchemy's exec_driver_sql would copy every row again.
        cursor = self.session.connection().connection.driver_connection.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()

    def _copy(self, table: Table, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> None:
        preparer = self.dialect.identifier_preparer
        names = ", ".join(preparer.quote(c) for c in columns)
        connection = self.session.connection().connection.driver_connection
        with connection.cursor() as cursor, cursor.copy(
            f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"
        ) as copy:
            for values in rows:
                copy.write_row(values)
