"""Extraction: a news report (or a dataset record's summary) in, incident mentions out.

:func:`extract` is pure: text and metadata in, :class:`~etl.records.Extraction` out; no
database, no network. Reference data (gazetteer, actor dictionary) is loaded once, lazily.
:func:`extract_many` runs it over an iterable of documents, optionally in parallel, keeping
input order and bounded memory.
"""

from __future__ import annotations

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


def extract_many(documents: Iterable[Document], jobs: int = 1, chunksize: int = 32) -> Iterator[Extraction | Exception]:
    """Extract every document, in input order; ``jobs`` > 1 uses worker processes.

    Results are yielded in input order as they are ready; the input is read in windows of
    ``jobs * chunksize * 4`` documents, so memory stays bounded on a feed of any size.
    A document whose extraction raised yields the exception instead of an Extraction.
    """
    if jobs <= 1:
        warm_up()
        for document in documents:
            yield _extract_safely(document)
        return
    import multiprocessing
    from itertools import islice

    # Pool.imap would read the whole input ahead; windows of documents keep memory bounded.
    window = jobs * chunksize * 4
    iterator = iter(documents)
    with multiprocessing.get_context("fork").Pool(jobs, initializer=warm_up) as pool:
        while batch := list(islice(iterator, window)):
            yield from pool.imap(_extract_safely, batch, chunksize=chunksize)


__all__ = ["MAX_TEXT_CHARS", "extract", "extract_many", "warm_up"]
