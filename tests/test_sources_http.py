"""Feeds over HTTP against a real server on 127.0.0.1: conditional GET, retries, failures."""

from __future__ import annotations

import email.utils
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from etl.config import SourceConfig
from etl.pipeline import run_etl
from etl.records import Document, Extraction
from incidentdb import __version__
from incidentdb.db import make_engine, session_scope
from models import Document as DocumentRow
from models import HttpCacheEntry, RejectedRecord

PAGE = """<html><head><meta property="og:title" content="{title}">
<meta property="article:published_time" content="2025-06-0{n}T08:00:00Z"></head>
<body><article><p>{body}</p><p>Officials said rescue work continued through the night and that the toll
could rise as more of the wounded were brought to hospital.</p></article></body></html>"""


def feed_xml(items: list[str], port: int) -> str:
    entries = "".join(
        f"<item><guid>{i}</guid><title>Report {i}</title><link>http://127.0.0.1:{port}/{i}.html</link>"
        f"<pubDate>Tue, 03 Jun 2025 08:00:00 GMT</pubDate><description>summary {i}</description></item>"
        for i in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>{entries}</channel></rss>'


class Site:
    """What the test server serves, and every request it saw."""

    def __init__(self) -> None:
        self.items = ["a1", "a2"]
        self.version = 1
        self.failures = {"/flaky.xml": 2}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.port = 0

    def respond(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.requests.append((path, headers))
        if self.failures.get(path, 0) > 0:
            self.failures[path] -= 1
            return 503, {}, b"busy"
        if path in ("/feed.xml", "/flaky.xml"):
            body, etag = feed_xml(self.items, self.port).encode(), f'"feed-v{self.version}"'
        elif path.endswith(".html") and path[1:-5] in self.items:
            n = self.items.index(path[1:-5]) + 1
            body = PAGE.format(title=f"Article {path[1:-5]}", n=n,
                               body=f"Article {path[1:-5]}: a bomb killed {n} people in Quetta.").encode()
            etag = f'"{path}-v1"'
        elif path == "/html.xml":
            return 200, {"Content-Type": "text/html"}, b"<html><body><h1>Welcome</h1></body></html>"
        else:
            return 404, {}, b"not found"
        modified = email.utils.formatdate(1_700_000_000 + self.version, usegmt=True)
        if headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"ETag": etag, "Last-Modified": modified, "Content-Type": "application/xml"}, body


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            status, headers, body = state.respond(self.path, dict(self.headers))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def no_mentions(document: Document) -> Extraction:
    return Extraction(document.id, [])


def rss(site: Site, path: str = "/feed.xml", **kw) -> SourceConfig:  # noqa: ANN003
    return SourceConfig(name=kw.pop("name", "wire"), kind="rss", url=f"http://127.0.0.1:{site.port}{path}", fetch_articles=True,
                        timeout=5, retries=kw.pop("retries", 3), backoff=0.01, **kw)


def run(engine, *sources: SourceConfig):  # noqa: ANN001, ANN201
    return run_etl(engine, list(sources), extractor=no_mentions, extractor_version="none")


def test_conditional_get_downloads_nothing_unchanged(db_url: str, site: Site) -> None:
    engine = make_engine(db_url)
    first = run(engine, rss(site))
    assert (first.documents_new, first.exit_code) == (2, 0)
    assert [p for p, _ in site.requests] == ["/feed.xml", "/a1.html", "/a2.html"]
    assert all(h["User-Agent"].startswith(f"incidentdb/{__version__}") for _, h in site.requests)
    assert "If-None-Match" not in site.requests[0][1]
    with session_scope(engine) as session:
        texts = dict(session.execute(select(DocumentRow.external_id, DocumentRow.text)).all())
        cached = dict(session.execute(select(HttpCacheEntry.url, HttpCacheEntry.etag)).all())
    assert texts["a1"].startswith("Article a1\n\nArticle a1: a bomb killed 1 people in Quetta.")
    assert cached[f"http://127.0.0.1:{site.port}/feed.xml"] == '"feed-v1"'

    site.requests.clear()
    second = run(engine, rss(site))
    assert [p for p, _ in site.requests] == ["/feed.xml"]
    assert site.requests[0][1]["If-None-Match"] == '"feed-v1"'
    assert site.requests[0][1]["If-Modified-Since"] == email.utils.formatdate(1_700_000_001, usegmt=True)
    assert (second.documents_seen, second.documents_new, second.exit_code) == (0, 0, 0)

    site.requests.clear()
    site.items.append("a3")
    site.version = 2
    third = run(engine, rss(site))
    assert [p for p, _ in site.requests] == ["/feed.xml", "/a1.html", "/a2.html", "/a3.html"]
    assert site.requests[1][1]["If-None-Match"] == '"/a1.html-v1"'
    assert (third.documents_new, third.documents_unchanged) == (1, 2)
    engine.dispose()


def test_retries_on_503_then_succeeds(db_url: str, site: Site) -> None:
    engine = make_engine(db_url)
    summary = run(engine, rss(site, "/flaky.xml"))
    engine.dispose()
    assert [p for p, _ in site.requests][:3] == ["/flaky.xml"] * 3
    assert (summary.documents_new, summary.exit_code) == (2, 0)


def test_4xx_is_not_retried_and_fails_the_source_only(db_url: str, site: Site, tmp_path: Path) -> None:
    feed = tmp_path / "local.jsonl"
    feed.write_text('{"id": "l1", "text": "local report"}\n', encoding="utf-8")
    engine = make_engine(db_url)
    summary = run(engine, rss(site, "/gone.xml"), SourceConfig(name="local", kind="jsonl", path=str(feed)))
    assert [p for p, _ in site.requests] == ["/gone.xml"]
    assert summary.exit_code == 3 and summary.documents_new == 1
    assert summary.failed_sources == [f"source 'wire': cannot fetch http://127.0.0.1:{site.port}/gone.xml: "
                                      "HTTP 404 Not Found"]
    with session_scope(engine) as session:
        assert session.scalars(select(RejectedRecord.error)).all() == summary.failed_sources
    engine.dispose()


def test_retries_exhausted_and_html_instead_of_a_feed(db_url: str, site: Site) -> None:
    site.failures["/feed.xml"] = 10
    engine = make_engine(db_url)
    summary = run(engine, rss(site, retries=2), rss(site, "/html.xml", name="htmlfeed"))
    engine.dispose()
    assert summary.failed_sources[0] == (
        f"source 'wire': cannot fetch http://127.0.0.1:{site.port}/feed.xml: HTTP 503 Service Unavailable "
        "(after 3 attempts)")
    assert summary.failed_sources[1].startswith(
        f"source 'htmlfeed': http://127.0.0.1:{site.port}/html.xml is not an RSS or Atom feed")
    assert summary.status == "partial"
