"""Test helpers for the ETL: extractors that stand in for etl.extract in tests.

* :func:`gold_extractor` reads the development corpus's gold annotations
  (``../shared/corpus/STEM.json``) at test time, so resolution and reconciliation can be
  tested on realistic mentions independently of the extractor's quality (nothing is copied);
* :func:`table_extractor` returns mentions given by the test itself, keyed by document id
  (or by a marker in the text, so an "updated article" can change its figures).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from etl.records import Document, Extraction, Mention


def gold_extractor(corpus: Path) -> Callable[[Document], Extraction]:
    gold = {}
    for path in corpus.glob("*.json"):
        if path.name == "incidents.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        gold[data["doc_id"]] = [Mention.from_dict(m) for m in data["mentions"]]

    def extract(document: Document) -> Extraction:
        return Extraction(document.id, [Mention.from_dict(m.to_dict()) for m in gold.get(document.id, [])])

    return extract


def gold_incident_of(corpus: Path) -> dict[str, list[str]]:
    """doc id -> incident keys its mentions annotate (primary first)."""
    out = {}
    for path in corpus.glob("*.json"):
        if path.name == "incidents.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["doc_id"]] = [m["incident"] for m in sorted(data["mentions"], key=lambda m: not m["primary"])]
    return out


def table_extractor(table: dict[str, list[dict]]) -> Callable[[Document], Extraction]:
    """Mentions per document id; a key "id@marker" applies when the text contains marker."""

    def extract(document: Document) -> Extraction:
        for key, mentions in table.items():
            if "@" in key:
                doc_id, marker = key.split("@", 1)
                if doc_id == document.id and marker in document.text:
                    return Extraction(document.id, [Mention.from_dict(m) for m in mentions])
        return Extraction(document.id, [Mention.from_dict(m) for m in table.get(document.id, [])])

    return extract
