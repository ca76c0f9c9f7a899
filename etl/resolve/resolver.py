"""Resolution: assign mentions to incidents, the same way whatever order they arrived in.

For every country touched by the mentions to resolve, *all* mentions of that country are
clustered from scratch (:mod:`etl.resolve.cluster`); clusters are then mapped onto the existing
incident rows by maximum overlap, so an incident keeps its id (and its overrides) as long as
most of its reports stay together. Only changed assignments are written, then every incident
whose membership or reports changed is reconciled. The whole call is one transaction in the
caller's session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from etl.resolve.cluster import Constraints, cluster
from etl.resolve.decisions import load_constraints
from etl.resolve.features import MentionFeatures, load_features
from etl.resolve.reconcile import placeholder_slug, reconcile
from etl.store import Store
from models import Attribution, CasualtyReport, Document, Incident, Mention, Source

log = logging.getLogger(__name__)


@dataclass
class ResolutionResult:
    """What one resolution call did."""

    incidents_created: int = 0
    incidents_updated: int = 0
    incidents_deleted: int = 0
    mentions_resolved: int = 0
    mentions_unresolved: int = 0
    affected_incident_ids: set[int] = field(default_factory=set)

    def __iadd__(self, other: ResolutionResult) -> ResolutionResult:
        self.incidents_created += other.incidents_created
        self.incidents_updated += other.incidents_updated
        self.incidents_deleted += other.incidents_deleted
        self.mentions_resolved += other.mentions_resolved
        self.mentions_unresolved += other.mentions_unresolved
        self.affected_incident_ids |= other.affected_incident_ids
        return self


def pending_mention_ids(session: Session) -> list[int]:
    """Mentions of documents loaded but not yet resolved (status 'pending')."""
    return list(
        session.scalars(
            select(Mention.id).join(Document, Document.id == Mention.document_id).where(Document.status == "pending")
        )
    )


def _blocks(session: Session, mention_ids: Collection[int]) -> set[str | None]:
    countries: set[str | None] = set()
    ids = sorted(mention_ids)
    for start in range(0, len(ids), 5000):
        countries.update(
            session.scalars(select(Mention.country_code).where(Mention.id.in_(ids[start : start + 5000])).distinct())
        )
    return countries


def resolve(session: Session, mention_ids: Collection[int] | None = None, *, store: Store | None = None) -> ResolutionResult:
    """Assign mentions to incidents and reconcile every incident affected.

    ``mention_ids``: the mentions to resolve; ``None`` means every mention of a document
    whose status is 'pending' (loaded, not yet resolved), which is also how a run killed
    before its resolution step is completed by the next run. Documents whose mentions were
    resolved are marked 'extracted'. Scales to a few hundred thousand mentions per call.
    """
    store = store or Store(session)
    result = ResolutionResult()
    pending_docs = list(session.scalars(select(Document.id).where(Document.status == "pending")))
    ids = set(pending_mention_ids(session)) if mention_ids is None else set(mention_ids)
    if mention_ids is not None:
        ids |= set(pending_mention_ids(session))
    constraints, _keys = load_constraints(session)
    countries = _blocks(session, ids)
    if ids and countries:
        features = load_features(session, countries)
        result += _resolve_block(session, features, constraints, ids, store)
    _mark_resolved(session, pending_docs)
    return result


def _mark_resolved(session: Session, document_ids: list[int]) -> None:
    for start in range(0, len(document_ids), 5000):
        chunk = document_ids[start : start + 5000]
        session.execute(update(Document).where(Document.id.in_(chunk)).values(status="extracted"))


def _resolve_block(
    session: Session, features: list[MentionFeatures], constraints: Constraints, targets: set[int], store: Store
) -> ResolutionResult:
    result = ResolutionResult()
    features.sort(key=lambda f: f.key)
    groups, unresolved = cluster(features, constraints)

    # Map clusters onto existing incidents by maximum overlap (ties: cluster key, then lowest id).
    overlaps = []
    for g, members in enumerate(groups):
        counts = Counter(features[m].incident_id for m in members if features[m].incident_id is not None)
        for incident_id, n in counts.items():
            overlaps.append((-n, features[members[0]].key, incident_id, g))
    overlaps.sort()
    owner: dict[int, int] = {}
    used: set[int] = set()
    for _n, _key, incident_id, g in overlaps:
        if g not in owner and incident_id not in used:
            owner[g] = incident_id
            used.add(incident_id)

    old_incidents = {f.incident_id for f in features if f.incident_id is not None}
    fresh = [g for g in range(len(groups)) if g not in owner]
    if fresh:
        # Placeholder slugs, unique; reconcile gives the real ones in this transaction.
        table = Incident.__table__
        now = dt.datetime.now(dt.UTC)
        rows = [{"slug": placeholder_slug(f"{g}-{_digest(features[groups[g][0]].key)}"), "title": "",
                 "created_at": now, "updated_at": now} for g in fresh]
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            ids = session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk
            ).scalars().all()
            for g, incident_id in zip(fresh[start : start + 5000], ids, strict=True):
                owner[g] = incident_id
    result.incidents_created = len(fresh)

    assignment: dict[int, int | None] = {}
    for g, members in enumerate(groups):
        for m in members:
            assignment[m] = owner[g]
    for m in unresolved:
        assignment[m] = None

    changes = [(features[m].mention_id, new) for m, new in assignment.items() if features[m].incident_id != new]
    touched: set[int] = set()
    for m, new in assignment.items():
        f = features[m]
        if f.incident_id != new or f.mention_id in targets:
            if f.incident_id is not None:
                touched.add(f.incident_id)
            if new is not None:
                touched.add(new)
    _write_assignments(session, changes)
    result.mentions_resolved = sum(1 for m, new in assignment.items() if new is not None and features[m].mention_id in targets)
    result.mentions_unresolved = sum(1 for m in unresolved if features[m].mention_id in targets)

    # Incidents that lost every mention are reconciled too (reconcile deletes them).
    gone = old_incidents - set(owner.values())
    touched |= gone
    changed = reconcile(session, touched, store=store)
    existing = set(session.scalars(select(Incident.id).where(Incident.id.in_(sorted(touched)))))
    result.incidents_deleted = len(touched - existing)
    created_ids = {owner[g] for g in range(len(groups))} - old_incidents
    result.incidents_updated = len((changed & existing) - created_ids)
    result.affected_incident_ids = existing
    return result


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _write_assignments(session: Session, changes: list[tuple[int, int | None]]) -> None:
    """Bulk-update mentions and the ledger rows that carry the incident id along."""
    if not changes:
        return
    params = [{"mid": mid, "iid": iid} for mid, iid in changes]
    for table in (Mention.__table__, CasualtyReport.__table__, Attribution.__table__):
        column = table.c.id if table is Mention.__table__ else table.c.mention_id
        stmt = update(table).where(column == bindparam("mid")).values(incident_id=bindparam("iid"))
        for start in range(0, len(params), 5000):
            session.execute(stmt.execution_options(synchronize_session=False), params[start : start + 5000])
    log.debug("reassigned %d mentions", len(changes))


def mention_keys_of_incident(session: Session, incident_id: int) -> list[tuple[str, int]]:
    """(mention key, document id) of every mention of an incident, sorted by key."""
    from etl.resolve.features import mention_key

    rows = session.execute(
        select(Source.name, Document.external_id, Mention.position, Document.id)
        .join(Document, Document.id == Mention.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Mention.incident_id == incident_id)
    ).all()
    return sorted((mention_key(s, e, p), d) for s, e, p, d in rows)

