"""Merge with news: a GTD row and news reports of the same attack become one incident.

The news reports go through the ETL (``incidentdb etl run``, with a stand-in extractor that
gives their mentions); the GTD fixture through ``incidentdb import gtd``. Whatever the order,
the 2008 Marriott bombing is one incident carrying both provenances, and its figures follow
the reconciliation rule (the dataset's curated count is the best; the news' partial "at least
40" does not widen the range).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.import_helpers import rows, scalar, write_marriott_news

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"
EXTRACTOR = ["--extractor", "tests.import_helpers:marriott_extract"]


@pytest.mark.parametrize("order", ["news first", "dataset first"])
def test_gtd_row_and_news_reports_become_one_incident(cli, tmp_path: Path, order: str) -> None:  # noqa: ANN001
    feed = write_marriott_news(tmp_path / "news.jsonl")
    steps = [("etl", "run", str(feed), *EXTRACTOR), ("import", "gtd", str(FIXTURES / "gtd_sample.csv"))]
    if order == "dataset first":
        steps.reverse()
    outputs = []
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    if order == "news first":
        assert "  incidents                5 created, 1 merged with existing incidents, 0 re-reconciled" in outputs[1]

    url = cli.database_url
    marriott = rows(
        url,
        "SELECT DISTINCT m.incident_id FROM mentions m JOIN documents d ON d.id = m.document_id "
        "WHERE d.external_id IN ('200809200001', 'news-marriott-1', 'news-marriott-2')",
    )
    assert len(marriott) == 1 and marriott[0][0] is not None
    incident_id = marriott[0][0]
    provenance = sorted(rows(
        url,
        "SELECT s.name, s.kind, d.kind, d.external_id FROM mentions m JOIN documents d ON d.id = m.document_id "
        "JOIN sources s ON s.id = d.source_id WHERE m.incident_id = :i",
        i=incident_id,
    ))
    assert provenance == [
        ("GTD", "dataset", "dataset_record", "200809200001"),
        ("Test Daily", "news", "report", "news-marriott-2"),
        ("Test Wire", "news", "report", "news-marriott-1"),
    ]
    incident = rows(url, "SELECT date_start, date_precision, killed_best, killed_low, killed_high, wounded_best, "
                         "attack_type, suicide, target_type FROM incidents WHERE id = :i", i=incident_id)[0]
    assert str(incident[0]) == "2008-09-20"
    assert incident[1:] == ("day", 55, 53, 55, 266, "Bombing/Explosion", True, "Business")
    # The figures ledger keeps every figure with its document (nothing is thrown away).
    ledger = sorted(rows(
        url,
        "SELECT d.external_id, c.population, c.low, c.qualifier FROM casualty_reports c "
        "JOIN documents d ON d.id = c.document_id WHERE c.incident_id = :i AND c.category = 'killed'",
        i=incident_id,
    ))
    assert ledger == [
        ("200809200001", "perpetrators", 1, "exact"),
        ("200809200001", "total", 55, "exact"),
        ("news-marriott-1", "total", 40, "at_least"),
        ("news-marriott-2", "total", 53, "exact"),
    ]
    claims = rows(url, "SELECT a.name, t.role FROM attributions t JOIN actors a ON a.id = t.actor_id "
                       "WHERE t.incident_id = :i", i=incident_id)
    assert claims == [("Fedayeen-e-Islam", "claimed")]
    # The interchange export lists both provenances among the incident's documents.
    exported = [json.loads(line) for line in cli("export", "incidents").stdout.splitlines()]
    record = next(r for r in exported if r["id"] == incident_id)
    assert sorted(record["documents"]) == ["200809200001", "news-marriott-1", "news-marriott-2"]
    assert record["claimed_by"] == ["Fedayeen-e-Islam"]
    # The other GTD rows stay incidents of their own.
    assert scalar(url, "SELECT count(*) FROM incidents") == 6
