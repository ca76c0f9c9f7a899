"""One ETL run: lock, record the run, read every source in batches, resolve, report.

The run's shape, and why:

* **lock** (:mod:`etl.lock`): a second concurrent run stops at once;
* a run left ``running`` by a killed process is marked ``failed`` (interrupted) first;
* each source is read in batches; each batch (documents, mentions, figures, attributions,
  rejected records and the run's counters) is **one transaction**, so a crash loses at most
  the batch in flight and a re-run redoes exactly that;
* a source that fails (unreachable feed, not a feed) is recorded and the others still load;
  HTTP validators of a source are stored only after its documents are committed, and only when
  none of its records failed, so nothing a failed fetch missed is ever skipped as "unchanged";
* **resolution** runs once at the end over every pending document (including any left
  pending by a killed run), in one transaction;
* the run ends ``succeeded``, or ``partial`` when a source failed or records were rejected.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import click
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from etl.config import SourceConfig
from etl.load.documents import DocumentLoader, Extractor
from etl.lock import run_lock
from etl.resolve import resolve
from etl.sources.base import Item, Rejected, SourceError
from etl.sources.http import CacheEntry, Fetcher
from etl.sources.registry import read_source
from etl.store import Store
from incidentdb.db import session_scope
from incidentdb.errors import IncidentDBError
from models import EtlRun, HttpCacheEntry, RejectedRecord

log = logging.getLogger(__name__)

BATCH_SIZE = 100
EXIT_SOURCE_FAILED = 3
INTERRUPTED = "interrupted: the process stopped before the run finished (killed or crashed); the next run completed its work"


@dataclass
class RunSummary:
    run_id: int
    status: str = "running"
    documents_seen: int = 0
    documents_new: int = 0
    documents_updated: int = 0
    documents_unchanged: int = 0
    documents_rejected: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    failed_sources: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_SOURCE_FAILED if self.failed_sources else 0

    def message(self) -> str:
        text = (
            f"run {self.run_id} {self.status}: {self.documents_seen} documents seen, {self.documents_new} new, "
            f"{self.documents_updated} updated, {self.documents_unchanged} unchanged, "
            f"{self.documents_rejected} rejected; {self.incidents_created} incidents created, "
            f"{self.incidents_updated} updated"
        )
        if self.failed_sources:
            text += f"; {len(self.failed_sources)} source(s) failed: " + "; ".join(self.failed_sources)
        return text


def default_extractor() -> tuple[Extractor, str]:
    """The project's extractor (``etl.extract.extract``) and its version string."""
    try:
        from etl import extract as module
    except ImportError as exc:  # pragma: no cover - packaging error
        raise IncidentDBError(f"the extractor cannot be imported: {exc}") from exc
    function = getattr(module, "extract", None)
    if function is None:
        raise IncidentDBError("this installation has no extractor (etl.extract.extract is missing)")
    version = getattr(module, "EXTRACTOR_VERSION", None) or getattr(module, "__version__", None)
    return function, str(version or _code_version(module))


def _code_version(module: object) -> str:
    """incidentdb's version plus a digest of the extractor's code and reference data.

    Any change to extraction (a better figure parser, a new gazetteer entry) changes the
    digest, so the next run re-extracts every document instead of keeping stale mentions.
    """
    import hashlib
    from pathlib import Path

    from incidentdb import __version__

    digest = hashlib.sha256()
    roots = [Path(module.__file__).parent, Path(__file__).parent / "reference"]  # type: ignore[attr-defined]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def load_extractor(ref: str | None) -> tuple[Extractor, str]:
    """The extractor named ``module:function`` (its module's EXTRACTOR_VERSION), or the default."""
    if not ref:
        return default_extractor()
    module_name, _, attribute = ref.partition(":")
    try:
        import importlib

        module = importlib.import_module(module_name)
        function = getattr(module, attribute or "extract")
    except (ImportError, AttributeError) as exc:
        raise IncidentDBError(f"cannot load extractor {ref!r}: {exc}", hint="give MODULE:FUNCTION") from exc
    version = getattr(module, "EXTRACTOR_VERSION", None) or getattr(module, "__version__", None) or ref
    return function, str(version)


def _batched(items: Iterable[Item | Rejected | str], size: int) -> Iterator[list[Item | Rejected | str]]:
    batch: list[Item | Rejected | str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def mark_interrupted(session: Session, command: str = "etl") -> int:
    """Runs left 'running' (their process died: we hold the lock) become failed/interrupted."""
    result = session.execute(
        update(EtlRun)
        .where(EtlRun.status == "running", EtlRun.command == command)
        .values(status="failed", finished_at=dt.datetime.now(dt.UTC), message=INTERRUPTED)
    )
    return result.rowcount or 0


def _rejected_row(run_id: int, rejected: Rejected) -> RejectedRecord:
    return RejectedRecord(
        run_id=run_id,
        source_name=rejected.source_name[:300],
        input_name=rejected.input_name[:2000],
        line_number=rejected.line_number,
        record_id=(rejected.record_id or None) and rejected.record_id[:1000],
        raw_payload=rejected.raw,
        error=rejected.error[:4000],
    )


def _save_http_cache(session: Session, updates: dict[str, CacheEntry]) -> None:
    if not updates:
        return
    rows = {r.url: r for r in session.scalars(select(HttpCacheEntry).where(HttpCacheEntry.url.in_(list(updates))))}
    now = dt.datetime.now(dt.UTC)
    for url, entry in updates.items():
        row = rows.get(url) or HttpCacheEntry(url=url)
        row.etag, row.last_modified = entry.etag, entry.last_modified
        row.content_sha256, row.status_code, row.fetched_at = entry.content_sha256, entry.status_code, now
        session.add(row)


def _load_http_cache(session: Session) -> dict[str, CacheEntry]:
    return {
        url: CacheEntry(etag, modified, sha, code)
        for url, etag, modified, sha, code in session.execute(
            select(HttpCacheEntry.url, HttpCacheEntry.etag, HttpCacheEntry.last_modified,
                   HttpCacheEntry.content_sha256, HttpCacheEntry.status_code)
        )
    }


def run_etl(
    engine: Engine,
    sources: Sequence[SourceConfig],
    *,
    extractor: Extractor | None = None,
    extractor_version: str | None = None,
    show_progress: bool = False,
    arguments: str | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Run the ETL over ``sources``; returns the run's summary (also stored in etl_runs)."""
    if extractor is None:
        extractor, extractor_version = default_extractor()
    version = extractor_version or "unversioned"
    with run_lock(engine):
        with session_scope(engine) as session:
            stale = mark_interrupted(session)
            if stale:
                log.warning("marked %d earlier run(s) left running as failed (interrupted)", stale)
            run = EtlRun(
                command="etl",
                arguments=(arguments or ", ".join(s.name for s in sources))[:4000],
                started_at=dt.datetime.now(dt.UTC),
                status="running",
                hostname=socket.gethostname()[:200],
                pid=os.getpid(),
            )
            session.add(run)
            session.flush()
            summary = RunSummary(run_id=run.id)
            http_cache = _load_http_cache(session)
        try:
            for source in sources:
                if not source.enabled:
                    log.info("source %s is disabled; skipped", source.name)
                    continue
                _run_source(engine, source, summary, extractor, version, http_cache, show_progress, batch_size,
                            on_batch)
            with session_scope(engine) as session:
                log.info("resolving incidents")
                result = resolve(session, None, store=Store(session))
                summary.incidents_created = result.incidents_created
                summary.incidents_updated = result.incidents_updated
                summary.status = "partial" if summary.failed_sources or summary.documents_rejected else "succeeded"
                _write_counts(session, summary, finished=True)
        except BaseException as exc:
            with session_scope(engine) as session:
                summary.status = "failed"
                _write_counts(session, summary, finished=True, message=f"failed: {type(exc).__name__}: {exc}")
            raise
    log.info(summary.message(), extra={
        "run_id": summary.run_id, "status": summary.status, "documents_seen": summary.documents_seen,
        "documents_new": summary.documents_new, "documents_updated": summary.documents_updated,
        "documents_unchanged": summary.documents_unchanged, "documents_rejected": summary.documents_rejected,
        "incidents_created": summary.incidents_created, "incidents_updated": summary.incidents_updated,
        "failed_sources": summary.failed_sources})
    return summary


def _write_counts(session: Session, summary: RunSummary, *, finished: bool = False, message: str | None = None) -> None:
    values = {
        "documents_seen": summary.documents_seen,
        "documents_new": summary.documents_new,
        "documents_updated": summary.documents_updated,
        "documents_unchanged": summary.documents_unchanged,
        "documents_rejected": summary.documents_rejected,
        "incidents_created": summary.incidents_created,
        "incidents_updated": summary.incidents_updated,
    }
    if finished:
        values.update(status=summary.status, finished_at=dt.datetime.now(dt.UTC),
                      message=(message or summary.message())[:4000])
    session.execute(update(EtlRun).where(EtlRun.id == summary.run_id).values(**values))


def _run_source(
    engine: Engine,
    source: SourceConfig,
    summary: RunSummary,
    extractor: Extractor,
    version: str,
    http_cache: dict[str, CacheEntry],
    show_progress: bool,
    batch_size: int,
    on_batch: Callable[[RunSummary], None] | None,
) -> None:
    fetcher = Fetcher(timeout=source.timeout, retries=source.retries, backoff=source.backoff, cache=http_cache)
    rejected_before = summary.documents_rejected
    log.info("reading source %s (%s %s)", source.name, source.kind, source.location)
    try:
        stream: Iterable[Item | Rejected | str] = read_source(source, fetcher)
        bar = None
        if show_progress:
            stream = list(stream)
            bar = click.progressbar(length=len(stream), label=f"{source.name}", file=sys.stderr)
        try:
            for batch in _batched(stream, batch_size):
                _load_batch(engine, batch, summary, extractor, version)
                if bar is not None:
                    bar.update(len(batch))
                if on_batch is not None:
                    on_batch(summary)
        finally:
            if bar is not None:
                bar.render_finish()
    except SourceError as exc:
        message = str(exc)
        log.error("%s", message)
        summary.failed_sources.append(message)
        with session_scope(engine) as session:
            session.add(_rejected_row(summary.run_id, Rejected(source.name, source.location, message)))
            _write_counts(session, summary)
        return
    finally:
        fetcher.close()
    if summary.documents_rejected == rejected_before:
        with session_scope(engine) as session:
            _save_http_cache(session, fetcher.updates)
        http_cache.update(fetcher.updates)


def _load_batch(
    engine: Engine, batch: list[Item | Rejected | str], summary: RunSummary, extractor: Extractor, version: str
) -> None:
    items = [b for b in batch if isinstance(b, Item)]
    rejected = [b for b in batch if isinstance(b, Rejected)]
    unchanged = sum(1 for b in batch if isinstance(b, str))
    with session_scope(engine) as session:
        loader = DocumentLoader(session, extractor, version)
        outcome = loader.load(items)
        rejected.extend(outcome.rejected)
        for record in rejected:
            log.warning("rejected %s", record.describe())
            session.add(_rejected_row(summary.run_id, record))
        summary.documents_seen += len(batch)
        summary.documents_new += outcome.new
        summary.documents_updated += outcome.updated
        summary.documents_unchanged += outcome.unchanged + unchanged
        summary.documents_rejected += len(rejected)
        _write_counts(session, summary)
