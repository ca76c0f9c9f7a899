"""Report builders return DataFrames with the right figures, on both backends."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from incidentdb.db import session_scope
from reports.compare import build_comparison
from reports.document import EMPTY_MESSAGE, comparison_document, summary_document
from reports.summary import FilterError, SummaryFilters, build_summary, totals_by_month
from tests.factories import (  # noqa: F401 - sample_database is a fixture
    G11_COURT,
    MARRIOTT,
    TARLAI_IMAMBARGAH,
    insert_many_incidents,
    sample_database,
)

ISLAMABAD = (MARRIOTT.slug, G11_COURT.slug, TARLAI_IMAMBARGAH.slug)


@pytest.fixture
def sample(sample_database):  # noqa: ANN001, ANN201, F811
    return sample_database.engine, sample_database.ids


@pytest.fixture
def comparison(sample):  # noqa: ANN001, ANN201
    engine, ids = sample
    return build_comparison(engine, [ids[s] for s in ISLAMABAD])


def test_comparison_incidents_keep_the_requested_order_and_types(comparison) -> None:  # noqa: ANN001
    frame = comparison.incidents
    assert list(frame["slug"]) == list(ISLAMABAD)
    assert list(frame["label"]) == ["Marriott Hotel 2008", "G-11 2025", "Tarlai Kalan 2026"]
    assert list(frame["killed_best"]) == [60, 12, 36]
    assert list(frame["killed_low"]) == [40, 12, 24]
    assert list(frame["wounded_best"]) == [266, 36, 169]
    assert str(frame["killed_best"].dtype) == "Int64"
    assert str(frame["suicide"].dtype) == "boolean" and frame["suicide"].all()
    assert frame["date_start"].dt.date.tolist() == [dt.date(2008, 9, 20), dt.date(2025, 11, 11), dt.date(2026, 2, 6)]
    assert str(frame["first_report_at"].dt.tz) == "UTC"
    assert frame["first_report_at"].iloc[0] == pd.Timestamp("2008-09-20 18:30", tz="UTC")
    assert list(frame["source_count"]) == [3, 4, 4]


def test_side_by_side_says_what_an_editor_needs(comparison) -> None:  # noqa: ANN001
    side = comparison.side_by_side
    marriott, court, tarlai = (side[c] for c in side.columns)
    assert marriott["Killed (best, range)"] == "60 (40–60)"
    assert marriott["Killed as reported"] == "at least 40 → 53 → 60"
    assert marriott["Wounded (best, range)"] == "266 (200–266)"
    assert marriott["Place"] == "Marriott Hotel, Islamabad, Islamabad Capital Territory, Pakistan"
    assert marriott["Claimed by"] == "Fedayeen-e-Islam"
    assert court["Wounded as reported"] == "27 → 36"
    assert court["Claimed by"] == "Jamaat-ul-Ahrar (claim later denied)"
    assert court["Denied by"] == "Jamaat-ul-Ahrar"
    assert court["Blamed (by whom; evidence)"] == (
        "Afghanistan, by Khawaja Asif (evidence not stated); India, by Shehbaz Sharif (evidence not stated)")
    assert tarlai["Killed as reported"] == "at least 24 → at least 31 → 36"
    assert tarlai["Claimed by"] == "Islamic State Khorasan Province"
    assert tarlai["Blamed (by whom; evidence)"] == (
        "Afghanistan, by Mohsin Naqvi (no evidence given); India, by Mohsin Naqvi (no evidence given)")
    assert tarlai["Target type"] == "Religious Figures/Institutions"
    assert tarlai["Suicide attack"] == "Yes"
    assert tarlai["Sources"] == "4 sources, 4 reports"
    assert tarlai["First report"] == "2026-02-06 14:10 UTC"


def test_timeline_attributions_and_sources_come_from_the_views(comparison) -> None:  # noqa: ANN001
    tl = comparison.timeline
    tarlai_killed = tl[(tl["slug"] == TARLAI_IMAMBARGAH.slug) & (tl["category"] == "killed")]
    assert list(tarlai_killed["low"]) == [24, 31, 24, 36]  # the Reuters report also cites the earlier 24
    assert list(tarlai_killed["is_current"]) == [True, True, False, True]
    claims = comparison.attributions
    g11 = claims[claims["slug"] == G11_COURT.slug]
    assert list(g11["role"]) == ["claimed", "blamed", "denied", "blamed"]
    assert set(g11["asserted_by"].dropna()) == {"Shehbaz Sharif", "Khawaja Asif"}
    sources = comparison.sources
    g11_sources = sources[sources["slug"] == G11_COURT.slug]
    assert list(g11_sources["source"]) == ["Dawn", "The Express Tribune", "Geo News", "The News"]
    assert list(g11_sources["is_primary"]) == [True, True, True, False]


def test_comparison_document_has_every_part(comparison) -> None:  # noqa: ANN001
    document = comparison_document(comparison, references=["Marriott 2008"])
    keys = [getattr(b, "key", None) for b in document.blocks]
    assert keys == ["side_by_side", "tolls", "toll_timeline", "timeline", "attributions", "sources"]
    assert list(document.data) == ["incidents", "timeline", "attributions", "sources"]
    assert document.title == "Comparison: Marriott Hotel 2008 vs G-11 2025 vs Tarlai Kalan 2026"
    timeline = next(b for b in document.blocks if getattr(b, "key", "") == "timeline").frame
    tarlai = timeline[(timeline["Incident"] == "Tarlai Kalan 2026") & (timeline["Toll"] == "killed")]
    assert list(tarlai["Figure"]) == ["at least 24", "at least 31", "24 (earlier figure cited)", "36"]
    assert list(tarlai["Source"]) == ["Dawn", "Reuters", "Reuters", "Al Jazeera"]
    claims = next(b for b in document.blocks if getattr(b, "key", "") == "attributions").frame
    assert list(claims[claims["Said by"] == "Mohsin Naqvi"]["Evidence"]) == ["none given", "none given"]
    sources = next(b for b in document.blocks if getattr(b, "key", "") == "sources").frame
    assert sources["Role"].tolist().count("mentions it") == 1


def test_summary_totals_add_up(sample) -> None:  # noqa: ANN001
    engine, _ = sample
    summary = build_summary(engine, SummaryFilters(country="Pakistan"))
    assert summary.totals == {"incidents": 5, "killed": 194, "wounded": 701, "killed_unknown": 0}
    assert summary.filters == [("Country", "Pakistan (PK)")]
    months = summary.by_month.set_index("month")
    assert months.loc["2025-11", "incidents"] == 2 and months.loc["2025-11", "killed"] == 14
    assert months.loc["2025-12", "incidents"] == 0  # every month in the span is present
    assert int(summary.by_month["incidents"].sum()) == 5
    assert list(summary.by_month["month"])[:2] == ["2008-09", "2008-10"]
    years = summary.by_year.set_index("year")
    assert years.loc[2008, "killed"] == 60 and years.loc[2015, "incidents"] == 0 and years["incidents"].sum() == 5
    admin1 = summary.by_admin1.set_index("admin1")
    assert admin1.loc["Islamabad Capital Territory", "incidents"] == 3
    assert admin1.loc["Islamabad Capital Territory", "killed"] == 108
    claimants = summary.by_claimant.set_index("claimant")
    assert claimants.loc["Jamaat-ul-Ahrar", "incidents"] == 2
    assert claimants.loc["(no claim reported)", "incidents"] == 1
    assert list(summary.by_claimant["claimant"])[-1] == "(no claim reported)"


@pytest.mark.parametrize(
    ("filters", "slugs"),
    [
        (SummaryFilters(actor="ISKP"), {"2021-08-26-kabul-airport-bombing", TARLAI_IMAMBARGAH.slug}),
        (SummaryFilters(actor="India", role="blamed"), {G11_COURT.slug, TARLAI_IMAMBARGAH.slug}),
        (SummaryFilters(actor="Jamaat-ul-Ahrar", role="denied"), {G11_COURT.slug}),
        (SummaryFilters(admin1="Islamabad"), set(ISLAMABAD)),
        (SummaryFilters(admin1="PK-KP"), {"2023-01-30-peshawar-police-lines-mosque-bombing"}),
        (SummaryFilters(attack_types=("armed",)), {"2008-11-26-mumbai-attacks"}),
        (SummaryFilters(date_from=dt.date(2025, 11, 1), date_to=dt.date(2025, 11, 30)),
         {G11_COURT.slug, "2025-11-quetta-market-grenade-attack"}),
        (SummaryFilters(country="AFG"), {"2021-08-26-kabul-airport-bombing"}),
        (SummaryFilters(actor="Islamic State"), set()),  # only its province is named in the sample
        (SummaryFilters(actor="Islamic State", subgroups=True, role="claimed"),
         {"2021-08-26-kabul-airport-bombing", TARLAI_IMAMBARGAH.slug}),
    ],
)
def test_summary_filters(sample, filters: SummaryFilters, slugs: set[str]) -> None:  # noqa: ANN001
    engine, _ = sample
    assert set(build_summary(engine, filters).incidents["slug"]) == slugs


def test_bad_filters_are_all_reported_at_once(sample) -> None:  # noqa: ANN001
    engine, _ = sample
    with pytest.raises(FilterError) as info:
        build_summary(engine, SummaryFilters(country="Narnia", actor="Talibn", attack_types=("hostage",)))
    message = str(info.value)
    assert "--country 'Narnia': no such country" in message
    assert "--actor 'Talibn': no actor has that name or alias (did you mean" in message
    assert "--attack-type 'hostage' is not an attack type (ambiguous)" in message


def test_empty_summary_is_a_valid_empty_report(sample) -> None:  # noqa: ANN001
    engine, _ = sample
    summary = build_summary(engine, SummaryFilters(country="IQ", date_from=dt.date(2030, 1, 1)))
    assert summary.is_empty and summary.totals["incidents"] == 0
    assert summary.by_month.empty and list(summary.by_month.columns) == ["month", "incidents", "killed", "wounded"]
    document = summary_document(summary)
    assert document.empty_message == EMPTY_MESSAGE


def test_month_unknown_is_its_own_row() -> None:
    frame = pd.DataFrame({
        "incident_id": [1, 2, 3],
        "date_start": pd.to_datetime(["2020-01-05", "2020-03-01", "2020-01-01"]),
        "date_precision": ["day", "month", "year"],
        "killed_best": pd.array([1, 2, None], dtype="Int64"),
        "wounded_best": pd.array([0, 0, 5], dtype="Int64"),
    })
    out = totals_by_month(frame)
    assert list(out["month"]) == ["2020-01", "2020-02", "2020-03", "month unknown"]
    assert list(out["incidents"]) == [1, 0, 1, 1]
    assert list(out["wounded"]) == [0, 0, 0, 5]


def test_a_long_summary_caps_the_pdf_listing_to_the_deadliest(engine, monkeypatch) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        insert_many_incidents(session, 40)
    summary = build_summary(engine, SummaryFilters())
    monkeypatch.setattr("reports.document.MONTH_TABLE_LIMIT", 5)
    document = summary_document(summary, list_limit=10)
    keys = [getattr(b, "key", None) for b in document.blocks]
    assert "by_year" in keys and "by_month" not in keys  # too many months with incidents: by year
    killed = summary.incidents["killed_best"].astype(int)
    listed = next(b for b in document.blocks if getattr(b, "key", "") == "incidents").frame
    assert sorted(map(int, listed["Killed"].str.replace(",", "")), reverse=True) == \
        sorted(killed, reverse=True)[:10]
    listing = next(b for b in document.blocks if getattr(b, "key", "") == "incidents")
    assert len(listing.frame) == 10
    assert "lists the 10 deadliest of 40 incidents" in listing.note
    assert len(document.data["incidents"]) == 40
