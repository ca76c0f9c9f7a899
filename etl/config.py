"""Source configuration: the ``[[sources]]`` tables of ``incidentdb.toml``, checked once.

```toml
[[sources]]
name = "sample-news"          # unique; the document source when an item names no outlet
kind = "jsonl"                # jsonl | dir | rss
path = "samples/news/*.jsonl" # file, glob or folder, relative to the config file's folder
# url = "https://example.org/feed.xml"   # rss or jsonl by URL instead of path
# fetch_articles = true       # rss: fetch each linked page and extract its main text
# enabled = true
# timeout = 30                # seconds, HTTP
# retries = 3                 # HTTP retries on connection errors and 5xx
# published = "2026-02-07"    # dir: publication date of .txt files without a dated name
```

:func:`load_sources` checks every table and reports *all* problems at once, each prefixed
with the file name, so a typo is found before the night starts rather than halfway through.
"""

from __future__ import annotations

import datetime as dt
import difflib
import glob
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incidentdb.config import Config
from incidentdb.errors import ConfigError

KINDS = ("jsonl", "dir", "rss")
KEYS = {"name", "kind", "path", "url", "fetch_articles", "enabled", "timeout", "retries", "backoff", "published"}


@dataclass(frozen=True)
class SourceConfig:
    """One configured (or ad hoc) source."""

    name: str
    kind: str
    path: str | None = None  # absolute, or a glob
    url: str | None = None
    fetch_articles: bool = False
    enabled: bool = True
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    published: dt.date | None = None

    @property
    def location(self) -> str:
        return self.url or self.path or ""


def _is_glob(path: str) -> bool:
    return glob.has_magic(path)


def validate_source(table: Any, index: int, base: Path, seen: set[str]) -> tuple[SourceConfig | None, list[str]]:
    """(config, problems) for the ``index``-th [[sources]] table."""
    label = f"[[sources]] #{index}"
    if not isinstance(table, dict):
        return None, [f"{label}: must be a table"]
    problems: list[str] = []
    name = table.get("name")
    if isinstance(name, str) and name.strip():
        label = f"source {name!r}"
        if name in seen:
            problems.append(f"{label}: the name is used twice; names must be unique")
        seen.add(name)
    else:
        problems.append(f"{label}: 'name' is required (a non-empty string)")
    for key in sorted(set(table) - KEYS):
        close = difflib.get_close_matches(key, sorted(KEYS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"{label}: unknown key {key!r}{hint}")
    kind = table.get("kind")
    if kind not in KINDS:
        problems.append(f"{label}: 'kind' must be one of {', '.join(KINDS)} (got {kind!r})")
    path, url = table.get("path"), table.get("url")
    if path is not None and not (isinstance(path, str) and path.strip()):
        problems.append(f"{label}: 'path' must be a non-empty string")
        path = None
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        problems.append(f"{label}: 'url' must be an http:// or https:// address")
        url = None
    if path and url:
        problems.append(f"{label}: give either 'path' or 'url', not both")
    elif not path and not url and "path" not in table and "url" not in table:
        problems.append(f"{label}: 'path' (or 'url' for rss/jsonl) is required")
    if kind == "dir" and url:
        problems.append(f"{label}: a dir source reads a folder; use 'path'")
    resolved = None
    if path:
        candidate = Path(path).expanduser()
        resolved = str(candidate if candidate.is_absolute() else (base / candidate))
        if not _is_glob(resolved):
            target = Path(resolved)
            if kind == "dir" and not target.is_dir():
                problems.append(f"{label}: folder {resolved} does not exist")
            elif kind in ("jsonl", "rss") and not target.exists():
                problems.append(f"{label}: file {resolved} does not exist")
    for key in ("fetch_articles", "enabled"):
        if key in table and not isinstance(table[key], bool):
            problems.append(f"{label}: {key!r} must be true or false")
    if table.get("fetch_articles") and kind != "rss":
        problems.append(f"{label}: 'fetch_articles' only applies to rss sources")
    numbers: dict[str, float] = {}
    for key, default, integer in (("timeout", 30.0, False), ("retries", 3, True), ("backoff", 1.0, False)):
        value = table.get(key, default)
        ok = isinstance(value, int) if integer else isinstance(value, int | float)
        if isinstance(value, bool) or not ok or value < 0 or (key == "timeout" and value == 0):
            problems.append(f"{label}: {key!r} must be a {'whole' if integer else 'positive'} number (got {value!r})")
        else:
            numbers[key] = value
    published = table.get("published")
    if published is not None:
        if isinstance(published, dt.datetime):
            published = published.date()
        elif isinstance(published, str):
            try:
                published = dt.date.fromisoformat(published)
            except ValueError:
                problems.append(f"{label}: 'published' must be a date (YYYY-MM-DD)")
                published = None
        elif not isinstance(published, dt.date):
            problems.append(f"{label}: 'published' must be a date (YYYY-MM-DD)")
            published = None
    if problems:
        return None, problems
    return (
        SourceConfig(
            name=name.strip(),
            kind=kind,
            path=resolved,
            url=url,
            fetch_articles=bool(table.get("fetch_articles", False)),
            enabled=bool(table.get("enabled", True)),
            timeout=float(numbers["timeout"]),
            retries=int(numbers["retries"]),
            backoff=float(numbers["backoff"]),
            published=published,
        ),
        [],
    )


def load_sources(config: Config) -> list[SourceConfig]:
    """The configured sources (disabled ones included), or ConfigError listing every problem."""
    tables = config.section("sources")
    if tables is None:
        return []
    where = str(config.path) if config.path else "configuration"
    if not isinstance(tables, list):
        raise ConfigError(f"{where}: 'sources' must be an array of tables ([[sources]])")
    base = config.path.parent if config.path else Path.cwd()
    seen: set[str] = set()
    sources, problems = [], []
    for index, table in enumerate(tables, start=1):
        source, found = validate_source(table, index, base, seen)
        problems.extend(found)
        if source:
            sources.append(source)
    if problems:
        listing = "; ".join(problems)
        raise ConfigError(f"{where}: {len(problems)} problem{'s' if len(problems) > 1 else ''}: {listing}")
    return sources


def adhoc_source(target: str) -> SourceConfig:
    """A source for a path or URL given on the command line (``incidentdb etl run PATH...``).

    Kind by form: a folder -> dir; ``.jsonl``/``.ndjson``/``.json`` -> jsonl; ``.txt``,
    ``.html``, ``.htm`` -> a single report; ``.xml``, ``.rss``, ``.atom`` and URLs -> rss
    (a URL ending in ``.jsonl`` -> jsonl). The source is named after the file or folder.
    """
    if target.startswith(("http://", "https://")):
        kind = "jsonl" if target.split("?")[0].endswith((".jsonl", ".ndjson")) else "rss"
        return SourceConfig(name=target, kind=kind, url=target)
    path = Path(target).expanduser().resolve()
    if not path.exists() and not _is_glob(str(path)):
        raise ConfigError(f"{target}: no such file or folder")
    if path.is_dir():
        return SourceConfig(name=path.name, kind="dir", path=str(path))
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return SourceConfig(name=path.name, kind="jsonl", path=str(path))
    if suffix in (".txt", ".html", ".htm"):
        return SourceConfig(name=path.parent.name or "files", kind="file", path=str(path))
    if suffix in (".xml", ".rss", ".atom"):
        return SourceConfig(name=path.name, kind="rss", path=str(path))
    raise ConfigError(f"{target}: cannot tell what kind of input this is (expected a folder, .jsonl, .txt, .html, "
                      ".xml/.rss/.atom or an http(s) URL)")
