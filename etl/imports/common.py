"""The import run: read a dataset file in chunks, transform, load, resolve, report.

:func:`import_file` is the one entry point the CLI (``incidentdb import gtd|ucdp|acled``)
and library users call. One run:

1. opens the file (CSV, .csv.gz, .zip or .xlsx; encoding detected) and checks its layout:
   a file in the wrong layout is refused before anything is written;
2. records the run in ``etl_runs`` (command ``import-gtd`` ...);
3. reads rows in chunks; each row is checked (field count, duplicate id), transformed
   (pure) or rejected with its *physical* line number and a reason; each chunk is written
   by :class:`~etl.imports.loader.Loader` and committed with the run's counts, so memory
   stays bounded and an interrupted run loses at most one chunk;
4. hands the run's unresolved mentions to incident resolution (``etl.resolve``), which
   merges dataset rows with news-derived incidents of the same attack;
5. finishes the run row (``succeeded``, or ``partial`` when rows were rejected) and returns
   an :class:`ImportSummary`.

Re-running the same file changes nothing (every row is "unchanged"); a newer release
updates changed rows in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from etl.imports.crosswalks import crosswalk_digest
from etl.imports.layout import Dataset, TransformOptions, check_layout
from etl.imports.loader import Loader
from etl.imports.prepare import Preparer, canonical_json
from etl.imports.readers import Table, encoding_label, open_table
from etl.imports.worker import chunks_in_process, chunks_in_worker, use_worker
from etl.lock import run_lock
from etl.pipeline import mark_interrupted
from etl.store import Store
from incidentdb.db import session_factory, session_scope, translate_error
from incidentdb.errors import IncidentDBError
from models import EtlRun

log = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 5000
SQLITE_CACHE_KIB = 256 * 1024  # page cache of the import's SQLite connection (KiB)


@dataclass
class ImportOptions:
    """How to run an import. ``progress`` is called with each increment of work done."""

    encoding: str | None = None
    sheet: str | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE
    resolve: bool = True
    all_event_types: bool = False
    progress: Callable[[int], None] | None = None
    progress_total: Callable[[int, str], None] | None = None  # (total, unit) once the file is open
    logged_rejections: int = 20
    #: Read and transform in a worker process while this one writes: None = when the file is large.
    parallel: bool | None = None
    #: Write the incident of a row no other source's mention can match at once (the result is
    #: the same as leaving it to resolution, which is what False does, only much faster).
    direct_incidents: bool = True


@dataclass
class ImportSummary:
    """What one import run read and did (printed by the CLI, stored in ``etl_runs``)."""

    dataset: str
    source_name: str
    input_name: str
    encoding: str | None
    sheet: str | None
    run_id: int | None = None
    status: str = "running"
    rows_read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    out_of_scope: int = 0
    new_actors: list[str] = field(default_factory=list)
    resolution: str = "not run"
    incidents_created: int = 0
    incidents_merged: int = 0
    incidents_reconciled: int = 0
    mentions_unresolved: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)
    load_seconds: float = 0.0
    resolve_seconds: float = 0.0

    @property
    def loaded(self) -> int:
        return self.new + self.updated

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.load_seconds if self.load_seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["loaded"] = self.loaded
        data["encoding"] = encoding_label(self.encoding) if self.encoding or self.sheet is None else None
        return data

    def message(self) -> str:
        """One line for ``etl_runs.message`` and logs."""
        return (
            f"{self.rows_read} rows read: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected; {len(self.new_actors)} new actors need review; "
            f"incidents: {self.incidents_created} created, {self.incidents_merged} merged; resolution {self.resolution}"
        )


# -- the run --------------------------------------------------------------------------------


def importer_version(dataset: Dataset, options: ImportOptions | None = None) -> str:
    """Transform version + crosswalk fingerprint (+ scope switch): a change re-derives unchanged rows."""
    version = f"{dataset.key}-{dataset.version}+{crosswalk_digest()}"
    return version + "+all" if options is not None and options.all_event_types else version


def _start_run(engine: Engine, dataset: Dataset, table: Table) -> int:
    arguments = str(table.path.resolve())
    if table.sheet:
        arguments += f" (sheet {table.sheet})"
    elif table.encoding:
        arguments += f" (encoding {table.encoding})"
    with session_scope(engine) as session:
        # We hold the run lock: an import run still 'running' died (kill -9, power cut).
        stale = mark_interrupted(session, dataset.command)
        if stale:
            log.warning("marked %d earlier %s run(s) left running as failed (interrupted)", stale, dataset.command)
        run = EtlRun(
            command=dataset.command,
            arguments=arguments[:4000],
            started_at=dt.datetime.now(dt.UTC),
            status="running",
            hostname=socket.gethostname()[:200],
            pid=os.getpid(),
        )
        session.add(run)
        session.flush()
        return run.id


def _run_counts(summary: ImportSummary) -> dict[str, Any]:
    return {
        "documents_seen": summary.rows_read,
        "documents_new": summary.new,
        "documents_updated": summary.updated,
        "documents_unchanged": summary.unchanged,
        "documents_rejected": summary.rejected,
        "incidents_created": summary.incidents_created,
        "incidents_updated": summary.incidents_merged + summary.incidents_reconciled,
    }


def _finish_run(engine: Engine, summary: ImportSummary, status: str, message: str) -> None:
    with session_scope(engine) as session:
        session.execute(
            update(EtlRun)
            .where(EtlRun.id == summary.run_id)
            .values(
                status=status,
                finished_at=dt.datetime.now(dt.UTC),
                message=message[:4000],
                **_run_counts(summary),
            )
        )


def import_file(
    engine: Engine,
    dataset: Dataset,
    path: str | Path,
    options: ImportOptions | None = None,
    *,
    others: tuple[Dataset, ...] = (),
) -> ImportSummary:
    """Import one dataset file; see the module docstring for the steps.

    Raises :class:`~incidentdb.errors.InputError` (nothing written) when the file cannot be
    read or is in the wrong layout, and :class:`~incidentdb.errors.DatabaseError` when the
    database fails mid-run (the run is then recorded as failed; committed chunks stay and a
    re-run completes the import).
    """
    options = options or ImportOptions()
    path = Path(path)
    with open_table(path, encoding=options.encoding, sheet=options.sheet) as table:
        index = check_layout(dataset, table.columns, str(path), others)
        summary = ImportSummary(
            dataset=dataset.key,
            source_name=dataset.source_name,
            input_name=str(path),
            encoding=table.encoding,
            sheet=table.sheet,
        )
        with run_lock(engine):
            return _locked_run(engine, dataset, table, index, options, summary)


def _locked_run(
    engine: Engine, dataset: Dataset, table: Table, index: dict[str, int], options: ImportOptions,
    summary: ImportSummary,
) -> ImportSummary:
    """The run proper, holding the database's ETL lock (one writer of incidents at a time)."""
    path = table.path
    summary.run_id = _start_run(engine, dataset, table)
    log.info(
        "importing %s as %s (%s), run %d", path, dataset.label,
        f"sheet {table.sheet}" if table.sheet else encoding_label(table.encoding), summary.run_id,
    )
    if options.progress_total:
        options.progress_total(table.size, "bytes" if table.kind == "csv" else "rows")
    try:
        _load(engine, dataset, table, index, options, summary)
    except BaseException as exc:
        summary.status = "failed"
        reason = "interrupted" if isinstance(exc, KeyboardInterrupt) else str(exc) or type(exc).__name__
        try:
            _finish_run(engine, summary, "failed", f"failed after {summary.rows_read} rows: {reason}")
        except Exception:  # noqa: BLE001 - the original error matters more
            log.warning("could not record the failure of run %s", summary.run_id, exc_info=True)
        if isinstance(exc, DBAPIError):
            raise translate_error(exc, engine.url) from exc
        raise
    summary.status = "partial" if summary.rejected else "succeeded"
    _finish_run(engine, summary, summary.status, summary.message())
    log.info("run %d %s: %s", summary.run_id, summary.status, summary.message())
    return summary


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Keep Python's cycle collector out of the way of a bulk import.

    Each chunk allocates hundreds of thousands of short-lived objects, and every collection
    of the oldest generation walks all long-lived ones (reference data, SQLAlchemy's
    metadata): with the default thresholds that took half the time of transforming a row.
    Long-lived objects are frozen out of collections and the young generation is collected
    less often; both are restored afterwards. (If the application froze objects itself, they
    are left as they are and only the thresholds change.)
    """
    thresholds = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.collect()
        gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()


def _load(
    engine: Engine,
    dataset: Dataset,
    table: Table,
    index: dict[str, int],
    options: ImportOptions,
    summary: ImportSummary,
) -> None:
    with _few_collections():
        _load_chunks(engine, dataset, table, index, options, summary)


def _load_chunks(
    engine: Engine,
    dataset: Dataset,
    table: Table,
    index: dict[str, int],
    options: ImportOptions,
    summary: ImportSummary,
) -> None:
    started = time.perf_counter()
    session = session_factory(engine)()
    try:
        if engine.dialect.name == "sqlite":
            connection = session.connection()
            # A bigger page cache for this connection: the indexes of a large import no longer
            # fit SQLite's 2 MB default, and re-reading their pages dominates the write time.
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            # In WAL mode, NORMAL syncs at checkpoints instead of every commit: a crash of the
            # process loses nothing committed; a power cut may lose the last chunks, which the
            # next run loads again (each chunk is one transaction).
            connection.exec_driver_sql("PRAGMA synchronous = NORMAL")
        source = Store(session).source(dataset.source_name, kind="dataset", url=dataset.url)
        session.commit()
        version = importer_version(dataset, options)
        loader = Loader(
            session=session,
            dataset_key=dataset.key,
            source_id=source.id,
            source_name=dataset.source_name,
            run_id=summary.run_id or 0,
            input_name=str(table.path),
            importer_version=version,
            now=dt.datetime.now(dt.UTC),
            isolated_incidents=options.resolve and options.direct_incidents,
        )
        preparer = Preparer(dataset, index, TransformOptions(all_event_types=options.all_event_types), version)
        parallel = use_worker(table) if options.parallel is None else options.parallel
        if parallel:
            log.info("reading %s in a worker process", table.path.name)
            chunks = chunks_in_worker(table, dataset, preparer, options.chunk_size, loader.known_all())
            session.commit()  # end the snapshot's read transaction
        else:
            chunks = chunks_in_process(table, dataset, preparer, options.chunk_size, loader.known)
        reported = 0
        last_progress = 0
        for chunk in chunks:
            summary.rows_read += chunk.rows_read
            for item in chunk.rejections:
                if reported < options.logged_rejections:
                    log.warning("%s line %d: %s", table.path.name, item.line, item.error)
                    summary.rejections.append({"line": item.line, "record_id": item.record_id, "error": item.error})
                reported += 1
            loader.write(chunk.records, chunk.rejections)
            counts = loader.counts
            summary.new, summary.updated, summary.unchanged = counts.new, counts.updated, counts.unchanged
            summary.rejected, summary.out_of_scope = counts.rejected, counts.out_of_scope
            session.execute(update(EtlRun).where(EtlRun.id == summary.run_id).values(**_run_counts(summary)))
            session.commit()
            if options.progress:
                options.progress(chunk.progress - last_progress)
                last_progress = chunk.progress
        if reported > options.logged_rejections:
            log.warning(
                "%s: %d more rows rejected (all are in rejected_records, run_id %s)",
                table.path.name, reported - options.logged_rejections, summary.run_id,
            )
        summary.new_actors = sorted(loader.new_actors)
        summary.load_seconds = time.perf_counter() - started
        if options.resolve:
            resolve_started = time.perf_counter()
            _resolve(session, loader, summary)
            session.commit()
            summary.resolve_seconds = time.perf_counter() - resolve_started
        else:
            summary.resolution = "skipped (--no-resolve)"
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _resolve(session: Session, loader: Loader, summary: ImportSummary) -> None:
    """Merge the run's mentions with the incidents already known (``etl.resolve``).

    New and updated mentions are resolved; so is every mention still 'pending' from an
    earlier, interrupted run (``etl.resolve.resolve`` always includes those), so that a crash
    followed by a re-run equals one clean run. Incidents that lost a mention because a row
    went out of scope are re-reconciled.
    """
    from etl.resolve import reconcile, resolve

    result = resolve(session, mention_ids=loader.mentions_written, new_incidents=loader.new_incidents)
    summary.incidents_created = result.incidents_created
    summary.incidents_merged = result.incidents_updated
    summary.mentions_unresolved = result.mentions_unresolved
    leftover = sorted(loader.incidents_to_reconcile - result.affected_incident_ids)
    if leftover:
        reconcile(session, leftover)
        summary.incidents_reconciled = len(leftover)
    summary.resolution = "done"


__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ImportOptions",
    "ImportSummary",
    "IncidentDBError",
    "canonical_json",
    "import_file",
    "importer_version",
]
