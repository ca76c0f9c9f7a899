"""End to end: reports written for the tests -> mentions (etl.extract.extract)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from etl.extract import extract
from etl.extract.inputs import document_from_record
from etl.records import Document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"


def _docs() -> dict[str, Document]:
    lines = (FIXTURES / "reports.jsonl").read_text("utf-8").splitlines()
    return {d.id: d for d in (document_from_record(json.loads(line)) for line in lines if line.strip())}


DOCS = _docs()


def mentions(doc_id: str):
    return extract(DOCS[doc_id]).mentions


def test_primary_incident_fields() -> None:
    (m,) = mentions("fx-kabul-airport")
    assert m.primary and (m.date, m.date_precision) == ("2021-08-26", "day")
    assert (m.country, m.admin1, m.city) == ("AF", "Kabul", "Kabul")
    assert m.killed.to_dict() == {"low": 85, "high": None, "qualifier": "at_least"}
    assert m.wounded.to_dict() == {"low": 150, "high": None, "qualifier": "more_than"}
    assert (m.attack_type, m.suicide) == ("Bombing/Explosion", True)
    assert m.claimed_by == ["Islamic State Khorasan Province"]
    assert "85" in m.evidence["killed"]
    assert m.evidence["date"] == "Thursday"


def test_referenced_older_attack_gets_its_own_mention() -> None:
    primary, older = mentions("fx-pahalgam")
    assert primary.primary and not older.primary
    assert (primary.city, primary.locality, primary.killed.low, primary.wounded.low) == ("Pahalgam", "Baisaran", 26, 17)
    assert (primary.attack_type, primary.target_type) == ("Armed Assault", "Tourists")
    assert primary.claimed_by == ["The Resistance Front"] and "The Resistance Front" in primary.denied_by
    assert ("Pakistan", "Indian officials") in {(b.party, b.by) for b in primary.blamed}
    assert (older.date, older.date_precision, older.city, older.killed.low) == ("2019", "year", "Pulwama", 40)


def test_dataset_summary_with_numeric_date() -> None:
    (m,) = mentions("fx-gtd-summary")
    assert (m.date, m.country, m.admin1, m.city) == ("2021-01-02", "AF", "Nangarhar", "Jalalabad")
    assert (m.killed.low, m.wounded.low, m.target_type) == (2, 3, "Police")


def test_updated_toll_is_current_and_earlier_figure_kept() -> None:
    (m,) = mentions("fx-mogadishu-hotel")
    assert m.killed.to_dict() == {"low": 21, "high": None, "qualifier": "exact"}
    assert 13 in {f.count.low for f in m.other_figures if f.field == "killed"}
    assert (m.city, m.locality, m.date) == ("Mogadishu", "Hayat Hotel", "2022-08-19")
    assert m.claimed_by == ["Al-Shabaab"] and m.blamed == []


@pytest.mark.parametrize("doc_id", ["fx-neg-boiler", "fx-neg-plot", "fx-neg-policy"])
def test_reports_without_an_attack_have_no_mentions(doc_id: str) -> None:
    assert mentions(doc_id) == []


def test_other_regions() -> None:
    (quetta,) = mentions("fx-quetta-station")
    assert (quetta.city, quetta.admin1, quetta.target_type) == ("Quetta", "Balochistan", "Transportation")
    assert quetta.claimed_by == ["Balochistan Liberation Army"]
    (gwoza,) = mentions("fx-maiduguri")
    assert (gwoza.country, gwoza.admin1, gwoza.city, gwoza.date) == ("NG", "Borno", "Gwoza", "2024-06-29")
    assert [(b.party, b.by) for b in gwoza.blamed] == [("Boko Haram", "local officials")]
    church = mentions("fx-damascus-church")[0]
    assert (church.city, church.locality, church.target_type) == ("Damascus", "Dwelaa", "Religious Figures/Institutions")
    assert [(b.party, b.by) for b in church.blamed] == [("Islamic State", "interior ministry")]


def test_caption_date_and_toll_update_in_a_text_file() -> None:
    text = (FIXTURES / "kirkuk-market.txt").read_text("utf-8")
    doc = Document("kirkuk-market", text, dt.date(2025, 3, 4))
    primary, older = extract(doc).mentions
    assert (primary.date, primary.city, primary.killed.low, primary.killed.qualifier) == ("2025-03-03", "Kirkuk", 9, "exact")
    assert primary.wounded.low == 24
    assert [(b.party, b.by) for b in primary.blamed] == [("Islamic State", "police spokesman")]
    assert (older.date, older.date_precision, older.killed.low) == ("2023-03", "month", 15)


def test_every_mention_uses_the_vocabularies() -> None:
    from models.vocab import ATTACK_TYPES, QUALIFIERS, TARGET_TYPES

    for doc in DOCS.values():
        for m in extract(doc).mentions:
            assert m.attack_type in ATTACK_TYPES and m.target_type in TARGET_TYPES
            for count in (m.killed, m.wounded):
                assert count is None or count.qualifier in QUALIFIERS
            if m.date and doc.published_date:
                assert m.date <= doc.published_date.isoformat()[: len(m.date)]


def test_dataset_notes_and_other_styles() -> None:
    (acled,) = mentions("h-acled")
    assert (acled.date, acled.country, acled.admin1, acled.killed.low) == ("2024-03-03", "NG", "Borno", 7)
    assert [b.party for b in acled.blamed] == ["Islamic State West Africa Province"]
    (ucdp,) = mentions("h-ucdp")
    assert (ucdp.date, ucdp.country, ucdp.city, ucdp.killed.low, ucdp.suicide) == ("2019-04-21", "LK", "Colombo", 259, True)
    brussels, paris = mentions("h-brussels")
    assert brussels.claimed_by == ["Islamic State"] and (brussels.killed.low, brussels.wounded.qualifier) == (31, "about")
    assert (paris.primary, paris.date, paris.city, paris.killed.low) == (False, "2015-11", "Paris", 130)


def test_report_about_an_old_attack_is_about_that_attack() -> None:
    (m,) = mentions("h-anniversary")
    assert m.primary and (m.date, m.city, m.killed.low) == ("2014-12-16", "Peshawar", 147)
    assert m.target_type == "Educational Institution" and m.claimed_by == ["Tehrik-i-Taliban Pakistan"]


def test_markets_are_private_property_and_suspicion_is_blame() -> None:
    (m,) = mentions("h-kashmir-grenade")
    assert m.killed is None and m.wounded.to_dict() == {"low": 12, "high": None, "qualifier": "at_least"}
    assert m.target_type == "Private Citizens & Property"
    assert [b.party for b in m.blamed] == ["Lashkar-e-Taiba"]
    assert mentions("h-neg-verdict") == []


def test_alternative_names_need_their_region() -> None:
    (m,) = mentions("h2-anantnag")
    assert (m.country, m.admin1, m.city, m.date) == ("IN", "Jammu and Kashmir", "Anantnag", "2023-09-13")
    assert m.killed.low == 3 and m.claimed_by == ["The Resistance Front"]
    (hyd,) = mentions("h2-hyderabad")
    assert (hyd.country, hyd.admin1, hyd.date) == ("IN", "Telangana", "2013-02-21")


def test_shot_dead_ranges_and_dataset_dates() -> None:
    (m,) = mentions("h2-roundup")
    assert (m.date, m.killed.low, m.wounded.to_dict()) == ("2024-08-26", 23, {"low": 10, "high": 15, "qualifier": "range"})
    (g,) = mentions("h2-gtd")
    assert (g.date, g.city, g.killed.qualifier, g.wounded) == ("2015-12-25", "Maiduguri", "at_least", None)
    assert [(b.party, b.by) for b in g.blamed] == [("Boko Haram", None)]
