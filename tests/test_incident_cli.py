"""`incidentdb incident`: show, set/unset overrides, merge and split, all surviving re-runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.etl_helpers import NEWS, write_news

EXTRACTOR = ["--extractor", "tests.etl_helpers:news_extract"]
SHRINE = "2026-02-06-islamabad-tarlai-kalan-bombing"
COURT = "2025-11-11-islamabad-g-11-bombing"
MOSQUE = "2022-03-04-peshawar-koocha-risaldar-bombing"


@pytest.fixture
def loaded(cli, tmp_path: Path):  # noqa: ANN001, ANN201
    feed = write_news(tmp_path / "news.jsonl")
    assert cli("etl", "run", str(feed), *EXTRACTOR).exit_code == 0
    return feed


def incidents(cli) -> dict[str, dict]:  # noqa: ANN001
    return {r["slug"]: r for r in map(json.loads, cli("export", "incidents").stdout.splitlines())}


def test_show_explains_values_conflicts_and_sources(cli, loaded) -> None:  # noqa: ANN001
    result = cli("incident", "show", SHRINE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"2026-02-06 Islamabad (Tarlai Kalan) suicide bombing  [{SHRINE}, id ")
    assert "  killed       best 33 (range 30-33)   reports disagree: 20, 30, 33" in out
    assert "    2026-02-06  at least 20      Capital Wire: n-shrine-1  <- superseded lower bound (a fuller count exists)" in out
    assert "    2026-02-07  20               Frontier Daily: n-shrine-2  <- earlier toll quoted in the same report" in out
    assert "    blamed   Afghanistan by Interior Minister, without evidence   (Capital Wire: n-shrine-3, 2026-02-09)" in out
    assert "    claimed  Islamic State Khorasan Province   (Capital Wire: n-shrine-3, 2026-02-09)" in out
    data = json.loads(cli("incident", "show", SHRINE, "--format", "json").stdout)
    assert data["figures"]["killed"]["value"] == {"best": 33, "low": 30, "high": 33}
    assert [d["document"] for d in data["documents"]] == [
        "n-shrine-1", "n-shrine-2", "n-recall", "n-shrine-3", "n-shrine-3-copy"]


def test_unknown_slug_suggests(cli, loaded) -> None:  # noqa: ANN001
    result = cli("incident", "show", "2026-02-06-islamabad-tarlai-bombing")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: no incident '2026-02-06-islamabad-tarlai-bombing' "
                                     f"(did you mean: {SHRINE}?)")


def test_override_wins_and_survives_reruns_and_updates(cli, loaded, tmp_path: Path) -> None:  # noqa: ANN001
    result = cli("incident", "set", SHRINE, "killed_best", "31", "--reason", "official count", "--author", "ana")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{SHRINE}: killed_best = 31 (override by ana)"
    assert incidents(cli)[SHRINE]["killed_best"] == 31
    # a re-run, and an update of an article with a new toll, do not undo it
    changed = [dict(d) for d in NEWS]
    changed[2]["text"] = changed[2]["text"].replace("33 died", "now 35 died")
    write_news(loaded, changed)
    assert cli("etl", "run", str(loaded), *EXTRACTOR).exit_code == 0
    record = incidents(cli)[SHRINE]
    assert (record["killed_best"], record["killed_high"]) == (31, 35)
    show = cli("incident", "show", SHRINE).stdout
    assert "killed_best = 31 overridden by ana" in show and "official count" in show
    assert cli("incident", "unset", SHRINE, "killed_best").exit_code == 0
    assert incidents(cli)[SHRINE]["killed_best"] == 35


@pytest.mark.parametrize(("field", "value", "message"), [
    ("deaths", "3", "Error: 'deaths' cannot be overridden (fields: killed_best,"),
    ("killed_best", "many", "Error: killed_best must be a whole number >= 0 (or 'null'), got 'many'"),
    ("attack_type", "car bomb", "Error: 'car bomb' is not a valid attack type; expected one of: Assassination,"),
    ("date", "2026-13-01", "Error: date: '2026-13-01' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    ("killed_low", "40", "Error: killed: low <= best <= high must hold (low=40, best=33, high=33)"),
])
def test_set_validates(cli, loaded, field: str, value: str, message: str) -> None:  # noqa: ANN001
    result = cli("incident", "set", SHRINE, field, value, "--reason", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr


def test_override_date_and_place(cli, loaded) -> None:  # noqa: ANN001
    assert cli("incident", "set", MOSQUE, "locality", "Kocha Risaldar", "--reason", "official spelling").exit_code == 0
    assert cli("incident", "set", MOSQUE, "suicide", "false", "--reason", "x").exit_code == 0
    record = incidents(cli)
    mosque = next(r for r in record.values() if r["documents"] == ["n-mosque-1", "n-mosque-2"])
    assert (mosque["locality"], mosque["suicide"]) == ("Kocha Risaldar", False)
    # the slug follows the corrected values; the old one still resolves
    assert mosque["slug"] == "2022-03-04-peshawar-kocha-risaldar-bombing"
    assert cli("incident", "show", MOSQUE).exit_code == 0


def _touch(feed: Path, n: int) -> None:
    """Update a Pakistani report, so the next run re-resolves every Pakistani incident from scratch."""
    changed = [dict(d) for d in NEWS]
    changed[5]["text"] += f" (updated {n})"
    write_news(feed, changed)


def test_merge_and_split_survive_reruns(cli, loaded) -> None:  # noqa: ANN001
    result = cli("incident", "merge", SHRINE, COURT, "--reason", "test: one campaign")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"merged {COURT} into {SHRINE}"
    _touch(loaded, 1)
    run = cli("etl", "run", str(loaded), *EXTRACTOR)
    assert "1 updated" in run.stdout
    merged = [r for r in incidents(cli).values() if "n-court-1" in r["documents"]]
    assert len(merged) == 1 and "n-shrine-1" in merged[0]["documents"]
    assert cli("incident", "show", COURT).exit_code == 0  # the merged slug resolves to the survivor

    slug = merged[0]["slug"]
    result = cli("incident", "split", slug, "--document", "n-court-1", "--document", "n-court-2",
                 "--reason", "they are the court attack")
    assert result.exit_code == 0, result.output
    _touch(loaded, 2)
    assert "1 updated" in cli("etl", "run", str(loaded), *EXTRACTOR).stdout
    after = incidents(cli)
    court = next(r for r in after.values() if "n-court-1" in r["documents"])
    assert court["documents"] == ["n-court-1", "n-court-2"]
    shrine = next(r for r in after.values() if "n-shrine-1" in r["documents"])
    assert "n-court-1" not in shrine["documents"]


def test_split_rejects_foreign_documents(cli, loaded) -> None:  # noqa: ANN001
    result = cli("incident", "split", SHRINE, "--document", "n-court-1", "--reason", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: not documents of {SHRINE}: n-court-1 (its documents: n-recall,")


def test_list(cli, loaded) -> None:  # noqa: ANN001
    result = cli("incident", "list", "--search", "islamabad", "--format", "csv")
    assert result.stdout.splitlines()[0] == "slug,date,attack_type,killed,wounded,title"
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == [SHRINE, COURT]
