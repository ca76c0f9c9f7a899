"""`incidentdb import gtd`: the GTD codebook layout, end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from tests.import_helpers import rows, scalar, table_counts

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"
GTD = FIXTURES / "gtd_sample.csv"
GTD_PATH = GTD


def test_gtd_csv_import_summary_and_rejections(cli) -> None:  # noqa: ANN001
    result = cli("import", "gtd", str(GTD))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"GTD import of {GTD} (encoding UTF-8)" in out
    assert "run 1 partial" in out
    for line in (
        "  rows read               10",
        "  loaded (new)             6",
        "  updated                  0",
        "  unchanged                0",
        "  rejected                 4",
        "    8: negative count nkill=-5",
        "    9: unparseable date: 2010-02-31 does not exist",
        "    10: unknown country 'Atlantis'",
        "    11: wrong number of fields: expected 135, found 60",
        "  new actors needing review: 1",
        "    Armenian nationalists",
        "  incidents                6 created, 0 merged with existing incidents, 0 re-reconciled",
    ):
        assert line in out.splitlines(), line
    # Physical line numbers: the Marriott summary spans lines 2-3, so the bad rows start at 8.
    stored = rows(
        cli.database_url,
        "SELECT line_number, record_id, source_name, error FROM rejected_records WHERE run_id = 1 ORDER BY line_number",
    )
    assert stored == [
        (8, "201001010009", "GTD", "negative count nkill=-5"),
        (9, "201002310001", "GTD", "unparseable date: 2010-02-31 does not exist"),
        (10, "201003050004", "GTD", "unknown country 'Atlantis'"),
        (11, "201004040004", "GTD", "wrong number of fields: expected 135, found 60"),
    ]
    payload = scalar(cli.database_url, "SELECT raw_payload FROM rejected_records WHERE line_number = 8")
    assert payload.startswith("201001010009,2010,1,1,")
    run = rows(cli.database_url, "SELECT command, status, documents_seen, documents_new, documents_rejected, "
                                 "incidents_created FROM etl_runs")
    assert run == [("import-gtd", "partial", 10, 6, 4, 6)]


def test_gtd_values_nulls_precision_and_provenance(cli) -> None:  # noqa: ANN001
    assert cli("import", "gtd", str(GTD)).exit_code == 0
    url = cli.database_url
    mentions = {
        r[0]: r[1:]
        for r in rows(
            url,
            "SELECT d.external_id, m.date_start, m.date_end, m.date_precision, m.country_code, m.admin1, m.city, "
            "m.killed_low, m.killed_qualifier, m.wounded_low, m.attack_type, m.target_type, m.suicide "
            "FROM mentions m JOIN documents d ON d.id = m.document_id",
        )
    }
    def day(value: Any) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    marriott = mentions["200809200001"]
    assert [day(v) for v in marriott[:3]] == ["2008-09-20", "2008-09-20", "day"]
    assert marriott[3:] == ("PK", "Islamabad Capital Territory", "Islamabad", 55, "exact", 266,
                            "Bombing/Explosion", "Business", True)
    # Day 0 narrowed by approxdate "September 18-24, 2016"; nkill empty and nwound -99 are NULL.
    peshawar = mentions["201609000017"]
    assert [day(v) for v in peshawar[:3]] == ["2016-09-18", "2016-09-24", "month"]
    assert peshawar[6:9] == (None, None, None)
    # Month 0: the whole year.
    assert [day(v) for v in mentions["201500000003"][:3]] == ["2015-01-01", "2015-12-31", "year"]
    # Extended kidnapping: resolution is the end date; targtype "Unknown" is NULL; 0 killed is 0.
    kidnap = mentions["201102140005"]
    assert [day(v) for v in kidnap[:3]] == ["2011-02-14", "2011-03-28", "day"]
    assert kidnap[6] == 0 and kidnap[10] is None
    # A historical state: no ISO country, the names still load.
    assert mentions["197901150002"][3:6] == (None, "Moscow", "Moscow")

    figures = rows(
        url,
        "SELECT c.category, c.population, c.low, c.qualifier, c.is_current, c.evidence FROM casualty_reports c "
        "JOIN documents d ON d.id = c.document_id WHERE d.external_id = '200809200001' ORDER BY c.id",
    )
    assert figures == [
        ("killed", "total", 55, "exact", True, "nkill=55"),
        ("killed", "perpetrators", 1, "exact", True, "nkillter=1"),
        ("wounded", "total", 266, "exact", True, "nwound=266"),
        ("wounded", "perpetrators", 0, "exact", True, "nwoundte=0"),
    ]
    assert scalar(url, "SELECT count(*) FROM casualty_reports c JOIN documents d ON d.id = c.document_id "
                       "WHERE d.external_id = '201609000017'") == 0

    attributions = sorted(rows(
        url,
        "SELECT d.external_id, a.name, t.role, t.asserted_by FROM attributions t JOIN actors a ON a.id = t.actor_id "
        "JOIN documents d ON d.id = t.document_id",
    ))
    assert attributions == [
        ("197901150002", "Armenian nationalists", "suspected", "GTD"),
        ("200809200001", "Fedayeen-e-Islam", "claimed", "Fedayeen Islam"),
        ("201102140005", "Tehrik-i-Taliban Pakistan", "suspected", "GTD"),
        ("201301100001", "Lashkar-e-Jhangvi", "claimed", "Lashkar-e-Jhangvi"),
        # compclaim = 1: both groups claimed; BRA's claim2 was empty.
        ("201500000003", "Baloch Republican Army", "claimed", "Baloch Republican Army (BRA)"),
        ("201500000003", "Balochistan Liberation Army", "claimed", "Baloch Liberation Army (BLA)"),
    ]
    uncertain = scalar(url, "SELECT evidence FROM attributions t JOIN documents d ON d.id = t.document_id "
                            "WHERE d.external_id = '201102140005'")
    assert "guncertain1=1 (attribution uncertain)" in uncertain
    # "Baloch Republican Army (BRA)" is the dictionary's Baloch Republican Army once "(BRA)" is
    # dropped; GTD's spelling is kept as an alias. An unmatched name is a new actor to review.
    assert rows(url, "SELECT a.name FROM actor_aliases l JOIN actors a ON a.id = l.actor_id "
                     "WHERE l.alias = 'Baloch Republican Army (BRA)' AND l.origin = 'gtd'") == [("Baloch Republican Army",)]
    assert rows(url, "SELECT needs_review, kind FROM actors WHERE name = 'Armenian nationalists'") == [
        (True, "militant_group")
    ]
    assert rows(url, "SELECT origin FROM actor_aliases WHERE alias = 'Fedayeen Islam'") in ([("dictionary",)], [("gtd",)])

    # Provenance: (dataset, dataset id), the raw row and START's incident page.
    doc = rows(
        url,
        "SELECT s.name, s.kind, d.kind, d.url, d.raw_record, d.text, d.status, length(d.content_sha256) "
        "FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.external_id = '200809200001'",
    )[0]
    assert doc[:4] == ("GTD", "dataset", "dataset_record",
                       "https://www.start.umd.edu/gtd/search/IncidentSummary.aspx?gtdid=200809200001")
    raw = doc[4] if isinstance(doc[4], dict) else json.loads(doc[4])
    assert raw["nkill"] == "55" and raw["INT_LOG"] == "-9" and raw["eventid"] == "200809200001"
    assert "resolution" not in raw  # empty cells carry no value
    assert doc[5].startswith("09/20/2008: A suicide bomber") and "\n" in doc[5]
    assert doc[6:] == ("extracted", 64)

    incident = rows(url, "SELECT i.slug, i.killed_best, i.wounded_best, i.date_precision FROM incidents i "
                         "JOIN mentions m ON m.incident_id = i.id JOIN documents d ON d.id = m.document_id "
                         "WHERE d.external_id = '200809200001'")
    assert incident == [("2008-09-20-islamabad-bombing", 55, 266, "day")]
    location = rows(url, "SELECT admin1_code, latitude, precision FROM locations WHERE city = 'Islamabad'")
    assert location == [("PK-IS", 33.716095, "city")]


def test_reimporting_the_same_file_changes_nothing(cli) -> None:  # noqa: ANN001
    assert cli("import", "gtd", str(GTD)).exit_code == 0
    before = table_counts(cli.database_url)
    hashes = rows(cli.database_url, "SELECT external_id, content_sha256, updated_at FROM documents ORDER BY 1")
    second = cli("import", "gtd", str(GTD))
    assert second.exit_code == 0
    assert "  loaded (new)             0" in second.stdout
    assert "  unchanged                6" in second.stdout
    assert "  new actors needing review: 0" in second.stdout
    assert table_counts(cli.database_url) == before
    assert rows(cli.database_url, "SELECT external_id, content_sha256, updated_at FROM documents ORDER BY 1") == hashes
    assert rows(cli.database_url, "SELECT command, documents_new, documents_unchanged FROM etl_runs ORDER BY id") == [
        ("import-gtd", 6, 0), ("import-gtd", 0, 6)
    ]
    # The .xlsx of the same release (numbers as numbers, resolution an Excel date) is the same data.
    xlsx = cli("import", "gtd", str(FIXTURES / "gtd_sample.xlsx"))
    assert xlsx.exit_code == 0, xlsx.output
    assert "(sheet Data)" in xlsx.stdout
    assert "  unchanged                6" in xlsx.stdout and "  loaded (new)             0" in xlsx.stdout


def test_a_newer_release_updates_rows_in_place(cli) -> None:  # noqa: ANN001
    assert cli("import", "gtd", str(GTD)).exit_code == 0
    url = cli.database_url
    before = rows(url, "SELECT d.id, m.id, m.incident_id FROM documents d JOIN mentions m ON m.document_id = d.id "
                       "WHERE d.external_id = '200809200001'")
    newer = cli("import", "gtd", str(FIXTURES / "gtd_newer_release.csv"))
    assert newer.exit_code == 0, newer.output
    assert "  loaded (new)             1" in newer.stdout
    assert "  updated                  1" in newer.stdout
    assert "  unchanged                1" in newer.stdout
    after = rows(url, "SELECT d.id, m.id, m.incident_id FROM documents d JOIN mentions m ON m.document_id = d.id "
                      "WHERE d.external_id = '200809200001'")
    assert after == before  # same document, same mention, same incident
    assert rows(url, "SELECT c.population, c.low FROM casualty_reports c JOIN documents d ON d.id = c.document_id "
                     "WHERE d.external_id = '200809200001' AND c.category = 'killed' ORDER BY c.population") == [
        ("perpetrators", 1), ("total", 60)
    ]
    assert scalar(url, "SELECT killed_best FROM incidents WHERE id = :i", i=before[0][2]) == 60
    assert scalar(url, "SELECT count(*) FROM documents") == 7  # rows missing from a release are kept


def test_wrong_layout_is_refused_before_anything_is_written(cli) -> None:  # noqa: ANN001
    result = cli("import", "gtd", str(FIXTURES / "acled_current.csv"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {FIXTURES / 'acled_current.csv'} is not a Global Terrorism Database (GTD) file: missing columns "
        "eventid, iyear, imonth, iday, country_txt, attacktype1_txt, gname, nkill "
        "(it looks like an ACLED file: use `incidentdb import acled`)"
    )
    assert scalar(cli.database_url, "SELECT count(*) FROM etl_runs") == 0
    assert scalar(cli.database_url, "SELECT count(*) FROM documents") == 0
    unknown = cli("import", "ucdp", str(GTD))
    assert unknown.exit_code == 1
    assert "missing columns id, date_start, date_end, date_prec, side_a, side_b, type_of_violence, best, low, high " in unknown.stderr
    assert "it looks like a Global Terrorism Database (GTD) file: use `incidentdb import gtd`" in unknown.stderr


def test_empty_file_and_header_only(cli, tmp_path: Path) -> None:  # noqa: ANN001
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = cli("import", "gtd", str(empty))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(f"Error: {empty} is empty (no header line) (is it the right file?)")
    header_only = tmp_path / "header.csv"
    header_only.write_text(GTD.read_text(encoding="utf-8").splitlines()[0] + "\n")
    result = cli("import", "gtd", str(header_only))
    assert result.exit_code == 0
    assert "  rows read                0" in result.stdout
    assert "run 1 succeeded" in result.stdout


def test_cp1252_file_json_summary_and_strict(cli, tmp_path: Path) -> None:  # noqa: ANN001
    result = cli("import", "gtd", str(FIXTURES / "gtd_cp1252.csv"), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["encoding"] == "Windows-1252 (cp1252)"
    assert summary["new"] == 1 and summary["rejected"] == 0 and summary["status"] == "succeeded"
    text_of = scalar(cli.database_url, "SELECT text FROM documents")
    assert "café in Yopougon; two were killed — police said" in text_of
    assert scalar(cli.database_url, "SELECT country_code FROM mentions") == "CI"
    copy = tmp_path / "copy.csv"
    shutil.copy(GTD, copy)
    strict = cli("import", "gtd", str(copy), "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.strip().endswith(f"Error: 4 rows of {copy} were rejected (--strict)")


def test_a_crash_then_a_rerun_equals_one_clean_run(db_url: str, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """The run fails after its first chunk (1 row per chunk); the re-run completes it."""
    from etl.imports import GTD as GTD_DATASET
    from etl.imports import ImportOptions, import_file
    from etl.imports.loader import Loader
    from incidentdb.db import make_engine

    engine = make_engine(db_url)
    original = Loader.write
    calls = {"n": 0}

    def failing_write(self, records, rejections):  # noqa: ANN001, ANN202
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk on fire")
        return original(self, records, rejections)

    monkeypatch.setattr(Loader, "write", failing_write)
    try:
        import_file(engine, GTD_DATASET, GTD_PATH, ImportOptions(chunk_size=1))
    except RuntimeError as exc:
        assert str(exc) == "disk on fire"
    else:  # pragma: no cover
        raise AssertionError("the import should have failed")
    monkeypatch.setattr(Loader, "write", original)
    assert rows(db_url, "SELECT status, message FROM etl_runs") == [
        ("failed", "failed after 3 rows: disk on fire")
    ]
    assert scalar(db_url, "SELECT count(*) FROM documents") == 2  # the committed chunks stay
    rerun = import_file(engine, GTD_DATASET, GTD_PATH, ImportOptions(chunk_size=1))
    assert (rerun.new, rerun.unchanged, rerun.rejected) == (4, 2, 4)
    engine.dispose()

    clean_url = db_url.replace("incidentdb.db", "clean.db") if db_url.startswith("sqlite") else None
    if clean_url is None:
        return  # one clean comparison (on SQLite) is enough
    import shutil as _shutil

    _shutil.copyfile(make_url_path(db_url), make_url_path(clean_url))  # same schema and reference data
    clean = make_engine(clean_url)
    with clean.begin() as conn:
        for table in ("attributions", "casualty_reports", "mentions", "documents", "incidents", "rejected_records",
                      "etl_runs", "locations"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
    import_file(clean, GTD_DATASET, GTD_PATH, ImportOptions())
    clean.dispose()
    query = ("SELECT d.external_id, d.content_sha256, i.slug, i.killed_best, i.wounded_best FROM documents d "
             "JOIN mentions m ON m.document_id = d.id JOIN incidents i ON i.id = m.incident_id ORDER BY 1")
    assert rows(db_url, query) == rows(clean_url, query)
    assert table_counts(db_url) == table_counts(clean_url)


def make_url_path(url: str) -> str:
    return url.removeprefix("sqlite:///")
