"""`incidentdb import ucdp`: the GED layout, and the real GED 19.1 Syria sample in ../shared."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from tests.import_helpers import rows, scalar, table_counts

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"
REAL = Path("data") / "ucdp" / "ged191_syria_2016_2019.csv"


def test_ucdp_fixture(cli) -> None:  # noqa: ANN001
    result = cli("import", "ucdp", str(FIXTURES / "ucdp_sample.csv"))
    assert result.exit_code == 0, result.output
    assert "  loaded (new)             3" in result.stdout
    assert "    5: unparseable date: date_end 2018-05-02 is before date_start 2018-05-09" in result.stdout
    assert "    6: unknown country 'Freedonia'" in result.stdout
    url = cli.database_url
    mentions = {
        r[0]: r[1:]
        for r in rows(url, "SELECT d.external_id, m.date_start, m.date_end, m.date_precision, m.admin1, m.city, "
                           "m.locality, m.killed_low, m.killed_qualifier, m.target_type FROM mentions m "
                           "JOIN documents d ON d.id = m.document_id")
    }
    school = mentions["300001"]
    assert school[2:] == ("day", "Khyber Pakhtunkhwa", "Peshawar", None, 152, "about", "Private Citizens & Property")
    week = mentions["300002"]  # date_prec 3: the week's window, precision month; district level: no city
    assert [str(week[0]), str(week[1]), week[2]] == ["2015-03-02", "2015-03-08", "month"]
    assert week[3:6] == ("Khyber Pakhtunkhwa", None, None) and week[6:8] == (16, "exact")
    country_only = mentions["300003"]  # where_prec 6
    assert country_only[2:6] == ("month", None, None, None)

    figures = rows(url, "SELECT d.external_id, c.population, c.low, c.high, c.qualifier, c.is_current, c.evidence "
                        "FROM casualty_reports c JOIN documents d ON d.id = c.document_id ORDER BY d.external_id, c.id")
    assert figures == [
        ("300001", "total", 152, None, "about", True, "best=152 (low=150, high=158)"),
        ("300001", "total", 150, 158, "range", False, "low=150, high=158"),
        ("300001", "civilians", 145, None, "exact", True, "deaths_civilians=145"),
        ("300002", "total", 16, None, "exact", True, "best=16 (low=16, high=16)"),
        ("300002", "civilians", 0, None, "exact", True, "deaths_civilians=0"),
        ("300003", "total", 5, None, "about", True, "best=5 (low=6, high=4)"),
        ("300003", "total", 4, 6, "range", False, "low=6, high=4 (low > high in the release)"),
        ("300003", "civilians", 0, None, "exact", True, "deaths_civilians=0"),
    ]
    attributions = sorted(rows(url, "SELECT d.external_id, a.name, a.kind, t.role FROM attributions t "
                                    "JOIN actors a ON a.id = t.actor_id JOIN documents d ON d.id = t.document_id"))
    assert attributions == [
        ("300001", "Tehrik-i-Taliban Pakistan", "militant_group", "suspected"),  # side_b Civilians: none
        ("300002", "Jamaat-ul-Ahrar", "militant_group", "suspected"),
        ("300002", "Pakistan", "state", "suspected"),  # "Government of Pakistan"
        ("300002", "Tehrik-i-Taliban Pakistan", "militant_group", "suspected"),
        ("300003", "Islamic State", "militant_group", "suspected"),
        ("300003", "Tehrik-i-Taliban Pakistan", "militant_group", "suspected"),
    ]
    assert scalar(url, "SELECT killed_best FROM incidents i JOIN mentions m ON m.incident_id = i.id "
                       "JOIN documents d ON d.id = m.document_id WHERE d.external_id = '300001'") == 152


def _real_file(shared_dir: Path) -> Path:
    path = shared_dir / REAL
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path


@pytest.mark.slow
def test_real_ged_release_loads_with_its_nulls_precisions_and_actors(cli, shared_dir: Path) -> None:  # noqa: ANN001
    """The whole real GED 19.1 Syria file (16,566 events), loaded without resolution."""
    path = _real_file(shared_dir)
    with path.open(encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    result = cli("import", "ucdp", str(path), "--no-resolve")
    assert result.exit_code == 0, result.output
    assert f"  rows read           {len(source):,}" in result.stdout
    assert f"  loaded (new)        {len(source):,}" in result.stdout
    assert "  rejected                 0" in result.stdout
    url = cli.database_url
    assert scalar(url, "SELECT count(*) FROM documents") == len(source) == 16566
    assert scalar(url, "SELECT count(*) FROM mentions WHERE country_code = 'SY'") == len(source)

    precisions = Counter(r[0] for r in rows(url, "SELECT date_precision FROM mentions"))
    by_code = Counter(r["date_prec"] for r in source)
    assert precisions["day"] == by_code["1"]
    assert precisions["year"] >= by_code["5"]
    assert sum(precisions.values()) == len(source)
    windows = rows(url, "SELECT m.date_start, m.date_end FROM mentions m JOIN documents d ON d.id = m.document_id "
                        "WHERE d.external_id = '214797'")
    assert [str(v) for v in windows[0]] == ["2016-01-01", "2016-01-01"]

    # Empty adm_1 and country-level events have no admin1; zero deaths are 0, not NULL.
    no_admin1 = sum(1 for r in source if not r["adm_1"] or r["where_prec"] in ("6", "7"))
    assert scalar(url, "SELECT count(*) FROM mentions WHERE admin1 IS NULL") == no_admin1
    assert scalar(url, "SELECT count(*) FROM mentions WHERE killed_low = 0") == sum(1 for r in source if r["best"] == "0")
    assert scalar(url, "SELECT count(*) FROM mentions WHERE killed_low IS NULL") == 0
    homs = rows(url, "SELECT DISTINCT admin1_code FROM locations WHERE admin1 = (SELECT admin1 FROM mentions m "
                     "JOIN documents d ON d.id = m.document_id WHERE d.external_id = '214797')")
    assert homs == [("SY-HI",)]

    # Actors: "Government of Syria" is the state Syria, "IS" the Islamic State; civilians never.
    def attributed(name: str) -> int:
        return scalar(url, "SELECT count(DISTINCT t.document_id) FROM attributions t JOIN actors a "
                           "ON a.id = t.actor_id WHERE a.name = :n", n=name)

    def named(actor: str) -> int:
        return sum(1 for r in source if actor in [n.strip() for n in (r["side_a"] + "," + r["side_b"]).split(",")])

    assert attributed("Syria") == named("Government of Syria")
    assert attributed("Islamic State") == named("IS")
    assert rows(url, "SELECT kind, needs_review FROM actors WHERE name = 'Syria'") == [("state", False)]
    assert scalar(url, "SELECT count(*) FROM actors WHERE name = 'Civilians'") == 0
    one_sided = sum(1 for r in source if r["type_of_violence"] == "3")
    assert scalar(url, "SELECT count(*) FROM mentions WHERE target_type = 'Private Citizens & Property'") == one_sided

    # Re-importing the release changes nothing.
    before = table_counts(url)
    again = cli("import", "ucdp", str(path), "--no-resolve")
    assert f"  unchanged           {len(source):,}" in again.stdout
    assert table_counts(url) == before


def test_real_ged_slice_resolves_into_incidents(cli, shared_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A slice of the real file (the first 1,500 events) through resolution (the full file: benchmark)."""
    path = _real_file(shared_dir)
    piece = tmp_path / "ged_slice.csv"
    with path.open(encoding="utf-8", newline="") as src, piece.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        for _, record in zip(range(1501), csv.reader(src), strict=False):  # header + 1,500 events
            writer.writerow(record)
    result = cli("import", "ucdp", str(piece))
    assert result.exit_code == 0, result.output
    assert "  loaded (new)         1,500" in result.stdout
    url = cli.database_url
    assert scalar(url, "SELECT count(*) FROM mentions WHERE incident_id IS NULL") == 0
    assert scalar(url, "SELECT count(*) FROM documents WHERE status = 'pending'") == 0
    # Rows of one dataset never merge with each other: one incident per GED event.
    assert scalar(url, "SELECT count(*) FROM incidents") == 1500
    assert rows(url, "SELECT min(date_start) FROM incidents")[0][0] in (dt.date(2016, 1, 1), "2016-01-01")
