"""RSS and Atom feeds (parsed with feedparser), from a file or a URL.

Each entry is a document: its id is the entry's ``id``/``guid`` (else its link), its text the
entry's content or summary (HTML stripped), its date the entry's published/updated time.
With ``fetch_articles = true`` the linked page is fetched (conditionally: an unchanged page
answers 304 and is skipped) and its main text and metadata replace the summary.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterator

import feedparser
import lxml.html

from etl.records import Document
from etl.sources.base import FUTURE_SLACK, Item, Rejected, SourceError
from etl.sources.html import decode_html, parse_page
from etl.sources.http import Fetcher, FetchError

log = logging.getLogger(__name__)


def _strip_html(value: str) -> str:
    if "<" not in value:
        return value.strip()
    try:
        return "\n\n".join(
            " ".join(block.split()) for block in lxml.html.fromstring(value).itertext() if block.strip()
        ).strip()
    except (lxml.etree.ParserError, ValueError):
        return value.strip()


def _entry_time(entry: dict) -> dt.datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(name)
        if parsed:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
    return None


def parse_feed(data: bytes, *, source_name: str, input_name: str) -> feedparser.FeedParserDict:
    """The parsed feed, or SourceError when the bytes are not a feed (HTML, garbage)."""
    feed = feedparser.parse(data)
    if not feed.entries:
        version = feed.get("version") or ""
        if feed.get("bozo") or not version:
            problem = feed.get("bozo_exception")
            detail = f": {problem}" if problem else ""
            raise SourceError(f"source {source_name!r}: {input_name} is not an RSS or Atom feed{detail}")
    return feed


def read_entries(
    feed: feedparser.FeedParserDict,
    *,
    source_name: str,
    input_name: str,
    fetcher: Fetcher | None = None,
    fetch_articles: bool = False,
) -> Iterator[Item | Rejected | str]:
    """Items and rejections; a bare string is the id of an article that did not change (304)."""
    now = dt.datetime.now(dt.UTC)
    for number, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        doc_id = (entry.get("id") or link or "").strip()
        raw = repr({k: entry.get(k) for k in ("id", "title", "link", "published", "summary")})[:20_000]
        if not doc_id:
            yield Rejected(source_name, input_name, "entry has neither id/guid nor link", number, raw=raw)
            continue
        title = _strip_html(entry.get("title") or "") or None
        published = _entry_time(entry)
        if published and published > now + FUTURE_SLACK:
            yield Rejected(source_name, input_name, f"entry dated {published.date()} is in the future", number,
                           doc_id, raw)
            continue
        content = entry.get("content") or []
        text = _strip_html(content[0].get("value", "")) if content else _strip_html(entry.get("summary") or "")
        if fetch_articles and link and fetcher is not None:
            try:
                fetched = fetcher.get(link)
            except FetchError as exc:
                yield Rejected(source_name, input_name, str(exc), number, doc_id, raw)
                continue
            if fetched.not_modified:
                yield doc_id
                continue
            try:
                page = parse_page(decode_html(fetched.content), url=link)
            except ValueError as exc:
                yield Rejected(source_name, link, str(exc), number, doc_id, raw)
                continue
            if page.text:
                # The page is the article itself: its headline and text replace the entry's.
                text, title = page.text, page.title or title
                published = published or page.published  # type: ignore[assignment]
        if title and text and not text.startswith(title + "\n"):
            text = f"{title}\n\n{text}"
        if not text:
            yield Rejected(source_name, input_name, "entry has no text", number, doc_id, raw)
            continue
        yield Item(Document(doc_id, text, published, title, None, link), source_name, "feed", input_name, number, raw)
