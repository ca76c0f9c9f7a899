"""What analysts do to incidents: overrides, merges and splits, and the explanation of values.

Everything here is a library function (the CLI in ``incidentdb/cli/incident.py`` is a thin
layer). Overrides are rows in ``overrides``; merges and splits are rows in
``resolution_decisions`` keyed by mention keys, which :func:`etl.resolve.resolve` honours in
every later run, so no re-run undoes them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from etl.resolve.features import mention_key
from etl.resolve.reconcile import date_range, ordering_problems, preview, reconcile
from etl.resolve.resolver import resolve
from etl.store import Store
from incidentdb.errors import IncidentDBError
from models import (
    Document,
    Incident,
    IncidentSlugAlias,
    Mention,
    Override,
    ResolutionDecision,
    ResolutionDecisionMention,
    Source,
)
from models.vocab import ATTACK_TYPES, TARGET_TYPES, VocabularyError, encode

COUNT_FIELDS = tuple(f"{c}_{p}" for c in ("killed", "wounded") for p in ("best", "low", "high"))
TEXT_FIELDS = ("title", "summary", "admin1", "city", "locality")
OVERRIDABLE = (*COUNT_FIELDS, "date", "attack_type", "target_type", "suicide", "country", *TEXT_FIELDS)
NULL_WORDS = {"null", "none", "unknown", ""}


class NotFound(IncidentDBError):
    """No incident with that slug."""


def find_incident(session: Session, ref: str) -> Incident:
    """The incident with this slug, a former slug of it, or (all digits) this id."""
    found = session.scalar(select(Incident).where(Incident.slug == ref))
    if found is None:
        alias = session.scalar(select(IncidentSlugAlias.incident_id).where(IncidentSlugAlias.slug == ref))
        if alias is not None:
            found = session.get(Incident, alias)
    if found is None and ref.isdigit():
        found = session.get(Incident, int(ref))
    if found is None:
        slugs = list(session.scalars(select(Incident.slug)))
        close = difflib.get_close_matches(ref, slugs, n=3, cutoff=0.8)
        hint = f"did you mean: {', '.join(close)}?" if close else "list them with: incidentdb incident list"
        raise NotFound(f"no incident {ref!r}", hint=hint)
    return found


def parse_override(field: str, raw: str, session: Session | None = None) -> Any:
    """Validate an override value typed by an analyst; returns the JSON value to store."""
    if field not in OVERRIDABLE:
        raise IncidentDBError(f"{field!r} cannot be overridden", hint=f"fields: {', '.join(OVERRIDABLE)}")
    text = raw.strip()
    if text.lower() in NULL_WORDS and field not in ("title",):
        return None
    if field in COUNT_FIELDS:
        if not text.isdigit():
            raise IncidentDBError(f"{field} must be a whole number >= 0 (or 'null'), got {raw!r}")
        return int(text)
    if field == "date":
        try:
            date_range(text)
        except ValueError as exc:
            raise IncidentDBError(f"date: {exc}") from exc
        return text
    if field == "suicide":
        value = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(text.lower())
        if value is None:
            raise IncidentDBError(f"suicide must be true or false (or 'null'), got {raw!r}")
        return value
    if field in ("attack_type", "target_type"):
        vocabulary = ATTACK_TYPES if field == "attack_type" else TARGET_TYPES
        try:
            return encode(text, vocabulary, name=field.replace("_", " "))
        except VocabularyError as exc:
            raise IncidentDBError(str(exc)) from exc
    if field == "country":
        code = text.upper()
        if session is not None and not Store(session).known_country(code):
            raise IncidentDBError(f"country must be an ISO 3166-1 alpha-2 code, got {raw!r}")
        return code
    if not text:
        raise IncidentDBError(f"{field} cannot be empty")
    return text


def set_override(session: Session, incident: Incident, field: str, raw: str, *, reason: str, author: str) -> Override:
    """Record an override (superseding earlier ones of the field) and reconcile the incident."""
    if not reason.strip():
        raise IncidentDBError("a reason is required (--reason TEXT): the next analyst needs to know why")
    value = parse_override(field, raw, session)
    problems = ordering_problems(preview(session, incident.id, [(field, value)]))
    if problems:
        raise IncidentDBError("; ".join(problems), hint="override the other bounds as well, or first")
    session.execute(
        update(Override)
        .where(Override.incident_id == incident.id, Override.field == field, Override.is_active.is_(True))
        .values(is_active=False)
    )
    row = Override(incident_id=incident.id, field=field, value=value, author=author, reason=reason.strip())
    session.add(row)
    session.flush()
    reconcile(session, [incident.id])
    return row


def unset_override(session: Session, incident: Incident, field: str) -> int:
    """Withdraw the active overrides of a field (kept as history); returns how many."""
    problems = ordering_problems(preview(session, incident.id, drop={field}))
    if problems:
        raise IncidentDBError("; ".join(problems), hint="withdraw the related overrides first")
    result = session.execute(
        update(Override)
        .where(Override.incident_id == incident.id, Override.field == field, Override.is_active.is_(True))
        .values(is_active=False)
    )
    reconcile(session, [incident.id])
    return result.rowcount or 0


def _members(session: Session, incident_id: int) -> list[tuple[int, str, str]]:
    """(mention id, mention key, document external id) of an incident's mentions."""
    rows = session.execute(
        select(Mention.id, Source.name, Document.external_id, Mention.position)
        .join(Document, Document.id == Mention.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Mention.incident_id == incident_id)
    ).all()
    return sorted((mid, mention_key(s, e, p), e) for mid, s, e, p in rows)


@dataclass
class MergeResult:
    survivor: Incident
    merged_slug: str


def merge(session: Session, target: Incident, other: Incident, *, reason: str, author: str) -> MergeResult:
    """Merge ``other`` into ``target``: one attack. Survives every later run."""
    if target.id == other.id:
        raise IncidentDBError("cannot merge an incident with itself")
    a, b = _members(session, target.id), _members(session, other.id)
    decision = ResolutionDecision(kind="merge", incident_slug=f"{target.slug} + {other.slug}", author=author,
                                  reason=reason)
    decision.mentions = [ResolutionDecisionMention(mention_key=k, side="a") for _, k, _ in a] + [
        ResolutionDecisionMention(mention_key=k, side="b") for _, k, _ in b
    ]
    session.add(decision)
    merged_slug = other.slug
    session.execute(update(Mention).where(Mention.incident_id == other.id).values(incident_id=target.id))
    session.execute(update(Override).where(Override.incident_id == other.id).values(incident_id=target.id))
    session.execute(update(IncidentSlugAlias).where(IncidentSlugAlias.incident_id == other.id)
                    .values(incident_id=target.id))
    _sync_ledger(session, [mid for mid, _, _ in b], target.id)
    session.delete(other)
    session.flush()
    session.add(IncidentSlugAlias(slug=merged_slug, incident_id=target.id))
    session.flush()
    resolve(session, [mid for mid, _, _ in a + b])
    session.refresh(target)
    return MergeResult(target, merged_slug)


def split(session: Session, incident: Incident, documents: list[str], *, reason: str, author: str) -> Incident | None:
    """Move the mentions of ``documents`` (external ids) out of ``incident`` into their own incident."""
    members = _members(session, incident.id)
    wanted = set(documents)
    moved = [(mid, key) for mid, key, ext in members if ext in wanted]
    rest = [(mid, key) for mid, key, ext in members if ext not in wanted]
    missing = wanted - {ext for _, _, ext in members}
    if missing:
        raise IncidentDBError(f"not documents of {incident.slug}: {', '.join(sorted(missing))}",
                              hint=f"its documents: {', '.join(sorted({e for _, _, e in members}))}")
    if not rest:
        raise IncidentDBError("splitting out every document leaves nothing behind; nothing to split")
    decision = ResolutionDecision(kind="split", incident_slug=incident.slug, author=author, reason=reason)
    decision.mentions = [ResolutionDecisionMention(mention_key=k, side="a") for _, k in moved] + [
        ResolutionDecisionMention(mention_key=k, side="b") for _, k in rest
    ]
    session.add(decision)
    new = Incident(slug=f"~split~{incident.id}~{dt.datetime.now(dt.UTC).timestamp()}", title="")
    session.add(new)
    session.flush()
    ids = [mid for mid, _ in moved]
    session.execute(update(Mention).where(Mention.id.in_(ids)).values(incident_id=new.id))
    _sync_ledger(session, ids, new.id)
    session.flush()
    resolve(session, [mid for mid, _, _ in members])
    row = session.scalar(select(Mention.incident_id).where(Mention.id == ids[0]))
    return session.get(Incident, row) if row is not None else None


def _sync_ledger(session: Session, mention_ids: list[int], incident_id: int) -> None:
    from models import Attribution, CasualtyReport

    for table in (CasualtyReport, Attribution):
        session.execute(update(table).where(table.mention_id.in_(mention_ids)).values(incident_id=incident_id))
