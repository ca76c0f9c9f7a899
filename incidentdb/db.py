"""Database access: engines for SQLite and PostgreSQL, and errors a user can act on."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from incidentdb.errors import DatabaseError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI types
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _set_sqlite_wal(dbapi_connection, _record) -> None:  # noqa: ANN001
    # WAL lets analysts read while the nightly run writes. It needs a writable directory;
    # on a read-only file system SQLite keeps the old journal mode and we say so later.
    cursor = dbapi_connection.cursor()
    with contextlib.suppress(Exception):
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def make_engine(url: URL | str, *, echo: bool = False) -> Engine:
    """An engine with the settings incidentdb relies on.

    SQLite: foreign keys enforced, a busy timeout so a reader never fails because a writer
    is busy, WAL journal. PostgreSQL: the psycopg 3 driver, pool pre-ping.
    """
    engine = create_engine(url, echo=echo, pool_pre_ping=True, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
        if engine.url.database not in (None, "", ":memory:"):
            event.listen(engine, "first_connect", _set_sqlite_wal)
    return engine


def describe(url: URL) -> str:
    """A URL safe to print (no password)."""
    return url.render_as_string(hide_password=True)


def translate_error(exc: BaseException, url: URL) -> DatabaseError:
    """Turn a driver error into a one-line :class:`DatabaseError` that says what to do."""
    where = describe(url)
    message = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0] if str(exc) else type(exc).__name__
    lowered = message.lower()
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if "readonly" in lowered or "read-only" in lowered:
            return DatabaseError(
                f"the SQLite database {path} is read-only",
                hint="check the file's permissions and that its directory is writable (SQLite needs it for its journal)",
            )
        if "unable to open" in lowered:
            parent = Path(path).expanduser().resolve().parent
            return DatabaseError(
                f"cannot open the SQLite database {path}",
                hint=f"check that the directory {parent} exists and is writable",
            )
        if "not a database" in lowered or "malformed" in lowered:
            return DatabaseError(f"{path} is not a usable SQLite database ({message})")
    else:
        if "connection refused" in lowered or "could not connect" in lowered or "timeout" in lowered:
            return DatabaseError(
                f"cannot connect to PostgreSQL at {where}",
                hint="is the server running and the host/port right? check INCIDENTDB_DATABASE_URL",
            )
        if "does not exist" in lowered and "database" in lowered:
            return DatabaseError(
                f"PostgreSQL database in {where} does not exist",
                hint="create it first: createdb <name>",
            )
        if "authentication" in lowered or "password" in lowered or "role" in lowered:
            return DatabaseError(f"PostgreSQL refused the login for {where}: {message}")
    return DatabaseError(f"database error on {where}: {message}")


def check_connection(engine: Engine) -> None:
    """Open one connection, or raise a :class:`DatabaseError` that says why not."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        raise translate_error(exc, engine.url) from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)


@contextlib.contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
