"""Extraction: a news report (or a dataset record's summary) in, incident mentions out.

:func:`extract` is pure: text and metadata in, :class:`~etl.records.Extraction` out; no
database, no network. Reference data (gazetteer, actor dictionary) is loaded once, lazily.
:func:`extract_many` runs it over an iterable of documents, optionally in parallel, keeping
input order and bounded memory.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterable, Iterator

from etl.records import Document, Extraction

log = logging.getLogger(__name__)

#: Texts longer than this are cut before extraction (a 5 MB page is never a single report).
MAX_TEXT_CHARS = 200_000


def extract(document: Document) -> Extraction:
    """Structured incident mentions of one document (see :mod:`etl.extract.mentions`)."""
    from etl.extract.mentions import extract_mentions

    text = document.text or ""
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
    text = text.replace("\x00", " ")
    if text is not document.text:
        document = Document(document.id, text, document.published, document.title, document.source, document.url)
    if not text.strip():
        return Extraction(document.id, [])
    return Extraction(document.id, extract_mentions(document))


_warm = False


def warm_up() -> None:
    """Load the reference data now (worker start-up) rather than on the first document.

    The first call also moves everything loaded so far out of the garbage collector's way
    (:func:`gc.freeze`): the gazetteer's hundred thousand objects never become garbage, and
    every full collection would otherwise walk them again (about a tenth of extraction time).
    """
    global _warm
    from etl.extract.actors import actor_index
    from etl.reference.gazetteer import load_gazetteer

    load_gazetteer().longest_from("")
    actor_index()
    if not _warm:
        import gc

        gc.freeze()
        _warm = True


def _extract_safely(document: Document) -> Extraction | Exception:
    try:
        return extract(document)
    except Exception as exc:  # one bad document must not stop the run
        log.exception("extraction failed for %s", document.id)
        return exc


@contextlib.contextmanager
def _fewer_full_collections() -> Iterator[None]:
    """Run full garbage collections ten times less often while extracting a feed.

    Extraction makes no reference cycles worth collecting, but its caches hold a few hundred
    thousand objects that every full collection walks (about 5% of the time on a long
    feed); the young generations are collected as usual. The thresholds are restored after.
    """
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], max(before[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _worker_start() -> None:
    """Worker initializer: reference data (inherited from the parent) and GC settings."""
    warm_up()
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], max(threshold[2], 100))


def _extract_chunk(documents: list[Document]) -> list[Extraction | Exception]:
    return [_extract_safely(document) for document in documents]


def extract_many(documents: Iterable[Document], jobs: int = 1, chunksize: int = 16) -> Iterator[Extraction | Exception]:
    """Extract every document, in input order; ``jobs`` > 1 uses worker processes.

    Results are yielded in input order as they are ready. With workers, the input is read
    in chunks of ``chunksize`` documents and at most ``4 * jobs`` chunks are in flight, so
    memory stays bounded on a feed of any size and no worker waits for a slow neighbour's
    chunk before starting its next one. The reference data is loaded once, in this process,
    before the workers are forked: they share it instead of each loading its own copy.
    A document whose extraction raised yields the exception instead of an Extraction.
    """
    warm_up()
    if jobs <= 1:
        with _fewer_full_collections():
            for document in documents:
                yield _extract_safely(document)
        return
    import multiprocessing
    from collections import deque
    from itertools import islice

    iterator = iter(documents)
    pending: deque = deque()
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start) as pool:

        def submit() -> bool:
            chunk = list(islice(iterator, chunksize))
            if chunk:
                pending.append(pool.apply_async(_extract_chunk, (chunk,)))
            return bool(chunk)

        while len(pending) < 4 * jobs and submit():
            pass
        while pending:
            results = pending.popleft().get()
            submit()
            yield from results


__all__ = ["MAX_TEXT_CHARS", "extract", "extract_many", "warm_up"]
