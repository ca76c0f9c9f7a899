"""Extraction fixtures are our own texts: none shares eight consecutive words with a corpus report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
OURS = [
    *sorted((Path(__file__).resolve().parent / "fixtures" / "extract").iterdir()),
    *sorted(Path(__file__).resolve().parent.glob("test_extract_*.py")),
]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i:i + 8]) for i in range(len(words) - 7)}


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_no_fixture_copies_the_corpus() -> None:
    corpus = set().union(*(_shingles(p.read_text("utf-8")) for p in CORPUS.glob("*.txt")))
    for path in OURS:
        shared = _shingles(path.read_text("utf-8")) & corpus
        assert not shared, f"{path.name} shares text with the corpus: {' '.join(next(iter(shared)))}"
