"""Writing prepared dataset rows to the database in bulk, one chunk per transaction.

Rows arrive classified by :mod:`etl.imports.prepare` against what the database holds
(by ``(source, external_id)``, content hash and importer version):

* an **unchanged** row is only counted;
* a **new** row becomes a document, one primary mention, its casualty reports and its
  attributions. When no mention of another source (news, another dataset) could be the same
  attack (:mod:`etl.resolve.isolation`) and no analyst decision names the row, its incident
  is written at once, with the values reconciliation would give it (the row is the only
  report of it) and a placeholder slug; resolution later gives all of them their slugs in one
  pass. Its mention, figures and attributions carry the incident id from the start, so nothing
  is updated afterwards. The other new rows are left ``pending`` for resolution;
* a **changed** row is updated in place: the document keeps its id, the mention keeps its id
  *and its incident* (so an analyst's merge or split survives), and its casualty reports and
  attributions are replaced. Resolution re-examines it and reconciles its incident.

Every table is written with one bulk statement per chunk (COPY on PostgreSQL, executemany on
SQLite), with ids reserved up front, and no statement is issued per row: places and actors go
through :class:`etl.store.Store`'s caches and a per-import actor cache.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from etl.bulk import BulkWriter
from etl.imports.crosswalks import actor_decision
from etl.imports.prepare import MENTION_VALUES, PreparedRecord, Rejection
from etl.reference.actors import normalize_alias
from etl.resolve.features import MentionFeatures, features_query, mention_key, to_features
from etl.resolve.isolation import Neighbours
from etl.resolve.reconcile import PLACEHOLDER_PREFIX
from etl.store import Store
from models import (
    Actor,
    ActorAlias,
    Attribution,
    CasualtyReport,
    Document,
    Incident,
    Location,
    Mention,
    RejectedRecord,
    Source,
)

log = logging.getLogger(__name__)

_DOCUMENTS = Document.__table__
_MENTIONS = Mention.__table__
_INCIDENTS = Incident.__table__
_LOCATIONS = Location.__table__
_FIGURES = CasualtyReport.__table__
_ATTRIBUTIONS = Attribution.__table__

DOCUMENT_COLUMNS = (
    "id", "source_id", "external_id", "kind", "url", "title", "published_at", "retrieved_at", "content_sha256",
    "text", "raw_record", "status", "status_detail", "extracted_at", "extractor_version", "created_at", "updated_at",
)
MENTION_COLUMNS = ("id", "document_id", "position", "is_primary", "incident_id", "created_at", *MENTION_VALUES)
INCIDENT_COLUMNS = (
    "id", "slug", "summary", "location_id", "created_at", "updated_at", "title", "date_start", "date_end",
    "date_precision", "attack_type", "suicide", "target_type", "killed_best", "killed_low", "killed_high",
    "wounded_best", "wounded_low", "wounded_high",
)
FIGURE_COLUMNS = (
    "incident_id", "mention_id", "document_id", "category", "population", "low", "high", "qualifier",
    "is_current", "reported_at", "evidence",
)
ATTRIBUTION_COLUMNS = (
    "incident_id", "mention_id", "document_id", "actor_id", "role", "asserted_by", "asserted_by_actor_id",
    "evidence_given", "reported_at", "evidence",
)
OUT_OF_SCOPE = "out of scope: kept as a document without an incident"


@dataclass
class LoadCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    out_of_scope: int = 0
    incidents_created: int = 0  # by the loader itself (rows no other source can match)


@dataclass
class Loader:
    """Bulk writer of one import run (one session, committed per chunk by the caller).

    ``isolated_incidents``: write the incident of a row no other source can match at once
    (the default). Off, every new row is left to resolution, the general path (the tests
    compare both).
    """

    session: Session
    dataset_key: str
    source_id: int
    source_name: str
    run_id: int
    input_name: str
    importer_version: str
    now: dt.datetime
    isolated_incidents: bool = True
    store: Store = field(init=False)
    bulk: BulkWriter = field(init=False)
    counts: LoadCounts = field(default_factory=LoadCounts)
    new_actors: dict[str, int] = field(default_factory=dict)
    incidents_to_reconcile: set[int] = field(default_factory=set)
    mentions_written: list[int] = field(default_factory=list)  # for resolution: changed rows and pending new ones
    new_incidents: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (slug base, mention key)
    _actor_ids: dict[str, int | None] = field(default_factory=dict)
    _location_keys: set[str] = field(default_factory=set)
    _neighbours: Neighbours = field(default_factory=Neighbours)
    _countries_seen: set[str | None] = field(default_factory=set)
    _decision_keys: set[str] | None = None

    def __post_init__(self) -> None:
        self.store = Store(self.session)
        self.bulk = BulkWriter(self.session)

    # -- what the database holds ------------------------------------------------------------
    def known(self, external_ids: list[str]) -> dict[str, tuple[int, str, str | None]]:
        """(document id, content hash, importer version) of the rows the database already holds."""
        out: dict[str, tuple[int, str, str | None]] = {}
        for start in range(0, len(external_ids), 5000):
            chunk = external_ids[start : start + 5000]
            for doc_id, external_id, sha, version in self.session.execute(
                select(Document.id, Document.external_id, Document.content_sha256, Document.extractor_version)
                .where(Document.source_id == self.source_id, Document.external_id.in_(chunk))
            ):
                out[external_id] = (doc_id, sha, version)
        return out

    def known_all(self) -> dict[str, tuple[int, str, str | None]]:
        """Every row of this dataset the database holds (one query; for a worker's snapshot)."""
        return {
            external_id: (doc_id, sha, version)
            for doc_id, external_id, sha, version in self.session.execute(
                select(Document.id, Document.external_id, Document.content_sha256, Document.extractor_version)
                .where(Document.source_id == self.source_id)
            )
        }

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

    # -- which new rows another source could match ----------------------------------------------
    def _features(self, record: PreparedRecord) -> MentionFeatures:
        """What resolution would read back for the row's mention (``features.to_features``)."""
        assert record.mention is not None
        (start, end, precision, country, admin1, city, locality, killed, _kh, _kq, wounded, _wh, _wq,
         attack, suicide, target, _payload, _evidence) = record.mention
        return to_features((
            0, self.source_name, record.external_id, 0, "dataset_record", None, True,
            _date(start), _date(end), precision, record.published_at,
            country, admin1, city, locality, attack, suicide, target, killed, wounded,
        ))

    def _load_neighbours(self, country: str | None) -> None:
        """Index the mentions of ``country`` from every other source (one query per country)."""
        if country in self._countries_seen:
            return
        self._countries_seen.add(country)
        query = features_query().where(~((Source.name == self.source_name) & (Document.kind == "dataset_record")))
        query = query.where(Mention.country_code == country if country else Mention.country_code.is_(None))
        self._neighbours.extend(to_features(row) for row in self.session.execute(query))

    def _decisions(self) -> set[str]:
        if self._decision_keys is None:
            from etl.resolve.decisions import load_constraints

            self._decision_keys = load_constraints(self.session)[1]
        return self._decision_keys

    def _stands_alone(self, record: PreparedRecord) -> bool:
        if not self.isolated_incidents or record.incident is None or record.mention is None:
            return False
        decisions = self._decisions()
        if decisions and mention_key(self.source_name, record.external_id, 0) in decisions:
            return False
        country = (record.mention[3] or "").upper() or None
        self._load_neighbours(country)
        if not self._neighbours.has_others(country, self.source_name):
            return True  # nothing of another source in the country: no need to compare
        return not self._neighbours.interacts(self._features(record))

    # -- one chunk -------------------------------------------------------------------------
    def write(self, records: list[PreparedRecord], rejections: list[Rejection]) -> None:
        """Write one chunk (the caller commits)."""
        if rejections:
            self.bulk.insert_rows(
                RejectedRecord.__table__,
                ("run_id", "source_name", "input_name", "line_number", "record_id", "raw_payload", "error", "created_at"),
                [(self.run_id, self.source_name, self.input_name, r.line, (r.record_id or None) and r.record_id[:1000],
                  r.raw_payload, r.error[:4000], self.now) for r in rejections],
            )
            self.counts.rejected += len(rejections)
        new = [r for r in records if r.state == "new"]
        changed = [r for r in records if r.state == "changed"]
        self.counts.unchanged += len(records) - len(new) - len(changed)
        self.counts.new += len(new)
        self.counts.updated += len(changed)
        self.counts.out_of_scope += sum(1 for r in new if not r.in_scope) + sum(1 for r in changed if not r.in_scope)
        if new:
            self._write_new(new)
        if changed:
            self._write_changed(changed)

    def _write_new(self, records: list[PreparedRecord]) -> None:
        alone = [r for r in records if self._stands_alone(r)]
        alone_ids = {id(r) for r in alone}
        in_scope = [r for r in records if r.in_scope]
        self._register_places([r.place for r in in_scope if r.place is not None])

        document_ids = self.bulk.reserve_ids(_DOCUMENTS, len(records))
        mention_ids = iter(self.bulk.reserve_ids(_MENTIONS, len(in_scope)))
        incident_ids = iter(self.bulk.reserve_ids(_INCIDENTS, len(alone)))
        # Values as the driver takes them (the prepared dates are ISO text already).
        now = self.bulk.converter(_DOCUMENTS, "created_at")(self.now)
        published = self.bulk.converter(_DOCUMENTS, "published_at")
        documents, mentions, incidents = [], [], []
        written: list[tuple[int, int, int | None, PreparedRecord]] = []  # (document, mention, incident, record)
        places = self.store.location_ids(r.incident_place for r in alone) if alone else {}
        for doc_id, r in zip(document_ids, records, strict=True):
            if not r.in_scope:
                status, detail = "extracted", OUT_OF_SCOPE
            elif id(r) in alone_ids:
                status, detail = "extracted", None
            else:
                status, detail = "pending", None  # until resolution places its mention
            documents.append((doc_id, self.source_id, r.external_id, "dataset_record", r.url, r.title,
                              None if r.published_at is None else published(r.published_at), now, r.content_sha256,
                              r.text, r.raw_json, status, detail, now, self.importer_version, now, now))
            if not r.in_scope:
                continue
            mention_id = next(mention_ids)
            incident_id = None
            if id(r) in alone_ids:
                incident_id = next(incident_ids)
                key = mention_key(self.source_name, r.external_id, 0)
                incidents.append((incident_id, f"{PLACEHOLDER_PREFIX}i-{incident_id}", None,
                                  places[r.incident_place], now, now, *r.incident))  # type: ignore[misc]
                self.new_incidents[incident_id] = (r.slug_base or "incident", key)
            else:
                self.mentions_written.append(mention_id)
            mentions.append((mention_id, doc_id, 0, True, incident_id, now, *r.mention))  # type: ignore[misc]
            written.append((doc_id, mention_id, incident_id, r))
        self.bulk.insert_rows(_DOCUMENTS, DOCUMENT_COLUMNS, documents, converted=True)
        self.bulk.insert_rows(_INCIDENTS, INCIDENT_COLUMNS, incidents, converted=True)
        self.bulk.insert_rows(_MENTIONS, MENTION_COLUMNS, mentions, converted=True)
        self.counts.incidents_created += len(incidents)
        self._write_figures_and_claims(written)

    def _write_changed(self, records: list[PreparedRecord]) -> None:
        known = self.known([r.external_id for r in records])
        changed = [(known[r.external_id][0], r) for r in records]
        now = self.now
        self.session.execute(
            update(Document),
            [{"id": doc_id, "url": r.url, "title": r.title, "published_at": r.published_at, "retrieved_at": now,
              "content_sha256": r.content_sha256, "text": r.text, "raw_record": orjson.loads(r.raw_json),
              "status": "pending" if r.in_scope else "extracted",
              "status_detail": None if r.in_scope else OUT_OF_SCOPE,
              "extracted_at": now, "extractor_version": self.importer_version, "updated_at": now}
             for doc_id, r in changed],
        )
        # Their current mention (position 0) and its incident.
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

        to_insert: list[tuple[int, PreparedRecord]] = []
        to_update: list[tuple[int, int, int | None, PreparedRecord]] = []
        to_delete: list[int] = []
        for doc_id, r in changed:
            mention = current.get(doc_id)
            if r.in_scope and mention:
                to_update.append((doc_id, mention[0], mention[1], r))
            elif r.in_scope:
                to_insert.append((doc_id, r))
            elif mention:
                to_delete.append(mention[0])
        if to_delete:
            self.session.execute(delete(Mention).where(Mention.id.in_(to_delete)))
        self._register_places([r.place for _, r in to_insert if r.place] + [r.place for *_, r in to_update if r.place])
        written: list[tuple[int, int, int | None, PreparedRecord]] = list(to_update)
        if to_insert:
            ids = self.bulk.reserve_ids(_MENTIONS, len(to_insert))
            self.bulk.insert_rows(_MENTIONS, MENTION_COLUMNS, [
                (mention_id, doc_id, 0, True, None, now, *r.mention)  # type: ignore[misc]
                for mention_id, (doc_id, r) in zip(ids, to_insert, strict=True)
            ])  # converted here: now is a datetime
            written += [(doc_id, mention_id, None, r) for mention_id, (doc_id, r) in zip(ids, to_insert, strict=True)]
        if to_update:
            self.session.execute(
                update(Mention),
                [{"id": mention_id, "document_id": doc_id, "position": 0, "is_primary": True,
                  **_mention_values(r)} for doc_id, mention_id, _, r in to_update],
            )
        self.mentions_written.extend(mention_id for _, mention_id, _, _ in written)
        self._write_figures_and_claims(written)

    def _register_places(self, places: list[tuple]) -> None:
        """Make sure every place is a ``locations`` row, with the dataset's coordinates.

        Keys are :func:`etl.store.location_key` of the mention's names (country, admin1,
        city, locality), the key incident resolution uses, so the incident's location is the
        row that carries the dataset's coordinates. New places are inserted in bulk with
        ON CONFLICT DO NOTHING (another writer may add the same place); existing places
        without coordinates get the dataset's.
        """
        wanted: dict[str, dict[str, Any]] = {}
        for key, country, admin1, city, locality, latitude, longitude, precision, admin1_full in places:
            if key in self._location_keys or key in wanted:
                continue
            wanted[key] = {
                "key": key,
                "country_code": country,
                "admin1_code": self.store.admin1_code(country, admin1_full),
                "admin1": admin1,
                "admin2": None,
                "city": city,
                "locality": locality,
                "latitude": latitude,
                "longitude": longitude,
                "precision": precision,
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

    def _write_figures_and_claims(self, written: list[tuple[int, int, int | None, PreparedRecord]]) -> None:
        figures: list[tuple] = []
        claims: list[list[Any]] = []
        for doc_id, mention_id, incident_id, record in written:
            # No as-of time: a dataset's figure is its curated final count, which
            # reconciliation ranks after the news cycle's reports (docs/etl.md).
            for category, population, low, high, qualifier, is_current, evidence in record.figures:
                figures.append((incident_id, mention_id, doc_id, category, population, low, high, qualifier,
                                is_current, None, evidence))
            seen: dict[int, list[Any]] = {}
            for name, role, asserted_by, evidence in record.claims:
                actor_id = self.actor_id(name)
                if actor_id is None:
                    continue
                previous = seen.get(actor_id)
                if previous is not None:
                    # The same actor twice (gname == gname2, an alliance listing a group
                    # twice): keep one attribution, a claim over a suspicion.
                    if previous[4] != "claimed" and role == "claimed":
                        previous[4] = "claimed"
                        previous[5] = asserted_by[:300] if asserted_by else None
                        previous[6] = actor_id
                        previous[9] = evidence[:2000]
                    continue
                row = [incident_id, mention_id, doc_id, actor_id, role, asserted_by[:300] if asserted_by else None,
                       actor_id if role == "claimed" else None, None, None, evidence[:2000]]
                seen[actor_id] = row
                claims.append(row)
        # No value here needs converting (reported_at is None: no as-of time for dataset rows).
        self.bulk.insert_rows(_FIGURES, FIGURE_COLUMNS, figures, converted=True)
        self.bulk.insert_rows(_ATTRIBUTIONS, ATTRIBUTION_COLUMNS, claims, converted=True)


def _mention_values(record: PreparedRecord) -> dict[str, Any]:
    """The prepared mention as column values for an ORM bulk UPDATE (JSON as objects)."""
    values = dict(zip(MENTION_VALUES, record.mention or (), strict=True))
    values["date_start"], values["date_end"] = _date(values["date_start"]), _date(values["date_end"])
    values["payload"] = orjson.loads(values["payload"])
    values["evidence"] = orjson.loads(values["evidence"]) if values["evidence"] else None
    return values


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


__all__ = ["LoadCounts", "Loader", "Rejection"]
