"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL tests need ``INCIDENTDB_TEST_POSTGRESQL_URL``: a URL of a role that may create
databases (``.ci/run`` sets ``postgresql://postgres@127.0.0.1:5432/postgres``). Without it
the PostgreSQL half of each test is skipped with that reason. Each test gets its own fresh
database: a copy of a template migrated once per session (``CREATE DATABASE ... TEMPLATE``
on PostgreSQL, a file copy on SQLite), so tests are isolated and still fast, and parallel
runs (pytest -n, several checkouts) never share a database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from incidentdb.db import make_engine

PG_ENV = "INCIDENTDB_TEST_POSTGRESQL_URL"
BACKENDS = ["sqlite", "postgresql"]
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV)


def _admin_engine() -> Engine:
    url = make_url(_pg_admin_url()).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def create_pg_database(template: str | None = None) -> str:
    """Create a uniquely named PostgreSQL database and return its URL."""
    name = f"idb_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    admin.dispose()
    return make_url(_pg_admin_url()).set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _upgrade(url: str) -> None:
    from incidentdb import migrate

    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Per backend, a database migrated to head with reference data (created on first use)."""
    made: dict[str, str] = {}
    yield made
    if "postgresql" in made:
        drop_pg_database(made["postgresql"])


def _template(backend: str, templates: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend not in templates:
        if backend == "sqlite":
            url = "sqlite:///" + str(tmp_path_factory.mktemp("template") / "template.db")
        else:
            url = create_pg_database()
        _upgrade(url)
        templates[backend] = url
    return templates[backend]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not _pg_admin_url():
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/postgres)")
    return request.param


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, empty database (no schema) on the test's backend."""
    if backend == "sqlite":
        yield "sqlite:///" + str(tmp_path / "empty.db")
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


@contextlib.contextmanager
def migrated_database(backend: str, template: str, sqlite_path: Path) -> Iterator[str]:
    """A fresh copy of the migrated ``template`` database: a file at ``sqlite_path`` on SQLite,
    a new database (dropped afterwards) on PostgreSQL."""
    if backend == "sqlite":
        shutil.copyfile(make_url(template).database, sqlite_path)
        yield f"sqlite:///{sqlite_path}"
        return
    url = create_pg_database(template=make_url(template).database)
    try:
        yield url
    finally:
        drop_pg_database(url)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, _templates: dict[str, str], tmp_path_factory) -> Iterator[str]:  # noqa: ANN001
    """URL of a fresh database migrated to head with the reference data loaded."""
    with migrated_database(backend, _template(backend, _templates, tmp_path_factory), tmp_path / "incidentdb.db") as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh database at head (see :func:`db_url`)."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


class Cli:
    """Runs ``incidentdb`` in-process against one database, as a user would type it."""

    def __init__(self, database_url: str | None) -> None:
        self.database_url = database_url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        from incidentdb.cli import main

        prefix = ["--database", self.database_url] if self.database_url else []
        return self.runner.invoke(main, [*prefix, *args], input=input, env=env, catch_exceptions=False)


@pytest.fixture
def cli(db_url: str) -> Cli:
    """``cli("sql", "SELECT 1")`` runs the command on a fresh migrated database."""
    return Cli(db_url)


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` next to the repository (development corpus, UCDP sample); skips if absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not present (development data lives outside the repository)")
    return SHARED
