"""Alembic environment for incidentdb.

The database URL comes from, in order: a connection handed over by ``incidentdb db``
(``config.attributes["connection"]``), ``config.attributes["database_url"]``, then
``INCIDENTDB_DATABASE_URL`` / ``incidentdb.toml`` / the default SQLite file, exactly as
the ``incidentdb`` command resolves it. SQLite runs in batch mode (ALTER TABLE is emulated
by copy-and-move), so the same revisions run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from incidentdb.config import load_config, resolve_database_url
from incidentdb.db import make_engine
from models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    dialect = connection.dialect.name if connection is not None else (url or "").split(":")[0]
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        render_as_batch=dialect.startswith("sqlite"),
        compare_type=True,
        compare_server_default=True,
        literal_binds=connection is None,
    )


def _url() -> str:
    given = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url") or None
    url = resolve_database_url(str(given) if given else None, load_config())
    return url.render_as_string(hide_password=False)


def run_migrations_offline() -> None:
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
