"""``incidentdb report``: side-by-side comparisons and period summaries as PDF, CSV or Markdown.

The command is a thin layer: :mod:`reports.incidents` resolves what the user typed,
:mod:`reports.compare` / :mod:`reports.summary` build DataFrames, :mod:`reports.document`
lays them out and ``reports/render/`` writes the files. pandas, reportlab and matplotlib are
imported inside the commands, so ``incidentdb report --help`` stays instant.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import sys
from pathlib import Path
from typing import Any

import click

from incidentdb.cli.context import AppContext, pass_app

log = logging.getLogger(__name__)

FORMATS = ("pdf", "csv", "md")
ROLES = ("claimed", "denied", "blamed", "suspected")


class PeriodDate(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD; ``--to 2025`` means the end of 2025."""

    name = "DATE"

    def __init__(self, end: bool) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            if re.fullmatch(r"\d{4}", text):
                year = int(text)
                return dt.date(year, 12, 31) if self.end else dt.date(year, 1, 1)
            if re.fullmatch(r"\d{4}-\d{1,2}", text):
                year, month = map(int, text.split("-"))
                day = calendar.monthrange(year, month)[1] if self.end else 1
                return dt.date(year, month, day)
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(f"{text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", param, ctx)


def _format_of(fmt: str | None, output: str) -> str:
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".")
    return {"markdown": "md"}.get(suffix, suffix) if suffix in (*FORMATS, "markdown") else "pdf"


def _source_label(app: AppContext) -> str:
    url = app.database_url
    if url.get_backend_name() == "sqlite":
        return Path(url.database or "memory").name
    return f"{url.database} on {url.host or 'localhost'} (PostgreSQL)"


def _write(document: Any, fmt: str, output: str) -> None:
    """Render ``document`` to ``output`` ("-" = stdout); parent folders are created."""
    target = None if output == "-" else Path(output)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        import io

        from reports.render.pdf import render_pdf

        buffer = io.BytesIO()
        pages = render_pdf(document, buffer)
        if target is None:
            sys.stdout.buffer.write(buffer.getvalue())
        else:
            target.write_bytes(buffer.getvalue())
            log.info("wrote %s (%d page%s)", target, pages, "s" if pages != 1 else "")
    elif fmt == "csv":
        from reports.render.csv import render_csv

        written = render_csv(document, target)
        if target is None and len(document.data) > 1:
            log.warning("only the main table went to stdout; give --output FILE to get the %s tables too",
                        ", ".join(list(document.data)[1:]))
        for path in written:
            log.info("wrote %s", path)
    else:
        from reports.render.markdown import render_markdown

        for path in render_markdown(document, target):
            log.info("wrote %s", path)


def _output_option(func: Any) -> Any:
    func = click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True),
                        help="File to write ('-' for stdout). Missing folders are created.")(func)
    func = click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
                        help="pdf, csv or md. Default: from the --output suffix, else pdf.")(func)
    return click.option("--title", help="Title of the report (default: made from the content).")(func)


@click.group()
def report() -> None:
    """Reports for editors: side-by-side comparisons and period summaries (PDF, CSV, Markdown).

    \b
    Examples:
      incidentdb report compare "Marriott 2008" "Islamabad court November 2025" \\
          "Islamabad imambargah February 2026" -o out/islamabad.pdf
      incidentdb report summary --country PK --from 2025 --to 2026-02 -o out/pakistan.pdf
      incidentdb report summary --actor ISKP --format csv -o out/iskp.csv
    """


@report.command()
@click.argument("incidents", nargs=-1, required=True, metavar="INCIDENT...")
@_output_option
@pass_app
def compare(app: AppContext, incidents: tuple[str, ...], fmt: str | None, output: str, title: str | None) -> None:
    """Compare incidents side by side: place, method, tolls, claims, blame, sources.

    Each INCIDENT is an id, a slug, or a search phrase that must designate exactly one
    incident: words are matched against slugs, titles, places, attack and target types,
    actors (aliases too: "ISKP") and the titles of the reports; dates in the phrase ("2008",
    "November 2025", "Feb 2026", "2025-11-11") restrict the period. An ambiguous phrase
    lists the candidates and exits with status 1.

    \b
    The report has: a side-by-side table (date, place, attack and target type, suicide,
    killed and wounded with their range and as reported, claimed/denied by, blamed by whom
    and on what evidence, number of sources, first and latest report), a bar chart of
    killed and wounded, a chart and a table of how each toll moved report by report, the
    claims/denials/accusations, and an appendix of every report used.
    CSV: the incidents to FILE, plus FILE-stem.timeline.csv, .attributions.csv, .sources.csv.

    \b
    Examples:
      incidentdb report compare "Marriott 2008" "Islamabad court November 2025" \\
          "Islamabad imambargah February 2026" --format pdf --output out/islamabad.pdf
      incidentdb report compare 2008-09-20-islamabad-hotel-truck-bombing 17 -o cmp.csv
      incidentdb report compare "Tarlai Kalan" "G-11 2025" -f md -o cmp.md
    """
    from reports.compare import build_comparison
    from reports.document import comparison_document
    from reports.incidents import AmbiguousIncident, describe_candidates, resolve_incidents

    engine = app.engine()
    try:
        ids = resolve_incidents(engine, incidents)
    except AmbiguousIncident as exc:
        click.echo(f"Error: {exc}", err=True)
        for line in describe_candidates(exc.candidates):
            click.echo(line, err=True)
        raise click.exceptions.Exit(1) from exc
    comparison = build_comparison(engine, ids)
    document = comparison_document(comparison, references=list(incidents), title=title,
                                   source_label=_source_label(app))
    _write(document, _format_of(fmt, output), output)


@report.command()
@click.option("--from", "date_from", type=PeriodDate(end=False), help="First date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", type=PeriodDate(end=True), help="Last date (YYYY = to 31 December, YYYY-MM = month end).")
@click.option("--country", help="ISO code (PK, PAK) or English name.")
@click.option("--admin1", help="First-level division: name ('Khyber Pakhtunkhwa', 'Khyber') or ISO code (PK-KP).")
@click.option("--actor", help="Actor name or alias (ISKP, TTP), in any role unless --role is given.")
@click.option("--role", type=click.Choice(ROLES), help="Only incidents where --actor has this role.")
@click.option("--subgroups", is_flag=True,
              help="--actor also matches its sub-organisations (Islamic State -> its provinces).")
@click.option("--attack-type", "attack_types", multiple=True,
              help="GTD attack type, or a unique part of one (bombing, armed); repeatable.")
@click.option("--pdf-limit", type=click.IntRange(min=1), default=None,
              help="Most incidents listed in a PDF/Markdown report (default 300: the deadliest, by date).")
@_output_option
@pass_app
def summary(app: AppContext, date_from: dt.date | None, date_to: dt.date | None, country: str | None,
            admin1: str | None, actor: str | None, role: str | None, subgroups: bool,
            attack_types: tuple[str, ...], pdf_limit: int | None, fmt: str | None, output: str, title: str | None) -> None:
    """Summarise incidents: list, totals by month, first-level division and claimant, charts.

    An incident is in the period when its first possible day is. A filter value that names
    nothing (unknown country, division or actor) is an error, not an empty report; filters
    that match no incident produce a valid empty report (the PDF says "No incidents match
    these filters"), a message on stderr, and exit status 0.

    \b
    CSV: the incident list to FILE, and FILE-stem.by_month.csv, .by_admin1.csv and
    .by_claimant.csv next to it. The PDF lists at most --pdf-limit incidents (the
    deadliest); the CSV always has every incident.

    \b
    Examples:
      incidentdb report summary --country PK --from 2025-11 --to 2026-02 -o out/pk.pdf
      incidentdb report summary --admin1 "Khyber Pakhtunkhwa" --attack-type bombing -o kp.csv
      incidentdb report summary --actor "Islamic State Khorasan Province" --role claimed -f md -o iskp.md
    """
    from reports.document import DEFAULT_PDF_LIST_LIMIT, summary_document
    from reports.summary import SummaryFilters, build_summary

    filters = SummaryFilters(date_from=date_from, date_to=date_to, country=country, admin1=admin1, actor=actor,
                             role=role, attack_types=attack_types, subgroups=subgroups)
    result = build_summary(app.engine(), filters)
    if result.is_empty:
        described = "; ".join(f"{k}: {v}" for k, v in result.filters)
        log.warning("no incident matches these filters (%s); writing an empty report", described)
    document = summary_document(result, title=title, list_limit=pdf_limit or DEFAULT_PDF_LIST_LIMIT,
                                source_label=_source_label(app))
    _write(document, _format_of(fmt, output), output)
