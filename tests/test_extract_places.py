"""Gazetteer and place resolution (etl.reference.gazetteer, etl.extract.places)."""

from __future__ import annotations

from etl.extract.places import best_place, find_places, resolve_place
from etl.reference.gazetteer import load_gazetteer


def test_gazetteer_knows_cities_divisions_and_curated_localities() -> None:
    g = load_gazetteer()
    assert any(p.kind == "city" and p.country == "PK" and p.admin1 == "Islamabad Capital Territory" for p in g.lookup("Islamabad"))
    (sector,) = g.lookup("G-9")
    assert (sector.kind, sector.city, sector.admin1) == ("locality", "Islamabad", "Islamabad Capital Territory")
    assert sector.latitude and sector.longitude
    assert g.lookup("Tarlai Kalan")[0].name == "Tarlai"
    assert g.lookup("Koocha Risaldar")[0].city == "Peshawar"
    assert g.lookup("Besham")[0].admin1 == "Khyber Pakhtunkhwa"
    assert g.lookup("K-P")[0].admin1 == "Khyber Pakhtunkhwa"
    assert {p.country for p in g.lookup("Hyderabad")} >= {"IN", "PK"}
    assert g.lookup("Mosul")[0].admin1 == "Nineveh"
    assert g.country_code("Afghan") == "AF" and g.country_name("AF") == "Afghanistan"
    assert g.capital("PK").name == "Islamabad"


def test_the_reports_country_disambiguates() -> None:
    (mention,) = [m for m in find_places("A bomb went off in Hyderabad on Monday.") if m.text == "Hyderabad"]
    assert best_place(mention, "PK").admin1 == "Sindh"
    assert best_place(mention, "IN").admin1 == "Telangana"
    assert best_place(mention, None).country == "IN"  # the larger one without context


def test_locality_wins_and_carries_its_city() -> None:
    mentions = find_places("A suicide bomber struck a mosque in the Hayatabad area of Peshawar.")
    for m in mentions:
        m.weight = 1.2
    location = resolve_place(mentions, "PK")
    assert (location.country, location.admin1, location.city, location.locality) == ("PK", "Khyber Pakhtunkhwa", "Peshawar", "Hayatabad")


def test_the_capital_resolves_to_the_countrys_capital() -> None:
    (mention,) = find_places("Gunmen attacked a hotel in the Afghan capital.")
    assert mention.extra["capital_of"] == "AF"
    assert best_place(mention, "PK").name == "Kabul"


def test_named_sites_outside_the_gazetteer() -> None:
    mentions = find_places("Militants stormed the Hayat Hotel in Mogadishu.")
    for m in mentions:
        m.weight = 1.2
    location = resolve_place(mentions, "SO")
    assert (location.city, location.locality) == ("Mogadishu", "Hayat Hotel")


def test_route_places_are_not_the_attack_place() -> None:
    mentions = find_places("The convoy was attacked near Dasu while travelling from Islamabad to Gilgit.")
    for m in mentions:
        m.weight = 1.0
    assert resolve_place(mentions, "PK").city == "Dasu"
