"""`incidentdb etl run` end to end on both backends: loading, dedup, resolution, bookkeeping."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path

from sqlalchemy import select, text

from etl.config import adhoc_source
from etl.lock import run_lock
from etl.pipeline import run_etl
from incidentdb.db import make_engine, session_scope
from models import Document, EtlRun, RejectedRecord
from tests.etl_helpers import NEWS, canonical_dump, news_extract, write_news

EXTRACTOR = ["--extractor", "tests.etl_helpers:news_extract"]


def export(cli) -> list[dict]:  # noqa: ANN001
    result = cli("export", "incidents")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def by_slug(records: list[dict]) -> dict[str, dict]:
    return {r["slug"]: r for r in records}


def test_run_loads_resolves_and_reconciles(cli, tmp_path: Path) -> None:  # noqa: ANN001
    feed = write_news(tmp_path / "news.jsonl")
    result = cli("etl", "run", str(feed), *EXTRACTOR)
    assert result.exit_code == 0, result.output
    assert "9 documents seen, 9 new, 0 updated, 0 unchanged, 0 rejected; 3 incidents created" in result.stdout
    incidents = by_slug(export(cli))
    assert sorted(incidents) == [
        "2022-03-04-peshawar-koocha-risaldar-bombing",
        "2025-11-11-islamabad-g-11-bombing",
        "2026-02-06-islamabad-tarlai-kalan-bombing",
    ]
    shrine = incidents["2026-02-06-islamabad-tarlai-kalan-bombing"]
    assert shrine["documents"] == ["n-recall", "n-shrine-1", "n-shrine-2", "n-shrine-3", "n-shrine-3-copy"]
    assert (shrine["killed_best"], shrine["killed_low"], shrine["killed_high"]) == (33, 30, 33)
    assert shrine["locality"] == "Tarlai Kalan" and shrine["date"] == "2026-02-06"
    assert shrine["claimed_by"] == ["Islamic State Khorasan Province"]
    assert shrine["blamed"] == [{"party": "Afghanistan", "by": "Interior Minister"}]
    court = incidents["2025-11-11-islamabad-g-11-bombing"]
    assert court["documents"] == ["n-court-1", "n-court-2", "n-recall"]
    assert (court["wounded_best"], court["wounded_low"], court["wounded_high"]) == (36, 27, 36)
    mosque = incidents["2022-03-04-peshawar-koocha-risaldar-bombing"]
    assert (mosque["killed_best"], mosque["killed_low"], mosque["killed_high"]) == (56, 56, 56)


def test_second_run_skips_unchanged_and_changes_nothing(cli, db_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    feed = write_news(tmp_path / "news.jsonl")
    assert cli("etl", "run", str(feed), *EXTRACTOR).exit_code == 0
    engine = make_engine(db_url)
    before = canonical_dump(engine)
    result = cli("etl", "run", str(feed), *EXTRACTOR)
    assert "9 documents seen, 0 new, 0 updated, 9 unchanged" in result.stdout
    assert "0 incidents created, 0 updated" in result.stdout
    assert canonical_dump(engine) == before
    engine.dispose()


def test_updated_article_is_reextracted_and_its_old_figures_replaced(cli, db_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    feed = write_news(tmp_path / "news.jsonl")
    assert cli("etl", "run", str(feed), *EXTRACTOR).exit_code == 0
    changed = [dict(d) for d in NEWS]
    changed[2]["text"] = changed[2]["text"].replace("33 died", "now 35 died")
    write_news(feed, changed)
    result = cli("etl", "run", str(feed), *EXTRACTOR)
    assert "9 documents seen, 0 new, 1 updated, 8 unchanged" in result.stdout
    shrine = by_slug(export(cli))["2026-02-06-islamabad-tarlai-kalan-bombing"]
    assert shrine["killed_best"] == 35
    engine = make_engine(db_url)
    with engine.connect() as conn:
        figures = conn.execute(text(
            "SELECT c.low FROM casualty_reports c JOIN documents d ON d.id = c.document_id "
            "WHERE d.external_id = 'n-shrine-3' AND c.category = 'killed'")).scalars().all()
    engine.dispose()
    assert figures == [35]


def test_syndicated_copy_is_one_content_two_documents(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    run_etl(engine, [adhoc_source(str(write_news(tmp_path / "n.jsonl")))], extractor=news_extract,
            extractor_version="t")
    with session_scope(engine) as session:
        rows = session.execute(select(Document.external_id, Document.content_sha256)
                               .where(Document.external_id.like("n-shrine-3%"))).all()
    engine.dispose()
    assert len(rows) == 2 and rows[0][1] == rows[1][1]


def _incremental(engine, tmp_path: Path, docs: list[dict], chunk: int) -> None:  # noqa: ANN001
    for i in range(0, len(docs), chunk):
        feed = write_news(tmp_path / f"part-{i}.jsonl", docs[i : i + chunk])
        run_etl(engine, [adhoc_source(str(feed))], extractor=news_extract, extractor_version="t")


def test_any_order_and_any_increments_give_the_same_incidents(backend: str, db_url: str, tmp_path: Path,
                                                              request) -> None:  # noqa: ANN001
    """Same documents, different arrival orders (one backfill vs nightly increments): same database."""
    engine = make_engine(db_url)
    _incremental(engine, tmp_path, NEWS, len(NEWS))
    expected = canonical_dump(engine)
    engine.dispose()
    rng = random.Random(4)
    orders = [list(reversed(NEWS)), rng.sample(NEWS, len(NEWS))]
    for n, order in enumerate(orders):
        url = _fresh_copy(backend, request, tmp_path / f"o{n}")
        other = make_engine(url)
        _incremental(other, tmp_path, order, chunk=[1, 2, 4][n])
        assert canonical_dump(other) == expected, f"order {n}"
        other.dispose()


def _fresh_copy(backend: str, request, folder: Path) -> str:  # noqa: ANN001
    """Another fresh migrated database on the same backend."""
    from tests.conftest import _template, create_pg_database, drop_pg_database

    templates = request.getfixturevalue("_templates")
    template = _template(backend, templates, request.getfixturevalue("tmp_path_factory"))
    if backend == "sqlite":
        import shutil

        from sqlalchemy.engine import make_url

        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(make_url(template).database, folder / "db.sqlite")
        return f"sqlite:///{folder / 'db.sqlite'}"
    from sqlalchemy.engine import make_url

    url = create_pg_database(template=make_url(template).database)
    request.addfinalizer(lambda: drop_pg_database(url))
    return url


def test_bad_records_are_rejected_with_line_and_the_rest_loads(cli, db_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    feed = tmp_path / "bad.jsonl"
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    lines = [json.dumps(NEWS[0]).encode(), b'{"id": "x", "text": "truncated', json.dumps(NEWS[1]).encode(),
             b'{"id": "enc", "text": "caf\xe9"}', json.dumps({"id": "fut", "text": "t", "published": future}).encode(),
             json.dumps({"text": "no id"}).encode()]
    feed.write_bytes(b"\n".join(lines) + b"\n")
    result = cli("etl", "run", str(feed), *EXTRACTOR)
    assert result.exit_code == 0
    assert "6 documents seen, 2 new, 0 updated, 0 unchanged, 4 rejected" in result.stdout
    assert "4 record(s) rejected; see: incidentdb etl rejected --run 1" in result.stderr
    listing = cli("etl", "rejected", "--format", "json")
    records = json.loads(listing.stdout)
    assert [(r["line"], r["error"]) for r in records] == [
        (2, "not valid JSON: Unterminated string starting at (column 21); truncated line?"),
        (4, "not valid UTF-8 (byte 27): invalid continuation byte"),
        (5, f"'published' {future} is in the future"),
        (6, "missing 'id' (a non-empty string)"),
    ]
    assert records[0]["raw_payload"] == '{"id": "x", "text": "truncated'
    status = cli("etl", "status", "--format", "json")
    run = json.loads(status.stdout)[0]
    assert (run["status"], run["new"], run["rejected"]) == ("partial", 2, 4)


def test_second_concurrent_run_stops_at_once(cli, db_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    feed = write_news(tmp_path / "news.jsonl")
    engine = make_engine(db_url)
    with run_lock(engine):
        result = cli("etl", "run", str(feed), *EXTRACTOR)
    engine.dispose()
    assert result.exit_code == 75
    assert "another incidentdb etl run is in progress" in result.stderr
    assert cli("etl", "run", str(feed), *EXTRACTOR).exit_code == 0


def test_run_left_running_by_a_killed_process_is_marked_interrupted(cli, db_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        session.add(EtlRun(command="etl", started_at=dt.datetime.now(dt.UTC), status="running"))
    assert cli("etl", "run", str(write_news(tmp_path / "n.jsonl")), *EXTRACTOR).exit_code == 0
    with session_scope(engine) as session:
        statuses = session.execute(select(EtlRun.status, EtlRun.message).order_by(EtlRun.id)).all()
    engine.dispose()
    assert statuses[0][0] == "failed" and statuses[0][1].startswith("interrupted")
    assert statuses[1][0] == "succeeded"


def test_configured_sources_and_a_failing_source(cli, db_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    write_news(tmp_path / "news.jsonl")
    config = tmp_path / "incidentdb.toml"
    config.write_text(
        '[[sources]]\nname = "down"\nkind = "rss"\nurl = "http://127.0.0.1:9/feed.xml"\nretries = 0\ntimeout = 2\n\n'
        '[[sources]]\nname = "local"\nkind = "jsonl"\npath = "news.jsonl"\n', encoding="utf-8")
    result = cli("--config", str(config), "etl", "run", *EXTRACTOR)
    assert result.exit_code == 3
    assert "error: source 'down': cannot fetch http://127.0.0.1:9/feed.xml: ConnectError" in result.stderr
    assert "9 new" in result.stdout
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        rejected = session.scalars(select(RejectedRecord.source_name)).all()
        run = session.scalar(select(EtlRun))
    engine.dispose()
    assert rejected == ["down"] and run.status == "partial"
    only = cli("--config", str(config), "etl", "run", "--source", "local", *EXTRACTOR)
    assert only.exit_code == 0 and "9 unchanged" in only.stdout


def test_config_problems_are_all_reported_at_once(cli, tmp_path: Path) -> None:  # noqa: ANN001
    config = tmp_path / "incidentdb.toml"
    config.write_text(
        '[[sources]]\nname = "a"\nkind = "csv"\npth = "x"\n\n[[sources]]\nname = "a"\nkind = "dir"\n'
        'path = "missing"\ntimeout = -1\n', encoding="utf-8")
    result = cli("--config", str(config), "etl", "run")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith(f"Error: {config}: 6 problems: ")
    for part in ("source 'a': unknown key 'pth' (did you mean 'path'?)",
                 "source 'a': 'kind' must be one of jsonl, dir, rss (got 'csv')",
                 "source 'a': the name is used twice",
                 f"source 'a': folder {tmp_path / 'missing'} does not exist",
                 "source 'a': 'timeout' must be a positive number (got -1)"):
        assert part in message


def test_no_sources_configured(cli, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    result = cli("etl", "run")
    assert result.exit_code == 1
    assert "no sources configured in ./incidentdb.toml" in result.stderr


def test_permutations_are_exhaustive_for_a_small_set(db_url: str, backend: str, tmp_path: Path, request) -> None:  # noqa: ANN001
    """Every order of four reports of one attack plus a reference: one incident, same values."""
    docs = [d for d in NEWS if d["id"] in ("n-court-1", "n-court-2", "n-recall", "n-shrine-1")]
    dumps = set()
    for n, order in enumerate(itertools.permutations(docs)):
        if n % 12:  # 2 of the 24 orders (the first and one with every document moved), one document per run
            continue
        url = _fresh_copy(backend, request, tmp_path / f"p{n}")
        engine = make_engine(url)
        _incremental(engine, tmp_path, list(order), chunk=1)
        dumps.add(json.dumps(canonical_dump(engine)))
        engine.dispose()
    assert len(dumps) == 1
