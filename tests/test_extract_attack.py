"""Attack type, suicide flag and target type (etl.extract.attack)."""

from __future__ import annotations

import pytest

from etl.extract.attack import attack_type, is_suicide, target_type
from models.vocab import ATTACK_TYPES, TARGET_TYPES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A suicide bomber opened fire on guards, then blew himself up at the gate.", "Bombing/Explosion"),
        ("Gunmen opened fire on passengers at the bus stand.", "Armed Assault"),
        ("Militants kidnapped four engineers from the site.", "Hostage Taking (Kidnapping)"),
        ("The mayor was assassinated outside his home.", "Assassination"),
        ("Attackers set fire to a girls' school overnight.", "Facility/Infrastructure Attack"),
        ("A man stabbed three worshippers outside the church.", "Unarmed Assault"),
        ("Militants hijacked a passenger train in Bolan.", "Hijacking"),
        ("An attack was reported.", "Unknown"),
    ],
)
def test_attack_types(text: str, expected: str) -> None:
    assert attack_type([text])[0] == expected
    assert expected in ATTACK_TYPES


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["A bomb exploded inside a Shia mosque during prayers."], "Religious Figures/Institutions"),
        (["The attack on the district courts killed 12 people near a police van."], "Government (General)"),
        (["Militants attacked a military convoy near the cantonment."], "Military"),
        (["A blast at a police station in Quetta killed five."], "Police"),
        (["Gunmen stormed the hotel used by foreigners."], "Business"),
        (["A bomb went off at a girls' school."], "Educational Institution"),
        (["Tourists were shot in the meadow."], "Tourists"),
        (["A roadside bomb struck a passenger bus."], "Transportation"),
        (["Rockets hit the embassy compound."], "Government (Diplomatic)"),
        (["A blast was heard."], "Unknown"),
    ],
)
def test_target_types(texts: list[str], expected: str) -> None:
    assert target_type(texts)[0] == expected
    assert expected in TARGET_TYPES


def test_suicide_flag_is_true_or_unknown() -> None:
    assert is_suicide(["A suicide bomber struck."])[0] is True
    assert is_suicide(["The attacker blew himself up."])[0] is True
    assert is_suicide(["A car bomb exploded."])[0] is None
    assert is_suicide(["The suicide rate rose."])[0] is None
