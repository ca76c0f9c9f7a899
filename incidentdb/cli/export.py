"""``incidentdb export incidents``: the interchange export (spec/interchange.md §3)."""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from typing import Any, TextIO

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from incidentdb.cli.context import AppContext, pass_app
from incidentdb.db import session_scope

FIELDS = [
    "id", "slug", "title", "date", "date_precision", "country", "admin1", "city", "locality",
    "killed_best", "killed_low", "killed_high", "wounded_best", "wounded_low", "wounded_high",
    "attack_type", "suicide", "target_type", "claimed_by", "denied_by", "blamed", "documents",
]


def incident_records(session: Session, incident_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """One dict per incident in the §3 form (plus ``title`` and ``denied_by``), ordered by date and slug.

    ``documents`` lists the external ids of every document with a mention resolved to the
    incident, sorted.
    """
    from etl.resolve.reconcile import date_label
    from models import Actor, Attribution, Document, Incident, Location, Mention

    query = select(Incident, Location).outerjoin(Location, Location.id == Incident.location_id)
    if incident_ids is not None:
        query = query.where(Incident.id.in_(incident_ids))
    rows = session.execute(query).all()
    documents: dict[int, set[str]] = defaultdict(set)
    for incident_id, external_id in session.execute(
        select(Mention.incident_id, Document.external_id)
        .join(Document, Document.id == Mention.document_id)
        .where(Mention.incident_id.is_not(None))
    ):
        documents[incident_id].add(external_id)
    roles: dict[tuple[int, str], set[str]] = defaultdict(set)
    blamed: dict[int, set[tuple[str, str | None]]] = defaultdict(set)
    for incident_id, role, actor, by in session.execute(
        select(Attribution.incident_id, Attribution.role, Actor.name, Attribution.asserted_by)
        .join(Actor, Actor.id == Attribution.actor_id)
        .where(Attribution.incident_id.is_not(None))
    ):
        if role == "blamed":
            blamed[incident_id].add((actor, by))
        else:
            roles[(incident_id, role)].add(actor)
    out = []
    for incident, location in rows:
        out.append({
            "id": incident.id,
            "slug": incident.slug,
            "title": incident.title,
            "date": date_label(incident.date_start, incident.date_precision),
            "date_precision": incident.date_precision,
            "country": location.country_code if location else None,
            "admin1": location.admin1 if location else None,
            "city": location.city if location else None,
            "locality": location.locality if location else None,
            "killed_best": incident.killed_best,
            "killed_low": incident.killed_low,
            "killed_high": incident.killed_high,
            "wounded_best": incident.wounded_best,
            "wounded_low": incident.wounded_low,
            "wounded_high": incident.wounded_high,
            "attack_type": incident.attack_type,
            "suicide": incident.suicide,
            "target_type": incident.target_type,
            "claimed_by": sorted(roles[(incident.id, "claimed")]),
            "denied_by": sorted(roles[(incident.id, "denied")]),
            "blamed": [{"party": p, "by": b} for p, b in sorted(blamed[incident.id], key=lambda x: (x[0], x[1] or ""))],
            "documents": sorted(documents[incident.id]),
        })
    out.sort(key=lambda r: (r["date"] or "9999", r["slug"]))
    return out


def _csv_cell(name: str, value: Any) -> Any:
    if name == "blamed":
        return "; ".join(f"{b['party']} ({b['by']})" if b["by"] else b["party"] for b in value)
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_records(records: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "json":
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        for record in records:
            writer.writerow([_csv_cell(f, record[f]) for f in FIELDS])


@click.group()
def export() -> None:
    """Export data in the stable interchange formats."""


@export.command("incidents")
@click.option("--format", "-f", "fmt", type=click.Choice(["jsonl", "csv", "json"]), default="jsonl",
              show_default=True, help="JSON Lines (interchange §3), CSV (lists '; '-joined) or a JSON array.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to FILE instead of stdout.")
@pass_app
def export_incidents(app: AppContext, fmt: str, output: str | None) -> None:
    """Every incident with its reconciled values and the ids of the documents merged into it.

    \b
    Examples:
      incidentdb export incidents > incidents.jsonl
      incidentdb export incidents --format csv -o incidents.csv
    """
    with session_scope(app.engine()) as session:
        records = incident_records(session)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            write_records(records, fmt, handle)
        click.echo(f"wrote {len(records)} incidents to {output}", err=True)
    else:
        write_records(records, fmt, sys.stdout)
