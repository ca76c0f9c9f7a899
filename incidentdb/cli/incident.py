"""``incidentdb incident``: look at incidents and correct them (overrides, merges, splits)."""

from __future__ import annotations

import getpass
import json
import os

import click
from sqlalchemy import select

from incidentdb.cli.context import AppContext, pass_app
from incidentdb.cli.output import format_option, write_rows
from incidentdb.db import session_scope


def _author(value: str | None) -> str:
    if value:
        return value
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


author_option = click.option("--author", metavar="NAME", help="Who decides (default: $USER).")
reason_option = click.option("--reason", "-r", required=True, metavar="TEXT", help="Why (kept with the decision).")


@click.group()
def incident() -> None:
    """Inspect incidents, and correct what the ETL got wrong.

    Corrections survive every later `incidentdb etl run`: an override wins over extracted
    values, and merges and splits are re-applied whenever incidents are re-resolved.

    \b
    Examples:
      incidentdb incident list --search islamabad
      incidentdb incident show 2026-02-06-islamabad-tarlai-bombing
      incidentdb incident set 2026-02-06-islamabad-tarlai-bombing killed_best 36 --reason "settled toll"
      incidentdb incident unset 2026-02-06-islamabad-tarlai-bombing killed_best
      incidentdb incident merge SLUG-A SLUG-B --reason "same attack, two spellings"
      incidentdb incident split SLUG --document d-12 --document d-13 --reason "about the next day's attack"
    """


@incident.command("list")
@click.option("--search", "-s", metavar="TEXT", help="Only incidents whose slug or title contains TEXT.")
@click.option("--limit", "-n", default=100, show_default=True)
@format_option()
@pass_app
def list_command(app: AppContext, search: str | None, limit: int, fmt: str) -> None:
    """List incidents (newest first) with their main values."""
    from models import Incident

    with session_scope(app.engine()) as session:
        query = select(Incident.slug, Incident.date_start, Incident.attack_type, Incident.killed_best,
                       Incident.wounded_best, Incident.title)
        if search:
            like = f"%{search.lower()}%"
            query = query.where(Incident.slug.like(like) | Incident.title.ilike(like))
        rows = session.execute(query.order_by(Incident.date_start.desc(), Incident.slug).limit(limit)).all()
    write_rows(["slug", "date", "attack_type", "killed", "wounded", "title"], [list(r) for r in rows], fmt)


def _print_explanation(data: dict) -> None:
    echo = click.echo
    echo(click.style(data["title"], bold=True) + f"  [{data['slug']}, id {data['id']}]")
    if data["former_slugs"]:
        echo(f"  formerly: {', '.join(data['former_slugs'])}")
    fields = data["fields"]
    echo("")

    def line(label: str, value: object, reports: dict | None, override: list | None) -> None:
        shown = "-" if value is None else value
        text = f"  {label:<12} {shown}"
        if reports:
            text += "   reports: " + ", ".join(f"{k} ×{v}" for k, v in reports.items())
        echo(text)
        for o in override or []:
            echo(click.style(f"  {'':<12} overridden by {o['author']} ({o['at'][:10]}): {o['reason']}", fg="yellow"))

    line("date", fields["date"]["value"], fields["date"]["reports"], fields["date"].get("override"))
    place = fields["place"]
    where = ", ".join(x for x in (place["locality"], place["city"], place["admin1"], place["country"]) if x)
    line("place", where or None, place["reports"], place.get("override"))
    for name in ("attack_type", "suicide", "target_type"):
        line(name.replace("_", " "), fields[name]["value"], fields[name]["reports"], fields[name].get("override"))
    for category in ("killed", "wounded"):
        info = data["figures"][category]
        v = info["value"]
        echo("")
        head = f"  {category:<12} best {v['best'] if v['best'] is not None else '-'}"
        if v["low"] is not None:
            head += f" (range {v['low']}-{v['high']})"
        if info["conflicting"]:
            head += f"   reports disagree: {', '.join(map(str, info['distinct_figures']))}"
        echo(head)
        for o in info.get("override", []):
            echo(click.style(f"  {'':<12} {o['field']} = {o['value']} overridden by {o['author']} "
                             f"({o['at'][:10]}): {o['reason']}", fg="yellow"))
        if "override" in info:
            d = info["derived"]
            echo(f"  {'':<12} (the reports alone give best {d['best']}, range {d['low']}-{d['high']})")
        for r in info["reports"]:
            flag = "" if r["primary"] else " (passing reference)"
            note = f"  <- {r['note']}" if r["note"] else ""
            echo(f"    {r['as_of'] or '?':<10}  {r['figure']:<16} {r['source']}: {r['document']}{flag}{note}")
    if data["attributions"]:
        echo("")
        echo("  claims and blame")
        for a in data["attributions"]:
            by = f" by {a['by']}" if a["by"] else ""
            evidence = {False: ", without evidence", True: ", with evidence"}.get(a["evidence_given"], "")
            echo(f"    {a['role']:<8} {a['party']}{by}{evidence}   ({a['source']}: {a['document']}, {a['as_of'] or '?'})")
    echo("")
    echo(f"  documents ({len(data['documents'])})")
    for d in data["documents"]:
        kind = "" if d["primary"] else "  [reference]"
        echo(f"    {d['published'] or '?':<10}  {d['source']}: {d['document']}{kind}  {d['title'] or ''}")
    inactive = [o for o in data["overrides"] if not o["active"]]
    if inactive:
        echo("")
        echo("  withdrawn or superseded overrides")
        for o in inactive:
            echo(f"    {o['field']} = {o['value']} by {o['author']} ({o['at'][:10]}): {o['reason']}")


@incident.command("show")
@click.argument("slug")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def show_command(app: AppContext, slug: str, fmt: str) -> None:
    """Explain each value of an incident: the reports behind it, conflicts, overrides.

    SLUG may also be a former slug or the numeric id.
    """
    from etl.resolve.analyst import find_incident
    from etl.resolve.explain import explain

    with session_scope(app.engine()) as session:
        data = explain(session, find_incident(session, slug))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        _print_explanation(data)


@incident.command("set")
@click.argument("slug")
@click.argument("field", metavar="FIELD")
@click.argument("value")
@reason_option
@author_option
@pass_app
def set_command(app: AppContext, slug: str, field: str, value: str, reason: str, author: str | None) -> None:
    """Override FIELD of an incident with VALUE; it wins over every later run.

    \b
    FIELD: killed_best killed_low killed_high wounded_best wounded_low wounded_high
           date (YYYY-MM-DD, YYYY-MM or YYYY) attack_type target_type suicide (true/false)
           country (ISO code) admin1 city locality title summary
    VALUE 'null' clears the field.

    \b
    Example:
      incidentdb incident set 2008-09-20-islamabad-marriott-hotel-bombing killed_best 54 \\
          --reason "standard figure after the hospital count" --author "J. Analyst"
    """
    from etl.resolve.analyst import find_incident, set_override

    with session_scope(app.engine()) as session:
        target = find_incident(session, slug)
        row = set_override(session, target, field, value, reason=reason, author=_author(author))
        session.refresh(target)
        click.echo(f"{target.slug}: {field} = {json.dumps(row.value)} (override by {row.author})")


@incident.command("unset")
@click.argument("slug")
@click.argument("field", metavar="FIELD")
@pass_app
def unset_command(app: AppContext, slug: str, field: str) -> None:
    """Withdraw the override of FIELD (it stays in the history); the derived value returns."""
    from etl.resolve.analyst import find_incident, unset_override

    with session_scope(app.engine()) as session:
        target = find_incident(session, slug)
        count = unset_override(session, target, field)
        session.refresh(target)
        if not count:
            click.echo(f"{target.slug}: {field} had no active override", err=True)
            raise SystemExit(1)
        click.echo(f"{target.slug}: override of {field} withdrawn")


@incident.command("merge")
@click.argument("target")
@click.argument("other")
@reason_option
@author_option
@pass_app
def merge_command(app: AppContext, target: str, other: str, reason: str, author: str | None) -> None:
    """Merge incident OTHER into TARGET (they are one attack). Survives later runs.

    OTHER's slug keeps resolving, to TARGET.
    """
    from etl.resolve.analyst import find_incident, merge

    with session_scope(app.engine()) as session:
        a, b = find_incident(session, target), find_incident(session, other)
        result = merge(session, a, b, reason=reason, author=_author(author))
        click.echo(f"merged {result.merged_slug} into {result.survivor.slug}")


@incident.command("split")
@click.argument("slug")
@click.option("--document", "documents", multiple=True, required=True, metavar="DOC_ID",
              help="External id of a document to move out (repeatable).")
@reason_option
@author_option
@pass_app
def split_command(app: AppContext, slug: str, documents: tuple[str, ...], reason: str, author: str | None) -> None:
    """Move the given documents' reports out of an incident into an incident of their own.

    The moved reports never rejoin the rest in later runs.
    """
    from etl.resolve.analyst import find_incident, split

    with session_scope(app.engine()) as session:
        source = find_incident(session, slug)
        new = split(session, source, list(documents), reason=reason, author=_author(author))
        session.refresh(source)
        click.echo(f"split {len(documents)} document(s) out of {source.slug} into {new.slug if new else '(unresolved)'}")
