"""The quicker tokenisation and gates of the place and actor scans change no result.

An ASCII sentence without apostrophes and ampersands is tokenised by a translation and a split
(:data:`etl.extract.actors._ASCII_SPACED`), its keys are its tokens in lower case, and the
named-site and named-area patterns run on it only when one of its keys is a noun they need
(:data:`etl.extract.places._SITE_TOKENS`, :data:`etl.extract.places._AREA_TOKENS`).
"""

from __future__ import annotations

import random
import re

from etl.extract import actors, places
from etl.reference.gazetteer import load_gazetteer

_PIECES = [
    "Ab", "Cd", "x", "1", "_", " ", "  ", "\t", "\n", "\x1c", ",", ".", "-", "(", ")", ":", "/", "Hotel", "hotel",
    "HOTEL", "police  station", "Railway Station", "Air base", "bases", "al-", "bin ", "area", "Area",
    "district of", "District", "sector", "Sector", "hotels", "shrine", "_park", "park_", "2park",
]


def _generated(seed: int, count: int = 20000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_ascii_plain_tokens_and_keys_equal_the_pattern_and_key() -> None:
    for text in _generated(21):
        assert text.isascii() and actors.plain(text)
        actors._tokens.cache_clear()
        words, keys = actors._tokens(text)
        expected = re.findall(r"[A-Za-z0-9]+", text)
        assert words == expected, text
        assert keys == [actors.key(w) for w in expected], text


def test_bytes_translation_equals_the_str_translation_on_every_ascii_character() -> None:
    """The tokeniser translates an ASCII text's bytes: the same string as ``str.translate``."""
    every = "".join(map(chr, range(128)))
    for text in [every, every[::-1], *_generated(23, 2000)]:
        by_bytes = text.encode("ascii").translate(actors._ASCII_SPACED_BYTES).decode("ascii")
        assert by_bytes == text.translate(actors._ASCII_SPACED), text


def test_site_and_area_patterns_match_only_texts_with_their_tokens() -> None:
    for text in _generated(22):
        keys = set(actors._tokens(text)[1])
        if places._GENERIC_SITE_ASCII.search(text):
            assert places._SITE_TOKENS & keys, text
        if places._GENERIC_AREA.search(text):
            assert places._AREA_TOKENS & keys, text


def test_site_and_area_tokens_are_words_of_every_noun() -> None:
    for noun in places._SITE_NOUNS.split("|"):
        assert noun.split(r"\s+")[-1] in places._SITE_TOKENS
        assert re.fullmatch(r"[a-z]+", noun.split(r"\s+")[-1]), noun
    for noun in places._AREA_NOUNS.split("|"):
        assert re.fullmatch(r"[a-z]+", noun.split(r"\s+")[0]), noun


def test_gazetteer_names_are_its_keys() -> None:
    gazetteer = load_gazetteer()
    names = gazetteer.names()
    assert names == set(gazetteer.by_name) | set(gazetteer._city_keys) | set(gazetteer._alias_keys)
    for key in ("islamabad", "peshawar", "g 11", "no such place", ""):
        assert gazetteer.has_key(key) == (key in names)


# Sentences written for this test: names that vote, shared names, sites, areas, capitals, and
# small towns whose names sit inside a site's name (where only the full reading can tell).
_VOTE_SENTENCES = [
    "A bomb went off near a police station in Peshawar on Monday, officials said.",
    "Gunmen attacked a checkpoint outside Quetta, the capital of Balochistan province.",
    "The blast at the Saheb al-Zaman Mosque in Baghdad killed nine worshippers.",
    "Police in London and Manchester raised the threat level after the attack.",
    "A rocket hit the Kabul airport while residents of Jalalabad watched the news.",
    "Officials from Islamabad flew to Karachi, where the Sindh government met on Tuesday.",
    "An explosion at the Manchester Arena killed 22 people after an Ariana Grande concert.",
    "The Pakistani capital was on alert after the bombing in G-11 sector of Islamabad.",
    "Militants stormed the Army Public School in Peshawar's cantonment area.",
    "Fighters shelled Homs and Aden as talks in Geneva stalled.",
    "The attack at the Data Darbar shrine in Lahore came days after the Quetta blast.",
    "A suicide bomber struck a market in Maiduguri, in Borno State, Nigeria.",
    "Rescue teams reached Besham, in Shangla district of Khyber Pakhtunkhwa, by nightfall.",
    "Security was raised around the Tarlai Kalan area and Shehzad Town in the capital.",
    "The Indian town of Islamabad in Kashmir is far from Pakistan's capital.",
]


def _report_sentences() -> list[str]:
    import json
    from pathlib import Path

    from etl.extract.text import clean

    path = Path(__file__).parent / "fixtures" / "extract" / "reports.jsonl"
    reports = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [s.text for r in reports for s in clean(r["text"], None).sentences]


def test_place_votes_in_equals_the_votes_of_the_full_reading() -> None:
    """The votes-only reading gives the full reading's votes, or None (then the full one is
    used): every sentence's country votes are unchanged by the shortcut."""
    sentences = _VOTE_SENTENCES + _report_sentences()
    shortcut = fallback = 0
    for text in sentences:
        for exclude in ((), ((0, 12),)):
            full = tuple(v for m in places.places_in(text, exclude) if (v := places.place_vote(m)) is not None)
            votes = places.place_votes_in(text, exclude)
            if votes is None:
                fallback += 1
            else:
                shortcut += 1
                assert votes == full, text
    assert shortcut > 100 and fallback > 0  # both paths are exercised


def test_a_small_town_in_a_site_name_sends_the_votes_to_the_full_reading() -> None:
    text = "The blast at the Saheb al-Zaman Mosque in Baghdad killed nine worshippers."
    # The gazetteer scan finds the small town "Saheb"; the full reading drops it inside the
    # mosque's name. The votes-only reading cannot know that and must not decide.
    assert [hit[2] for hit in places._gazetteer_hits(text, ())[0]] == ["Saheb", "Baghdad"]
    assert [m.text for m in places.places_in(text, ())] == ["Saheb al-Zaman Mosque", "Baghdad"]
    assert places.place_votes_in(text, ()) is None


def test_sentence_places_are_read_on_demand_and_repeats_get_copies() -> None:
    from etl.extract import mentions
    from etl.extract.text import clean

    text = "Attack in the city\n\nGunmen attacked a bank in Quetta. Police said more.\n\nWitnesses spoke. Gunmen attacked a bank in Quetta."
    sentences = clean(text, None).sentences
    assert sentences[1].text == sentences[-1].text
    lazy = mentions._SentencePlaces(sentences)
    assert len(lazy) == 0
    first, last = lazy[id(sentences[1])], lazy[id(sentences[-1])]
    assert first is mentions._sentence_places(sentences[1].text)  # the cached mentions themselves
    assert last is not first and [m.text for m in last] == [m.text for m in first] == ["Quetta"]
    assert all(a is not b for a, b in zip(last, first, strict=True))  # fresh copies
    assert len(lazy) == 2

