"""The import's fast paths leave exactly the database the general path leaves.

Two shortcuts make large imports fast: rows that no other source's mention can be the same
attack as get their incident when they are written (``direct_incidents``), and large files are
read and transformed in a worker process (``parallel``). Each is compared here, on both
backends, with the plain path: resolution placing every row, files read in-process. The
comparison covers every stored value but surrogate ids and timestamps (``full_dump``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.imports import DATASETS, ImportOptions, import_file
from incidentdb.db import make_engine
from tests.conftest import _template, migrated_database
from tests.import_helpers import full_dump, rows, scalar, write_marriott_news

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"
EXTRACTOR = ["--extractor", "tests.import_helpers:marriott_extract"]


@pytest.fixture
def other_db_url(backend: str, tmp_path: Path, _templates: dict[str, str], tmp_path_factory) -> Iterator[str]:  # noqa: ANN001
    """A second fresh database on the same backend, to compare with ``db_url``."""
    with migrated_database(backend, _template(backend, _templates, tmp_path_factory), tmp_path / "other.db") as url:
        yield url


def run_import(url: str, dataset: str, path: Path, **options: object) -> None:
    engine = make_engine(url)
    try:
        summary = import_file(engine, DATASETS[dataset], path, ImportOptions(**options))  # type: ignore[arg-type]
        assert summary.status in ("succeeded", "partial")
    finally:
        engine.dispose()


FILES = [("gtd", "gtd_sample.csv"), ("ucdp", "ucdp_sample.csv"), ("acled", "acled_current.csv")]


def twins(path: Path, copies: int) -> Path:
    """The GTD sample with each row repeated under new event ids: the same attack values, so
    the same slug bases (within the file, and with the rows already imported)."""
    lines = (FIXTURES / "gtd_sample.csv").read_text("utf-8").splitlines(keepends=True)
    body = [line for line in lines[1:] if line[:12].isdigit()]
    out = [lines[0]]
    for n in range(copies):
        out += [f"9{n}{line[2:]}" for line in body]  # a new eventid, the rest of the row as is
    path.write_text("".join(out), encoding="utf-8")
    return path


def test_direct_incidents_equal_resolution(db_url: str, other_db_url: str, tmp_path: Path) -> None:
    """GTD, UCDP and ACLED rows, one per chunk (so slugs shared across chunks get their
    suffixes at the end), twins of rows already imported (their incidents' slugs change and
    the old ones become aliases), then a newer GTD release that updates rows in place."""
    copies = twins(tmp_path / "twins.csv", 2)
    for url, direct in ((db_url, True), (other_db_url, False)):
        for dataset, name in FILES:
            run_import(url, dataset, FIXTURES / name, chunk_size=1, direct_incidents=direct)
        run_import(url, "gtd", copies, chunk_size=3, direct_incidents=direct)
        run_import(url, "gtd", FIXTURES / "gtd_newer_release.csv", chunk_size=2, direct_incidents=direct)
    fast, general = full_dump(db_url), full_dump(other_db_url)
    assert fast == general
    assert len(fast["incidents"]) > 20
    assert not [slug for slug, *_ in fast["incidents"] if slug.startswith("~")]  # no placeholder left
    assert len(fast["slug_aliases"]) >= 3  # the first rows' plain slugs, now suffixed


def test_direct_incidents_next_to_news_equal_resolution(cli, other_db_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    """With news of the Marriott bombing in the database, the GTD row of that attack goes
    through resolution (and is merged); the other rows are written directly; same result."""
    from tests.conftest import Cli

    feed = write_marriott_news(tmp_path / "news.jsonl")
    for url in (cli.database_url, other_db_url):
        result = Cli(url)("etl", "run", str(feed), *EXTRACTOR)
        assert result.exit_code == 0, result.output
    run_import(cli.database_url, "gtd", FIXTURES / "gtd_sample.csv", direct_incidents=True)
    run_import(other_db_url, "gtd", FIXTURES / "gtd_sample.csv", direct_incidents=False)
    assert full_dump(cli.database_url) == full_dump(other_db_url)
    marriott = rows(cli.database_url, "SELECT count(DISTINCT m.incident_id) FROM mentions m JOIN documents d "
                                      "ON d.id = m.document_id WHERE d.external_id IN "
                                      "('200809200001', 'news-marriott-1', 'news-marriott-2')")
    assert marriott == [(1,)]


def test_worker_process_equals_in_process_reading(db_url: str, other_db_url: str) -> None:
    for dataset, name in FILES:
        run_import(db_url, dataset, FIXTURES / name, parallel=True, chunk_size=2)
        run_import(other_db_url, dataset, FIXTURES / name, parallel=False, chunk_size=2)
    assert full_dump(db_url) == full_dump(other_db_url)
    # A second import of the same files, through the worker's snapshot of known rows: unchanged.
    engine = make_engine(db_url)
    try:
        summary = import_file(engine, DATASETS["gtd"], FIXTURES / "gtd_sample.csv", ImportOptions(parallel=True))
    finally:
        engine.dispose()
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 6)
    assert full_dump(db_url) == full_dump(other_db_url) | {"rejected_records": full_dump(db_url)["rejected_records"]}


def test_an_interrupted_direct_import_is_completed_by_the_next_resolution(db_url: str, other_db_url: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed after writing incidents with placeholder slugs but before resolution: the next
    run (here another import) gives them their slugs, as one clean run would have."""
    from etl.imports import common

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("killed before resolution")

    monkeypatch.setattr(common, "_resolve", crash)
    with pytest.raises(RuntimeError):
        run_import(db_url, "gtd", FIXTURES / "gtd_sample.csv", chunk_size=2)
    assert scalar(db_url, "SELECT count(*) FROM incidents WHERE slug LIKE '~new~%'") == 6
    monkeypatch.undo()
    run_import(db_url, "ucdp", FIXTURES / "ucdp_sample.csv")
    run_import(other_db_url, "gtd", FIXTURES / "gtd_sample.csv")
    run_import(other_db_url, "ucdp", FIXTURES / "ucdp_sample.csv")
    assert scalar(db_url, "SELECT count(*) FROM incidents WHERE slug LIKE '~%'") == 0
    crashed, clean = full_dump(db_url), full_dump(other_db_url)
    # The interrupted run's rejected rows are recorded once more by the re-run; all else is equal.
    assert {k: v for k, v in crashed.items() if k != "rejected_records"} == \
        {k: v for k, v in clean.items() if k != "rejected_records"}
