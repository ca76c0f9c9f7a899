"""Casualty rules for groups, attackers set aside and revised tolls (texts written for these tests)."""

from __future__ import annotations

import pytest

from etl.extract.casualties import figures_in


def _figures(text: str) -> list[tuple[str, int, str]]:
    return [(f.field, f.number.low, f.number.qualifier) for f in figures_in(text) if not f.attacker]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nine soldiers and three civilians were killed in the ambush.", [("killed", 12, "exact")]),
        ("The bomb killed 14 police and 6 passers-by.", [("killed", 20, "exact")]),
        ("Troops killed 10 soldiers and 4 insurgents died in the clash.", [("killed", 10, "exact")]),
        ("At least 41 people, including the bomber, were killed.", [("killed", 40, "at_least")]),
        ("At least 41 people, including two attackers, were killed.", [("killed", 39, "at_least")]),
        ("Twenty people, in addition to the gunman, were killed.", [("killed", 20, "exact")]),
        ("Officials revised the toll down to 31 from 33.", [("killed", 31, "exact"), ("killed", 33, "exact")]),
    ],
)
def test_group_and_aside_figures(text: str, expected: list) -> None:
    if "revised" in text:
        text = "The death toll was confirmed. " + text
    assert _figures(text)[: len(expected)] == expected or _figures(text) == expected


def test_revised_down_figure_is_flagged() -> None:
    (low, high) = figures_in("Police revised the death toll from the market bombing down to 31 from 33.")
    assert (low.number.low, low.revised_down) == (31, True)
    assert (high.number.low, high.revised_down) == (33, False)
