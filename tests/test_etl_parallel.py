"""`etl run` extracting in worker processes gives the database one process gives.

The feeds here are large enough (more than ``PARALLEL_MIN_DOCUMENTS`` to extract) for the
extraction pool to start; the stand-in extractor reads the synthetic template back, so the
comparison is about the pipeline, not the extractor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import synthetic
from etl.config import adhoc_source
from etl.load.extraction import PARALLEL_MIN_DOCUMENTS
from etl.pipeline import run_etl
from etl.records import Document, Extraction
from incidentdb.db import make_engine
from tests.etl_helpers import canonical_dump
from tests.test_import_fast_path import other_db_url  # noqa: F401 - fixture

N = PARALLEL_MIN_DOCUMENTS + 90


def flaky_extract(document: Document) -> Extraction:
    """The synthetic extractor, failing on every 37th report (as a broken extractor would)."""
    if document.id.endswith("-3") and int(document.id.split("-")[1]) % 37 == 0:
        raise ValueError(f"cannot read {document.id}")
    return synthetic.extract(document)


def run(url: str, feed: Path, jobs: int, extractor=synthetic.extract):  # noqa: ANN001, ANN201
    engine = make_engine(url)
    try:
        return run_etl(engine, [adhoc_source(str(feed))], extractor=extractor, extractor_version="t-1", jobs=jobs,
                       batch_size=25)
    finally:
        engine.dispose()


def rejected(url: str) -> list[tuple]:
    from tests.import_helpers import rows

    return sorted(rows(url, "SELECT line_number, record_id, error FROM rejected_records"))


def test_parallel_extraction_equals_one_process(db_url: str, other_db_url: str, tmp_path: Path) -> None:  # noqa: F811
    feed = synthetic.write_feed(tmp_path / "feed.jsonl", N)
    first = [run(db_url, feed, jobs=2, extractor=flaky_extract), run(other_db_url, feed, jobs=1,
                                                                       extractor=flaky_extract)]
    assert first[0].documents_new == first[1].documents_new > PARALLEL_MIN_DOCUMENTS
    assert first[0].documents_rejected == first[1].documents_rejected >= 1
    assert canonical_dump(make_engine(db_url)) == canonical_dump(make_engine(other_db_url))
    assert rejected(db_url) == rejected(other_db_url)
    assert all("extraction failed: ValueError: cannot read" in error for _, _, error in rejected(db_url))

    # The same feed again, with a third of the reports changed and one id given twice (the
    # second copy wins, as in a run of one process): the same database again.
    lines = feed.read_text("utf-8").splitlines()
    changed = []
    for i, line in enumerate(lines):
        record = json.loads(line)
        if i % 3 == 0:
            record["text"] = record["text"].replace("were killed", "were killed, officials said,")
        changed.append(json.dumps(record))
    twin = json.loads(changed[5])
    twin["text"] += " A later update."
    changed.insert(40, json.dumps(twin))
    feed.write_text("\n".join(changed) + "\n", encoding="utf-8")
    second = [run(db_url, feed, jobs=2), run(other_db_url, feed, jobs=1)]
    assert second[0].documents_updated == second[1].documents_updated > N // 3
    assert canonical_dump(make_engine(db_url)) == canonical_dump(make_engine(other_db_url))


def test_jobs_option_and_setting(cli, tmp_path: Path) -> None:  # noqa: ANN001
    feed = synthetic.write_feed(tmp_path / "feed.jsonl", 10)
    result = cli("etl", "run", str(feed), "--extractor", "benchmarks.synthetic:extract", "--jobs", "2")
    assert result.exit_code == 0, result.output
    bad = cli("etl", "run", str(feed), "--jobs", "0")
    assert bad.exit_code == 2 and "Invalid value for '--jobs' / '-j'" in bad.output
    config = tmp_path / "incidentdb.toml"
    config.write_text('[etl]\njobs = "many"\njbos = 2\n', encoding="utf-8")
    result = cli("--config", str(config), "etl", "run", str(feed))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {config}: 2 problems: [etl]: unknown key 'jbos' (did you mean 'jobs'?); "
        "[etl]: 'jobs' must be a whole number of processes (1 or more) or \"auto\" (got 'many')"
    )


@pytest.mark.parametrize("value", [1, 3, "auto"])
def test_etl_jobs_setting_is_read(tmp_path: Path, value: object) -> None:
    from etl.config import load_etl_settings
    from incidentdb.config import load_config

    config = tmp_path / "incidentdb.toml"
    config.write_text(f"[etl]\njobs = {json.dumps(value)}\n", encoding="utf-8")
    assert load_etl_settings(load_config(config)).jobs == (None if value == "auto" else value)
