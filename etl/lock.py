"""One ETL run at a time per database.

PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) held on a dedicated
connection for the whole run; the server releases it when the process dies, even by
``kill -9``. SQLite: an exclusive lock on a file beside the database (``incidentdb.db.lock``,
via the filelock library, an OS-level lock the kernel releases when the process dies).
In-memory SQLite databases need no lock. A second run does not wait: it stops at once with
:class:`RunLocked` (exit code 75, EX_TEMPFAIL, so cron wrappers can tell "busy" from "broken").
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import filelock
from sqlalchemy import Engine, text

from incidentdb.errors import IncidentDBError

log = logging.getLogger(__name__)

#: Arbitrary but fixed 64-bit key of incidentdb's ETL advisory lock.
ADVISORY_KEY = 0x1DB_E7_1001


class RunLocked(IncidentDBError):
    """Another ETL run holds the lock."""

    exit_code = 75


@contextlib.contextmanager
def run_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar()
            conn.commit()
            if not got:
                raise RunLocked(
                    "another incidentdb etl run is in progress on this database; this run stopped without loading",
                    hint="wait for it to finish; `incidentdb etl status` shows it",
                )
            try:
                yield
            finally:
                with contextlib.suppress(Exception):
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                    conn.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).expanduser().resolve().with_name(Path(database).name + ".lock")
    lock = filelock.FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise RunLocked(
            f"another incidentdb etl run is in progress on {database} (lock file {lock_path}); "
            "this run stopped without loading",
            hint="wait for it to finish; `incidentdb etl status` shows it",
        ) from None
    try:
        yield
    finally:
        lock.release()
