"""The actor dictionary and actor mentions (etl.reference.actors, etl.extract.actors)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.extract.actors import actor_index, find_actors
from etl.reference.actors import load_actor_dictionary

CANONICAL = [
    "Tehrik-i-Taliban Pakistan", "Jamaat-ul-Ahrar", "Islamic State Khorasan Province", "Islamic State",
    "Al-Qaeda", "Balochistan Liberation Army", "Balochistan Liberation Front", "Lashkar-e-Jhangvi",
    "Lashkar-e-Taiba", "Jaish-e-Mohammed", "The Resistance Front", "Haqqani Network", "Afghan Taliban",
    "Hafiz Gul Bahadur Group", "Fedayeen-e-Islam", "Hamas", "Hezbollah", "Islamic State Pakistan Province",
    "Jaish al-Fursan", "Baloch separatists",
]


def test_dictionary_size_and_canonical_names() -> None:
    names = {a.name for a in load_actor_dictionary()}
    assert len(names) >= 60
    assert set(CANONICAL) <= names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Fitna al-Khawarij", "Tehrik-i-Taliban Pakistan"), ("the Pakistani Taliban", "Tehrik-i-Taliban Pakistan"),
        ("Tehreek-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan"), ("ISIS-K", "Islamic State Khorasan Province"),
        ("the Islamic State's Khorasan affiliate", "Islamic State Khorasan Province"), ("Daesh", "Islamic State"),
        ("Fedayeen Islam", "Fedayeen-e-Islam"), ("Jaish Al-Fursan", "Jaish al-Fursan"), ("al-Qaida", "Al-Qaeda"),
        ("Ansar Allah", "Houthis"), ("al-Shabab", "Al-Shabaab"), ("ISWAP", "Islamic State West Africa Province"),
        ("the rulers of Kabul", "Afghanistan"), ("Afghan soil", "Afghanistan"), ("Indian support", "India"),
    ],
)
def test_aliases(text: str, name: str) -> None:
    assert [a.name for a in find_actors(f"Officials blamed {text} for it.")][-1] == name


def test_acronyms_need_capitals_and_demonyms_need_a_state_noun() -> None:
    assert find_actors("It is what it is.") == []
    assert [a.name for a in find_actors("IS said it carried out the attack.")] == ["Islamic State"]
    assert find_actors("Five Chinese engineers were killed.") == []
    assert [a.name for a in find_actors("He alleged Iranian backing for the cell.")] == ["Iran"]
    assert [a.name for a in find_actors("Officials blamed Ukraine.")] == ["Ukraine"]


def test_parents_are_known() -> None:
    assert "Islamic State" in actor_index().ancestors("Islamic State Khorasan Province")


def test_aliases_are_unambiguous_in_the_file() -> None:
    text = (Path(__file__).resolve().parent.parent / "etl" / "reference" / "actors.toml").read_text("utf-8")
    assert len(re.findall(r"^\[\[actor\]\]", text, flags=re.M)) == len(load_actor_dictionary())
