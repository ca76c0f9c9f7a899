"""Reading sources without a network: JSONL lines, folders of .txt/.html, RSS/Atom files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from etl.config import SourceConfig, adhoc_source
from etl.sources.base import Item, Rejected, SourceError
from etl.sources.files import read_folder
from etl.sources.html import parse_page
from etl.sources.http import Fetcher
from etl.sources.jsonl import parse_lines
from etl.sources.registry import read_source
from incidentdb.errors import ConfigError

ARTICLE = """<!doctype html><html><head>
<title>Site name | Bomb kills 9 in Quetta market</title>
<meta property="og:title" content="Bomb kills 9 in Quetta market">
<meta property="article:published_time" content="2025-06-03T09:15:00+05:00">
<link rel="canonical" href="https://news.example/quetta-market">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Bomb kills 9 in Quetta market</h1>
<p>QUETTA: A bomb planted on a motorcycle exploded in a crowded market in Quetta on Tuesday morning,
killing nine people and wounding 23 others, police said.</p>
<p>The blast tore through shops selling fruit and vegetables near the main square, officials said,
adding that rescue teams took the wounded to the civil hospital.</p>
<p>No group immediately claimed responsibility for the attack, the third in the city this month.</p>
</article><footer>Subscribe to our newsletter. Follow us.</footer></body></html>"""

JSON_LD = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "headline": "Attack on checkpoint",
 "datePublished": "2024-01-05"}]}</script></head><body><p>Militants attacked a checkpoint on Thursday night,
killing four soldiers, the military said in a statement issued the next morning.</p></body></html>"""


def test_jsonl_items_belong_to_the_outlet_or_the_configured_source() -> None:
    data = (b'{"id": "a", "text": "t", "source": "Dawn", "published": "2026-02-07T10:00:00Z"}\n\n'
            b'{"id": 7, "text": "u"}\n')
    items = list(parse_lines(data, source_name="feed", input_name="f.jsonl"))
    assert [(i.document.id, i.source_name, i.source_kind, i.line_number) for i in items] == [
        ("a", "Dawn", "news", 1), ("7", "feed", "feed", 3)]
    assert items[0].document.published == dt.datetime(2026, 2, 7, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(("line", "error"), [
    (b"[1, 2]", "expected a JSON object, got list"),
    (b'{"id": "a"}', "missing 'text' (a non-empty string)"),
    (b'{"id": "a", "text": "t", "published": "last week"}',
     "'published' 'last week' is not a date (YYYY-MM-DD or ISO 8601 datetime)"),
    (b'{"id": "a", "text": "t", "title": 5}', "'title' must be a string or null"),
])
def test_jsonl_bad_lines(line: bytes, error: str) -> None:
    [rejected] = list(parse_lines(line, source_name="feed", input_name="f.jsonl"))
    assert isinstance(rejected, Rejected) and rejected.error == error and rejected.line_number == 1


def test_html_metadata_and_main_text() -> None:
    page = parse_page(ARTICLE)
    assert page.title == "Bomb kills 9 in Quetta market"
    assert page.url == "https://news.example/quetta-market"
    assert page.published == dt.datetime(2025, 6, 3, 4, 15, tzinfo=dt.UTC)
    assert page.text.startswith("Bomb kills 9 in Quetta market\n\n")
    assert "killing nine people" in page.text and "Subscribe" not in page.text and "Home" not in page.text
    ld = parse_page(JSON_LD)
    assert (ld.title, ld.published) == ("Attack on checkpoint", dt.date(2024, 1, 5))


def test_folder_txt_and_html_with_date_rules(tmp_path: Path) -> None:
    (tmp_path / "2026-02-07-dawn.txt").write_text("Headline one\n\nBody one.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    undated = tmp_path / "sub" / "undated.txt"
    undated.write_text("\nHeadline two\nBody two.", encoding="utf-8")
    os.utime(undated, (1_700_000_000, 1_700_000_000))
    (tmp_path / "quetta.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"Caf\xe9 bombing\n")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    out = list(read_folder(tmp_path, source_name="reports"))
    items = {i.document.id: i.document for i in out if isinstance(i, Item)}
    assert items["2026-02-07-dawn"].published == dt.date(2026, 2, 7)
    assert items["2026-02-07-dawn"].title == "Headline one"
    assert items["sub/undated"].published == dt.date(2023, 11, 14)  # the file's mtime
    assert items["sub/undated"].title == "Headline two"
    assert items["quetta"].published == dt.datetime(2025, 6, 3, 4, 15, tzinfo=dt.UTC)
    [bad] = [r for r in out if isinstance(r, Rejected)]
    assert (bad.record_id, bad.error) == ("broken", "not valid UTF-8 (byte 4): invalid continuation byte")
    configured = list(read_folder(tmp_path, source_name="reports", published=dt.date(2026, 1, 1)))
    assert {i.document.id: i.document.published for i in configured if isinstance(i, Item)}["sub/undated"] == \
        dt.date(2026, 1, 1)


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>w-1</guid><title>Blast in Peshawar</title><link>http://x/1</link>
<pubDate>Fri, 04 Mar 2022 10:00:00 GMT</pubDate><description>&lt;p&gt;A blast killed 30 in Peshawar.&lt;/p&gt;</description></item>
<item><title>No id or link</title><description>x</description></item>
</channel></rss>"""


def test_rss_file_entries(tmp_path: Path) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_text(RSS, encoding="utf-8")
    out = list(read_source(adhoc_source(str(feed)), Fetcher()))
    item = out[0]
    assert isinstance(item, Item)
    assert item.document.id == "w-1" and item.document.url == "http://x/1"
    assert item.document.text == "Blast in Peshawar\n\nA blast killed 30 in Peshawar."
    assert item.document.published == dt.datetime(2022, 3, 4, 10, tzinfo=dt.UTC)
    assert isinstance(out[1], Rejected) and out[1].error == "entry has neither id/guid nor link"


def test_a_file_that_is_not_a_feed_fails_the_source(tmp_path: Path) -> None:
    page = tmp_path / "page.xml"
    page.write_text("<html><body>Not found</body></html>", encoding="utf-8")
    with pytest.raises(SourceError, match=r"source 'page.xml': .*page.xml is not an RSS or Atom feed"):
        list(read_source(adhoc_source(str(page)), Fetcher()))


def test_glob_without_matches_fails_the_source(tmp_path: Path) -> None:
    source = SourceConfig(name="news", kind="jsonl", path=str(tmp_path / "*.jsonl"))
    with pytest.raises(SourceError, match=r"source 'news': no file matches .*\*\.jsonl"):
        list(read_source(source, Fetcher()))


def test_adhoc_inputs_by_form(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    assert adhoc_source(str(tmp_path / "a.jsonl")).kind == "jsonl"
    assert adhoc_source(str(tmp_path)).kind == "dir"
    assert adhoc_source(str(tmp_path / "r.txt")).kind == "file"
    assert adhoc_source("https://example.org/feed").kind == "rss"
    with pytest.raises(ConfigError, match="no such file or folder"):
        adhoc_source(str(tmp_path / "missing.jsonl"))
