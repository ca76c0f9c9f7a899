"""JSON Lines feeds in the interchange format (spec/interchange.md §1), from files or a URL.

Each line is one document: ``id`` and ``text`` are required; ``published``, ``title``,
``source`` (the outlet) and ``url`` are optional. A bad line (not JSON, truncated, not UTF-8,
missing ``id``/``text``, a publication date in the future) is rejected with its line number;
the other lines load.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from etl.records import Document
from etl.sources.base import Item, Rejected, parse_published

log = logging.getLogger(__name__)

MAX_RAW = 20_000


def parse_lines(data: bytes, *, source_name: str, input_name: str) -> Iterator[Item | Rejected]:
    """Items and rejections from the bytes of a JSONL feed."""
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        if not raw_line.strip():
            continue
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Rejected(source_name, input_name, f"not valid UTF-8 (byte {exc.start + 1}): {exc.reason}", number,
                           raw=raw_line.decode("utf-8", errors="replace")[:MAX_RAW])
            continue
        line = line.lstrip("\ufeff").rstrip("\r")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(source_name, input_name, f"not valid JSON: {exc.msg} (column {exc.colno}); "
                           "truncated line?", number, raw=line[:MAX_RAW])
            continue
        result = _document(obj, number, source_name=source_name, input_name=input_name, raw=line)
        yield result


def _document(obj: object, number: int, *, source_name: str, input_name: str, raw: str) -> Item | Rejected:
    def reject(error: str, record_id: str | None = None) -> Rejected:
        return Rejected(source_name, input_name, error, number, record_id, raw[:MAX_RAW])

    if not isinstance(obj, dict):
        return reject(f"expected a JSON object, got {type(obj).__name__}")
    record_id = obj.get("id")
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        record_id = str(record_id)
    if not isinstance(record_id, str) or not record_id.strip():
        return reject("missing 'id' (a non-empty string)")
    record_id = record_id.strip()
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return reject("missing 'text' (a non-empty string)", record_id)
    try:
        published = parse_published(obj.get("published"))
    except ValueError as exc:
        return reject(str(exc), record_id)
    fields = {}
    for name in ("title", "source", "url"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return reject(f"'{name}' must be a string or null", record_id)
        fields[name] = value.strip() if isinstance(value, str) and value.strip() else None
    outlet = fields["source"]
    document = Document(id=record_id, text=text, published=published, title=fields["title"], source=outlet,
                        url=fields["url"])
    if outlet:
        return Item(document, outlet, "news", input_name, number, raw)
    return Item(document, source_name, "feed", input_name, number, raw)


def read_file(path: Path, *, source_name: str) -> Iterator[Item | Rejected]:
    data = path.read_bytes()
    yield from parse_lines(data, source_name=source_name, input_name=str(path))
