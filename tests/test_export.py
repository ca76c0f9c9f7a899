"""`incidentdb export incidents`: the interchange §3 format, JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.etl_helpers import write_news

SPEC_FIELDS = ["id", "slug", "date", "date_precision", "country", "admin1", "city", "locality", "killed_best",
               "killed_low", "killed_high", "wounded_best", "wounded_low", "wounded_high", "attack_type", "suicide",
               "target_type", "claimed_by", "blamed", "documents"]


def test_jsonl_has_every_spec_field_with_its_type(cli, tmp_path: Path) -> None:  # noqa: ANN001
    assert cli("etl", "run", str(write_news(tmp_path / "n.jsonl")), "--extractor", "tests.etl_helpers:news_extract"
               ).exit_code == 0
    result = cli("export", "incidents", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    for record in records:
        assert set(SPEC_FIELDS) <= set(record)
        assert isinstance(record["id"], int) and isinstance(record["documents"], list)
        assert all(set(b) == {"party", "by"} for b in record["blamed"])
    shrine = records[-1]
    assert {k: shrine[k] for k in SPEC_FIELDS if k != "id"} == {
        "slug": "2026-02-06-islamabad-tarlai-kalan-bombing", "date": "2026-02-06", "date_precision": "day",
        "country": "PK", "admin1": "Islamabad Capital Territory", "city": "Islamabad", "locality": "Tarlai Kalan",
        "killed_best": 33, "killed_low": 30, "killed_high": 33, "wounded_best": 160, "wounded_low": 80,
        "wounded_high": 160, "attack_type": "Bombing/Explosion", "suicide": True,
        "target_type": "Religious Figures/Institutions", "claimed_by": ["Islamic State Khorasan Province"],
        "blamed": [{"party": "Afghanistan", "by": "Interior Minister"}],
        "documents": ["n-recall", "n-shrine-1", "n-shrine-2", "n-shrine-3", "n-shrine-3-copy"],
    }


def test_csv_to_a_file(cli, tmp_path: Path) -> None:  # noqa: ANN001
    cli("etl", "run", str(write_news(tmp_path / "n.jsonl")), "--extractor", "tests.etl_helpers:news_extract")
    out = tmp_path / "incidents.csv"
    result = cli("export", "incidents", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0 and result.stderr.strip() == f"wrote 3 incidents to {out}"
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert set(SPEC_FIELDS) <= set(rows[0])
    assert rows[-1]["documents"] == "n-recall; n-shrine-1; n-shrine-2; n-shrine-3; n-shrine-3-copy"
    assert rows[-1]["blamed"] == "Afghanistan (Interior Minister)" and rows[-1]["suicide"] == "true"


def test_empty_database_exports_nothing(cli) -> None:  # noqa: ANN001
    result = cli("export", "incidents")
    assert result.exit_code == 0 and result.stdout == ""
