"""Folders of reports: ``.txt`` and ``.html`` files, one document per file.

* The document id is the file's path relative to the folder, without its extension
  (``2026/dawn-tarlai``; for files directly in the folder, the file stem).
* ``.txt``: UTF-8 (a file that is not is rejected, not guessed); the first non-empty line is
  the headline. Publication date, in this order: the source's ``published`` setting, a
  ``YYYY-MM-DD`` prefix of the file name (``2026-02-07-dawn.txt``), the file's modification
  time (UTC date) as a last resort.
* ``.html`` / ``.htm``: title, publication time and main text from the page
  (:mod:`etl.sources.html`); the same fallbacks when the page has no date.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from etl.records import Document
from etl.sources.base import Item, Rejected, parse_published
from etl.sources.html import decode_html, parse_page

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".html", ".htm")
DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def fallback_date(path: Path, configured: dt.date | None) -> dt.date | None:
    if configured is not None:
        return configured
    match = DATE_PREFIX.match(path.name)
    if match:
        try:
            return parse_published(match.group(1))  # type: ignore[return-value]
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()


def read_report(path: Path, *, doc_id: str, source_name: str, published: dt.date | None = None) -> Item | Rejected:
    """One .txt or .html file as a document."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Rejected(source_name, str(path), f"cannot read: {exc.strerror}", record_id=doc_id)
    if path.suffix.lower() == ".txt":
        try:
            text = data.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            return Rejected(source_name, str(path), f"not valid UTF-8 (byte {exc.start + 1}): {exc.reason}",
                            record_id=doc_id, raw=data.decode("utf-8", errors="replace")[:20_000])
        if not text.strip():
            return Rejected(source_name, str(path), "empty file", record_id=doc_id)
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        document = Document(doc_id, text, fallback_date(path, published), title, None, None)
        return Item(document, source_name, "feed", str(path))
    try:
        page = parse_page(decode_html(data))
    except ValueError as exc:
        return Rejected(source_name, str(path), str(exc), record_id=doc_id)
    if not page.text:
        return Rejected(source_name, str(path), "no article text found in the page", record_id=doc_id)
    document = Document(doc_id, page.text, page.published or fallback_date(path, published), page.title, None,
                        page.url)
    return Item(document, source_name, "feed", str(path))


def read_folder(folder: Path, *, source_name: str, published: dt.date | None = None) -> Iterator[Item | Rejected]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    for path in files:
        doc_id = path.relative_to(folder).with_suffix("").as_posix()
        yield read_report(path, doc_id=doc_id, source_name=source_name, published=published)
