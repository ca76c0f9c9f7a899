"""``incidentdb etl``: run the ETL, see recent runs, review rejected records."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from incidentdb.cli.context import AppContext, pass_app
from incidentdb.cli.output import format_option, write_rows
from incidentdb.db import session_scope
from incidentdb.errors import ConfigError


@click.group()
def etl() -> None:
    """Load reports into the database and see what the runs did.

    \b
    Examples:
      incidentdb etl run                         every source in incidentdb.toml
      incidentdb etl run --source dawn-rss       only that configured source
      incidentdb etl run reports/ feed.jsonl     ad hoc inputs, no configuration needed
      incidentdb etl status                      the last runs and their counts
      incidentdb etl rejected --run 12           records a run could not load, and why
    """


@etl.command("run")
@click.argument("inputs", nargs=-1, metavar="[PATH|URL]...")
@click.option("--source", "-s", "source_names", multiple=True, metavar="NAME",
              help="Run only this configured source (repeatable).")
@click.option("--extractor", "extractor_ref", metavar="MODULE:FUNCTION",
              help="Use another extractor: a function Document -> Extraction (default: etl.extract:extract).")
@pass_app
def run_command(app: AppContext, inputs: tuple[str, ...], source_names: tuple[str, ...],
                extractor_ref: str | None) -> None:
    """Read sources, load new and changed documents, resolve and reconcile incidents.

    With no PATH, runs every enabled source of the configuration file (incidentdb.toml or
    --config). With PATHs, runs those inputs instead: .jsonl feeds, folders of .txt/.html
    reports, single .txt/.html files, RSS/Atom files (.xml, .rss, .atom) or feed URLs.

    Unchanged documents are skipped; changed ones are re-extracted. Bad records are stored
    with their error (see `incidentdb etl rejected`) and the run goes on.

    \b
    Exit codes: 0 every source was read (records may have been rejected: status partial),
    3 a source failed (the others were loaded), 75 another run holds the lock, 1 error.

    \b
    Examples:
      incidentdb etl run
      incidentdb --quiet --log-format json etl run      # for cron
      incidentdb etl run ../corpus/documents.jsonl
    """
    from etl.config import adhoc_source, load_sources
    from etl.pipeline import load_extractor, run_etl

    if inputs and source_names:
        raise click.UsageError("give either PATHs or --source names, not both")
    if inputs:
        sources = [adhoc_source(target) for target in inputs]
        arguments = " ".join(inputs)
    else:
        configured = load_sources(app.config)
        if not configured:
            where = app.config.path or "./incidentdb.toml"
            raise ConfigError(
                f"no sources configured in {where}",
                hint="add [[sources]] tables, or run ad hoc inputs: incidentdb etl run PATH...",
            )
        if source_names:
            known = {s.name: s for s in configured}
            unknown = [n for n in source_names if n not in known]
            if unknown:
                raise ConfigError(f"unknown source(s): {', '.join(unknown)}", hint=f"configured: {', '.join(known)}")
            sources = [known[n] for n in source_names]
        else:
            sources = configured
        arguments = ", ".join(s.name for s in sources)
    extractor, version = load_extractor(extractor_ref)
    engine = app.engine()
    summary = run_etl(engine, sources, extractor=extractor, extractor_version=version,
                      show_progress=app.show_progress, arguments=arguments)
    if not app.quiet:
        click.echo(summary.message())
    if summary.documents_rejected:
        click.echo(f"{summary.documents_rejected} record(s) rejected; see: incidentdb etl rejected --run {summary.run_id}",
                   err=True)
    for failure in summary.failed_sources:
        click.echo(f"error: {failure}", err=True)
    if summary.exit_code:
        sys.exit(summary.exit_code)


@etl.command("status")
@click.option("--limit", "-n", default=10, show_default=True, help="How many recent runs.")
@format_option()
@pass_app
def status_command(app: AppContext, limit: int, fmt: str) -> None:
    """Show the most recent runs: when, status, and what they saw and did.

    \b
    Example:
      incidentdb etl status -n 5
    """
    from models import EtlRun

    columns = ["id", "command", "started_at", "finished_at", "status", "seen", "new", "updated", "unchanged",
               "rejected", "incidents_created", "incidents_updated", "message"]
    with session_scope(app.engine()) as session:
        runs = session.scalars(select(EtlRun).order_by(EtlRun.started_at.desc(), EtlRun.id.desc()).limit(limit)).all()
        rows = [
            [r.id, r.command, r.started_at, r.finished_at, r.status, r.documents_seen, r.documents_new,
             r.documents_updated, r.documents_unchanged, r.documents_rejected, r.incidents_created,
             r.incidents_updated, r.message]
            for r in runs
        ]
    if fmt == "table":
        for row in rows:
            for i in (2, 3):
                row[i] = row[i].strftime("%Y-%m-%d %H:%M:%S") if row[i] else ""
            row[12] = (row[12] or "")[:60]
    write_rows(columns, rows, fmt)


@etl.command("rejected")
@click.option("--run", "run_id", type=int, help="Only this run's records (default: the latest run that had any).")
@click.option("--all", "show_all", is_flag=True, help="Records of every run.")
@click.option("--limit", "-n", default=100, show_default=True)
@click.option("--raw", is_flag=True, help="Include the raw record (JSON/CSV formats always do).")
@format_option()
@pass_app
def rejected_command(app: AppContext, run_id: int | None, show_all: bool, limit: int, raw: bool, fmt: str) -> None:
    """List records a run could not load, with the input, line and error.

    \b
    Examples:
      incidentdb etl rejected
      incidentdb etl rejected --run 12 --format json
    """
    from models import RejectedRecord

    with session_scope(app.engine()) as session:
        query = select(RejectedRecord).order_by(RejectedRecord.id)
        if run_id is None and not show_all:
            run_id = session.scalar(select(RejectedRecord.run_id).order_by(RejectedRecord.id.desc()).limit(1))
        if run_id is not None and not show_all:
            query = query.where(RejectedRecord.run_id == run_id)
        records = session.scalars(query.limit(limit)).all()
        columns = ["id", "run_id", "source", "input", "line", "record_id", "error"]
        with_raw = raw or fmt != "table"
        if with_raw:
            columns.append("raw_payload")
        rows = []
        for r in records:
            row = [r.id, r.run_id, r.source_name, r.input_name, r.line_number, r.record_id, r.error]
            if with_raw:
                row.append(r.raw_payload)
            rows.append(row)
    write_rows(columns, rows, fmt)
