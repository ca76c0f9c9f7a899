"""Running the extractor over a run's documents, in worker processes when it pays.

Extraction is pure and CPU-bound (tens of milliseconds for a long report); loading is mostly
the database's work. So ``etl run`` extracts in a pool of processes while the main process
reads the sources and writes the batches whose extractions are done
(:func:`etl.pipeline.run_etl`). Each document gives one result, in submission order: its
:class:`~etl.records.Extraction`, or the exception the extractor raised (the document is then
rejected, and the run goes on).

* Workers are forked: they inherit the extractor (any ``--extractor MODULE:FUNCTION``, not
  only the project's) and the reference data the main process has loaded
  (:func:`etl.extract.warm_up` runs before the fork for the project's extractor). They never
  touch the parent's database connections.
* Tasks are small chunks of documents with a bounded number in flight (the caller waits for
  the oldest batch when too many are), so workers are never idle while there is work and the
  input is never read far ahead.
* Small runs stay in this process: the pool starts once :data:`PARALLEL_MIN_DOCUMENTS`
  documents have needed extracting, since starting it costs more than a nightly increment of
  a few dozen reports takes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable
from typing import Any

from etl.records import Document, Extraction

log = logging.getLogger(__name__)

Extractor = Callable[[Document], Extraction]
Result = Extraction | Exception

PARALLEL_MIN_DOCUMENTS = 64
CHUNK = 8  # documents per task

_function: Extractor | None = None  # the extractor, inherited by the forked workers


def default_jobs() -> int:
    """The number of extraction processes when none is configured: one per CPU."""
    return max(1, os.cpu_count() or 1)


def _safely(extractor: Extractor, document: Document) -> Result:
    try:
        return extractor(document)
    except Exception as exc:  # noqa: BLE001 - one document's failure is that document's rejection
        return exc


def _portable(exc: Exception) -> Exception:
    """The exception, or a stand-in with its type's name and message if it cannot be pickled."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - whatever stops it from crossing the process boundary
        return type(type(exc).__name__, (Exception,), {})(str(exc))


def _extract_chunk(documents: list[Document]) -> list[Result]:
    assert _function is not None
    out = []
    for document in documents:
        result = _safely(_function, document)
        out.append(_portable(result) if isinstance(result, Exception) else result)
    return out


class Pending:
    """The results of one submitted list of documents, available with :meth:`get`."""

    def __init__(self, handles: list[Any] | None = None, results: list[Result] | None = None) -> None:
        self._handles = handles or []
        self._results = results

    def ready(self) -> bool:
        return self._results is not None or all(h.ready() for h in self._handles)

    def get(self) -> list[Result]:
        if self._results is None:
            self._results = [r for handle in self._handles for r in handle.get()]
            self._handles = []
        return self._results


class ExtractionPool:
    """Extracts submitted documents, in order, in ``jobs`` worker processes (or here)."""

    def __init__(self, extractor: Extractor, jobs: int, *, is_default: bool = False) -> None:
        self.extractor = extractor
        self.jobs = jobs
        self.is_default = is_default
        self._pool: Any = None
        self._submitted = 0

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def in_flight_limit(self) -> int:
        """Documents that may wait for a worker before the caller should collect results."""
        return self.jobs * CHUNK * 4

    def submit(self, documents: list[Document]) -> Pending:
        self._submitted += len(documents)
        if self._pool is None and self._should_start():
            self._start()
        if self._pool is None:
            return Pending(results=[_safely(self.extractor, d) for d in documents])
        handles = [self._pool.apply_async(_extract_chunk, (documents[i : i + CHUNK],))
                   for i in range(0, len(documents), CHUNK)]
        return Pending(handles=handles)

    def _should_start(self) -> bool:
        return (self.jobs > 1 and self._submitted >= PARALLEL_MIN_DOCUMENTS
                and "fork" in multiprocessing.get_all_start_methods())

    def _start(self) -> None:
        global _function
        if self.is_default:
            from etl.extract import warm_up

            warm_up()  # loaded once here; every worker inherits it
        _function = self.extractor
        log.info("extracting in %d processes", self.jobs)
        self._pool = multiprocessing.get_context("fork").Pool(self.jobs)

    def close(self) -> None:
        global _function
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        _function = None


__all__ = ["CHUNK", "PARALLEL_MIN_DOCUMENTS", "ExtractionPool", "Pending", "default_jobs"]
