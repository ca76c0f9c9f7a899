"""GTD coding rules for reports unlike the development corpus (texts written for these tests)."""

from __future__ import annotations

import pytest

from etl.extract.attack import is_suicide
from tests.extract_helpers import mentions_of

run = mentions_of


def test_shooting_without_a_suicide_cue_is_not_suicide() -> None:
    ms = run(
        "Gunmen kill 11 at Karachi bus terminal\n\n"
        "KARACHI: Two gunmen on a motorcycle opened fire on passengers waiting at a bus terminal in Karachi "
        "on Sunday, killing 11 people before escaping, police said.\n"
    )
    assert ms[0].attack_type == "Armed Assault"
    assert ms[0].suicide is False


def test_suicide_flag_by_attack_kind() -> None:
    assert is_suicide(["Gunmen held 30 people hostage in the hotel for a day."], "Hostage Taking (Barricade Incident)") == (False, None)
    assert is_suicide(["A bomb exploded near the market."], "Bombing/Explosion") == (None, None)
    assert is_suicide(["Something happened in the town."], "Unknown") == (None, None)
    # Gunmen who also set off a bomb: the text does not settle it.
    assert is_suicide(["Gunmen opened fire and a bomb exploded."], "Armed Assault") == (None, None)
    assert is_suicide(["Gunmen wearing suicide vests stormed the hotel."], "Armed Assault")[0] is True


def test_target_types_by_the_gtd_codebook() -> None:
    from etl.extract.attack import target_type

    cases = {
        "Gunmen stormed a hospital in the west of the city, killing 13.": "Business",
        "Attackers opened fire inside the Crocus concert hall before setting it alight.": "Business",
        "A bomb ripped through a military convoy on the highway.": "Military",
        "A suicide bomber struck a checkpoint at the city's main square.": "Police",
        "Militants stormed the Army Public School and killed 140 people.": "Educational Institution",
        "A bomb went off at a tuition and education centre in the west of the city.": "Educational Institution",
        "Gunmen fired on tourists visiting the ruins.": "Tourists",
    }
    for text, expected in cases.items():
        assert target_type([text])[0] == expected, text
    # A hospital that is only where the wounded went is not the target.
    assert target_type(["A bomb exploded in the market, killing nine.", "The wounded were taken to a hospital."])[0] == "Private Citizens & Property"


def test_first_level_divisions_outside_south_asia() -> None:
    from etl.reference.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    expected = {
        ("Krasnogorsk", "RU"): "Moscow Oblast", ("Moscow", "RU"): "Moscow", ("Shiraz", "IR"): "Fars",
        ("Mogadishu", "SO"): "Banaadir", ("Brussels", "BE"): "Brussels-Capital Region",
        ("Zaventem", "BE"): "Flanders", ("Maiduguri", "NG"): "Borno", ("Colombo", "LK"): "Western Province",
        ("Manchester", "GB"): "England",
    }
    for (name, country), admin1 in expected.items():
        place = next(p for p in gazetteer.lookup(name) if p.kind == "city" and p.country == country)
        assert place.admin1 == admin1, name


def test_city_inside_a_metro_area_named_in_the_text() -> None:
    ms = run(
        "Gunmen kill 40 at concert hall near Moscow\n\n"
        "Gunmen in combat fatigues opened fire on concertgoers at a concert hall outside Moscow, in Krasnogorsk, "
        "on Friday evening, killing at least 40 people and setting the building on fire, Russian officials said.\n",
        "2024-03-23",
    )
    assert (ms[0].country, ms[0].admin1, ms[0].city) == ("RU", "Moscow Oblast", "Krasnogorsk")
    assert ms[0].target_type == "Business"
    assert ms[0].suicide is False


def test_a_year_bounding_a_period_is_not_an_earlier_attack() -> None:
    lede = (
        "Bomb kills 12 at Maiduguri market\n\n"
        "MAIDUGURI, Nigeria (AP) - A bomb exploded at a crowded market in Maiduguri on Saturday, "
        "killing 12 people, police said.\n\n"
    )
    for extra in (
        "The city has been hit by attacks since 2009.",
        "The group has been blamed for most attacks in Borno since 2010.",
        "Nigeria has seen tens of thousands of deaths in attacks between 2011 and 2015.",
    ):
        assert [m.primary for m in run(lede + extra + "\n", "2024-06-30")] == [True], extra
    # A year that dates an attack told with its own verb still is one.
    ms = run(lede + "In 2014, militants bombed the same market, killing 40.\n", "2024-06-30")
    assert [(m.primary, m.date) for m in ms] == [(True, "2024-06-29"), (False, "2014")]
    # "The deadliest since <date>, when ..." bounds a period with an attack: still a reference.
    ms = run(lede + "It was the deadliest attack in the city since June 2014, when a car bomb killed 40 "
             "shoppers at the same market.\n", "2024-06-30")
    assert [(m.primary, m.date) for m in ms] == [(True, "2024-06-29"), (False, "2014-06")]


def test_blame_speakers_in_apposition_and_offices() -> None:
    lede = (
        "Gunmen kill 26 tourists near Pahalgam\n\n"
        "SRINAGAR, India - Gunmen opened fire on tourists in a meadow near Pahalgam on Tuesday, "
        "killing 26 people, police said.\n\n"
    )
    cases = {
        "India's foreign secretary, Vikram Misri, told reporters that Pakistan was behind the attack.": "Vikram Misri",
        "Foreign Secretary Vikram Misri said the attack had cross-border links to Pakistan.": "Vikram Misri",
        "The Foreign Office blamed Pakistan for the attack.": "Foreign Office",
    }
    for extra, speaker in cases.items():
        primary = run(lede + extra + "\n", "2025-04-23")[0]
        assert [(b.party, b.by) for b in primary.blamed] == [("Pakistan", speaker)], extra
        assert (primary.target_type, primary.suicide) == ("Tourists", False)
    primary = run(lede + "The Islamic State's Khorasan affiliate claimed the attack.\n", "2025-04-23")[0]
    assert primary.claimed_by == ["Islamic State Khorasan Province"]


def test_a_district_named_like_a_foreign_city_stays_in_the_reports_country() -> None:
    text = (
        "Two car bombs hit Somali capital\n\n"
        "MOGADISHU, Somalia - A truck bomb exploded at a busy junction in Mogadishu on Saturday, "
        "killing 30 people, police said.\n\n"
        "Hours later a second car bomb went off in the Medina district, killing two people.\n"
    )
    for mention in run(text, "2017-10-15"):
        assert mention.country == "SO", mention


def test_a_foreign_town_inside_a_longer_name_is_not_a_place() -> None:
    text = (
        "Bomber's brother jailed\n\n"
        "LONDON - The brother of the man who killed 22 people with a suicide bomb at an Ariana Grande "
        "concert in Manchester in May 2017 was jailed on Thursday after a trial at the Old Bailey.\n"
    )
    cities = {m.city for m in run(text, "2020-08-21")}
    assert not cities & {"Aryanah", "Ariana", "Bailey"}, cities


def test_a_passing_time_phrase_in_a_trial_report_is_no_earlier_attack() -> None:
    text = (
        "Gunman jailed for mosque attack\n\n"
        "LAHORE: A court on Monday sentenced a gunman to death for an attack on a mosque in Lahore "
        "in which seven worshippers were killed.\n\n"
        "Ten years after the attack, relatives said they had waited too long. On Sunday families "
        "gathered outside the court.\n"
    )
    ms = run(text, "2024-05-13")
    assert [m.primary for m in ms] == [True], [(m.primary, m.date, m.city) for m in ms]
    # An earlier attack with its own place or figure is still kept.
    ms = run(text + "In March 2012, gunmen killed four guards at a shrine in Multan.\n", "2024-05-13")
    assert [(m.primary, m.city) for m in ms] == [(True, "Lahore"), (False, "Multan")]


def test_a_small_towns_name_inside_a_sites_name_is_the_site() -> None:
    from etl.extract.places import find_places

    found = find_places("Two bombers blew themselves up near the Saheb al-Zaman Mosque on Wednesday.")
    assert [(m.text, m.places[0].kind) for m in found] == [("Saheb al-Zaman Mosque", "site")]


def test_the_dateline_votes_for_the_reports_country() -> None:
    from collections import Counter

    from etl.extract.places import document_country, find_places

    # Colombo is a Sri Lankan and a Brazilian city; the story also names Christchurch (New Zealand).
    body = list(find_places("The bombings were revenge for the attack on two mosques in Christchurch last month."))
    assert document_country(body, Counter()) == "NZ"
    assert document_country(body, Counter(), find_places("Colombo")) == "LK"


def test_paramilitary_police_are_police() -> None:
    ms = run(
        "Car bomb hits police convoy in Kashmir\n\n"
        "SRINAGAR - A suicide bomber rammed a car into a convoy of paramilitary police on the highway near "
        "Awantipora on Thursday, killing 40 officers.\n",
        "2019-02-15",
    )
    assert ms[0].target_type == "Police"


def test_claims_told_as_it_or_through_a_post_and_the_regional_affiliate() -> None:
    from etl.extract.attribution import claims_and_denials

    cases = {
        "Police said the Islamic State group, which has claimed it, had cells in the city.": ["Islamic State"],
        "A Jamaat-ul-Ahrar commander had claimed it on the day.": ["Jamaat-ul-Ahrar"],
        "Omar Mukarram, a Jamaat-ul-Ahrar commander, claimed in a social media post that the attack was revenge.":
            ["Jamaat-ul-Ahrar"],
        "The minister claimed it was a foreign plot.": [],
    }
    for sentence, claimed in cases.items():
        assert claims_and_denials([sentence])[0] == claimed, sentence
    regional = "The Islamic State group's regional affiliate has claimed responsibility for the bombing."
    assert claims_and_denials([regional], "PK")[0] == ["Islamic State Khorasan Province"]
    assert claims_and_denials([regional], "NG")[0] == ["Islamic State West Africa Province"]
    assert claims_and_denials([regional], "FR")[0] == ["Islamic State"]
    assert claims_and_denials(["The group now says it had nothing to do with the attack, the Haqqani Network said."])[1] == []
    denial = "The Resistance Front now says it had nothing to do with the massacre."
    assert claims_and_denials([denial])[1] == ["The Resistance Front"]


def test_a_country_named_in_passing_is_not_a_foreign_town_and_a_lone_destination_places_an_attack() -> None:
    text = (
        "Suicide bomber kills five Chinese engineers near Besham\n\n"
        "BESHAM, Pakistan - A suicide bomber rammed a car into a convoy carrying Chinese engineers near "
        "Besham on Tuesday, killing six people, police said.\n\n"
        "In July 2021, a bus taking workers to the Dasu dam site was blown up, killing 13 people. "
        "China has repeatedly pressed Pakistan to protect its nationals.\n"
    )
    ms = run(text, "2024-03-27")
    assert [(m.primary, m.country, m.city) for m in ms] == [(True, "PK", "Besham"), (False, "PK", "Dasu")]
    # Both ends of a route named: neither is where the attack happened.
    route = (
        "Train hijacked in Balochistan\n\n"
        "Gunmen hijacked a passenger train travelling from Quetta to Peshawar on Tuesday in the "
        "remote Bolan Pass, killing 21 passengers.\n"
    )
    assert run(route, "2025-03-12")[0].city is None


def test_a_group_saying_it_was_behind_the_attack_claims_it() -> None:
    from etl.extract.attribution import claims_and_denials

    sentence = "The Islamic State's Khorasan chapter, ISKP, said it was behind the attack."
    assert claims_and_denials([sentence])[0] == ["Islamic State Khorasan Province"]
    ms = run(
        "Bomb kills 20 at Kabul mosque\n\nKABUL - A bomb tore through a mosque in Kabul on Friday, killing 20 "
        "worshippers, police said. " + sentence + "\n",
        "2024-05-11",
    )
    assert ms[0].claimed_by == ["Islamic State Khorasan Province"]
    assert [b.party for b in ms[0].blamed] == []


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("In July 2021, 13 people, nine of them Chinese, died when their bus was blown up.", 13),
        ("Twelve people, including two policemen, were killed.", 12),
        ("Seven people, among them three children, were killed in the blast.", 7),
        ("At least 40 people, most of them children, were killed.", 40),
    ],
)
def test_a_part_set_off_by_commas_does_not_hide_the_whole(sentence: str, killed: int) -> None:
    from etl.extract.casualties import figures_in

    assert [(f.field, f.number.low) for f in figures_in(sentence)] == [("killed", killed)]
