"""Chunks of prepared rows, read and transformed in this process or in a worker process.

Reading, checking, hashing and transforming a row costs about as much as writing it, so a
large import reads in a forked worker process while the main process writes the previous
chunk (two cores busy instead of one). The worker runs exactly the code the in-process path
runs (:mod:`etl.imports.prepare`); only what it knows of the database differs: in-process,
each chunk's ids are looked up as the chunk is prepared; the worker gets a snapshot of the
dataset's (id, hash, version) taken before it starts, which is the same thing, because every
id occurs once in a file (duplicates are rejected) and we hold the run lock.

The worker is forked (it inherits the open file, the reference data and the snapshot) and
never touches the parent's database connection; it leaves with ``os._exit`` (multiprocessing
does that), so no finalizer of an inherited connection runs in it. Chunks travel through a
bounded queue (memory stays flat); an error in the worker is re-raised in the main process.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from etl.imports.layout import Dataset
from etl.imports.prepare import (
    PreparedRecord,
    Preparer,
    RawRecord,
    Rejection,
    prepare_chunk,
    split_rows,
)
from etl.imports.readers import Table

log = logging.getLogger(__name__)

#: Files at least this large (bytes, CSV) or long (rows, xlsx) are read in a worker process.
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
PARALLEL_MIN_ROWS = 20_000
_QUEUE_CHUNKS = 3  # chunks the worker may run ahead of the writer
_POLL_SECONDS = 1.0

Lookup = Callable[[list[str]], Mapping[str, tuple[Any, ...]]]


@dataclass(slots=True)
class Chunk:
    records: list[PreparedRecord]
    rejections: list[Rejection]
    rows_read: int
    progress: int  # the reader's position (bytes or rows) after this chunk


def chunks_in_process(table: Table, dataset: Dataset, preparer: Preparer, chunk_size: int,
                      lookup: Lookup) -> Iterator[Chunk]:
    """Chunks of ``chunk_size`` rows, each looked up (``lookup(ids)``) and prepared here."""
    raws: list[RawRecord | Rejection] = []
    for item in split_rows(table, dataset):
        raws.append(item)
        if len(raws) >= chunk_size:
            yield _chunk(table, preparer, raws, lookup)
            raws = []
    if raws:
        yield _chunk(table, preparer, raws, lookup)


def _chunk(table: Table, preparer: Preparer, raws: list[RawRecord | Rejection], lookup: Lookup) -> Chunk:
    known = lookup([r.record_id for r in raws if isinstance(r, RawRecord)])
    records: list[PreparedRecord] = []
    rejections: list[Rejection] = []
    for item in prepare_chunk(preparer, raws, known):
        (rejections if isinstance(item, Rejection) else records).append(item)
    return Chunk(records, rejections, len(raws), table.progress.done)


def use_worker(table: Table) -> bool:
    """Whether reading in a worker process pays off (a large file, more than one CPU, fork)."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if table.kind == "csv":
        return table.size >= PARALLEL_MIN_BYTES
    return table.size >= PARALLEL_MIN_ROWS


def chunks_in_worker(table: Table, dataset: Dataset, preparer: Preparer, chunk_size: int,
                     snapshot: Mapping[str, tuple[Any, ...]]) -> Iterator[Chunk]:
    """The same chunks as :func:`chunks_in_process`, prepared by a forked worker process."""
    context = multiprocessing.get_context("fork")
    channel: Any = context.Queue(maxsize=_QUEUE_CHUNKS)

    def lookup(ids: list[str]) -> Mapping[str, tuple[Any, ...]]:
        return {i: snapshot[i] for i in ids if i in snapshot}

    def run() -> None:
        gc.freeze()  # the inherited heap never needs collecting here
        try:
            for chunk in chunks_in_process(table, dataset, preparer, chunk_size, lookup):
                channel.put(("chunk", chunk))
            channel.put(("done", None))
        except BaseException as exc:  # noqa: BLE001 - handed to the main process, which re-raises
            channel.put(("error", exc))
        finally:
            channel.close()
            channel.join_thread()

    process = context.Process(target=run, name="incidentdb-import-reader", daemon=True)
    process.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if not process.is_alive():
                    raise RuntimeError(f"the import's reader process stopped (exit code {process.exitcode})") from None
                continue
            if kind == "chunk":
                yield payload
            elif kind == "done":
                break
            else:
                raise payload
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=10)
        channel.close()
        channel.cancel_join_thread()


__all__ = ["Chunk", "chunks_in_process", "chunks_in_worker", "use_worker"]
