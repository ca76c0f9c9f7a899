"""Schema migrations (Alembic) and the checks that a database is at the right revision."""

from __future__ import annotations

import functools
import logging
from importlib import resources

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from incidentdb.db import session_scope, translate_error
from incidentdb.errors import DatabaseError
from incidentdb.seed import SeedCounts, seed_reference_data

log = logging.getLogger(__name__)

#: PostgreSQL role that ``incidentdb sql`` uses: it can log in and read, nothing else.
READER_ROLE = "incidentdb_reader"


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("migrations")))
    if engine is not None:
        cfg.attributes["database_url"] = engine.url.render_as_string(hide_password=False)
    return cfg


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    heads = _scripts().get_heads()
    if len(heads) != 1:
        raise DatabaseError(f"the migrations have {len(heads)} heads ({', '.join(heads)}); expected one")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except (OperationalError, DBAPIError) as exc:
        raise translate_error(exc, engine.url) from exc


def _run(engine: Engine, fn, *args) -> None:  # noqa: ANN001
    cfg = alembic_config(engine)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            fn(cfg, *args)
    except CommandError as exc:
        raise DatabaseError(str(exc).splitlines()[0]) from exc
    except (OperationalError, DBAPIError) as exc:
        raise translate_error(exc, engine.url) from exc


def upgrade(engine: Engine, revision: str = "head", *, seed: bool = True) -> SeedCounts | None:
    """Migrate to ``revision`` and (at head) load the reference data."""
    known = current_revision(engine)
    if known is not None and known not in _all_revisions():
        raise unknown_revision_error(known)
    _run(engine, command.upgrade, revision)
    at_head = current_revision(engine) == head_revision()
    counts = None
    if seed and at_head:
        try:
            with session_scope(engine) as session:
                counts = seed_reference_data(session)
        except (OperationalError, DBAPIError) as exc:
            raise translate_error(exc, engine.url) from exc
    if engine.dialect.name == "postgresql" and at_head:
        ensure_reader_role(engine)
    return counts


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


def _all_revisions() -> set[str]:
    return {rev.revision for rev in _scripts().walk_revisions()}


def unknown_revision_error(revision: str) -> DatabaseError:
    return DatabaseError(
        f"the database is at migration revision {revision!r}, which this version of incidentdb does not know",
        hint="it was probably migrated by a newer incidentdb: upgrade incidentdb (pip install -U) and retry",
    )


def require_current_schema(engine: Engine) -> None:
    """Refuse to work on a database that is not at the head revision, saying what to do."""
    revision = current_revision(engine)
    if revision is None:
        raise DatabaseError(
            f"the database {engine.url.render_as_string(hide_password=True)} has no incidentdb schema yet",
            hint="run: incidentdb db upgrade",
        )
    head = head_revision()
    if revision == head:
        return
    if revision not in _all_revisions():
        raise unknown_revision_error(revision)
    raise DatabaseError(
        f"the database schema is at revision {revision}, this incidentdb needs {head}",
        hint="run: incidentdb db upgrade",
    )


def ensure_reader_role(engine: Engine) -> bool:
    """Create/refresh the read-only PostgreSQL role used by ``incidentdb sql``.

    The role can log in, is not a superuser, and has SELECT on this database's tables and
    views and nothing else; its transactions default to read-only. Creating a role needs the
    CREATEROLE privilege: without it, a warning explains how to configure a read-only URL.
    Returns whether the role is ready.
    """
    statements = [
        f"GRANT CONNECT ON DATABASE {{db}} TO {READER_ROLE}",
        f"GRANT USAGE ON SCHEMA public TO {READER_ROLE}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER_ROLE}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {READER_ROLE}",
    ]
    try:
        with engine.begin() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": READER_ROLE}).first()
            if not exists:
                conn.execute(
                    text(
                        f"CREATE ROLE {READER_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                        "NOINHERIT NOREPLICATION NOBYPASSRLS"
                    )
                )
                conn.execute(text(f"ALTER ROLE {READER_ROLE} SET default_transaction_read_only = on"))
            database = conn.execute(text("SELECT quote_ident(current_database())")).scalar_one()
            for statement in statements:
                conn.execute(text(statement.format(db=database)))
        return True
    except (OperationalError, DBAPIError) as exc:
        log.warning(
            "could not set up the read-only role %s for `incidentdb sql` (%s); set "
            "INCIDENTDB_READONLY_DATABASE_URL to a role that can only SELECT",
            READER_ROLE,
            str(getattr(exc, "orig", exc)).splitlines()[0],
        )
        return False
