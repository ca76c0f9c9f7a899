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
