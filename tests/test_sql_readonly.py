"""`incidentdb sql`: reads anything, changes nothing, whatever the SQL text says."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

WRITES = [
    ("INSERT INTO countries (code, alpha3, name) VALUES ('ZZ', 'ZZZ', 'Nowhere')", "INSERT"),
    ("UPDATE countries SET name = 'x'", "UPDATE"),
    ("DELETE FROM countries", "DELETE"),
    ("DROP TABLE countries", "DROP"),
    ("DROP VIEW incident_summary", "DROP"),
    ("CREATE TABLE scratch (a int)", "CREATE"),
    ("CREATE TEMP TABLE scratch (a int)", "CREATE"),
    ("ALTER TABLE countries ADD COLUMN x int", "ALTER"),
    ("TRUNCATE countries", "TRUNCATE"),
    ("WITH gone AS (DELETE FROM countries RETURNING *) SELECT count(*) FROM gone", None),
]


def _fingerprint(engine) -> tuple:  # noqa: ANN001
    with engine.connect() as conn:
        return (
            conn.execute(text("SELECT count(*), min(name), max(name) FROM countries")).one(),
            conn.execute(text("SELECT count(*) FROM actors")).scalar_one(),
        )


@pytest.mark.parametrize(("statement", "verb"), WRITES)
def test_writes_are_refused_and_nothing_changes(cli, engine, statement: str, verb: str | None) -> None:  # noqa: ANN001
    before = _fingerprint(engine)
    result = cli("sql", statement)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    if verb:
        assert line.startswith(f"Error: incidentdb sql is read-only: {verb} is not allowed; the database is unchanged")
    else:
        assert line.startswith("Error: ")
    assert _fingerprint(engine) == before


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT 1; DELETE FROM countries",
        "SELECT 1; COMMIT; DELETE FROM countries",
        "BEGIN; DELETE FROM countries; COMMIT",
    ],
)
def test_one_statement_per_call(cli, engine, statement: str) -> None:  # noqa: ANN001
    before = _fingerprint(engine)
    result = cli("sql", statement)
    assert result.exit_code == 1
    assert "Error: incidentdb sql " in result.stderr
    assert _fingerprint(engine) == before


def test_backend_specific_escapes_are_refused(cli, engine, backend: str, tmp_path) -> None:  # noqa: ANN001
    before = _fingerprint(engine)
    if backend == "sqlite":
        attempts = [
            (f"ATTACH DATABASE '{tmp_path / 'other.db'}' AS other", "ATTACH"),
            ("PRAGMA journal_mode = DELETE", "PRAGMA"),
            ("PRAGMA writable_schema = 1", "PRAGMA"),
            ("VACUUM", "VACUUM"),
        ]
    else:
        attempts = [
            ("SET ROLE postgres", "SET"),
            ("SELECT set_config('role', 'postgres', false)", "permission denied to set role"),
            (f"COPY (SELECT 1) TO PROGRAM 'touch {tmp_path / 'pwned'}'", "COPY"),
            ("SELECT pg_terminate_backend(pg_backend_pid())", None),
            ("SELECT lo_import('/etc/hostname')", None),
        ]
    for statement, expected in attempts:
        result = cli("sql", statement)
        assert result.exit_code == 1, statement
        if expected:
            assert expected in result.stderr, (statement, result.stderr)
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "other.db").exists()
    assert _fingerprint(engine) == before


def test_reads_views_in_every_format(cli) -> None:  # noqa: ANN001
    query = "SELECT code, name FROM countries WHERE code IN ('AF', 'PK') ORDER BY code"
    table = cli("sql", query)
    assert table.exit_code == 0
    assert table.stdout.splitlines() == ["code  name", "----  -----------", "AF    Afghanistan", "PK    Pakistan"]
    assert cli("sql", query, "--format", "csv").stdout == "code,name\nAF,Afghanistan\nPK,Pakistan\n"
    assert json.loads(cli("sql", query, "--format", "json").stdout) == [
        {"code": "AF", "name": "Afghanistan"},
        {"code": "PK", "name": "Pakistan"},
    ]
    lines = cli("sql", query, "-f", "jsonl").stdout.splitlines()
    assert [json.loads(x)["code"] for x in lines] == ["AF", "PK"]
    assert cli("sql", "SELECT count(*) AS n FROM incident_summary", "-f", "csv").stdout == "n\n0\n"
    assert cli("sql", "-", "-f", "csv", input="SELECT 2 AS two").stdout == "two\n2\n"
    assert cli("sql", "SELECT name FROM countries WHERE name LIKE 'Pak%'", "-f", "csv").stdout == "name\nPakistan\n"


def test_introspection_is_allowed(cli, backend: str) -> None:  # noqa: ANN001
    if backend == "sqlite":
        query = "SELECT count(*) FROM pragma_table_info('incidents')"
    else:
        query = "SELECT count(*) FROM information_schema.columns WHERE table_name = 'incidents'"
    result = cli("sql", query, "-f", "csv")
    assert result.exit_code == 0 and int(result.stdout.splitlines()[1]) >= 19


def test_sql_errors_and_timeouts_are_one_line(cli) -> None:  # noqa: ANN001
    result = cli("sql", "SELECT nope FROM nowhere")
    assert result.exit_code == 1 and result.stderr.startswith("Error: SQL error: ")
    assert cli("sql", "   ").exit_code == 1
    slow = (
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"
    )
    result = cli("sql", slow, "--timeout", "0.5")
    assert result.exit_code == 1 and "the query was stopped after 0.5 s" in result.stderr


def test_postgresql_without_createrole_warns_and_sql_explains(backend: str, caplog, monkeypatch) -> None:  # noqa: ANN001
    """A team database owned by a role that may not create roles: upgrade works, warns, and
    `incidentdb sql` says how to configure a read-only URL instead of running unprotected."""
    if backend != "postgresql":
        pytest.skip("PostgreSQL roles")
    import uuid

    from sqlalchemy.engine import make_url

    from incidentdb import migrate
    from incidentdb.db import make_engine
    from tests.conftest import Cli, _admin_engine, drop_pg_database

    owner = f"idb_owner_{uuid.uuid4().hex[:8]}"
    reader = f"idb_reader_{uuid.uuid4().hex[:8]}"  # a reader role that does not exist yet
    monkeypatch.setattr(migrate, "READER_ROLE", reader)
    database = f"idb_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {owner} LOGIN NOCREATEROLE"))
        conn.execute(text(f"CREATE DATABASE {database} OWNER {owner}"))
        conn.execute(text(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC"))
    url = make_url(_admin_engine().url).set(username=owner, database=database)
    try:
        engine = make_engine(url)
        with caplog.at_level("WARNING"):
            migrate.upgrade(engine)
        engine.dispose()
        assert any("INCIDENTDB_READONLY_DATABASE_URL" in r.getMessage() for r in caplog.records)
        url_text = url.render_as_string(hide_password=False)
        result = Cli(url_text)("sql", "SELECT 1")
        assert result.exit_code == 1
        assert f"cannot connect as the read-only role '{reader}'" in result.stderr
        assert "INCIDENTDB_READONLY_DATABASE_URL" in result.stderr
    finally:
        drop_pg_database(url.render_as_string(hide_password=False))
        with admin.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()
