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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from etl.load.mentions import build_rows
from etl.records import Document as DocumentRecord
from etl.records import Extraction
from etl.resolve.reconcile import reconcile
from etl.sources.base import Item, Rejected
from etl.store import Store
from models import Document, Mention

log = logging.getLogger(__name__)

Extractor = Callable[[DocumentRecord], Extraction]


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


@dataclass
class BatchOutcome:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)


@dataclass
class DocumentLoader:
    """Loads batches of source items into one session (the caller commits per batch)."""

    session: Session
    extractor: Extractor
    extractor_version: str
    store: Store | None = None

    def __post_init__(self) -> None:
        self.store = self.store or Store(self.session)

    def load(self, items: Sequence[Item]) -> BatchOutcome:
        outcome = BatchOutcome()
        store = self.store
        assert store is not None
        by_source: dict[int, list[Item]] = {}
        for item in items:
            source = store.source(item.source_name, kind=item.source_kind)
            by_source.setdefault(source.id, []).append(item)
        orphaned: set[int] = set()
        for source_id, group in by_source.items():
            ids = sorted({i.document.id for i in group})
            existing = {
                d.external_id: d
                for d in self.session.scalars(
                    select(Document).where(Document.source_id == source_id, Document.external_id.in_(ids))
                )
            }
            for item in group:
                self._load_one(item, source_id, existing, outcome, orphaned)
        if orphaned:
            reconcile(self.session, orphaned, store=store)
        self.session.flush()
        return outcome

    def _load_one(self, item: Item, source_id: int, existing: dict[str, Document], outcome: BatchOutcome,
                  orphaned: set[int]) -> None:
        record = item.document
        digest = content_hash(record.text)
        published = as_timestamp(record.published)
        row = existing.get(record.id)
        if (
            row is not None
            and row.content_sha256 == digest
            and row.status in ("pending", "extracted")
            and row.extractor_version == self.extractor_version
            and _same_time(row.published_at, published)
        ):
            outcome.unchanged += 1
            return
        try:
            extraction = self.extractor(record)
        except Exception as exc:  # noqa: BLE001 - any extractor failure rejects this one document
            log.warning("%s: %s: extraction failed: %s", item.source_name, record.id, exc)
            outcome.rejected.append(
                Rejected(item.source_name, item.input_name, f"extraction failed: {type(exc).__name__}: {exc}",
                         item.line_number, record.id, item.raw)
            )
            self._store_document(row, item, source_id, digest, published, existing, status="failed",
                                 detail=f"{type(exc).__name__}: {exc}"[:2000])
            return
        inherited: dict[int, int] = {}
        if row is None:
            outcome.new += 1
        else:
            outcome.updated += 1
            old = self.session.execute(
                select(Mention.id, Mention.position, Mention.incident_id).where(Mention.document_id == row.id)
            ).all()
            for _mid, position, incident_id in old:
                if incident_id is not None:
                    if position < len(extraction.mentions):
                        inherited[position] = incident_id
                    else:
                        orphaned.add(incident_id)
            if old:
                self.session.execute(delete(Mention).where(Mention.document_id == row.id))
        doc = self._store_document(row, item, source_id, digest, published, existing, status="pending")
        doc.extracted_at = dt.datetime.now(dt.UTC)
        doc.extractor_version = self.extractor_version
        mentions, ledgers = [], []
        for position, mention in enumerate(extraction.mentions):
            where = f"{item.source_name}: {record.id}: mention {position}"
            m, reports, attributions = build_rows(
                self.store, doc.id, published, position, mention, where, inherited.get(position)  # type: ignore[arg-type]
            )
            mentions.append(m)
            ledgers.append((m, reports, attributions))
        self.session.add_all(mentions)
        self.session.flush()
        for m, reports, attributions in ledgers:
            for row_ in (*reports, *attributions):
                row_.mention_id = m.id
            self.session.add_all(reports)
            self.session.add_all(attributions)

    def _store_document(self, row: Document | None, item: Item, source_id: int, digest: str,
                        published: dt.datetime | None, existing: dict[str, Document], *, status: str,
                        detail: str | None = None) -> Document:
        record = item.document
        if row is None:
            row = Document(source_id=source_id, external_id=record.id, kind="report")
            self.session.add(row)
            existing[record.id] = row
        row.url = record.url
        row.title = record.title
        row.published_at = published
        row.retrieved_at = dt.datetime.now(dt.UTC)
        row.content_sha256 = digest
        row.text = record.text
        row.status = status
        row.status_detail = detail
        if status == "failed":
            row.extractor_version = None
        self.session.flush()
        return row
