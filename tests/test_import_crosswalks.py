"""The crosswalk files: valid, and mapping the datasets' names and codes as documented."""

from __future__ import annotations

import pytest

from etl.imports import crosswalks
from etl.imports.layout import RowView
from etl.reference.actors import load_actor_dictionary


def test_every_crosswalk_file_is_valid() -> None:
    crosswalks.validate()
    assert len(crosswalks.crosswalk_digest()) == 8


@pytest.mark.parametrize(
    ("dataset", "name", "code"),
    [
        ("gtd", "Pakistan", "PK"),
        ("gtd", "West Bank and Gaza Strip", "PS"),
        ("gtd", "Ivory Coast", "CI"),
        ("gtd", "Zaire", "CD"),
        ("gtd", "Soviet Union", None),
        ("ucdp", "Syria", "SY"),
        ("ucdp", "Russia (Soviet Union)", "RU"),
        ("ucdp", "DR Congo (Zaire)", "CD"),
        ("acled", "Democratic Republic of Congo", "CD"),
        ("acled", "eSwatini", "SZ"),
        ("ucdp", "Syrian Arab Republic", "SY"),  # ISO's official-style name
        ("ucdp", "SYR", "SY"),
    ],
)
def test_countries(dataset: str, name: str, code: str | None) -> None:
    assert crosswalks.country(dataset, name).code == code


def test_unknown_country() -> None:
    with pytest.raises(crosswalks.UnknownCountry):
        crosswalks.country("gtd", "Atlantis")
    assert crosswalks.country_by_numeric(586).code == "PK"
    assert crosswalks.country_by_numeric(999) is None


@pytest.mark.parametrize(
    ("country", "name", "code"),
    [
        ("PK", "Federal Capital Territory", "PK-IS"),
        ("PK", "North-West Frontier Province", "PK-KP"),
        ("PK", "Khyber Pakhtunkhwa province", "PK-KP"),
        ("SY", "Homs Governorate", "SY-HI"),
        ("SY", "Deir ez Zor Governorate", "SY-DY"),
        ("SY", "Rif Dimashq Governorate", "SY-RD"),
        ("PK", "Federally Administered Tribal Areas", None),
    ],
)
def test_admin1(country: str, name: str, code: str | None) -> None:
    found, label = crosswalks.admin1("ucdp", country, name)
    assert found == code
    assert label == (name if code is None else label)


def test_actor_decisions() -> None:
    skip = crosswalks.actor_decision("ucdp", "Civilians")
    assert skip.skip
    state = crosswalks.actor_decision("ucdp", "Government of Syria")
    assert state.candidates == ("Syria",) and state.kind == "state"
    assert crosswalks.actor_decision("ucdp", "Government of United States of America").candidates == ("United States",)
    assert crosswalks.actor_decision("ucdp", "Government of Russia (Soviet Union)").candidates == ("Russia",)
    assert crosswalks.actor_decision("acled", "Military Forces of Pakistan (2018-)").candidates == ("Pakistan",)
    assert crosswalks.actor_decision("acled", "Unidentified Armed Group (Pakistan)").skip
    assert crosswalks.actor_decision("acled", "Civilians (Pakistan)").skip
    assert crosswalks.actor_decision("gtd", "Unknown").skip
    assert crosswalks.actor_decision("gtd", "Islamic State of Iraq and the Levant (ISIL)").candidates == ("Islamic State",)
    acled = crosswalks.actor_decision("acled", "LeJ: Lashkar-e-Jhangvi")
    assert acled.candidates == ("LeJ: Lashkar-e-Jhangvi", "Lashkar-e-Jhangvi", "LeJ")
    gtd = crosswalks.actor_decision("gtd", "Baloch Republican Army (BRA)")
    assert gtd.candidates == ("Baloch Republican Army (BRA)", "Baloch Republican Army", "BRA")
    assert gtd.create_name == "Baloch Republican Army (BRA)" and not gtd.mapped


def test_crosswalk_targets_that_are_dictionary_names_exist() -> None:
    """A crosswalk row naming a dictionary actor must spell it as the dictionary does."""
    names = {e.name for e in load_actor_dictionary()}
    dictionary_like = {"Islamic State", "Al-Qaeda", "Tehrik-i-Taliban Pakistan", "Afghan Taliban",
                       "Islamic State Khorasan Province", "Islamic State Pakistan Province", "Lashkar-e-Jhangvi",
                       "Jaish-e-Mohammed", "Jamaat-ul-Ahrar", "Balochistan Liberation Army", "Baloch separatists"}
    assert dictionary_like <= names


def _row(**cells: str) -> RowView:
    return RowView({k: i for i, k in enumerate(cells)}, list(cells.values()))


def test_roles() -> None:
    assert crosswalks.role("ucdp", "side_a", _row(type_of_violence="3")) == "suspected"
    assert crosswalks.role("ucdp", "side_b", _row(type_of_violence="3")) is None
    assert crosswalks.role("ucdp", "side_b", _row(type_of_violence="1")) == "suspected"
    assert crosswalks.role("gtd", "gname", _row(claimed="1")) == "claimed"
    assert crosswalks.role("gtd", "gname", _row(claimed="0")) == "suspected"
    assert crosswalks.role("gtd", "gname2", _row(claim2="-9")) == "suspected"
    battle = _row(event_type="Battles", inter1="1", inter2="2")
    assert crosswalks.role("acled", "actor1", battle) == "suspected"
    assert crosswalks.role("acled", "actor2", battle) == "suspected"
    bombing = _row(event_type="Explosions/Remote violence", inter1="Rebel group", inter2="Civilians")
    assert crosswalks.role("acled", "actor1", bombing) == "suspected"
    assert crosswalks.role("acled", "actor2", bombing) is None
    protest = _row(event_type="Protests", inter1="6")
    assert crosswalks.role("acled", "actor1", protest) is None


def test_event_and_target_types() -> None:
    suicide = crosswalks.event_type("acled", "sub_event_type", "Suicide bomb")
    assert suicide is not None
    assert (suicide.attack_type, suicide.suicide, suicide.in_scope) == ("Bombing/Explosion", True, True)
    protest = crosswalks.event_type("acled", "sub_event_type", "Peaceful protest")
    assert protest is not None and not protest.in_scope and protest.attack_type is None
    legacy = crosswalks.event_type("acled", "event_type", "Battle-No change of territory")
    assert legacy is not None and legacy.attack_type == "Armed Assault"
    assert crosswalks.event_type("acled", "sub_event_type", "Unheard of") is None
    assert crosswalks.target_type("acled", {"actor2": "Police Forces of Pakistan (2018-)", "inter2": "1"}) == "Police"
    assert crosswalks.target_type("acled", {"actor2": "Military Forces of Pakistan (2018-)", "inter2": "1"}) == "Military"
    assert crosswalks.target_type("acled", {"actor2": "Civilians (Pakistan)", "inter2": "7"}) == (
        "Private Citizens & Property"
    )
    ucdp = crosswalks.event_type("ucdp", "type_of_violence", "3")
    assert ucdp is not None and ucdp.target_type == "Private Citizens & Property"
