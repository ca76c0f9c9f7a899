"""The bundled sample reports, loaded by ``incidentdb etl run``, give the incidents that
``examples/expected.json`` lists: one per attack, in the right place, with its toll."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO_ROOT

CONFIG = REPO_ROOT / "incidentdb.toml"
EXPECTED = REPO_ROOT / "examples" / "expected.json"


def test_the_samples_give_the_expected_incidents(cli) -> None:  # noqa: ANN001
    if not CONFIG.is_file() or not EXPECTED.is_file():
        pytest.skip("the bundled sample reports are not on this branch")
    assert cli("--config", str(CONFIG), "etl", "run").exit_code == 0
    exported = cli("export", "incidents", "--format", "jsonl")
    assert exported.exit_code == 0, exported.output
    got = [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["incidents"]
    assert len(got) == len(expected)
    for incident in expected:
        found = [
            g for g in got
            if g["date"].startswith(incident["date"]) and (g["country"], g["city"]) == (incident["country"], incident["city"])
        ]
        assert len(found) == 1, (incident["key"], [(g["date"], g["city"]) for g in got])
        # Every report of the attack is merged into it.
        assert set(incident["documents"]) <= set(found[0]["documents"]), incident["key"]
        best = incident["killed"]["best"]
        if best is not None and incident["documents"]:
            assert found[0]["killed_best"] is not None and abs(found[0]["killed_best"] - best) <= 0.1 * best, incident["key"]
