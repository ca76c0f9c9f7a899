"""The speed-ups of extraction change no result.

Extraction matches its case-insensitive rules case-sensitively against folded text
(:mod:`etl.extract.caseless`), skips patterns whose required words are absent
(:mod:`etl.extract.gates`), and replaces a few slow tests by quicker exact ones. Each of these
is an equivalence; these tests check it on the fixture texts (with their case scrambled and
with the non-ASCII letters Python's ``re`` treats as case variants of ASCII ones) and on
generated text.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import etl.extract.mentions  # noqa: F401 - registers every caseless pattern
import etl.extract.speakers  # noqa: F401
import etl.extract.text  # noqa: F401
from etl.extract import actors, dates, extract_many, places
from etl.extract.caseless import REGISTRY, _lower_pattern, caseless, fold
from etl.extract.gates import Gated, _prefix_tree, gated, required_literals
from etl.extract.inputs import document_from_record
from etl.extract.text import _CAPTION_END, _has_credit

FIXTURES = Path(__file__).parent / "fixtures" / "extract" / "reports.jsonl"
#: Characters that re.IGNORECASE equates with ASCII letters, and other non-ASCII letters.
ODD = "İıſKéÉßﬁ’“”—–"


def _sentences() -> list[str]:
    texts = [json.loads(line)["text"] for line in FIXTURES.read_text("utf-8").splitlines() if line.strip()]
    return [part for text in texts for part in re.split(r"(?<=[.!?])\s+|\n+", text) if part.strip()]


def _scrambled(sentences: list[str], seed: int = 3) -> list[str]:
    """The sentences as written, in upper case, in random case, and with odd case variants."""
    rng = random.Random(seed)
    swaps = {"i": "İı", "s": "ſ", "k": "K", "e": "éÉ"}
    out = []
    for sentence in sentences:
        out.append(sentence)
        out.append(sentence.upper())
        out.append("".join(c.upper() if rng.random() < 0.3 else c for c in sentence))
        out.append("".join(rng.choice(swaps[c.lower()]) if c.lower() in swaps and rng.random() < 0.2 else c for c in sentence))
    return out


TEXTS = _scrambled(_sentences())


def _spans(matches) -> list[tuple]:  # noqa: ANN001 - an iterator of matches
    return [(m.span(), tuple(m.span(g) for g in range(1, (m.re.groups or 0) + 1))) for m in matches]


def test_fold_keeps_offsets_and_maps_the_case_variants_of_ascii_letters() -> None:
    text = "KABUL İstanbul ıı ſtate Kelvin Éé"
    assert len(fold(text)) == len(text)
    assert fold(text) == "kabul istanbul ii state kelvin Éé"
    for code in range(0x250):
        char = chr(code)
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if re.fullmatch(letter, char, re.IGNORECASE):
                assert fold(char) == letter


@pytest.mark.parametrize("source,flags", REGISTRY, ids=[f"{i}:{s[:30]}" for i, (s, _) in enumerate(REGISTRY)])
def test_caseless_pattern_matches_like_its_ignorecase_original(source: str, flags: int) -> None:
    original = re.compile(source, flags | re.IGNORECASE)
    folded = re.compile(_lower_pattern(source), flags)
    for text in TEXTS:
        assert _spans(folded.finditer(fold(text))) == _spans(original.finditer(text)), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeiklnstADEIKLNST .,'-0123456789") + list(ODD)), max_size=40))
def test_caseless_patterns_on_generated_text(text: str) -> None:
    for source, flags in REGISTRY:
        original = re.compile(source, flags | re.IGNORECASE)
        folded = re.compile(_lower_pattern(source), flags)
        assert _spans(folded.finditer(fold(text))) == _spans(original.finditer(text))


def test_caseless_refuses_case_sensitive_parts_and_non_ascii_letters() -> None:
    with pytest.raises(ValueError):
        caseless(r"(?-i:Kabul)")
    with pytest.raises(ValueError):
        caseless(r"\bkönig\b")


@pytest.mark.parametrize(
    "pattern,literals",
    [
        (r"\bsince\b", {"since"}),
        (r"\b(?:attack|bombing)s?\b", {"attack", "bombing"}),
        (r"(?:blam(?:ed|es)|accus\w+)", {"blame", "accus"}),  # the parser pulls out the common "e"
        (r"\b(?:a|an)\s+day\b", {"day"}),
        (r"(?:foo)?bar", {"bar"}),
        (r"\d+", None),
        (r"(?i:photo)\s*\d", None),  # no case-sensitive literal to require
    ],
)
def test_required_literals(pattern: str, literals: set[str] | None) -> None:
    found = required_literals(pattern)
    assert (set(found) if found else None) == literals


def test_every_gate_only_skips_texts_its_pattern_cannot_match() -> None:
    for source, flags in REGISTRY:
        pattern = re.compile(_lower_pattern(source), flags)
        literals = required_literals(pattern.pattern, flags)
        if not literals:
            continue
        guarded = Gated(pattern, literals)
        for text in TEXTS:
            low = fold(text)
            if pattern.search(low):
                assert guarded.possible(low), (source, text)
            assert _spans(guarded.finditer(low)) == _spans(pattern.finditer(low))
            assert (guarded.search(low) is None) == (pattern.search(low) is None)


def test_gated_compiles_the_same_pattern() -> None:
    compiled = gated(r"\b(?:kidnapp\w*|abduct\w*)")
    assert isinstance(compiled, Gated)
    assert compiled.search("they abducted two engineers").group() == "abducted"
    assert compiled.search("nothing here") is None


def test_caption_credit_test_equals_the_combined_pattern() -> None:
    lines = [
        *TEXTS,
        "Rescue workers at the site — Reuters",
        "Rescue workers at the site - AFP / Getty Images",
        "Mourners at the funeral (Photo: AP)",
        "Police cordon off the area. Photo: APP",
        "Security officials inspect the site. Aamir Qureshi / AFP",
        "Residents gather – a well-known bazaar - Reuters",
        "A - B - C - Reuters/ AP",
    ]
    for line in lines:
        assert _has_credit(line) == bool(_CAPTION_END.search(line)), line


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("aAP —–-/():.RhotTse") + ["Reuters", "AFP", "Photo", "photo", "Getty"]), max_size=20).map("".join))
def test_caption_credit_test_on_generated_lines(line: str) -> None:
    assert _has_credit(line) == bool(_CAPTION_END.search(line))


def test_year_pattern_matches_like_the_look_behind_first_original() -> None:
    original = re.compile(r"(?<![\d/-])(?P<y>(?:19|20)\d{2})(?:'s|’s)?(?![\d/-])")
    rewritten = dict(dates._PATTERNS)["year"]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice("0129/-'’s x") for _ in range(rng.randint(0, 12)))
        assert _spans(rewritten.finditer(text)) == _spans(original.finditer(text)), text


#: The named-site and area patterns as first written (a word boundary, then the capital).
_NAME_PATTERNS_FIRST_WRITTEN = {
    "_GENERIC_SITE": (
        r"\b(?P<name>[A-Z][\w'’-]+\s+(?:(?:[A-Z][\w'’-]+|(?:al|el|ul|ud|ibn|bin)[-\s][A-Z][\w'’-]+)\s+){0,2}"
        rf"(?i:{places._SITE_NOUNS}))\b"
    ),
    "_GENERIC_AREA": rf"\b(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})\s+(?:{places._AREA_NOUNS})\b",
    "_NAMED_AREA": r"\b(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:Town|Colony))\b",
    "_APPOSED_AREA": r"\b(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}),\s+an?\s+(?:[\w-]+\s+){0,4}(?:neighbourhood|neighborhood|district|suburb|area|quarter)\b",
}


@pytest.mark.parametrize("name", sorted(_NAME_PATTERNS_FIRST_WRITTEN))
def test_capital_first_name_patterns_match_like_their_originals(name: str) -> None:
    original = re.compile(_NAME_PATTERNS_FIRST_WRITTEN[name])
    rewritten = getattr(places, name)
    rng = random.Random(11)
    generated = ["".join(rng.choice(["Ab", "Cd", "x", "1", "_", "é", "É", " ", ", a ", "'", "-", "Hotel", "area", "Town", "district", "al-", "bin "])
                         for _ in range(rng.randint(0, 10))) for _ in range(20000)]
    for text in TEXTS + generated:
        for pos in (0, 2):
            assert _spans(rewritten.finditer(text, pos)) == _spans(original.finditer(text, pos)), text


def test_ascii_site_pattern_matches_like_the_original_on_ascii_text() -> None:
    original = re.compile(_NAME_PATTERNS_FIRST_WRITTEN["_GENERIC_SITE"])
    rng = random.Random(12)
    generated = ["".join(rng.choice(["Ab", "Cd", "x", "1", "_", " ", "\t", "'", "-", "Hotel", "police  station", "al-", "bin "])
                         for _ in range(rng.randint(0, 10))) for _ in range(20000)]
    for text in [t for t in TEXTS if t.isascii()] + generated:
        assert _spans(places._GENERIC_SITE_ASCII.finditer(text)) == _spans(original.finditer(text)), text


def test_aside_words_cover_every_aside_introducer() -> None:
    from etl.extract import casualties

    source = casualties._ATTACKER_ASIDE.pattern.pattern
    introducers = source[source.index("(?:(?P<inc>"):source.index(")\\s+(?:the")]
    alternatives = re.sub(r"\(\?P<inc>|\(\?:|\)", "", introducers).split("|")
    assert len(alternatives) == 9
    for alternative in alternatives:
        assert any(word in alternative.replace("\\s+", " ") for word in casualties._ASIDE_WORDS), alternative


def test_one_actor_scan_serves_both_modes_only_when_they_agree() -> None:
    rng = random.Random(13)
    words = ["Pakistan", "Pakistani", "India", "Indian", "army", "Taliban", "TTP", "Al", "&", "Qaeda", "Islamic", "State",
             "the", "said", "blamed", "Afghan", "forces", "United", "States", "Lashkar-e-Taiba", "IS", "us", ",", "."]
    generated = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in TEXTS + generated:
        actors._find_actors_both.cache_clear()
        with_countries, without = actors._find_actors_both(text)
        assert with_countries == actors._find_actors(text, True)[0], text
        assert without == actors._find_actors(text, False)[0], text


def test_site_and_area_words_cover_every_noun() -> None:
    for noun in places._SITE_NOUNS.split("|"):
        assert any(word in noun.replace(r"\s+", " ") for word in places._SITE_WORDS), noun
    for noun in places._AREA_NOUNS.split("|"):
        assert any(word in noun for word in places._AREA_WORDS), noun


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab1 _'’&.-") + ["Ali's", "O'Brien", "é"]), max_size=20).map("".join))
def test_token_positions_found_on_demand_equal_the_regex_spans(text: str) -> None:
    words, _ = actors._tokens(text)
    starts: list[int] = []
    if words:
        actors._starts(text, words, starts, len(words) - 1)
    assert starts == [m.start() for m in actors._TOKEN.finditer(text)]


def test_extract_many_in_parallel_equals_serial_and_keeps_order() -> None:
    records = [json.loads(line) for line in FIXTURES.read_text("utf-8").splitlines() if line.strip()]
    documents = [document_from_record(r) for r in records] * 3
    serial = [r.to_dict() for r in extract_many(documents, jobs=1)]
    parallel = [r.to_dict() for r in extract_many(iter(documents), jobs=2, chunksize=4)]
    assert parallel == serial
    assert [r["id"] for r in parallel] == [d.id for d in documents]


def test_extract_many_reads_its_input_lazily() -> None:
    records = [json.loads(line) for line in FIXTURES.read_text("utf-8").splitlines() if line.strip()]
    taken = []

    def feed():
        for i in range(10_000):
            taken.append(i)
            yield document_from_record(records[i % len(records)])

    results = extract_many(feed(), jobs=2, chunksize=2)
    next(results)
    assert len(taken) <= 2 * 4 * 2 + 2  # chunks in flight, not the whole feed
    results.close()


def test_text_caches_leave_long_texts_uncached() -> None:
    from etl.extract.memo import MAX_CHARS, text_cache

    calls = []

    @text_cache(maxsize=8)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    short, long = "a short sentence", "x" * (MAX_CHARS + 1)
    assert [length(short), length(short), length(long), length(long)] == [16, 16, MAX_CHARS + 1, MAX_CHARS + 1]
    assert calls == [short, long, long]  # the short one came from the cache, the long one never did
    assert length.cache_info().currsize == 1


def test_a_huge_one_sentence_document_does_not_fill_the_caches() -> None:
    from etl.extract import extract
    from etl.extract.caseless import fold
    from etl.records import Document

    before = fold.cache_info().currsize
    text = "Headline\n\n" + " ".join(f"word{i} killed {i} people in Kabul" for i in range(3000))
    extract(Document("huge", text, None))
    assert fold.cache_info().currsize - before < 50


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdk", min_size=1, max_size=5), min_size=1, max_size=12),
    st.text(alphabet="abcdk .", max_size=40),
)
def test_prefix_tree_finds_exactly_where_one_of_its_strings_occurs(strings: list[str], text: str) -> None:
    """The prefix-tree alternation behind the sentence gates (``required_strings_pattern``)
    matches a text exactly when one of its strings occurs in it."""
    tree = re.compile(_prefix_tree(sorted(set(strings))))
    assert (tree.search(text) is not None) == any(s in text for s in strings)


def test_sentence_gates_cover_their_patterns() -> None:
    """Wherever one of the patterns behind the casualty and attack-word gates matches (fixture
    sentences, also with their case scrambled), the gate matches too."""
    from etl.extract import attack, casualties

    covered = [
        (attack._ATTACK_STRINGS, [attack.ATTACK_TERMS]),
        (casualties._CASUALTY_STRINGS, [
            casualties._PLUS_ONE, casualties._KILLED_NAMED_BEFORE, casualties._BEFORE_KILLED,
            casualties._BEFORE_WOUNDED, casualties._AFTER_KILLED, casualties._AFTER_WOUNDED,
            casualties._DEATH_CONTEXT, casualties._INJURY_CONTEXT, casualties._SINGLE,
        ]),
    ]
    sentences = _sentences()
    for text in sentences + _scrambled(sentences):
        low = fold(text)
        for gate, patterns in covered:
            assert gate is not None
            for pattern in patterns:
                for start in range(0, len(low), 7):  # the patterns run on parts of sentences too
                    if pattern.search(low[start:]):
                        assert gate.search(low[start:]), (pattern, text)
