"""Rules added for reports unlike the development corpus (texts written for these tests)."""

from __future__ import annotations

import pytest

from tests.extract_helpers import mentions_of

run = mentions_of


def test_months_after_an_earlier_attack_is_a_reference_dated_back() -> None:
    ms = run(
        "Bomb kills nine at Multan bus stand\n\n"
        "MULTAN: A bomb hidden in a rickshaw exploded at the general bus stand in Multan on Sunday, "
        "killing nine people, police said.\n\n"
        "The blast came three months after gunmen stormed a police post in Dera Ghazi Khan and killed four constables.\n"
    )
    assert [m.primary for m in ms] == [True, False]
    primary, ref = ms
    assert (primary.date, primary.city, primary.killed.low) == ("2024-05-12", "Multan", 9)
    assert (ref.date, ref.date_precision, ref.city, ref.killed.low) == ("2024-02", "month", "Dera Ghazi Khan", 4)


def test_fronted_years_after_clause_is_only_a_reference() -> None:
    ms = run(
        "Swat village holds its first festival in years\n\n"
        "MINGORA: Six years after militants opened fire on a wedding party in the Swat valley, the village "
        "of Kabal held its first spring festival on Saturday. Hundreds of people attended.\n"
    )
    assert [m.primary for m in ms] == [False]
    assert ms[0].date == "2018"


def test_days_after_the_attack_is_the_attack_itself() -> None:
    ms = run(
        "Police arrest suspects in Sukkur market bombing\n\n"
        "SUKKUR: A bomb exploded in a crowded market in Sukkur on Thursday, killing six people. "
        "Two days after the bombing, police arrested three men.\n"
    )
    assert [m.primary for m in ms] == [True]


ROUND_UP = (
    "Bomb at Sibi rally kills 30\n\n"
    "QUETTA: A suicide bomber struck a campaign rally in Sibi on Friday, killing 30 people and wounding 70, "
    "officials said. The Islamic State group claimed responsibility.\n\n"
    "Hours earlier on Friday, a bomb hidden in a rickshaw exploded near the office of a provincial candidate "
    "in Loralai, killing three people.\n\n"
    "On Tuesday night, a suicide bomber killed the local party chief Amir Khan and 11 others at a meeting "
    "in Zhob. The Tehreek-e-Taliban Pakistan claimed that attack.\n\n"
    "The Sibi attack was the deadliest of the campaign.\n"
)


def test_round_up_of_attacks_in_other_towns_and_days() -> None:
    ms = run(ROUND_UP, "2024-05-11")
    assert [(m.primary, m.city, m.date) for m in ms] == [
        (True, "Sibi", "2024-05-10"), (False, "Loralai", "2024-05-10"), (False, "Zhob", "2024-05-07")]
    assert ms[2].killed.low == 12  # "Amir Khan and 11 others"


def test_claims_go_to_the_attack_the_paragraph_is_about() -> None:
    ms = run(ROUND_UP, "2024-05-11")
    assert ms[0].claimed_by == ["Islamic State"]
    assert ms[1].claimed_by == []
    assert ms[2].claimed_by == ["Tehrik-i-Taliban Pakistan"]


def test_never_claimed_is_no_claim() -> None:
    ms = run(
        "Car bomb kills five in Kandahar\n\n"
        "KANDAHAR: A car bomb exploded outside a bank in Kandahar on Sunday, killing five people. "
        "The Taliban never claimed the attack, but officials blamed the group.\n"
    )
    assert ms[0].claimed_by == []


def test_two_claimants_joined_by_and() -> None:
    ms = run(
        "Blast at Kohat court kills 14\n\n"
        "KOHAT: A suicide bomber blew himself up at the gate of the district court in Kohat on Sunday, killing 14 people. "
        "Jamaat-ul-Ahrar and the Islamic State of Iraq and the Levant (ISIL) both claimed responsibility.\n"
    )
    assert ms[0].claimed_by == ["Jamaat-ul-Ahrar", "Islamic State"]


def test_denial_belongs_to_its_own_clause() -> None:
    ms = run(
        "Mardan mosque bombing kills 20\n\n"
        "MARDAN: A bomb tore through a mosque in Mardan on Friday, killing 20 worshippers. "
        "Jamaat-ul-Ahrar claimed the bombing, while a spokesman for the Tehreek-e-Taliban Pakistan denied that the group was involved.\n"
    )
    assert ms[0].claimed_by == ["Jamaat-ul-Ahrar"]
    assert ms[0].denied_by == ["Tehrik-i-Taliban Pakistan"]


def test_claimed_hijacking_and_not_involved_denial() -> None:
    ms = run(
        "Militants hijack bus near Turbat\n\n"
        "TURBAT: Gunmen hijacked a passenger bus near Turbat on Saturday and killed seven passengers, officials said. "
        "The Balochistan Liberation Front claimed the hijacking. "
        "Fighters of the Balochistan Liberation Front stopped the bus at a fake checkpoint. "
        "A Taliban spokesman said its fighters were not involved in the attack.\n"
    )
    m = ms[0]
    assert m.attack_type == "Hijacking"
    assert m.claimed_by == ["Balochistan Liberation Front"]
    assert m.denied_by == ["Afghan Taliban"]
    assert [b.party for b in m.blamed] == []  # the claimant is not also "blamed" by the outlet


def test_while_clause_in_another_province_is_another_attack() -> None:
    ms = run(
        "Gunmen raid Kabul clinic as bomber hits wedding in east\n\n"
        "KABUL: Gunmen stormed a clinic in western Kabul on Sunday, killing at least nine people, "
        "while a suicide bomber killed 17 guests at a wedding in the eastern province of Laghman, officials said.\n\n"
        "In Laghman, the bomber struck the wedding of a police officer in Alingar district, wounding 40 people. "
        "The Islamic State group claimed the wedding bombing.\n\n"
        "Police later detained the bomber's brother in Jalalabad.\n"
    )
    assert [(m.primary, m.city, m.admin1, m.date) for m in ms] == [
        (True, "Kabul", "Kabul", "2024-05-12"), (False, None, "Laghman", "2024-05-12")]
    assert (ms[0].killed.low, ms[1].killed.low, ms[1].wounded.low) == (9, 17, 40)
    assert ms[0].claimed_by == [] and ms[1].claimed_by == ["Islamic State"]


@pytest.mark.parametrize(
    ("sentence", "locality", "city"),
    [
        ("A bomber struck outside the Quetta Press Club in Quetta on Monday, killing four people.", "Quetta Press Club", "Quetta"),
        ("A blast went off in the car park of Karachi Arena in Karachi on Monday, killing four people.", "Karachi Arena", "Karachi"),
        ("A bomb exploded in a market in Quetta's Hazara Town on Monday, killing four people.", "Hazara Town", "Quetta"),
        ("A suicide bomber blew himself up at the shrine of Data Ganj Bakhsh in Lahore on Monday, killing four people.", "Data Ganj Bakhsh shrine", "Lahore"),
        ("Gunmen stormed a clinic in Youhanabad, a mostly Christian neighbourhood of Lahore, on Monday, killing four people.", "Youhanabad", "Lahore"),
        ("Gunmen attacked the Army Public School in Lahore on Monday, killing four people.", "Army Public School", "Lahore"),
    ],
)
def test_named_sites_and_neighbourhoods(sentence: str, locality: str, city: str) -> None:
    (m,) = run("Attack\n\n" + sentence + "\n")
    assert (m.locality, m.city) == (locality, city)


def test_seized_vests_and_plan_headline_are_no_attack() -> None:
    assert run(
        "Police foil plan to bomb Ashura procession in Multan\n\n"
        "MULTAN: Police said on Sunday they had arrested two men who were planning to attack an Ashura procession, "
        "and recovered a suicide vest and 4 kg of explosives from their house.\n"
    ) == []


def test_rifles_and_grenades_carried_make_an_armed_assault() -> None:
    (m,) = run(
        "Gunmen attack police post\n\n"
        "Six gunmen armed with rifles and grenades attacked a police post in Dera Ismail Khan on Sunday, killing three officers.\n"
    )
    assert (m.attack_type, m.target_type) == ("Armed Assault", "Police")


def test_siege_without_hostages_is_not_a_barricade_incident() -> None:
    (m,) = run(
        "Gunmen storm Peshawar hotel\n\n"
        "Gunmen stormed a hotel in Peshawar on Sunday and fought troops in a ten-hour siege, killing eight guests.\n"
    )
    assert (m.attack_type, m.target_type) == ("Armed Assault", "Business")


def test_concert_crowd_is_private_citizens() -> None:
    (m,) = run(
        "Bomb at concert\n\n"
        "A bomb exploded among fans leaving a concert in Karachi on Sunday, killing 11 people. "
        "Hundreds of police officers later sealed off the area.\n"
    )
    assert m.target_type == "Private Citizens & Property"


def test_dateline_and_route_cities_are_not_the_attack_place() -> None:
    (m,) = run(
        "Militants attack train in Balochistan\n\n"
        "ISLAMABAD (Reuters) - Separatist militants attacked a passenger train in the mountains of Balochistan on Sunday, "
        "killing 12 passengers, officials said. The train was travelling from Quetta to Peshawar.\n"
    )
    assert (m.country, m.admin1, m.city) == ("PK", "Balochistan", None)
