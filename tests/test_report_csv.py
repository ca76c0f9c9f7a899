"""CSV reports: readable by pandas, ISO dates, and safe from formula injection."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentdb.db import session_scope
from reports.render.csv import DANGEROUS_FIRST, neutralise, write_frame
from tests.factories import IncidentSpec, ReportSpec, insert_incident, populate_sample


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),
        ("＝1+1", "'＝1+1"),  # full-width equals sign
        ("-12", "-12"),  # a plain number is harmless and stays readable
        ("+3.5", "+3.5"),
        ("Islamabad", "Islamabad"),
        ("G-11", "G-11"),
        ("", ""),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


@given(st.text())
def test_no_neutralised_cell_can_start_a_formula(text: str) -> None:
    out = neutralise(text)
    first = out.lstrip(" ")[:1]
    assert first not in DANGEROUS_FIRST or out.strip().lstrip("+-").replace(".", "", 1).isdigit()
    assert out in (text, "'" + text)


def test_numbers_stay_numbers_and_dates_are_iso() -> None:
    frame = pd.DataFrame({
        "delta": pd.array([-5, None, 3], dtype="Int64"),
        "ratio": [-0.5, 1.0, None],
        "day": pd.to_datetime(["2026-02-06", None, "2008-09-20"]),
        "at": pd.to_datetime(["2026-02-06 14:10", None, "2008-09-20 00:00"], utc=True),
        "flag": pd.array([True, None, False], dtype="boolean"),
        "text": ["=1+2", None, "-1"],
    })
    buffer = io.StringIO()
    write_frame(frame, buffer)
    lines = buffer.getvalue().splitlines()
    assert lines[0] == "delta,ratio,day,at,flag,text"
    assert lines[1] == "-5,-0.5,2026-02-06,2026-02-06T14:10:00+00:00,true,'=1+2"
    assert lines[2] == ",1,,,,"
    assert lines[3] == "3,,2008-09-20,2008-09-20T00:00:00+00:00,false,-1"
    back = pd.read_csv(io.StringIO(buffer.getvalue()))
    assert back["delta"].tolist()[0] == -5 and back["ratio"].tolist()[0] == -0.5


@pytest.fixture
def sample(engine):  # noqa: ANN001, ANN201
    ids = populate_sample(engine)
    with session_scope(engine) as session:
        insert_incident(session, IncidentSpec(
            slug="2024-05-01-formula-test", title="=HYPERLINK(\"http://evil.example\",\"open\")",
            date="2024-05-01", country="PK", city="Lahore", attack_type="Armed Assault",
            reports=[ReportSpec("@Wire", "2024-05-01T10:00:00", "+SUM(1,2)", killed=3)],
        ))
    return ids


def test_compare_csv_files(cli, sample, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "cmp.csv"
    result = cli("report", "compare", "Marriott 2008", "Islamabad court November 2025",
                 "Islamabad imambargah February 2026", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    incidents = pd.read_csv(out)
    assert list(incidents["killed_best"]) == [60, 12, 36]
    assert list(incidents["killed_low"]) == [40, 12, 24]
    assert list(incidents["wounded_best"]) == [266, 36, 169]
    assert list(incidents["date_start"]) == ["2008-09-20", "2025-11-11", "2026-02-06"]
    assert incidents["first_report_at"].iloc[2] == "2026-02-06T14:10:00+00:00"
    assert incidents["claimed_by"].iloc[2] == "Islamic State Khorasan Province"
    timeline = pd.read_csv(tmp_path / "cmp.timeline.csv")
    marriott = timeline[(timeline["slug"] == incidents["slug"].iloc[0]) & (timeline["category"] == "killed")]
    assert list(marriott["low"]) == [40, 53, 60]
    sources = pd.read_csv(tmp_path / "cmp.sources.csv")
    assert "Death toll in Islamabad Marriott bombing rises to 60" in set(sources["title"])
    attributions = pd.read_csv(tmp_path / "cmp.attributions.csv")
    naqvi = attributions[attributions["asserted_by"] == "Mohsin Naqvi"]
    assert set(naqvi["actor"]) == {"Afghanistan", "India"} and not naqvi["evidence_given"].any()


def test_summary_csv_neutralises_formulas_from_the_database(cli, sample, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "pk.csv"
    result = cli("report", "summary", "--country", "PK", "--output", str(out))
    assert result.exit_code == 0, result.output
    incidents = pd.read_csv(out, keep_default_na=False)
    row = incidents[incidents["slug"] == "2024-05-01-formula-test"].iloc[0]
    assert row["title"] == "'=HYPERLINK(\"http://evil.example\",\"open\")"
    raw = out.read_text(encoding="utf-8")
    assert ",=HYPERLINK" not in raw and "\n=" not in raw
    assert pd.read_csv(tmp_path / "pk.by_month.csv")["incidents"].sum() == len(incidents)
    by_year = pd.read_csv(tmp_path / "pk.by_year.csv")
    assert list(by_year.columns) == ["year", "incidents", "killed", "wounded"]
    assert by_year["year"].tolist() == list(range(2008, 2027)) and by_year["incidents"].sum() == len(incidents)
    by_claimant = pd.read_csv(tmp_path / "pk.by_claimant.csv")
    assert list(by_claimant.columns) == ["claimant", "incidents", "killed", "wounded"]
    by_admin1 = pd.read_csv(tmp_path / "pk.by_admin1.csv")
    assert by_admin1.set_index("admin1").loc["Islamabad Capital Territory", "killed"] == 108


def test_empty_summary_csv_has_headers_only(cli, sample, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "none.csv"
    result = cli("report", "summary", "--country", "IQ", "--output", str(out))
    assert result.exit_code == 0
    assert "no incident matches these filters (Country: Iraq (IQ))" in result.stderr
    frame = pd.read_csv(out)
    assert frame.empty and "slug" in frame.columns
    assert pd.read_csv(tmp_path / "none.by_month.csv").empty
