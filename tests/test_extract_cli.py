"""``incidentdb extract`` and ``incidentdb eval`` through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from incidentdb.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
MENTION_FIELDS = {
    "primary", "date", "date_precision", "country", "admin1", "city", "locality", "killed", "wounded",
    "attack_type", "suicide", "target_type", "claimed_by", "denied_by", "blamed", "evidence",
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_feed_gives_one_object_per_document_in_order() -> None:
    result = run("extract", str(FIXTURES / "reports.jsonl"))
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    ids = [json.loads(line)["id"] for line in (FIXTURES / "reports.jsonl").read_text("utf-8").splitlines() if line.strip()]
    assert [d["id"] for d in lines] == ids
    assert all(set(d) == {"id", "mentions"} for d in lines)
    for d in lines:
        for m in d["mentions"]:
            assert set(m) >= MENTION_FIELDS
            assert all(set(b) >= {"party", "by", "evidence_given"} for b in m["blamed"])
            for count in (m["killed"], m["wounded"]):
                assert count is None or set(count) == {"low", "high", "qualifier"}


def test_parallel_output_equals_serial_output() -> None:
    serial = run("extract", str(FIXTURES / "reports.jsonl"))
    parallel = run("extract", "--jobs", "2", str(FIXTURES / "reports.jsonl"))
    assert parallel.exit_code == 0
    assert parallel.stdout == serial.stdout


def test_bad_lines_are_reported_with_line_numbers_and_skipped(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = {"id": "ok-1", "text": "A bomb killed 3 people in Kirkuk on Monday.", "published": "2025-03-04"}
    feed.write_bytes(
        (json.dumps(good) + "\n").encode()
        + b"{not json\n"
        + b'{"id": "no-text"}\n'
        + b'{"text": "no id"}\n'
        + b'{"id": "bad-date", "text": "x", "published": "yesterday"}\n'
        + b'{"id": "latin1", "text": "caf\xe9"}\n'
        + (json.dumps({**good, "id": "ok-2"}) + "\n").encode()
    )
    result = run("extract", str(feed))
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["ok-1", "ok-2"]
    for number, reason in ((2, "invalid JSON"), (3, "missing 'text'"), (4, "missing or empty 'id'"), (5, "bad 'published'"), (6, "not UTF-8")):
        assert f"{feed}:{number}: skipped: {reason}" in result.stderr
    assert "5 line(s) skipped" in result.stderr


def test_text_and_html_files_with_published(tmp_path: Path) -> None:
    result = run("extract", "--published", "2025-03-04", str(FIXTURES / "kirkuk-market.txt"), str(FIXTURES / "jos-church.html"))
    assert result.exit_code == 0, result.stderr
    kirkuk, jos = (json.loads(line) for line in result.stdout.splitlines())
    assert kirkuk["id"] == "kirkuk-market" and kirkuk["mentions"][0]["date"] == "2025-03-03"
    assert jos["id"] == "jos-church"
    (m,) = jos["mentions"]
    assert (m["city"], m["date"], m["killed"]["low"], m["wounded"]["low"]) == ("Jos", "2025-03-02", 11, 14)
    assert "999" not in json.dumps(jos)  # script contents are not text


def test_published_must_be_a_date() -> None:
    result = run("extract", "--published", "last week", str(FIXTURES / "kirkuk-market.txt"))
    assert result.exit_code == 2
    assert "is not a date" in result.stderr


def test_eval_on_a_small_gold_folder(tmp_path: Path) -> None:
    (tmp_path / "g-1.txt").write_text("Bomb kills 4 in Kirkuk\n\nA bomb killed 4 people in Kirkuk on Monday.\n", "utf-8")
    gold = {
        "doc_id": "g-1", "published": "2025-03-04", "title": "Bomb kills 4 in Kirkuk",
        "mentions": [{
            "incident": "k", "primary": True, "date": "2025-03-03", "date_precision": "day", "country": "IQ",
            "admin1": "Kirkuk", "city": "Kirkuk", "locality": None, "killed": {"low": 4, "high": None, "qualifier": "exact"},
            "wounded": None, "attack_type": "Bombing/Explosion", "suicide": None, "target_type": "Unknown",
            "claimed_by": [], "denied_by": [], "blamed": [],
        }],
    }
    (tmp_path / "g-1.json").write_text(json.dumps(gold), "utf-8")
    result = run("eval", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 20
    assert lines[0].startswith("incidentdb eval: 1 documents")
    assert any(line.split()[:6] == ["all", "1", "1", "1", "1.000", "1.000"] for line in lines)
    scores = json.loads(run("eval", "--json", str(tmp_path)).stdout)
    assert scores["mention_recall"] == 1.0 and scores["city"] == 1.0 and scores["killed"] == 1.0


def test_extract_runs_without_importing_the_database_layer(tmp_path: Path) -> None:
    """`incidentdb extract` is pure: it starts without SQLAlchemy or the table models (half a
    second of imports), and the models still load in full when a database command asks."""
    import subprocess
    import sys

    report = tmp_path / "r.txt"
    report.write_text("Gunmen attacked a police post in Quetta on Monday, killing three officers.\n", "utf-8")
    code = (
        "import sys\n"
        "from incidentdb.cli import main\n"
        f"main(['extract', {str(report)!r}, '--published', '2026-01-07'], standalone_mode=False)\n"
        "assert 'sqlalchemy' not in sys.modules, 'extract imported SQLAlchemy'\n"
        "from models import Base\n"
        "assert {'incidents', 'mentions', 'documents', 'attributions'} <= set(Base.metadata.tables)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["mentions"][0]["city"] == "Quetta"
