"""HTTP fetching for feeds and article pages: timeouts, retries, a user agent, conditional GET.

* every request has a timeout (``timeout`` seconds, per source);
* connection errors, timeouts and 5xx answers are retried with exponential backoff
  (``backoff`` × 2^attempt seconds, ``retries`` times); a 4xx is final (retrying a 404 or a
  403 only hammers the server);
* the User-Agent names incidentdb and its version;
* the validators of the last successful fetch (ETag, Last-Modified) are sent back as
  If-None-Match / If-Modified-Since; a 304 means "unchanged", and the caller skips the feed
  or page. Validators live in the ``http_cache`` table; the fetcher only collects them and the
  run writes them after the documents they stand for are committed, so a crash can never
  leave the cache claiming a page whose documents were not stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field

import httpx

from incidentdb import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"incidentdb/{__version__} (terror-incident database ETL; python-httpx)"


class FetchError(Exception):
    """The URL could not be fetched (after retries, or a final 4xx)."""


@dataclass(frozen=True, slots=True)
class CacheEntry:
    etag: str | None
    last_modified: str | None
    content_sha256: str | None = None
    status_code: int | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    status_code: int
    content: bytes
    headers: httpx.Headers
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class Fetcher:
    """One HTTP client per run; ``cache`` holds known validators, ``updates`` the new ones."""

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    cache: dict[str, CacheEntry] = field(default_factory=dict)
    updates: dict[str, CacheEntry] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                follow_redirects=True,
                timeout=self.timeout,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str, *, conditional: bool = True, timeout: float | None = None) -> Fetched:
        headers = {}
        known = self.cache.get(url) if conditional else None
        if known is not None:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        attempt = 0
        while True:
            try:
                response = self.client().get(url, headers=headers, timeout=timeout or self.timeout)
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                if attempt >= self.retries:
                    raise FetchError(f"cannot fetch {url}: {problem} (after {attempt + 1} attempts)") from exc
            else:
                if response.status_code == 304:
                    log.info("not modified: %s", url)
                    return Fetched(url, 304, b"", response.headers, not_modified=True)
                if response.status_code < 400:
                    self._remember(url, response)
                    return Fetched(url, response.status_code, response.content, response.headers)
                problem = f"HTTP {response.status_code} {response.reason_phrase}"
                if response.status_code < 500 or attempt >= self.retries:
                    suffix = f" (after {attempt + 1} attempts)" if response.status_code >= 500 else ""
                    raise FetchError(f"cannot fetch {url}: {problem}{suffix}")
            delay = self.backoff * (2**attempt)
            log.info("fetching %s failed (%s); retrying in %.1f s", url, problem, delay)
            time.sleep(delay)
            attempt += 1

    def _remember(self, url: str, response: httpx.Response) -> None:
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if etag or modified:
            self.updates[url] = CacheEntry(etag, modified, hashlib.sha256(response.content).hexdigest(),
                                           response.status_code)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
