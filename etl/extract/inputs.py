"""Reading documents for ``incidentdb extract``: JSON Lines feeds, .txt and .html files.

Feeds are read line by line (a huge feed is never held in memory). A line that is not a
JSON object with a string ``id`` and a string ``text`` (or is not UTF-8) becomes a
:class:`BadLine` carrying the file name, line number and reason; reading goes on.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from etl.records import Document


@dataclass(frozen=True, slots=True)
class BadLine:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: skipped: {self.reason}"


def parse_published(value: object) -> dt.date | dt.datetime | None:
    """``YYYY-MM-DD`` or an ISO 8601 datetime; None for null. Raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be a string, not {type(value).__name__}")
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def document_from_record(record: object) -> Document:
    """A Document from one decoded feed record; ValueError says what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise ValueError("missing or empty 'id'")
    if not isinstance(text, str):
        raise ValueError("missing 'text'" if text is None else "'text' is not a string")
    try:
        published = parse_published(record.get("published"))
    except ValueError as exc:
        raise ValueError(f"bad 'published' {record.get('published')!r}: {exc}") from None
    optional = {k: record.get(k) if isinstance(record.get(k), str) else None for k in ("title", "source", "url")}
    return Document(doc_id, text, published, **optional)


def read_feed(path: Path) -> Iterator[Document | BadLine]:
    """Documents of a JSON Lines feed, in order; bad lines as BadLine."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield BadLine(str(path), number, f"not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadLine(str(path), number, f"invalid JSON ({exc.msg})")
                continue
            try:
                yield document_from_record(record)
            except ValueError as exc:
                yield BadLine(str(path), number, str(exc))


def read_text_file(path: Path, published: dt.date | None) -> Document:
    """A .txt report: id = file stem, first line = headline."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Document(path.stem, text, published, title)


class _MainText(HTMLParser):
    _SKIP = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "svg", "iframe", "button", "figure"}
    _BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "tr", "section", "article", "blockquote", "figcaption", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.h1: str | None = None
        self._skip = 0
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser's signature
        if tag in self._SKIP:
            self._skip += 1
        if tag in self._BLOCK:
            self.parts.append("\n")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        current = self._in[-1] if self._in else ""
        if current == "title" and self.title is None:
            self.title = data.strip() or None
            return
        if self._skip:
            return
        if current == "h1" and self.h1 is None and data.strip():
            self.h1 = data.strip()
        self.parts.append(data)


def html_to_text(markup: str) -> tuple[str | None, str]:
    """(headline, main text) of an HTML page: scripts, styles, navigation and footers removed."""
    parser = _MainText()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    body = "\n\n".join(line for line in lines if line)
    headline = parser.h1 or parser.title
    if headline and not body.startswith(headline):
        body = f"{headline}\n\n{body}"
    return headline, body


def read_html_file(path: Path, published: dt.date | None) -> Document:
    """An .html page: id = file stem, headline from <h1> or <title>, markup stripped."""
    markup = path.read_bytes().decode("utf-8", errors="replace")
    title, text = html_to_text(markup)
    return Document(path.stem, text, published, title)


def read_inputs(paths: list[Path], published: dt.date | None = None) -> Iterator[Document | BadLine]:
    """Documents from every input in order: .jsonl feeds line by line, .txt/.html as one each."""
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson", ".json"):
            yield from read_feed(path)
        elif suffix in (".html", ".htm"):
            yield read_html_file(path, published)
        else:
            yield read_text_file(path, published)
