"""Which numbers count the killed and the wounded (etl.extract.casualties)."""

from __future__ import annotations

import pytest

from etl.extract.casualties import figures_in


def summary(sentence: str) -> list[tuple]:
    return [
        (f.field, f.number.low, f.number.qualifier, f.subset, f.attacker, f.update)
        for f in figures_in(sentence)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("At least 14 people were killed and more than 30 wounded in Kandahar.",
         [("killed", 14, "at_least", False, False, False), ("wounded", 30, "more_than", False, False, False)]),
        ("The blast killed eleven soldiers and injured twenty-two others.",
         [("killed", 11, "exact", False, False, False), ("wounded", 22, "exact", False, False, False)]),
        ("Seven pilgrims lost their lives and 19 were hurt.",
         [("killed", 7, "exact", False, False, False), ("wounded", 19, "exact", False, False, False)]),
        ("The death toll rose to 43 on Sunday.", [("killed", 43, "exact", False, False, True)]),
        ("Hospital officials said the number of dead had climbed to 27.", [("killed", 27, "exact", False, False, True)]),
        ("5 dead, 12 injured as grenade hits bus stand", [("killed", 5, "exact", False, False, False), ("wounded", 12, "exact", False, False, False)]),
        ("Troops killed six militants in the exchange of fire.", [("killed", 6, "exact", False, True, False)]),
        ("Nine of the injured were in critical condition.", [("wounded", 9, "exact", True, False, False)]),
        ("Three aid workers and their driver were killed.", [("killed", 4, "exact", False, False, False)]),
        ("A policeman was martyred in the attack.", [("killed", 1, "exact", False, False, False)]),
    ],
)
def test_figures(sentence: str, expected: list[tuple]) -> None:
    assert summary(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Police arrested four suspects after the attack.",
        "About 500 worshippers were inside the mosque.",
        "The crater was 30 feet deep and the blast was heard 5 km away.",
        "The 2019 bombing is still under investigation.",
        "A 32-year-old shopkeeper described the scene.",
        "The gunmen fired for 15 minutes.",
    ],
)
def test_non_victim_numbers_are_ignored(sentence: str) -> None:
    assert [f for f in figures_in(sentence) if not f.attacker] == []
