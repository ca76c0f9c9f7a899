"""Why an incident has the values it has: reports behind each value, conflicts, overrides."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from etl.resolve.features import mention_key
from etl.resolve.figures import LOWER_BOUNDS, ReportedFigure, reconcile_figures
from etl.resolve.reconcile import date_label
from models import (
    Actor,
    Attribution,
    CasualtyReport,
    Document,
    Incident,
    IncidentSlugAlias,
    Location,
    Mention,
    Override,
    Source,
)

QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "more than ", "about": "about ",
                   "up_to": "up to ", "range": ""}


def figure_text(low: int, high: int | None, qualifier: str) -> str:
    if qualifier == "range" and high is not None:
        return f"{low}-{high}"
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{low}"


def _day(value: dt.datetime | None) -> str | None:
    return value.date().isoformat() if value else None


def explain(session: Session, incident: Incident) -> dict[str, Any]:
    """A JSON-able explanation of every value of ``incident``."""
    location = session.get(Location, incident.location_id) if incident.location_id else None
    mentions = session.execute(
        select(Mention, Document.external_id, Document.published_at, Source.name, Document.title)
        .join(Document, Document.id == Mention.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Mention.incident_id == incident.id)
        .order_by(Document.published_at, Source.name, Document.external_id, Mention.position)
    ).all()
    reports = []
    by_mention: dict[int, dict[str, Any]] = {}
    for m, ext, published, source, title in mentions:
        entry = {
            "document": ext, "source": source, "published": _day(published), "title": title,
            "primary": m.is_primary, "date": date_label(m.date_start, m.date_precision),
            "place": ", ".join(x for x in (m.locality, m.city, m.admin1, m.country_code) if x) or None,
            "attack_type": m.attack_type, "suicide": m.suicide, "target_type": m.target_type,
        }
        reports.append(entry)
        by_mention[m.id] = {"key": mention_key(source, ext, m.position), **entry}

    ledger_rows = session.execute(
        select(CasualtyReport).where(CasualtyReport.mention_id.in_(list(by_mention))).order_by(
            CasualtyReport.reported_at, CasualtyReport.id)
    ).scalars().all()
    figures: dict[str, Any] = {}
    for category in ("killed", "wounded"):
        rows = [r for r in ledger_rows if r.category == category]
        reported = [
            ReportedFigure(r.low, r.high, r.qualifier, r.reported_at, by_mention[r.mention_id]["primary"],
                           r.is_current, r.population, by_mention[r.mention_id]["key"])
            for r in rows
        ]
        result = reconcile_figures(reported, incident.date_end)
        used = {id(f) for f in result.used}
        highest = max((f.top for f in reported if f.is_current), default=None)
        listing = []
        for r, f in zip(rows, reported, strict=True):
            if not r.is_current:
                note = "earlier toll quoted in the same report"
            elif f is result.best_from:
                note = "best: latest report that is not stale"
            elif id(f) in used:
                note = "in range"
            elif r.qualifier in LOWER_BOUNDS and highest is not None and r.low < highest:
                note = "superseded lower bound (a fuller count exists)"
            elif r.population != (result.best_from.population if result.best_from else "total"):
                note = f"{r.population} only"
            else:
                note = ""
            listing.append({
                "figure": figure_text(r.low, r.high, r.qualifier), "as_of": _day(r.reported_at),
                "document": by_mention[r.mention_id]["document"], "source": by_mention[r.mention_id]["source"],
                "primary": by_mention[r.mention_id]["primary"], "current": r.is_current,
                "population": r.population, "note": note, "evidence": r.evidence,
            })
        distinct = sorted({f.point for f in reported if f.is_current})
        figures[category] = {
            "derived": {"best": result.best, "low": result.low, "high": result.high},
            "value": {p: getattr(incident, f"{category}_{p}") for p in ("best", "low", "high")},
            "conflicting": len(distinct) > 1,
            "distinct_figures": distinct,
            "reports": listing,
        }

    attributions = []
    for a, actor, ext, source in session.execute(
        select(Attribution, Actor.name, Document.external_id, Source.name)
        .join(Actor, Actor.id == Attribution.actor_id)
        .join(Document, Document.id == Attribution.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Attribution.incident_id == incident.id)
        .order_by(Attribution.role, Actor.name, Attribution.reported_at)
    ):
        attributions.append({"role": a.role, "party": actor, "by": a.asserted_by, "evidence_given": a.evidence_given,
                             "document": ext, "source": source, "as_of": _day(a.reported_at), "evidence": a.evidence})

    overrides = [
        {"field": o.field, "value": o.value, "author": o.author, "reason": o.reason,
         "at": o.created_at.isoformat() if o.created_at else None, "active": o.is_active}
        for o in session.scalars(select(Override).where(Override.incident_id == incident.id)
                                 .order_by(Override.created_at, Override.id))
    ]
    active = {o["field"]: o for o in overrides if o["active"]}

    def votes(attr: str) -> dict[str, int]:
        return dict(Counter(str(r[attr]) for r in reports if r[attr] is not None).most_common())

    fields = {
        "date": {"value": date_label(incident.date_start, incident.date_precision),
                 "precision": incident.date_precision, "reports": votes("date")},
        "place": {"country": location.country_code if location else None,
                  "admin1": location.admin1 if location else None, "city": location.city if location else None,
                  "locality": location.locality if location else None, "reports": votes("place")},
        "attack_type": {"value": incident.attack_type, "reports": votes("attack_type")},
        "suicide": {"value": incident.suicide, "reports": votes("suicide")},
        "target_type": {"value": incident.target_type, "reports": votes("target_type")},
    }
    for name, info in fields.items():
        keys = {"place": ("country", "admin1", "city", "locality")}.get(name, (name,))
        hits = [active[k] for k in keys if k in active]
        if hits:
            info["override"] = hits
    for category in ("killed", "wounded"):
        hits = [active[f"{category}_{p}"] for p in ("best", "low", "high") if f"{category}_{p}" in active]
        if hits:
            figures[category]["override"] = hits

    claims: dict[str, list[str]] = defaultdict(list)
    for a in attributions:
        claims[a["role"]].append(a["party"])
    return {
        "id": incident.id,
        "slug": incident.slug,
        "title": incident.title,
        "former_slugs": sorted(session.scalars(select(IncidentSlugAlias.slug)
                                               .where(IncidentSlugAlias.incident_id == incident.id))),
        "fields": fields,
        "figures": figures,
        "attributions": attributions,
        "documents": reports,
        "overrides": overrides,
    }
