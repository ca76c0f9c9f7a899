"""``incidentdb sql``: ad-hoc, strictly read-only SQL for analysts."""

from __future__ import annotations

import sys

import click

from incidentdb.cli.context import AppContext, pass_app
from incidentdb.cli.output import format_option, write_rows
from incidentdb.readonly import DEFAULT_TIMEOUT_S, run_readonly_query


@click.command()
@click.argument("query", required=False)
@format_option()
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT_S, show_default=True, help="Seconds before the query is stopped.")
@pass_app
def sql(app: AppContext, query: str | None, fmt: str, timeout: float) -> None:
    """Run one read-only SQL statement (QUERY, or stdin when QUERY is "-" or omitted).

    Anything that would change the database (INSERT, UPDATE, DELETE, DROP, CREATE, ATTACH,
    PRAGMA writes, transaction control, a second statement) is refused and the database is
    left unchanged. Views made for analysts: incident_summary, casualty_timeline,
    attribution_log, incident_documents (see README, "Schema").

    \b
    Examples:
      incidentdb sql "SELECT slug, killed_best, claimed_by FROM incident_summary ORDER BY date_start"
      incidentdb sql "SELECT * FROM casualty_timeline WHERE slug LIKE '2026-02-06%'" --format csv > toll.csv
      echo "SELECT count(*) FROM incidents" | incidentdb sql --format json
    """
    if query is None or query == "-":
        query = sys.stdin.read()
    engine = app.engine()
    result = run_readonly_query(engine.url, query, config=app.config, timeout=timeout)
    write_rows(result.columns, result.rows, fmt)
