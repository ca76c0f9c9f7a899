"""Run an analyst's SQL so that it can read everything and change nothing.

A read-only connection alone is not enough: SQL text can hold further statements,
transaction control, ``ATTACH`` or ``PRAGMA``. So, on each backend:

* **SQLite**: the file is opened read-only (``mode=ro``) *and* an authorizer allows only
  reads (SELECT, reading columns, functions, recursive CTEs, and the introspection
  pragmas such as ``pragma_table_info``); everything else, including ATTACH, PRAGMA
  writes, transactions and temporary tables, is denied before it runs. The sqlite3 module
  executes one statement per call. A progress handler enforces the time limit.
* **PostgreSQL**: the query runs as a role that can only read (``incidentdb_reader``,
  set up by ``incidentdb db upgrade``, or the role in ``INCIDENTDB_READONLY_DATABASE_URL``),
  in a READ ONLY transaction that is always rolled back, sent as a prepared statement (the
  server refuses more than one command), with ``statement_timeout``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import URL

from incidentdb.config import Config, normalize_database_url
from incidentdb.errors import DatabaseError, ReadOnlyViolation

ENV_READONLY_URL = "INCIDENTDB_READONLY_DATABASE_URL"
DEFAULT_TIMEOUT_S = 30.0

#: Introspection pragmas an analyst may use (as ``SELECT * FROM pragma_table_info('x')``).
SAFE_PRAGMAS = frozenset(
    {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_list",
        "index_info",
        "index_xinfo",
        "foreign_key_list",
        "collation_list",
        "function_list",
    }
)

#: SQLite authorizer action codes (sqlite3.h), for messages that name what was refused.
_ACTION_NAMES = dict(
    enumerate(
        (
            "COPY", "CREATE INDEX", "CREATE TABLE", "CREATE TEMP INDEX", "CREATE TEMP TABLE",
            "CREATE TEMP TRIGGER", "CREATE TEMP VIEW", "CREATE TRIGGER", "CREATE VIEW", "DELETE",
            "DROP INDEX", "DROP TABLE", "DROP TEMP INDEX", "DROP TEMP TABLE", "DROP TEMP TRIGGER",
            "DROP TEMP VIEW", "DROP TRIGGER", "DROP VIEW", "INSERT", "PRAGMA", "READ", "SELECT",
            "TRANSACTION", "UPDATE", "ATTACH", "DETACH", "ALTER TABLE", "REINDEX", "ANALYZE",
            "CREATE VIRTUAL TABLE", "DROP VIRTUAL TABLE", "FUNCTION", "SAVEPOINT", "RECURSIVE",
        )
    )
)
_ALLOWED_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
_FIRST_WORD = re.compile(r"^\s*(?:(?:--[^\n]*\n|/\*.*?\*/)\s*)*([A-Za-z]+)", re.S)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


_READ_VERBS = {"SELECT", "WITH", "VALUES", "EXPLAIN", "TABLE", "SHOW"}


def _one_statement_only() -> ReadOnlyViolation:
    return ReadOnlyViolation(
        "incidentdb sql runs one statement per call; the database is unchanged",
        hint="remove the extra statements after the first ';'",
    )


def _first_word(sql: str) -> str | None:
    match = _FIRST_WORD.match(sql)
    return match.group(1).upper() if match else None


def _refusal(sql: str, denied: str | None = None, detail: str | None = None) -> ReadOnlyViolation:
    """Name what was refused: the statement's verb, or for a SELECT the operation inside it."""
    verb = _first_word(sql)
    what = verb if verb and verb not in _READ_VERBS else (denied or verb or "this statement")
    reason = f"{what.upper()} is not allowed" if verb not in _READ_VERBS or denied or not detail else detail
    return ReadOnlyViolation(
        f"incidentdb sql is read-only: {reason}; the database is unchanged",
        hint="use SELECT (or WITH ... SELECT); change data with incidentdb's own commands",
    )


def run_readonly_query(url: URL, sql: str, *, config: Config | None = None, timeout: float = DEFAULT_TIMEOUT_S) -> QueryResult:
    """Run one read-only statement and return its columns and rows."""
    if not sql.strip():
        raise ReadOnlyViolation("no SQL given", hint='example: incidentdb sql "SELECT * FROM incident_summary"')
    if url.get_backend_name() == "sqlite":
        return _run_sqlite(url, sql, timeout)
    return _run_postgresql(reader_url(url, config), sql, timeout)


def _run_sqlite(url: URL, sql: str, timeout: float) -> QueryResult:
    path = url.database
    if not path or path == ":memory:":
        raise DatabaseError("incidentdb sql needs a SQLite database file, not an in-memory database")
    if not os.path.exists(path):
        raise DatabaseError(f"the SQLite database {path} does not exist", hint="run: incidentdb db upgrade")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open the SQLite database {path}: {exc}") from exc
    denied: list[str] = []

    def authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        if action in _ALLOWED_ACTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg1 in SAFE_PRAGMAS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and arg1 in ("sqlite_master", "sqlite_temp_master"):
            # SQLite asks this while preparing the pragma table-valued functions. A real
            # UPDATE of the schema table cannot happen: writable_schema is off (PRAGMA is
            # denied) and the file is open read-only.
            return sqlite3.SQLITE_OK
        denied.append(f"PRAGMA {arg1}" if action == sqlite3.SQLITE_PRAGMA else _ACTION_NAMES.get(action, str(action)))
        return sqlite3.SQLITE_DENY

    deadline = time.monotonic() + timeout
    conn.set_authorizer(authorize)
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        cursor = conn.execute(sql)
        rows = cursor.fetchall()
        columns = [d[0] for d in cursor.description or ()]
        return QueryResult(columns, rows)
    except sqlite3.ProgrammingError as exc:
        if "one statement" in str(exc):
            raise _one_statement_only() from exc
        raise DatabaseError(f"SQL error: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        if denied or _first_word(sql) not in _READ_VERBS:
            raise _refusal(sql, denied[0] if denied else None) from exc
        if "interrupted" in str(exc):
            raise DatabaseError(f"the query was stopped after {timeout:g} s", hint="use --timeout to allow longer") from exc
        raise DatabaseError(f"SQL error: {exc}") from exc
    finally:
        conn.close()


def reader_url(url: URL, config: Config | None) -> URL:
    """The URL of the read-only role for ``url`` (a PostgreSQL database)."""
    configured = os.environ.get(ENV_READONLY_URL) or ((config.section("database") or {}) if config else {}).get(
        "readonly_url"
    )
    if configured:
        return normalize_database_url(configured)
    from incidentdb.migrate import READER_ROLE

    return url.set(username=READER_ROLE, password=None)


def _run_postgresql(url: URL, sql: str, timeout: float) -> QueryResult:
    import psycopg

    params = {
        "host": url.host or None,
        "port": url.port or None,
        "dbname": url.database,
        "user": url.username,
        "password": url.password,
        "connect_timeout": 10,
        "options": f"-c default_transaction_read_only=on -c statement_timeout={int(timeout * 1000)}",
        "application_name": "incidentdb sql",
        **{k: v for k, v in url.query.items() if isinstance(v, str)},
    }
    try:
        conn = psycopg.connect(**{k: v for k, v in params.items() if v is not None})
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(
            f"cannot connect as the read-only role {url.username!r}: {first}",
            hint=f"run `incidentdb db upgrade` as a role allowed to create roles, or set {ENV_READONLY_URL} "
            "to a role that can only SELECT",
        ) from exc
    try:
        with conn:
            conn.read_only = True
            with conn.cursor() as cursor:
                try:
                    cursor.execute(sql, prepare=True)
                except psycopg.errors.SyntaxError as exc:
                    if "multiple commands" in str(exc):
                        raise _one_statement_only() from exc
                    raise DatabaseError(f"SQL error: {str(exc).strip().splitlines()[0]}") from exc
                except (psycopg.errors.ReadOnlySqlTransaction, psycopg.errors.InsufficientPrivilege) as exc:
                    raise _refusal(sql, detail=str(exc).strip().splitlines()[0]) from exc
                except psycopg.errors.QueryCanceled as exc:
                    raise DatabaseError(
                        f"the query was stopped after {timeout:g} s", hint="use --timeout to allow longer"
                    ) from exc
                except psycopg.Error as exc:
                    raise DatabaseError(f"SQL error: {str(exc).strip().splitlines()[0]}") from exc
                columns = [d.name for d in cursor.description or ()]
                rows = cursor.fetchall() if cursor.description else []
            conn.rollback()
            return QueryResult(columns, rows)
    finally:
        conn.close()
