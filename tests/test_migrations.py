"""The four standard migration tests (single head, up from empty, models == migrations,
each revision down and up), on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from incidentdb import migrate
from incidentdb.db import make_engine
from models import Base

VIEWS = {"incident_summary", "casualty_timeline", "attribution_log", "incident_documents"}


def test_single_head() -> None:
    assert len(ScriptDirectory.from_config(migrate.alembic_config()).get_heads()) == 1


def test_every_revision_has_a_message_and_docstring() -> None:
    for revision in ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions():
        assert revision.doc and len(revision.doc) > 10, revision.revision
        assert revision.module.__doc__ and len(revision.module.__doc__.strip().splitlines()) >= 3


def test_upgrade_downgrade_upgrade(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    names = set(inspect(engine).get_table_names()) | set(inspect(engine).get_view_names())
    assert set(Base.metadata.tables) | VIEWS <= names
    assert migrate.current_revision(engine) == migrate.head_revision()

    migrate.downgrade(engine, "base")
    engine.dispose()
    engine = make_engine(empty_db_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert not inspect(engine).get_view_names()

    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_each_revision_steps_down_and_up(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    revisions = [r.revision for r in ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions()]
    for revision in reversed(revisions):  # oldest first
        migrate.upgrade(engine, revision, seed=False)
        migrate.downgrade(engine, "-1")
        migrate.upgrade(engine, revision, seed=False)
        assert migrate.current_revision(engine) == revision
    engine.dispose()


def test_models_match_migrations(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine, seed=False)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []
