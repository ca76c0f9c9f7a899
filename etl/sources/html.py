"""Article pages: title, publication time and main text from HTML.

Metadata comes from the page's standard markup, in this order: Open Graph / article meta
(``og:title``, ``article:published_time``), JSON-LD (``headline``, ``datePublished``),
``<time datetime>``, then ``<title>``. The main text (without menus, ads, related links) is
extracted with trafilatura, a well-kept boilerplate remover; when it finds nothing, the
visible paragraph text is used.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

import lxml.html
import trafilatura

from etl.sources.base import parse_published

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Page:
    title: str | None
    published: dt.datetime | dt.date | None
    text: str
    url: str | None = None


def decode_html(data: bytes) -> str:
    """Bytes of a page to text: UTF-8, else the charset the page declares, else Latin-1."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096].decode("ascii", errors="ignore").lower()
    marker = head.find("charset=")
    if marker >= 0:
        charset = head[marker + 8 :].strip("\"' ").split('"')[0].split("'")[0].split(";")[0].split(">")[0].strip()
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("latin-1")


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
            if found and found[0].strip():
                return found[0].strip()
    return None


def _json_ld(tree: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    for block in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(block)
        except json.JSONDecodeError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, dict):
                if obj.get("datePublished") or obj.get("headline"):
                    return obj.get("headline"), obj.get("datePublished")
                stack.extend(v for v in obj.values() if isinstance(v, dict | list))
            elif isinstance(obj, list):
                stack.extend(obj)
    return None, None


def _safe_date(value: str | None) -> dt.datetime | dt.date | None:
    if not value:
        return None
    try:
        return parse_published(value.strip())
    except ValueError:
        try:
            return parse_published(value.strip()[:10])
        except ValueError:
            return None


def parse_page(html: str, url: str | None = None) -> Page:
    """Title, publication time and main text of an article page."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ValueError(f"not an HTML page: {exc}") from exc
    ld_title, ld_date = _json_ld(tree)
    title = _meta(tree, "og:title", "twitter:title") or ld_title
    if not title:
        found = tree.xpath("//title/text()") or tree.xpath("//h1//text()")
        title = " ".join(found[0].split()) if found else None
    published = (
        _safe_date(_meta(tree, "article:published_time", "datePublished", "pubdate", "date"))
        or _safe_date(ld_date)
        or _safe_date((tree.xpath("//time/@datetime") or [None])[0])
    )
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    if not text.strip():
        paragraphs = [" ".join(p.text_content().split()) for p in tree.xpath("//p")]
        text = "\n\n".join(p for p in paragraphs if p)
    text = text.strip()
    if title and text:
        # Headline, blank line, body: the shape of the interchange feed's texts.
        body = text[len(title) :].lstrip("\n") if text.startswith(title + "\n") else text
        text = f"{title}\n\n{body}"
    canonical = tree.xpath('//link[@rel="canonical"]/@href') or [_meta(tree, "og:url")]
    return Page(title=title, published=published, text=text, url=url or (canonical[0] or None))
