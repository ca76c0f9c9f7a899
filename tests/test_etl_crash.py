"""Crash safety: `kill -9` of a real `incidentdb etl run` at any point, then a re-run, leaves the
database exactly as one uninterrupted run would (no duplicates, nothing lost)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from incidentdb.db import make_engine
from tests.etl_helpers import canonical_dump

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.synthetic import write_feed  # noqa: E402

N_DOCUMENTS = 400


def command(db_url: str, feed: Path) -> list[str]:
    script = Path(sys.executable).with_name("incidentdb")
    return [str(script), "--database", db_url, "--quiet", "etl", "run", str(feed),
            "--extractor", "benchmarks.synthetic:extract"]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def count(engine, sql: str) -> int:  # noqa: ANN001
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar() or 0
    except Exception:  # noqa: BLE001 - the database may be mid-transaction; poll again
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["loading", "resolving"])
def test_kill_9_then_rerun_equals_one_clean_run(db_url: str, backend: str, tmp_path: Path, request,  # noqa: ANN001
                                                moment: str) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", N_DOCUMENTS)
    engine = make_engine(db_url)
    process = subprocess.Popen(command(db_url, feed), env=environment(), cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    threshold = N_DOCUMENTS // 3 if moment == "loading" else N_DOCUMENTS
    while time.monotonic() < deadline and process.poll() is None:
        if count(engine, "SELECT COUNT(*) FROM documents") >= threshold:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed: make the feed larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    loaded = count(engine, "SELECT COUNT(*) FROM documents")
    assert 0 < loaded <= N_DOCUMENTS

    rerun = subprocess.run(command(db_url, feed), env=environment(), cwd=tmp_path, capture_output=True, text=True,
                           timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with engine.connect() as conn:
        runs = conn.execute(text("SELECT status, message FROM etl_runs ORDER BY id")).all()
    assert runs[0][0] == "failed" and runs[0][1].startswith("interrupted")
    assert runs[1][0] == "succeeded"

    from tests.test_etl_run import _fresh_copy

    clean_url = _fresh_copy(backend, request, tmp_path / "clean")
    clean = subprocess.run(command(clean_url, feed), env=environment(), cwd=tmp_path, capture_output=True,
                           text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr
    clean_engine = make_engine(clean_url)
    expected, actual = canonical_dump(clean_engine), canonical_dump(engine)
    clean_engine.dispose()
    engine.dispose()
    assert len(actual["documents"]) == N_DOCUMENTS
    for table in expected:
        assert actual[table] == expected[table], f"{table} differs: {json.dumps(actual[table][:3])[:500]}"
