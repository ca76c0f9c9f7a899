"""Shared helpers for the extraction tests: a report text in, its mentions out."""

from __future__ import annotations

import datetime as dt

from etl.extract import extract
from etl.records import Document, Mention


def mentions_of(text: str, published: str | None = "2024-05-13") -> list[Mention]:
    """The mentions of ``text`` (its first line is the headline), anchored on ``published``."""
    date = dt.date.fromisoformat(published) if published else None
    return extract(Document("t", text, date, text.split("\n", 1)[0], None, None)).mentions
