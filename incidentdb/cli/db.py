"""``incidentdb db``: create, migrate and inspect the database schema."""

from __future__ import annotations

import click

from incidentdb.cli.context import AppContext, pass_app
from incidentdb.db import describe


@click.group()
def db() -> None:
    """Create, migrate and inspect the database schema (Alembic migrations).

    \b
    Examples:
      incidentdb db upgrade                      # new database, or migrate to the latest schema
      incidentdb -d postgresql://me@localhost/incidents db upgrade
      incidentdb db current
      incidentdb db downgrade base --yes         # drop everything (asks first)
    """


@db.command()
@click.argument("revision", default="head")
@click.option("--no-seed", is_flag=True, help="Do not load the reference data (countries, actor dictionary).")
@pass_app
def upgrade(app: AppContext, revision: str, no_seed: bool) -> None:
    """Migrate the schema to REVISION (default: the latest) and load the reference data.

    Creates the database (SQLite file) if needed. Safe to run any number of times.
    """
    from incidentdb import migrate

    engine = app.engine(require_schema=False)
    before = migrate.current_revision(engine)
    counts = migrate.upgrade(engine, revision, seed=not no_seed)
    after = migrate.current_revision(engine)
    where = describe(engine.url)
    if before == after:
        click.echo(f"{where}: already at revision {after}")
    else:
        click.echo(f"{where}: migrated from {before or 'empty'} to {after}")
    if counts is not None:
        click.echo(f"reference data: {counts}")


@db.command()
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def downgrade(app: AppContext, revision: str, yes: bool) -> None:
    """Migrate the schema down to REVISION ("base" removes every table and its data)."""
    from incidentdb import migrate

    engine = app.engine(require_schema=False)
    where = describe(engine.url)
    if not yes:
        click.confirm(f"Downgrade {where} to {revision}? Data in removed tables is lost", abort=True)
    migrate.downgrade(engine, revision)
    click.echo(f"{where}: now at revision {migrate.current_revision(engine) or 'base (empty)'}")


@db.command()
@pass_app
def current(app: AppContext) -> None:
    """Show the database's schema revision and whether it is the latest."""
    from incidentdb import migrate

    engine = app.engine(require_schema=False)
    revision = migrate.current_revision(engine)
    head = migrate.head_revision()
    state = "up to date" if revision == head else "empty: run incidentdb db upgrade" if revision is None else (
        f"behind {head}: run incidentdb db upgrade"
    )
    click.echo(f"{describe(engine.url)}: revision {revision or '-'} ({state})")
