"""``incidentdb import gtd|ucdp|acled FILE``: load the datasets analysts already hold.

A thin layer over :func:`etl.imports.import_file`: options, a progress bar on a terminal,
and the summary at the end (text or JSON).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from incidentdb.cli.context import AppContext, pass_app
from incidentdb.db import describe
from incidentdb.errors import IncidentDBError


class RejectedRowsError(IncidentDBError):
    """``--strict``: the import ran, but rows were rejected."""


@click.group("import")
def import_group() -> None:
    """Load GTD, UCDP GED and ACLED files into the database.

    Each row becomes a dataset-record document with its values, casualty figures and
    attributions; incident resolution then merges rows with news-derived incidents of the
    same attack. Re-importing a file changes nothing; a newer release updates changed rows.
    Bad rows are rejected with their line number and reason (table rejected_records) and
    the rest loads.

    \b
    Examples:
      incidentdb import gtd globalterrorismdb_0718dist.xlsx
      incidentdb import ucdp GEDEvent_v24_1.csv
      incidentdb import acled acled_pakistan.csv
    """


def _options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("file", type=click.Path(dir_okay=False, path_type=Path)),
        click.option("--encoding", metavar="NAME",
                     help="Text encoding of a CSV file. Default: detected (UTF-8, else cp1252, else Latin-1)."),
        click.option("--sheet", metavar="NAME", help="Worksheet of an .xlsx file. Default: the first."),
        click.option("--chunk-size", type=click.IntRange(min=1), default=5000, show_default=True,
                     help="Rows per transaction (memory is bounded by this)."),
        click.option("--no-resolve", is_flag=True,
                     help="Load the rows but do not run incident resolution now."),
        click.option("--strict", is_flag=True, help="Exit with status 1 when any row was rejected."),
        click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
                     show_default=True, help="Format of the summary on stdout."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@contextlib.contextmanager
def _progress(app: AppContext, label: str) -> Iterator[tuple[Callable[[int, str], None], Callable[[int], None]]]:
    """Callbacks that drive a click progress bar on a terminal (no-ops otherwise)."""
    state: dict[str, Any] = {}

    def start(total: int, unit: str) -> None:
        if not app.show_progress or total <= 0:
            return
        bar = click.progressbar(length=total, label=label, file=sys.stderr,
                                show_eta=True, show_percent=True, width=30)
        state["bar"] = bar.__enter__()
        state["total"], state["done"] = total, 0

    def advance(amount: int) -> None:
        bar = state.get("bar")
        if bar is None or amount <= 0:
            return
        amount = min(amount, state["total"] - state["done"])
        state["done"] += amount
        bar.update(amount)

    try:
        yield start, advance
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)


def _run(app: AppContext, key: str, file: Path, *, encoding: str | None, sheet: str | None, chunk_size: int,
         no_resolve: bool, strict: bool, fmt: str, all_event_types: bool = False) -> None:
    from etl.imports import DATASETS, ImportOptions, import_file

    dataset = DATASETS[key]
    engine = app.engine()
    others = tuple(d for d in DATASETS.values() if d.key != key)
    with _progress(app, f"{dataset.source_name} {file.name}") as (start, advance):
        options = ImportOptions(
            encoding=encoding,
            sheet=sheet,
            chunk_size=chunk_size,
            resolve=not no_resolve,
            all_event_types=all_event_types,
            progress=advance,
            progress_total=start,
        )
        summary = import_file(engine, dataset, file, options, others=others)
    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_summary(summary, describe(engine.url)))
    if strict and summary.rejected:
        raise RejectedRowsError(f"{summary.rejected} rows of {file} were rejected (--strict)")


def format_summary(summary: Any, where: str) -> str:
    """The text summary printed at the end of an import."""
    from etl.imports.readers import encoding_label

    read_as = f"sheet {summary.sheet}" if summary.sheet else f"encoding {encoding_label(summary.encoding)}"
    lines = [
        f"{summary.source_name} import of {summary.input_name} ({read_as}) into {where}: run {summary.run_id} "
        f"{summary.status}",
        f"  rows read        {summary.rows_read:>9,}",
        f"  loaded (new)     {summary.new:>9,}",
        f"  updated          {summary.updated:>9,}",
        f"  unchanged        {summary.unchanged:>9,}",
        f"  rejected         {summary.rejected:>9,}",
    ]
    if summary.out_of_scope:
        lines.append(f"  out of scope     {summary.out_of_scope:>9,}  (kept as documents, no incident; "
                     "--all-event-types loads them as incidents)")
    if summary.rejections:
        lines.append("  rejected rows (line: reason):")
        lines += [f"    {r['line']}: {r['error']}" for r in summary.rejections]
        if summary.rejected > len(summary.rejections):
            lines.append(f"    ... and {summary.rejected - len(summary.rejections)} more")
        lines.append(
            f'    all of them: incidentdb sql "SELECT line_number, record_id, error FROM rejected_records '
            f'WHERE run_id = {summary.run_id} ORDER BY line_number"'
        )
    lines.append(f"  new actors needing review: {len(summary.new_actors)}")
    shown = summary.new_actors[:25]
    lines += [f"    {name}" for name in shown]
    if len(summary.new_actors) > len(shown):
        lines.append(f"    ... and {len(summary.new_actors) - len(shown)} more "
                     '(incidentdb sql "SELECT name FROM actors WHERE needs_review")')
    if summary.resolution == "done":
        lines.append(f"  incidents        {summary.incidents_created:>9,} created, {summary.incidents_merged:,} merged "
                     f"with existing incidents, {summary.incidents_reconciled:,} re-reconciled")
    else:
        lines.append(f"  incidents        resolution {summary.resolution}")
    rate = f" ({summary.rows_per_second:,.0f} rows/s)" if summary.load_seconds >= 0.01 else ""
    lines.append(f"  time             {summary.load_seconds:.1f} s loading{rate}, "
                 f"{summary.resolve_seconds:.1f} s resolution")
    return "\n".join(lines)


@import_group.command("gtd")
@_options
@pass_app
def gtd(app: AppContext, file: Path, **kwargs: Any) -> None:
    """Import a Global Terrorism Database file (CSV or .xlsx as distributed by START).

    FILE is in the GTD codebook layout (eventid, iyear, imonth, iday, country_txt, provstate,
    city, attacktype1_txt, targtype1_txt, gname, claimed, nkill, nkillter, nwound, summary ...).

    \b
    Examples:
      incidentdb import gtd globalterrorismdb_0718dist.xlsx
      incidentdb import gtd gtd_2008.csv --encoding cp1252
      incidentdb -d postgresql://me@localhost/incidents import gtd globalterrorismdb_2021Jan.csv
      incidentdb import gtd gtd.csv --format json > import-summary.json
    """
    _run(app, "gtd", file, **kwargs)


@import_group.command("ucdp")
@_options
@pass_app
def ucdp(app: AppContext, file: Path, **kwargs: Any) -> None:
    """Import a UCDP Georeferenced Event Dataset file (CSV, or the .zip UCDP distributes).

    FILE is in the GED codebook layout (id, date_start, date_end, date_prec, country, adm_1,
    where_coordinates, side_a, side_b, type_of_violence, best, low, high, deaths_civilians ...).

    \b
    Examples:
      incidentdb import ucdp GEDEvent_v24_1.csv
      incidentdb import ucdp ged191-csv.zip
      incidentdb import ucdp ged_syria.csv --no-resolve
    """
    _run(app, "ucdp", file, **kwargs)


@import_group.command("acled")
@_options
@click.option("--all-event-types", is_flag=True,
              help="Make incidents of protests, riots and strategic developments too (default: kept as "
                   "documents without an incident).")
@pass_app
def acled(app: AppContext, file: Path, **kwargs: Any) -> None:
    """Import an ACLED export (the current lower-case layout or the older upper-case one).

    FILE has event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1,
    actor2, country, admin1, location, fatalities, notes ... (or GWNO, EVENT_ID_CNTY,
    EVENT_DATE, ALLY_ACTOR_1, INTER1, NOTES ... in older files).

    \b
    Examples:
      incidentdb import acled 2015-01-01-2024-12-31-Pakistan.csv
      incidentdb import acled ACLED_Pakistan_2010-2016.csv
      incidentdb import acled acled.csv --all-event-types
    """
    _run(app, "acled", file, **kwargs)
