"""Writing transformed dataset rows to the database in bulk, one chunk per transaction.

For each chunk of rows the loader asks the database once which of them it already holds
(by ``(source, external_id)``) and compares content hashes, so that

* a new row becomes a document, one primary mention, its casualty reports and its
  attributions, all inserted with one multi-row statement per table;
* an unchanged row (same content hash, same importer version) is skipped;
* a changed row is updated in place: the document keeps its id, the mention keeps its id
  *and its incident* (so an analyst's merge or split survives), and its casualty reports
  and attributions are replaced. The incident is re-reconciled afterwards.

No statement is issued per row: lookups of locations and actors go through
:class:`etl.store.Store`'s caches and a per-import actor cache.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from etl.imports.bulk import BulkWriter
from etl.imports.crosswalks import actor_decision
from etl.imports.records import ImportRecord
from etl.reference.actors import normalize_alias
from etl.store import Store, location_key, precision_of
from models import (
    Actor,
    ActorAlias,
    Attribution,
    CasualtyReport,
    Document,
    Location,
    Mention,
    RejectedRecord,
)

log = logging.getLogger(__name__)

# Core tables, not ORM entities: an ORM bulk insert leaves out None values (to let server
# defaults apply) and so splits a chunk into many statements; Core sends one executemany.
_DOCUMENTS = Document.__table__
_MENTIONS = Mention.__table__
_LOCATIONS = Location.__table__


@dataclass(slots=True)
class Rejection:
    line: int
    record_id: str | None
    raw_payload: str
    error: str


@dataclass
class LoadCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    out_of_scope: int = 0


@dataclass
class Loader:
    """Bulk writer of one import run (one session, committed per chunk by the caller)."""

    session: Session
    dataset_key: str
    source_id: int
    source_name: str
    run_id: int
    input_name: str
    importer_version: str
    now: dt.datetime
    store: Store = field(init=False)
    bulk: BulkWriter = field(init=False)
    counts: LoadCounts = field(default_factory=LoadCounts)
    new_actors: dict[str, int] = field(default_factory=dict)
    incidents_to_reconcile: set[int] = field(default_factory=set)
    _actor_ids: dict[str, int | None] = field(default_factory=dict)
    _location_keys: set[str] = field(default_factory=set)
    _keys: dict[tuple[str | None, ...], str] = field(default_factory=dict)
    mentions_written: list[int] = field(default_factory=list)  # new and updated mentions, for resolution

    def __post_init__(self) -> None:
        self.store = Store(self.session)
        self.bulk = BulkWriter(self.session)

    # -- actors ----------------------------------------------------------------------------
    def actor_id(self, name: str) -> int | None:
        """The actor a dataset name refers to (None: not a perpetrator), created if unknown."""
        if name in self._actor_ids:
            return self._actor_ids[name]
        decision = actor_decision(self.dataset_key, name)
        found: int | None = None
        if not decision.skip:
            for candidate in decision.candidates:
                found = self.store.find_actor_id(candidate)
                if found is not None:
                    break
            if found is None:
                found, created = self.store.actor_id(
                    decision.create_name or name, kind=decision.kind, origin=self.dataset_key
                )
                actor = self.session.get(Actor, found)
                if created and actor is not None and actor.needs_review:
                    self.new_actors[actor.name] = found
            self._remember_alias(name, found)
        self._actor_ids[name] = found
        return found

    def _remember_alias(self, name: str, actor_id: int) -> None:
        """Record the dataset's spelling as an alias (origin = dataset), if it is new."""
        key = normalize_alias(name)
        if not key or len(name) > 300 or self.store.find_actor_id(name) is not None:
            return
        self.session.add(ActorAlias(actor_id=actor_id, alias=name.strip(), normalized_alias=key, origin=self.dataset_key))
        self.session.flush()
        self.store._alias_index()[key] = actor_id  # keep the shared cache in step

    # -- one chunk -------------------------------------------------------------------------
    def write(self, records: list[ImportRecord], rejections: list[Rejection]) -> None:
        """Write one chunk (the caller commits)."""
        if rejections:
            self.bulk.insert(
                RejectedRecord.__table__,
                [
                    {
                        "run_id": self.run_id,
                        "source_name": self.source_name,
                        "input_name": self.input_name,
                        "line_number": r.line,
                        "record_id": (r.record_id or None) and r.record_id[:1000],
                        "raw_payload": r.raw_payload,
                        "error": r.error[:4000],
                        "created_at": self.now,
                    }
                    for r in rejections
                ],
            )
            self.counts.rejected += len(rejections)
        if not records:
            return
        existing = {
            external_id: (doc_id, sha, version)
            for doc_id, external_id, sha, version in self.session.execute(
                select(Document.id, Document.external_id, Document.content_sha256, Document.extractor_version).where(
                    Document.source_id == self.source_id,
                    Document.external_id.in_([r.external_id for r in records]),
                )
            )
        }
        new: list[ImportRecord] = []
        changed: list[tuple[int, ImportRecord]] = []
        for record in records:
            known = existing.get(record.external_id)
            if known is None:
                new.append(record)
            elif known[1] == record.content_sha256 and known[2] == self.importer_version:
                self.counts.unchanged += 1
            else:
                changed.append((known[0], record))
        self.counts.new += len(new)
        self.counts.updated += len(changed)
        self.counts.out_of_scope += sum(1 for r in new if not r.in_scope) + sum(1 for _, r in changed if not r.in_scope)

        document_ids: list[tuple[int, ImportRecord]] = []
        if new:
            # A plain executemany, then one SELECT for the new ids: RETURNING with a
            # guaranteed row order makes SQLAlchemy insert row by row on SQLite.
            self.bulk.insert(
                _DOCUMENTS, [self._document_row(r, serialized=True) | {"created_at": self.now} for r in new]
            )
            ids = dict(
                self.session.execute(
                    select(Document.external_id, Document.id).where(
                        Document.source_id == self.source_id,
                        Document.external_id.in_([r.external_id for r in new]),
                    )
                ).all()
            )
            document_ids += [(ids[r.external_id], r) for r in new]
        if changed:
            self.session.execute(
                update(Document),
                [{"id": doc_id, **self._document_row(r)} for doc_id, r in changed],
            )
        self._write_mentions(document_ids, changed)

    def _document_row(self, record: ImportRecord, *, serialized: bool = False) -> dict[str, Any]:
        """Column values of the row's document (``serialized``: raw_record as JSON text, for bulk)."""
        return {
            "source_id": self.source_id,
            "external_id": record.external_id,
            "kind": "dataset_record",
            "url": record.url,
            "title": record.title[:1000] if record.title else None,
            "published_at": record.published_at,
            "retrieved_at": self.now,
            "content_sha256": record.content_sha256,
            "text": record.text,
            "raw_record": record.raw_json if serialized and record.raw_json else record.raw,
            # 'pending' until incident resolution has placed the row's mention (etl.resolve marks
            # it 'extracted'); a row without a mention has nothing left to do.
            "status": "pending" if record.in_scope else "extracted",
            "status_detail": None if record.in_scope else "out of scope: kept as a document without an incident",
            "extracted_at": self.now,
            "extractor_version": self.importer_version,
            "updated_at": self.now,
        }

    def _write_mentions(self, new_docs: list[tuple[int, ImportRecord]], changed: list[tuple[int, ImportRecord]]) -> None:
        # Changed rows: find their current mention (position 0) and its incident.
        current: dict[int, tuple[int, int | None]] = {}
        if changed:
            current = {
                document_id: (mention_id, incident_id)
                for mention_id, document_id, incident_id in self.session.execute(
                    select(Mention.id, Mention.document_id, Mention.incident_id).where(
                        Mention.document_id.in_([doc_id for doc_id, _ in changed]), Mention.position == 0
                    )
                )
            }
            mention_ids = [m for m, _ in current.values()]
            if mention_ids:
                self.session.execute(delete(CasualtyReport).where(CasualtyReport.mention_id.in_(mention_ids)))
                self.session.execute(delete(Attribution).where(Attribution.mention_id.in_(mention_ids)))
            self.incidents_to_reconcile.update(i for _, i in current.values() if i is not None)

        to_insert: list[tuple[int, ImportRecord]] = [(d, r) for d, r in new_docs if r.in_scope]
        to_update: list[tuple[int, int, int | None, ImportRecord]] = []
        to_delete: list[int] = []
        for doc_id, record in changed:
            mention = current.get(doc_id)
            if record.in_scope and mention:
                to_update.append((doc_id, mention[0], mention[1], record))
            elif record.in_scope:
                to_insert.append((doc_id, record))
            elif mention:
                to_delete.append(mention[0])
        if to_delete:
            self.session.execute(delete(Mention).where(Mention.id.in_(to_delete)))

        # (document id, mention id, incident id, record) of every mention whose figures and
        # attributions are written now.
        written: list[tuple[int, int, int | None, ImportRecord]] = []
        self.mentions_written.extend(m for _, m, _, _ in to_update)
        if to_insert:
            self._register_places([r for _, r in to_insert])
            self.bulk.insert(_MENTIONS, [self._mention_row(doc_id, r) | {"created_at": self.now} for doc_id, r in to_insert])
            ids = dict(
                self.session.execute(
                    select(Mention.document_id, Mention.id).where(
                        Mention.document_id.in_([doc_id for doc_id, _ in to_insert]), Mention.position == 0
                    )
                ).all()
            )
            written += [(doc_id, ids[doc_id], None, r) for doc_id, r in to_insert]
            self.mentions_written.extend(ids[doc_id] for doc_id, _ in to_insert)
        if to_update:
            self._register_places([r for _, _, _, r in to_update])
            self.session.execute(
                update(Mention),
                [{"id": mention_id, **self._mention_row(doc_id, r)} for doc_id, mention_id, _, r in to_update],
            )
            written += to_update
        self._write_figures_and_claims(written)

    def _register_places(self, records: list[ImportRecord]) -> None:
        """Make sure every place of ``records`` is a ``locations`` row, with coordinates.

        Keys are :func:`etl.store.location_key` of the mention's names (country, admin1,
        city, locality), the key incident resolution uses, so the incident's location is the
        row that carries the dataset's coordinates. New places are inserted in bulk with
        ON CONFLICT DO NOTHING (another writer may add the same place); existing places
        without coordinates get the dataset's.
        """
        wanted: dict[str, dict[str, Any]] = {}
        for record in records:
            place = record.place
            if place is None or place.is_empty():
                continue
            names = (place.country_code, place.admin1, place.city, place.locality)
            key = self._keys.get(names)
            if key is None:
                key = self._keys[names] = location_key(place.country_code, place.admin1, None, place.city, place.locality)
            if key in self._location_keys or key in wanted:
                continue
            wanted[key] = {
                "key": key,
                "country_code": place.country_code,
                "admin1_code": self.store.admin1_code(place.country_code, place.admin1),
                "admin1": _cut(place.admin1),
                "admin2": None,
                "city": _cut(place.city),
                "locality": _cut(place.locality),
                "latitude": place.latitude,
                "longitude": place.longitude,
                "precision": precision_of(place.admin1, None, place.city, place.locality),
                "geonames_id": None,
            }
        if not wanted:
            return
        present = dict(
            self.session.execute(select(Location.key, Location.latitude).where(Location.key.in_(list(wanted)))).all()
        )
        missing = [row for key, row in wanted.items() if key not in present]
        if missing:
            dialect = self.session.get_bind().dialect.name
            statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_LOCATIONS)
            self.session.execute(statement.on_conflict_do_nothing(index_elements=["key"]), missing)
        fill = [
            {"k": key, "lat": row["latitude"], "lon": row["longitude"]}
            for key, row in wanted.items()
            if key in present and present[key] is None and row["latitude"] is not None
        ]
        if fill:
            self.session.execute(
                update(_LOCATIONS)
                .where(_LOCATIONS.c.key == bindparam("k"), _LOCATIONS.c.latitude.is_(None))
                .values(latitude=bindparam("lat"), longitude=bindparam("lon")),
                fill,
            )
        self._location_keys.update(wanted)

    def _mention_row(self, document_id: int, record: ImportRecord) -> dict[str, Any]:
        place = record.place
        killed, wounded = record.killed, record.wounded
        return {
            "document_id": document_id,
            "position": 0,
            "is_primary": True,
            "date_start": record.date_start,
            "date_end": record.date_end,
            "date_precision": record.date_precision,
            "country_code": place.country_code if place else None,
            "admin1": _cut(place.admin1) if place else None,
            "city": _cut(place.city) if place else None,
            "locality": _cut(place.locality) if place else None,
            "killed_low": killed.low if killed else None,
            "killed_high": killed.high if killed else None,
            "killed_qualifier": killed.qualifier if killed else None,
            "wounded_low": wounded.low if wounded else None,
            "wounded_high": wounded.high if wounded else None,
            "wounded_qualifier": wounded.qualifier if wounded else None,
            "attack_type": record.attack_type,
            "suicide": record.suicide,
            "target_type": record.target_type,
            "payload": record.payload(self.source_name),
            "evidence": record.evidence or None,
        }

    def _write_figures_and_claims(self, written: list[tuple[int, int, int | None, ImportRecord]]) -> None:
        figures: list[dict[str, Any]] = []
        claims: list[dict[str, Any]] = []
        for doc_id, mention_id, incident_id, record in written:
            for f in record.figures:
                figures.append(
                    {
                        "incident_id": incident_id,
                        "mention_id": mention_id,
                        "document_id": doc_id,
                        "category": f.category,
                        "population": f.population,
                        "low": f.low,
                        "high": f.high,
                        "qualifier": f.qualifier,
                        "is_current": f.is_current,
                        # No as-of time: a dataset's figure is its curated final count, which
                        # reconciliation ranks after the news cycle's reports (docs/etl.md).
                        "reported_at": None,
                        "evidence": f.evidence,
                    }
                )
            seen: dict[int, dict[str, Any]] = {}
            for claim in record.claims:
                actor_id = self.actor_id(claim.name)
                if actor_id is None:
                    continue
                previous = seen.get(actor_id)
                if previous is not None:
                    # The same actor twice (gname == gname2, an alliance listing a group
                    # twice): keep one attribution, a claim over a suspicion.
                    if previous["role"] != "claimed" and claim.role == "claimed":
                        previous.update(role="claimed", asserted_by=claim.asserted_by, evidence=claim.evidence[:2000])
                    continue
                row = {
                    "incident_id": incident_id,
                    "mention_id": mention_id,
                    "document_id": doc_id,
                    "actor_id": actor_id,
                    "role": claim.role,
                    "asserted_by": claim.asserted_by[:300] if claim.asserted_by else None,
                    "asserted_by_actor_id": actor_id if claim.role == "claimed" else None,
                    "evidence_given": None,
                    "reported_at": None,
                    "evidence": claim.evidence[:2000],
                }
                seen[actor_id] = row
                claims.append(row)
        if figures:
            self.bulk.insert(CasualtyReport.__table__, figures)
        if claims:
            self.bulk.insert(Attribution.__table__, claims)

def _cut(value: str | None, limit: int = 300) -> str | None:
    return value[:limit] if value else value


__all__ = ["LoadCounts", "Loader", "Rejection"]
