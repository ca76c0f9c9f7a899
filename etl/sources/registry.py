"""From a configured source to the stream of items it yields."""

from __future__ import annotations

import glob
from collections.abc import Iterator
from pathlib import Path

from etl.config import SourceConfig
from etl.sources import files, jsonl, rss
from etl.sources.base import Item, Rejected, SourceError
from etl.sources.http import Fetcher, FetchError


def _paths(source: SourceConfig) -> list[Path]:
    assert source.path is not None
    if glob.has_magic(source.path):
        found = sorted(Path(p) for p in glob.glob(source.path, recursive=True) if Path(p).is_file())
        if not found:
            raise SourceError(f"source {source.name!r}: no file matches {source.path}")
        return found
    path = Path(source.path)
    if not path.exists():
        raise SourceError(f"source {source.name!r}: {path} does not exist")
    return [path]


def _fetch(source: SourceConfig, fetcher: Fetcher) -> bytes | None:
    assert source.url is not None
    try:
        fetched = fetcher.get(source.url, timeout=source.timeout)
    except FetchError as exc:
        raise SourceError(f"source {source.name!r}: {exc}") from exc
    return None if fetched.not_modified else fetched.content


def read_source(source: SourceConfig, fetcher: Fetcher) -> Iterator[Item | Rejected | str]:
    """Items, rejections and (as bare strings) ids of articles known to be unchanged."""
    if source.kind == "jsonl":
        if source.url:
            data = _fetch(source, fetcher)
            if data is not None:
                yield from jsonl.parse_lines(data, source_name=source.name, input_name=source.url)
            return
        for path in _paths(source):
            try:
                yield from jsonl.read_file(path, source_name=source.name)
            except OSError as exc:
                raise SourceError(f"source {source.name!r}: cannot read {path}: {exc.strerror}") from exc
    elif source.kind == "dir":
        folder = Path(source.path or "")
        if not folder.is_dir():
            raise SourceError(f"source {source.name!r}: folder {folder} does not exist")
        yield from files.read_folder(folder, source_name=source.name, published=source.published)
    elif source.kind == "file":
        for path in _paths(source):
            yield files.read_report(path, doc_id=path.stem, source_name=source.name, published=source.published)
    elif source.kind == "rss":
        inputs: list[tuple[str, bytes | None]]
        if source.url:
            inputs = [(source.url, _fetch(source, fetcher))]
        else:
            inputs = [(str(p), p.read_bytes()) for p in _paths(source)]
        for name, data in inputs:
            if data is None:
                continue
            feed = rss.parse_feed(data, source_name=source.name, input_name=name)
            yield from rss.read_entries(feed, source_name=source.name, input_name=name, fetcher=fetcher,
                                        fetch_articles=source.fetch_articles)
    else:  # pragma: no cover - validated by etl.config
        raise SourceError(f"source {source.name!r}: unknown kind {source.kind!r}")
