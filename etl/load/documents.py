"""Loading documents in batches: dedup by (source, external id) and content hash, then extract.

* **unchanged** (same text, same publication time, extracted by the same extractor version):
  skipped without re-extraction;
* **new**: stored and extracted;
* **updated** (the text changed, e.g. an article updated with a new toll, or the extractor
  improved): re-extracted, its old mentions (with their figures and attributions) replaced.
  A replaced mention passes its incident on to the mention at the same position, so the
  incident keeps its id and its analysts' overrides;
* the same text syndicated by two outlets is two documents (one per source) with one hash.

Documents are written with status ``pending``; resolution marks them ``extracted`` once
their mentions are assigned to incidents, in the same transaction. A run killed between the
two leaves them pending, and the next run resolves them.

A batch is written with a few statements whatever its size: one query for the documents the
database holds, then one bulk insert (or update) per table, with ids reserved up front. The
extractions usually arrive computed already (in worker processes, :mod:`etl.load.extraction`);
a document that turns out to need one anyway (the same id twice in a run) is extracted here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from etl.bulk import BulkWriter
from etl.load.mentions import build_rows
from etl.records import Document as DocumentRecord
from etl.records import Extraction
from etl.resolve.reconcile import reconcile
from etl.sources.base import Item, Rejected
from etl.store import Store
from models import Attribution, CasualtyReport, Document, Mention

log = logging.getLogger(__name__)

Extractor = Callable[[DocumentRecord], Extraction]
_DOCUMENTS = Document.__table__
_MENTIONS = Mention.__table__


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def as_timestamp(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    """Publication as an aware UTC timestamp (date-only inputs at 00:00 UTC)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


def _same_time(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    if a.tzinfo is None:
        a = a.replace(tzinfo=dt.UTC)
    return a == b


@dataclass(slots=True)
class Stored:
    """What the database holds for one document (as far as deduplication needs to know)."""

    id: int
    content_sha256: str
    status: str
    extractor_version: str | None
    published_at: dt.datetime | None


def is_unchanged(stored: Stored | None, digest: str, published: dt.datetime | None, version: str) -> bool:
    """Whether a document with this text and publication time needs no (re-)extraction."""
    return (
        stored is not None
        and stored.content_sha256 == digest
        and stored.status in ("pending", "extracted")
        and stored.extractor_version == version
        and _same_time(stored.published_at, published)
    )


def stored_documents(session: Session, source_id: int, external_ids: Sequence[str]) -> dict[str, Stored]:
    """The documents of one source with these external ids (one query per 1000 ids)."""
    out: dict[str, Stored] = {}
    ids = sorted(set(external_ids))
    for start in range(0, len(ids), 1000):
        for row in session.execute(
            select(Document.external_id, Document.id, Document.content_sha256, Document.status,
                   Document.extractor_version, Document.published_at)
            .where(Document.source_id == source_id, Document.external_id.in_(ids[start : start + 1000]))
        ):
            out[row[0]] = Stored(*row[1:])
    return out


@dataclass
class BatchOutcome:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)


@dataclass
class _Pending:
    """The rows of one batch, written together at the end of it."""

    new_documents: list[dict[str, Any]] = field(default_factory=list)  # ids are given when written
    changed_documents: list[dict[str, Any]] = field(default_factory=list)
    replaced: list[int] = field(default_factory=list)  # documents whose old mentions go
    # (its document's row, mention, casualty reports, attributions)
    mentions: list[tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]] = field(
        default_factory=list)
    orphaned: set[int] = field(default_factory=set)  # incidents that lost a mention: reconciled after

    def __bool__(self) -> bool:
        return bool(self.new_documents or self.changed_documents or self.mentions or self.orphaned)


@dataclass
class DocumentLoader:
    """Loads batches of source items into one session (the caller commits per batch)."""

    session: Session
    extractor: Extractor
    extractor_version: str
    store: Store | None = None

    def __post_init__(self) -> None:
        self.store = self.store or Store(self.session)
        self.bulk = BulkWriter(self.session)

    def load(self, items: Sequence[Item], extracted: Mapping[int, Extraction | Exception] | None = None) -> BatchOutcome:
        """Load ``items``; ``extracted`` maps ``id(item)`` to its extraction, when it was computed ahead."""
        outcome = BatchOutcome()
        store = self.store
        assert store is not None
        extracted = extracted or {}
        by_source: dict[int, list[Item]] = {}
        for item in items:
            source = store.source(item.source_name, kind=item.source_kind)
            by_source.setdefault(source.id, []).append(item)
        orphaned: set[int] = set()
        now = dt.datetime.now(dt.UTC)
        for source_id, group in by_source.items():
            stored = stored_documents(self.session, source_id, [i.document.id for i in group])
            pending = _Pending()
            seen: set[str] = set()
            for item in group:
                if item.document.id in seen:
                    # The same id twice in one batch: the first is written before the second
                    # is compared with it, exactly as if they had come in two batches.
                    orphaned |= self._write(pending, now)
                    pending = _Pending()
                    stored.update(stored_documents(self.session, source_id, [item.document.id]))
                    seen.clear()
                seen.add(item.document.id)
                self._load_one(item, source_id, stored, extracted, outcome, pending, now)
            orphaned |= self._write(pending, now)
        if orphaned:
            reconcile(self.session, orphaned, store=store)
        return outcome

    def _load_one(self, item: Item, source_id: int, stored: dict[str, Stored],
                  extracted: Mapping[int, Extraction | Exception], outcome: BatchOutcome, pending: _Pending,
                  now: dt.datetime) -> None:
        record = item.document
        digest = content_hash(record.text)
        published = as_timestamp(record.published)
        row = stored.get(record.id)
        if is_unchanged(row, digest, published, self.extractor_version):
            outcome.unchanged += 1
            return
        result = extracted.get(id(item))
        if result is None:
            try:
                result = self.extractor(record)
            except Exception as exc:  # noqa: BLE001 - any extractor failure rejects this one document
                result = exc
        values: dict[str, Any] = {"url": record.url, "title": record.title, "published_at": published,
                                  "retrieved_at": now, "content_sha256": digest, "text": record.text}
        if isinstance(result, Exception):
            exc = result
            log.warning("%s: %s: extraction failed: %s", item.source_name, record.id, exc)
            outcome.rejected.append(
                Rejected(item.source_name, item.input_name, f"extraction failed: {type(exc).__name__}: {exc}",
                         item.line_number, record.id, item.raw)
            )
            values.update(status="failed", status_detail=f"{type(exc).__name__}: {exc}"[:2000], extractor_version=None)
            if row is None:
                pending.new_documents.append({**values, "source_id": source_id, "external_id": record.id,
                                              "kind": "report", "extracted_at": None})
            else:
                pending.changed_documents.append({"id": row.id, **values})
            return
        extraction = result
        values.update(status="pending", status_detail=None, extracted_at=now, extractor_version=self.extractor_version)
        inherited: dict[int, int] = {}
        if row is None:
            outcome.new += 1
            document = {**values, "source_id": source_id, "external_id": record.id, "kind": "report"}
            pending.new_documents.append(document)
        else:
            outcome.updated += 1
            for position, incident_id in self.session.execute(
                select(Mention.position, Mention.incident_id).where(Mention.document_id == row.id)
            ):
                if incident_id is not None:
                    if position < len(extraction.mentions):
                        inherited[position] = incident_id
                    else:
                        pending.orphaned.add(incident_id)
            document = {"id": row.id, **values}
            pending.changed_documents.append(document)
            pending.replaced.append(row.id)
        stored[record.id] = Stored(document.get("id", 0), digest, "pending", self.extractor_version, published)
        assert self.store is not None
        for position, mention in enumerate(extraction.mentions):
            where = f"{item.source_name}: {record.id}: mention {position}"
            rows = build_rows(self.store, 0, published, position, mention, where, inherited.get(position))
            pending.mentions.append((document, *rows))

    def _write(self, pending: _Pending, now: dt.datetime) -> set[int]:
        """Write one batch's rows (documents, old mentions out, new mentions and their ledgers);
        returns the incidents that lost mentions."""
        if not pending:
            return set()
        new = pending.new_documents
        for document, document_id in zip(new, self.bulk.reserve_ids(_DOCUMENTS, len(new)), strict=True):
            document["id"] = document_id
        self.bulk.insert_rows(_DOCUMENTS, _DOCUMENT_COLUMNS, [
            tuple(now if c in ("created_at", "updated_at") else d[c] for c in _DOCUMENT_COLUMNS) for d in new
        ])
        if pending.changed_documents:
            for changed in pending.changed_documents:
                changed["updated_at"] = now
            self.session.execute(update(Document), pending.changed_documents)
        for start in range(0, len(pending.replaced), 1000):
            chunk = pending.replaced[start : start + 1000]
            # The ledgers would cascade; deleting them first keeps SQLite without foreign keys right too.
            mentions = select(Mention.id).where(Mention.document_id.in_(chunk)).scalar_subquery()
            self.session.execute(delete(CasualtyReport).where(CasualtyReport.mention_id.in_(mentions)))
            self.session.execute(delete(Attribution).where(Attribution.mention_id.in_(mentions)))
            self.session.execute(delete(Mention).where(Mention.document_id.in_(chunk)))
        if pending.mentions:
            mention_ids = self.bulk.reserve_ids(_MENTIONS, len(pending.mentions))
            mentions, reports, attributions = [], [], []
            for mention_id, (document, mention, ledger, claims) in zip(mention_ids, pending.mentions, strict=True):
                document_id = document["id"]
                mentions.append({**mention, "id": mention_id, "document_id": document_id, "created_at": now})
                reports += [{**r, "mention_id": mention_id, "document_id": document_id} for r in ledger]
                attributions += [{**a, "mention_id": mention_id, "document_id": document_id} for a in claims]
            self.bulk.insert(_MENTIONS, mentions)
            self.bulk.insert(CasualtyReport.__table__, reports)
            self.bulk.insert(Attribution.__table__, attributions)
        return pending.orphaned


_DOCUMENT_COLUMNS = ("id", "source_id", "external_id", "kind", "url", "title", "published_at", "retrieved_at",
                     "content_sha256", "text", "status", "status_detail", "extracted_at", "extractor_version",
                     "created_at", "updated_at")
