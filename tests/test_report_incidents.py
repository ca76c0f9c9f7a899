"""Finding incidents by slug, id or search phrase (reports.incidents)."""

from __future__ import annotations

import pandas as pd
import pytest

from reports.incidents import (
    AmbiguousIncident,
    IncidentNotFound,
    clear_winner,
    fold,
    parse_phrase,
    rank_candidates,
    resolve_incident,
    resolve_incidents,
)
from tests.factories import (  # noqa: F401 - sample_database is a fixture
    G11_COURT,
    MARRIOTT,
    QUETTA_MONTH,
    TARLAI_IMAMBARGAH,
    sample_database,
)

# -- pure ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "words", "labels"),
    [
        ("Marriott 2008", ("marriott",), ["2008"]),
        ("Islamabad court November 2025", ("islamabad", "court"), ["2025-11"]),
        ("Islamabad imambargah Feb 2026", ("islamabad", "imambargah"), ["2026-02"]),
        ("attack on 11 November 2025 in G-11", ("attack", "g", "11"), ["2025-11-11"]),
        ("2025-11-11", (), ["2025-11-11"]),
        ("Quetta 2025-11", ("quetta",), ["2025-11"]),
        ("the bombing in Peshāwar", ("bombing", "peshawar"), []),
        ("Sept 20, 2008 hotel", ("hotel",), ["2008-09-20"]),
    ],
)
def test_phrases_split_into_words_and_periods(phrase: str, words: tuple[str, ...], labels: list[str]) -> None:
    parsed = parse_phrase(phrase)
    assert parsed.words == words
    assert [p.label for p in parsed.periods] == labels


def test_month_without_year_is_a_month_of_any_year() -> None:
    (period,) = parse_phrase("Tarlai February").periods
    assert period.month_of_year == 2 and period.start is None


def test_fold_ignores_case_accents_and_punctuation() -> None:
    assert fold("Peshāwar, G-11!") == "peshawar g 11"


def _candidates(*rows: dict) -> pd.DataFrame:
    base = dict(incident_id=0, slug="", title="", date_start=pd.NaT, date_end=pd.NaT, date_precision="day",
                country_code="PK", country="Pakistan", admin1=None, admin2=None, city=None, locality=None,
                attack_type=None, target_type=None, killed_best=pd.NA, wounded_best=pd.NA, claimed_by=None,
                denied_by=None, blamed=None, suspected=None)
    return pd.DataFrame([{**base, **r} for r in rows])


def test_ranking_prefers_coverage_then_score_and_needs_a_clear_winner() -> None:
    candidates = _candidates(
        dict(incident_id=1, slug="a-islamabad-hotel", title="Islamabad hotel bombing", city="Islamabad"),
        dict(incident_id=2, slug="b-islamabad-court", title="Islamabad court bombing", city="Islamabad"),
    )
    titles = pd.DataFrame({"incident_id": [1], "title": ["Marriott hotel blast"]})
    ranked = rank_candidates(candidates, titles, ("islamabad", "marriott"))
    assert list(ranked["incident_id"]) == [1, 2]
    assert ranked.iloc[0]["coverage"] == 1.0 and ranked.iloc[1]["coverage"] == 0.5
    assert clear_winner(ranked)
    tie = rank_candidates(candidates, titles, ("islamabad", "bombing"))
    assert not clear_winner(tie)


def test_a_document_mainly_about_another_attack_counts_little() -> None:
    candidates = _candidates(
        dict(incident_id=1, slug="court", title="G-11 suicide bombing", city="Islamabad"),
        dict(incident_id=2, slug="fort", title="Red Fort bombing", city="Delhi"),
    )
    titles = pd.DataFrame({"incident_id": [1, 2], "title": ["Islamabad court bombing"] * 2, "is_primary": [True, False]})
    ranked = rank_candidates(candidates, titles, ("islamabad", "court"))
    assert list(ranked["coverage"]) == [1.0, 1.0]
    assert list(ranked["incident_id"]) == [1, 2] and clear_winner(ranked)


def test_a_near_spelling_matches_at_a_lower_weight() -> None:
    candidates = _candidates(dict(incident_id=1, slug="x", title="Marriott hotel bombing"))
    exact = rank_candidates(candidates, pd.DataFrame(columns=["incident_id", "title"]), ("marriott",))
    near = rank_candidates(candidates, pd.DataFrame(columns=["incident_id", "title"]), ("mariott",))
    assert near.iloc[0]["coverage"] == 1.0
    assert near.iloc[0]["score"] < exact.iloc[0]["score"]


# -- on the database ----------------------------------------------------------------------


@pytest.fixture
def sample(sample_database):  # noqa: ANN001, ANN201, F811
    return sample_database.engine, sample_database.ids


@pytest.mark.parametrize(
    ("reference", "slug"),
    [
        ("Marriott 2008", MARRIOTT.slug),  # "Marriott" is only in the documents' titles
        ("Islamabad court November 2025", G11_COURT.slug),
        ("Islamabad imambargah February 2026", TARLAI_IMAMBARGAH.slug),
        ("Mariott 2008", MARRIOTT.slug),  # near spelling
        ("G-11", G11_COURT.slug),
        ("Tarlai Kalan", TARLAI_IMAMBARGAH.slug),
        ("ISKP 2026", TARLAI_IMAMBARGAH.slug),  # actor alias
        ("Kabul", "2021-08-26-kabul-airport-bombing"),
        ("2025-11-11", G11_COURT.slug),  # the day-precise incident beats the month-precise one
        ("Quetta November 2025", QUETTA_MONTH.slug),
        ("peshawar mosque", "2023-01-30-peshawar-police-lines-mosque-bombing"),  # accent in the database
        ("capital three months", TARLAI_IMAMBARGAH.slug),  # the same article only recalls the court bombing
        (G11_COURT.slug.upper(), G11_COURT.slug),
    ],
)
def test_references_resolve_to_one_incident(sample, reference: str, slug: str) -> None:  # noqa: ANN001
    engine, ids = sample
    assert resolve_incident(engine, reference) == ids[slug]


def test_an_id_resolves_and_an_unknown_id_is_not_found(sample) -> None:  # noqa: ANN001
    engine, ids = sample
    assert resolve_incident(engine, str(ids[MARRIOTT.slug])) == ids[MARRIOTT.slug]
    with pytest.raises(IncidentNotFound, match="no incident has id 99999"):
        resolve_incident(engine, "99999")


def test_an_ambiguous_phrase_ranks_the_candidates(sample) -> None:  # noqa: ANN001
    engine, _ = sample
    with pytest.raises(AmbiguousIncident) as info:
        resolve_incident(engine, "Islamabad bombing")
    assert "'Islamabad bombing' matches 3 incidents" in str(info.value)
    assert set(info.value.candidates["slug"]) == {MARRIOTT.slug, G11_COURT.slug, TARLAI_IMAMBARGAH.slug}


def test_no_match_says_what_was_searched(sample) -> None:  # noqa: ANN001
    engine, _ = sample
    with pytest.raises(IncidentNotFound, match=r"no incident matches 'Atlantis 1999'.*'atlantis', 1999"):
        resolve_incident(engine, "Atlantis 1999")


def test_a_year_that_is_not_an_id_is_searched_as_a_year(sample) -> None:  # noqa: ANN001
    engine, ids = sample
    assert resolve_incident(engine, "2021") == ids["2021-08-26-kabul-airport-bombing"]


def test_the_same_incident_named_twice_is_compared_once(sample, caplog) -> None:  # noqa: ANN001
    engine, ids = sample
    assert resolve_incidents(engine, ["Marriott 2008", MARRIOTT.slug]) == [ids[MARRIOTT.slug]]
    assert "already in the list" in caplog.text


def test_dates_overlap_for_month_precise_incidents(sample) -> None:  # noqa: ANN001
    engine, ids = sample
    assert resolve_incident(engine, "grenade November 2025") == ids[QUETTA_MONTH.slug]
