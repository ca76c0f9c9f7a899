"""Scores on the development corpus (../shared/corpus) never drop below the recorded floors.

The floors live in ``etl/extract/baseline.json`` (a ratchet: raise them with
``incidentdb eval ../shared/corpus --update-baseline`` when scores improve; never lower them
silently). Skipped when the corpus folder is absent.
"""

from __future__ import annotations

import json

import pytest

from etl.extract import extract
from etl.extract.evaluate import check_floors, evaluate
from incidentdb.cli.extract import BASELINE_FILE
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"

#: The acceptance floors of issue 3 (the baseline file must be at least these).
ISSUE_FLOORS = {
    "mention_recall": 0.90, "mention_precision": 0.85, "date": 0.90, "city": 0.90, "killed": 0.90,
    "wounded": 0.90, "claimed_by": 0.90, "country": 0.80, "admin1": 0.80, "attack_type": 0.80,
    "target_type": 0.80, "blamed": 0.80,
}


@pytest.mark.skipif(not (CORPUS / "documents.jsonl").exists(), reason="../shared/corpus is not present")
def test_corpus_scores_hold_the_baseline() -> None:
    report = evaluate(CORPUS, lambda doc: extract(doc).mentions)
    floors = json.loads(BASELINE_FILE.read_text("utf-8"))
    assert report.documents >= 30
    assert check_floors(report, floors) == []
    assert check_floors(report, ISSUE_FLOORS) == []


def test_baseline_file_meets_the_issue_floors() -> None:
    floors = json.loads(BASELINE_FILE.read_text("utf-8"))
    for name, floor in ISSUE_FLOORS.items():
        assert floors[name] >= floor, name
