"""Claims, denials and blame with speakers and evidence (etl.extract.attribution)."""

from __future__ import annotations

from etl.extract.attribution import blame, claims_and_denials
from etl.extract.speakers import collect_people


def _blame(sentences: list[str], home: str | None = "PK", claimed: list[str] | None = None):
    pairs, offset = [], 0
    for s in sentences:
        pairs.append((s, offset))
        offset += len(s) + 1
    people = collect_people(pairs)
    found, _ = blame(pairs, people, home, claimed or [])
    return {(b.party, b.by, b.evidence_given) for b in found}


def test_claim_refined_by_known_as() -> None:
    claimed, denied, _ = claims_and_denials([
        "A West African offshoot of the Islamic State group has claimed the bombing.",
        "The offshoot, known as Islamic State West Africa Province, posted photos of the bomber.",
    ])
    assert claimed == ["Islamic State West Africa Province"] and denied == []


def test_unnamed_claimant_and_negated_claims() -> None:
    claimed, _, _ = claims_and_denials([
        "A little-known group has claimed responsibility for the attack.",
        "The group, which calls itself Jundallah, demanded the release of prisoners.",
    ])
    assert claimed == ["Jundallah"]
    assert claims_and_denials(["No group has claimed responsibility so far."])[0] == []
    assert claims_and_denials(["There was no immediate claim of responsibility."])[0] == []


def test_claim_then_denial() -> None:
    claimed, denied, _ = claims_and_denials([
        "Hizb-ul-Ahrar, a faction of the Pakistani Taliban, claimed the bombing in a statement.",
        "A day later the Pakistani Taliban denied any involvement.",
    ])
    assert claimed == ["Hizb-ul-Ahrar"]
    assert denied == ["Tehrik-i-Taliban Pakistan"]


def test_blame_with_named_speaker_and_no_evidence() -> None:
    found = _blame([
        "Interior Minister Talal Chaudhry visited the site.",
        "Chaudhry alleged that the attack was planned in Afghanistan and carried out with Indian support, without providing evidence.",
    ])
    assert ("Afghanistan", "Talal Chaudhry", False) in found
    assert ("India", "Talal Chaudhry", False) in found


def test_blame_by_a_body_with_evidence() -> None:
    found = _blame(["Police sources said the bombing bore the hallmarks of Lashkar-e-Jhangvi after one suspect confessed."])
    assert found == {("Lashkar-e-Jhangvi", "Police sources", True)}


def test_insinuation_and_quoted_speaker() -> None:
    found = _blame([
        "Defence Minister Khawaja Asif spoke to reporters in Sialkot.",
        "“Every one of these attacks has the blessings of the rulers of Kabul,” he said.",
    ])
    assert found == {("Afghanistan", "Khawaja Asif", None)}


def test_habitual_statements_and_descriptions_are_not_blame() -> None:
    assert _blame(["Officials frequently blame groups operating from Afghan soil for attacks in the region."]) == set()
    assert _blame(["That outfit has ties to the Haqqani Network and is allied with the Afghan Taliban."]) == set()
    assert _blame(["India rejected the allegations made by Pakistani officials after the attack."], home="PK") == set()


def test_passive_blame_with_by() -> None:
    found = _blame(["Boko Haram, which has fought the army for years, was blamed by local officials for the attack."], home="NG")
    assert found == {("Boko Haram", "local officials", None)}


def test_home_country_is_not_a_party() -> None:
    found = _blame(["Kabul accused Pakistan of backing the attackers."], home="AF")
    assert ("Pakistan", None, None) in {(p, None, None) for p, _, _ in found}
    assert all(p != "Afghanistan" for p, _, _ in found)


def test_speaker_speaks_for_a_state() -> None:
    pairs = [("US diplomats were quick to link the bombing to al-Qaeda.", 0)]
    found, _ = blame(pairs, collect_people(pairs), "PK", [])
    assert [(b.party, b.by, b.on_behalf_of) for b in found] == [("Al-Qaeda", "US diplomats", "United States")]
