"""`incidentdb db ...`, `--version`, `--help` and one-line errors for bad databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from incidentdb import __version__, migrate
from incidentdb.db import make_engine
from tests.conftest import Cli


def test_version_and_help() -> None:
    cli = Cli(None)
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"incidentdb, version {__version__}"
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("db", "sql"):
        assert f"  {command} " in result.stdout
    for group in (["db"], ["db", "upgrade"], ["db", "downgrade"], ["db", "current"], ["sql"]):
        assert cli(*group, "--help").exit_code == 0


def test_upgrade_current_downgrade(empty_db_url: str) -> None:
    cli = Cli(empty_db_url)
    result = cli("db", "current")
    assert result.exit_code == 0 and "revision - (empty: run incidentdb db upgrade)" in result.stdout
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    head = migrate.head_revision()
    assert f"migrated from empty to {head}" in result.stdout
    assert "reference data: " in result.stdout and " countries" in result.stdout
    result = cli("db", "upgrade")
    assert f"already at revision {head}" in result.stdout
    assert "0 countries, 0 first-level divisions, 0 actors, 0 aliases" in result.stdout
    assert f"revision {head} (up to date)" in cli("db", "current").stdout
    result = cli("db", "downgrade", "base", "--yes")
    assert result.exit_code == 0 and "now at revision base (empty)" in result.stdout
    assert cli("db", "downgrade", "base", input="n\n").exit_code == 1  # asks, and "no" aborts


def test_commands_refuse_a_database_without_schema(empty_db_url: str) -> None:
    result = Cli(empty_db_url)("sql", "SELECT 1")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the database ")
    assert "has no incidentdb schema yet (run: incidentdb db upgrade)" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_revision_is_explained(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine, seed=False)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    engine.dispose()
    cli = Cli(empty_db_url)
    for args in (("sql", "SELECT 1"), ("db", "upgrade")):
        result = cli(*args)
        assert result.exit_code == 1
        assert "revision 'ffff9999', which this version of incidentdb does not know" in result.stderr
        assert "upgrade incidentdb" in result.stderr


def test_unreachable_postgresql_is_one_line() -> None:
    result = Cli("postgresql://nobody@127.0.0.1:1/none")("db", "current")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: cannot connect to PostgreSQL at postgresql+psycopg://nobody@127.0.0.1:1/none "
        "(is the server running and the host/port right? check INCIDENTDB_DATABASE_URL)"
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "Error: unsupported database 'mysql'"),
        ("postgresql://u@h:notaport/x", "Error: cannot parse database URL"),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    result = Cli(url)("db", "current")
    assert result.exit_code == 1 and result.stderr.startswith(message)


def test_missing_directory_and_read_only_sqlite(tmp_path: Path) -> None:
    result = Cli(str(tmp_path / "no" / "such" / "dir" / "x.db"))("db", "upgrade")
    assert result.exit_code == 1
    assert "cannot open the SQLite database" in result.stderr and "exists and is writable" in result.stderr

    path = tmp_path / "ro.db"
    sqlite3.connect(path).close()
    result = Cli(f"sqlite:///file:{path}?mode=ro&uri=true")("db", "upgrade")
    assert result.exit_code == 1
    assert "is read-only" in result.stderr and "permissions" in result.stderr


def test_database_url_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INCIDENTDB_DATABASE_URL", raising=False)
    cli = Cli(None)
    assert "sqlite:///incidentdb.db: revision -" in cli("db", "current").stdout  # the default
    (tmp_path / "incidentdb.toml").write_text('[database]\nurl = "from-config.db"\n')
    assert "sqlite:///from-config.db:" in cli("db", "current").stdout
    monkeypatch.setenv("INCIDENTDB_DATABASE_URL", "from-env.db")
    assert "sqlite:///from-env.db:" in cli("db", "current").stdout
    assert "sqlite:///from-option.db:" in cli("--database", "from-option.db", "db", "current").stdout


def test_broken_config_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INCIDENTDB_DATABASE_URL", raising=False)
    (tmp_path / "incidentdb.toml").write_text("[database\nurl = 1\n")
    result = Cli(None)("db", "current")
    assert result.exit_code == 1 and "incidentdb.toml: not valid TOML" in result.stderr
    result = Cli(None)("--config", "missing.toml", "db", "current")
    assert result.exit_code == 1 and "configuration file missing.toml does not exist" in result.stderr
