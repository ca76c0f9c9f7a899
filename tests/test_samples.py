"""The bundled sample reports are well-formed, consistent and our own words.

These run without a database. They guard what the quick start depends on: the JSON Lines
feeds follow the interchange format, the RSS file parses, the HTML pages carry the
metadata the ``dir`` source reads, ``incidentdb.toml`` points at them, ids are unique,
``examples/expected.json`` agrees with the texts and with the tables in the docs, and no
sample borrows a sentence from the development corpus.
"""

from __future__ import annotations

import glob
import html
import json
import re
import tomllib
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest

from tests.conftest import REPO_ROOT, SHARED

SAMPLES = REPO_ROOT / "examples"
NEWS_FILES = sorted((SAMPLES / "news").glob("*.jsonl"))
FEED_FILE = SAMPLES / "feeds" / "islamabad-wire.xml"
PAGE_FILES = sorted((SAMPLES / "pages").glob("*.html"))
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
REQUIRED_FIELDS = ("id", "text", "published", "title", "source", "url")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FICTIONAL_TLD = ".example"  # RFC 2606: reserved, can never be a real outlet's address


def _published(value: str) -> datetime:
    """Parse an interchange ``published`` value: a date, or a datetime with its offset."""
    if ISO_DATE.match(value):
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value!r}: a datetime needs its UTC offset"
    return parsed.replace(tzinfo=None)


def _news_records() -> list[tuple[Path, int, dict]]:
    records = []
    for path in NEWS_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            records.append((path, number, json.loads(line)))
    return records


def _feed() -> feedparser.FeedParserDict:
    return feedparser.parse(FEED_FILE.read_bytes())


class _PageParser(HTMLParser):
    """Collects the metadata and article text of one sample page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.tags: set[str] = set()
        self.h1 = ""
        self.paragraphs: list[str] = []
        self._stack: list[str] = []
        self._in_article = 0
        self._paragraph: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self.tags.add(tag)
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")
        if tag in {"meta", "link", "img", "input"}:
            return
        self._stack.append(tag)
        if tag == "article":
            self._in_article += 1
        elif tag == "p" and self._in_article and "aside" not in self._stack:
            self._paragraph = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._paragraph is not None:
            self.paragraphs.append("".join(self._paragraph).strip())
            self._paragraph = None
        if tag == "article":
            self._in_article -= 1
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._paragraph is not None:
            self._paragraph.append(data)
        if self._stack and self._stack[-1] == "h1" and self._in_article:
            self.h1 += data


def _page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _all_documents() -> dict[str, tuple[str, datetime]]:
    """Every sample document by the external id the expected results use: text, publication."""
    documents: dict[str, tuple[str, datetime]] = {}
    for _path, _number, record in _news_records():
        documents[record["id"]] = (record["text"], _published(record["published"]))
    for entry in _feed().entries:
        text = html.unescape(re.sub(r"<[^>]+>", " ", entry.content[0].value))
        documents[entry.id] = (f"{entry.title}\n\n{text}", datetime(*entry.published_parsed[:6]))
    for path in PAGE_FILES:
        page = _page(path)
        text = page.h1 + "\n\n" + "\n\n".join(page.paragraphs)
        documents[path.stem] = (text, _published(page.meta["article:published_time"]))
    return documents


# -- JSON Lines feeds -------------------------------------------------------------------


def test_there_are_three_feeds_with_about_twenty_reports() -> None:
    assert [p.name for p in NEWS_FILES] == ["capital-courier.jsonl", "indus-wire.jsonl", "meridian-wire.jsonl"]
    assert 18 <= len(_news_records()) <= 24


@pytest.mark.parametrize("path", NEWS_FILES, ids=lambda p: p.name)
def test_every_line_is_an_interchange_document(path: Path) -> None:
    raw = path.read_bytes()
    assert raw.endswith(b"\n") and b"\r" not in raw, f"{path.name}: Unix line endings, final newline"
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        where = f"{path.name}:{number}"
        record = json.loads(line)
        assert isinstance(record, dict), where
        for field in REQUIRED_FIELDS:
            assert isinstance(record.get(field), str) and record[field].strip(), f"{where}: {field}"
        _published(record["published"])
        assert record["text"].splitlines()[0] == record["title"], f"{where}: first line is the headline"
        url = urlparse(record["url"])
        assert url.scheme == "https" and url.hostname.endswith(FICTIONAL_TLD), f"{where}: fictional url"


@pytest.mark.parametrize("path", NEWS_FILES, ids=lambda p: p.name)
def test_each_feed_is_one_outlet_in_date_order(path: Path) -> None:
    records = [r for p, _n, r in _news_records() if p == path]
    assert len({r["source"] for r in records}) == 1
    dates = [_published(r["published"]) for r in records]
    assert dates == sorted(dates)


# -- RSS feed ---------------------------------------------------------------------------


def test_rss_feed_parses_and_carries_full_text() -> None:
    feed = _feed()
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert 3 <= len(feed.entries) <= 4
    for entry in feed.entries:
        assert entry.title and entry.published_parsed
        assert entry.id == entry.link, "guid is the permalink"
        assert urlparse(entry.link).hostname.endswith(FICTIONAL_TLD)
        body = entry.content[0].value
        assert entry.content[0].type == "text/html" and len(body) > 300
        assert len(body) > 2 * len(entry.summary), "content:encoded holds more than the teaser"


# -- HTML pages -------------------------------------------------------------------------


def test_there_are_two_or_three_pages() -> None:
    assert 2 <= len(PAGE_FILES) <= 3


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_page_has_metadata_and_an_article_inside_boilerplate(path: Path) -> None:
    page = _page(path)
    published = page.meta.get("article:published_time", "")
    assert not ISO_DATE.match(published) and _published(published)
    assert path.name.startswith(published[:10]), "file name starts with the publication date"
    assert page.meta.get("og:title") == page.h1.strip()
    assert page.canonical and page.canonical == page.meta.get("og:url")
    assert urlparse(page.canonical).hostname.endswith(FICTIONAL_TLD)
    assert {"article", "nav", "header", "footer", "aside"} <= page.tags
    assert len(page.paragraphs) >= 4 and all(page.paragraphs)


# -- Across all samples -----------------------------------------------------------------


def test_ids_and_addresses_are_unique_across_all_samples() -> None:
    ids = [r["id"] for _p, _n, r in _news_records()]
    ids += [entry.id for entry in _feed().entries]
    ids += [path.stem for path in PAGE_FILES]
    assert len(ids) == len(set(ids))
    urls = [r["url"] for _p, _n, r in _news_records()] + [entry.link for entry in _feed().entries]
    urls += [_page(path).canonical for path in PAGE_FILES]
    assert len(urls) == len(set(urls))


def test_configuration_points_at_the_samples() -> None:
    config = tomllib.loads((REPO_ROOT / "incidentdb.toml").read_text(encoding="utf-8"))
    assert "database" not in config, "the quick start uses the default SQLite file"
    assert config["sources"] == [
        {"name": "sample-news", "kind": "jsonl", "path": "examples/news/*.jsonl"},
        {"name": "sample-wire-rss", "kind": "rss", "path": "examples/feeds/islamabad-wire.xml"},
        {"name": "sample-pages", "kind": "dir", "path": "examples/pages"},
    ]
    assert sorted(glob.glob(str(REPO_ROOT / "examples/news/*.jsonl"))) == [str(p) for p in NEWS_FILES]
    assert FEED_FILE.is_file() and (REPO_ROOT / "examples/pages").is_dir()


def test_commented_examples_in_the_configuration_are_valid_toml() -> None:
    """Uncommenting the deployment examples must give a file incidentdb can read."""
    text = (REPO_ROOT / "incidentdb.toml").read_text(encoding="utf-8")
    examples = text.split("Examples for a real deployment", 1)[1]
    lines = [line[2:] for line in examples.splitlines() if re.match(r"# (\[|[a-z_]+ = )", line)]
    config = tomllib.loads("\n".join(lines))
    rss = [s for s in config["sources"] if s["kind"] == "rss"]
    assert rss and rss[0]["fetch_articles"] is True and rss[0]["url"].startswith("https://")
    assert config["database"]["url"].startswith("postgresql://")


# -- Expected results -------------------------------------------------------------------


def test_expected_results_cover_every_document_once() -> None:
    documents = _all_documents()
    primary = [doc for incident in EXPECTED["incidents"] for doc in incident["documents"]]
    assert len(primary) == len(set(primary))
    assert sorted(primary + EXPECTED["negatives"]) == sorted(documents)
    for incident in EXPECTED["incidents"]:
        for doc in incident["mentioned_in"]:
            assert doc in documents and doc not in incident["documents"], (incident["key"], doc)


def test_expected_results_agree_with_the_texts() -> None:
    documents = _all_documents()
    for incident in EXPECTED["incidents"]:
        key = incident["key"]
        docs = incident["documents"] + incident["mentioned_in"]
        text = "\n".join(documents[doc][0] for doc in docs)
        assert key.startswith(incident["date"]), key
        for field in ("killed", "wounded"):
            figures = incident[field]
            if figures["best"] is None:
                assert figures["low"] is None and figures["high"] is None, key
                continue
            assert figures["low"] <= figures["best"] <= figures["high"], (key, field)
            if "note" in figures:  # a total the reader adds up ("five Chinese and their driver")
                continue
            for value in {figures["low"], figures["best"], figures["high"], *figures["early"]}:
                assert re.search(rf"\b{value}\b", text), f"{key}: {field} {value} is in none of its texts"
        if incident["documents"]:
            first = min(documents[doc][1] for doc in incident["documents"])
            assert first.date() >= date.fromisoformat(incident["date"]), key
        for actor in incident["claimed_by"] + incident["denied_by"]:
            assert actor.lower() in text.lower(), f"{key}: {actor} is in none of its texts"


def test_the_three_compared_incidents_are_the_islamabad_attacks() -> None:
    compared = [i["key"] for i in EXPECTED["incidents"] if i["compare"]]
    assert compared == [
        "2008-09-20-islamabad-marriott",
        "2025-11-11-islamabad-g11-court",
        "2026-02-06-islamabad-tarlai-imambargah",
    ]
    for incident in EXPECTED["incidents"][:3]:
        assert incident["city"] == "Islamabad" and len(incident["documents"]) >= 5


def _table_rows(markdown: str) -> dict[str, list[str]]:
    rows = {}
    for line in markdown.splitlines():
        match = re.match(r"\| .*?`([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?-[a-z0-9-]+)`", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in line.strip("|").split("|")]
    return rows


def test_docs_tables_match_the_expected_results() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    docs = (REPO_ROOT / "docs" / "examples.md").read_text(encoding="utf-8")
    rows = _table_rows(readme)
    assert rows == _table_rows(docs), "examples/README.md and docs/examples.md show the same table"
    assert set(rows) == {i["key"] for i in EXPECTED["incidents"]}
    for incident in EXPECTED["incidents"]:
        cells = rows[incident["key"]]
        for field, cell in (("killed", cells[3]), ("wounded", cells[4])):
            best = incident[field]["best"]
            assert cell.startswith("-" if best is None else str(best)), (incident["key"], field, cell)
        for actor in incident["claimed_by"]:
            assert actor in cells[5], (incident["key"], actor)
        for blame in incident["blamed"]:
            assert blame["party"] in cells[6] and blame["by"] in cells[6], (incident["key"], blame)


# -- Our own words ----------------------------------------------------------------------


def _shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_no_sample_shares_a_sentence_with_the_development_corpus() -> None:
    """The corpus outside the repository must never leak into it, even in part."""
    corpus_dir = SHARED / "corpus"
    if not corpus_dir.is_dir():
        pytest.skip(f"{corpus_dir} is not present")
    size = 8  # names and stock phrases ("the Pakistan Institute of Medical Sciences") are shorter
    corpus = set()
    for path in corpus_dir.glob("*.txt"):
        corpus |= _shingles(path.read_text(encoding="utf-8"), size)
    for doc, (text, _published_at) in _all_documents().items():
        shared = _shingles(text, size) & corpus
        assert not shared, f"{doc} repeats corpus wording: {' '.join(sorted(shared)[0])}"
