"""The word-memo test of the sentence gates (``etl.extract.gates.TokenGate``) answers exactly
like the prefix-tree pattern it replaces: on fixture sentences (also with their case
scrambled, and parts of them), on generated texts, with a full memo and with long tokens."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract import attack, attribution, casualties, mentions
from etl.extract.caseless import fold
from etl.extract.gates import (
    SHARED_TOKEN_GATES,
    TokenGate,
    TokenGates,
    _prefix_tree,
    required_strings,
    token_gate,
)
from tests.test_extract_speed_equivalence import TEXTS

_CLAIM_DENIAL_STRINGS = required_strings(*attribution._CLAIM_DENIAL_PATTERNS)

#: Letters of the strings, and separators: whitespace of several kinds (str.split() splits on
#: all of them), punctuation and digits (which do not separate tokens).
ALPHABET = "abcdk" + " \t\n\xa0\u2003\x1c" + ".-,'9"


def _gates() -> list[TokenGate]:
    gates = [attack._ATTACK_STRINGS, casualties._CASUALTY_STRINGS, attribution._CLAIM_DENIAL_GATE, mentions._PERPETRATOR_WORDS]
    assert all(isinstance(gate, TokenGate) for gate in gates)
    return gates


def test_sentence_gates_answer_like_their_patterns_on_fixture_sentences() -> None:
    for gate in _gates():
        for _round in range(2):  # first with unknown words, then remembered ones
            for text in TEXTS:
                low = fold(text)
                for start in range(0, len(low), 23):
                    part = low[start:]
                    assert gate.search(part) == (gate.pattern.search(part) is not None), (gate.pattern, part)


def test_sentence_gates_answer_like_their_patterns_on_random_words() -> None:
    rng = random.Random(11)
    for gate in _gates():
        words = [w for text in TEXTS for w in fold(text).split()]
        for _ in range(3000):
            text = " ".join(rng.choice(words)[: rng.randint(1, 12)] for _ in range(rng.randint(0, 12)))
            if rng.random() < 0.3:  # glue words together: strings across former word breaks
                text = text.replace(" ", rng.choice(["", "-", "\t", "\xa0"]))
            assert gate.search(text) == (gate.pattern.search(text) is not None), text


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdk", min_size=1, max_size=4), min_size=1, max_size=10),
    st.lists(st.text(alphabet=ALPHABET, max_size=30), min_size=1, max_size=6),
)
def test_token_gate_finds_exactly_where_one_of_its_strings_occurs(strings: list[str], texts: list[str]) -> None:
    gate = TokenGate(re.compile(_prefix_tree(sorted(set(strings)))))
    for text in texts + texts:  # asked twice: the second time from the memo
        assert gate.search(text) == any(s in text for s in strings), (strings, text)


class _SmallGroup(TokenGates):
    __slots__ = ()
    MAX_TOKENS = 5
    MAX_TOKEN_CHARS = 4
    MAX_TEXTS = 3
    MAX_TEXT_CHARS = 12


def test_token_gate_memory_is_bounded_and_long_tokens_are_not_kept() -> None:
    group = _SmallGroup()
    gate = TokenGate(re.compile("kill|dead"), group)
    other = TokenGate(re.compile("ea"), group)
    assert (gate.bit, other.bit) == (1, 2)
    rng = random.Random(5)
    for _ in range(2000):
        text = " ".join("".join(rng.choice("kildea") for _ in range(rng.randint(1, 7))) for _ in range(rng.randint(1, 4)))
        for _twice in range(2):
            assert gate.search(text) == ("kill" in text or "dead" in text), text
            assert other.search(text) == ("ea" in text), text
        _patterns, known, texts = group._state
        assert len(known) <= 5 and len(texts) <= 3
        assert all(len(token) <= 4 for token in known) and all(len(t) <= 12 for t in texts)
        for token, mask in known.items():
            assert mask == ("kill" in token or "dead" in token) | 2 * ("ea" in token), token
        for t, mask in texts.items():
            assert mask == ("kill" in t or "dead" in t) | 2 * ("ea" in t), t
    assert gate.search("overkilled") and not gate.search("overkiled")  # long: asked every time
    assert gate.search("x overkilled") and gate.search("kill")


def test_a_gate_added_later_answers_for_its_own_strings() -> None:
    """Adding a gate to a group that has remembered tokens and texts starts a fresh memo."""
    group = TokenGates()
    first = TokenGate(re.compile("bomb"), group)
    assert first.search("a bomb went off") and not first.search("a quiet day")
    second = TokenGate(re.compile("quiet"), group)
    assert second.search("a quiet day") and not second.search("a bomb went off")
    assert first.search("a bomb went off") and not first.search("a quiet day")


def test_extractor_gates_share_one_group() -> None:
    gates = [*_gates(), attribution._BLAME_CUE_WORD_GATE]
    assert all(gate.group is SHARED_TOKEN_GATES for gate in gates)
    assert len({gate.bit for gate in gates}) == len(gates)


def test_token_gate_keeps_the_pattern_when_a_string_has_whitespace() -> None:
    spaced = token_gate(re.compile(r"\bcar bomb\b"))
    assert isinstance(spaced, re.Pattern) and spaced.search("a car bomb") and not spaced.search("a car  bomb")
    assert isinstance(token_gate(re.compile(r"\b(?:car|truck)\s+bomb\b")), TokenGate)
    assert token_gate(re.compile(r"\d+")) is None


def test_gates_sharing_their_memo_answer_for_their_own_strings() -> None:
    """The gates share one memo of text masks: asked in turn about the same text object,
    about equal texts, and about different ones, each answers for its own strings."""
    gates = _gates()
    rng = random.Random(2)
    lows = [fold(text) for text in TEXTS[:400]]
    for _ in range(3000):
        low = rng.choice(lows)
        if rng.random() < 0.3:
            low = "".join(list(low))  # an equal text, another object
        for gate in rng.sample(gates, len(gates)):
            assert gate.search(low) == (gate.pattern.search(low) is not None), low


def test_claim_denial_gate_tests_the_claim_denial_strings() -> None:
    """The attribution gate looks for exactly the required strings of the four patterns."""
    gate = attribution._CLAIM_DENIAL_GATE
    assert gate.pattern.pattern == _prefix_tree(list(_CLAIM_DENIAL_STRINGS))
    for text in TEXTS:
        low = fold(text)
        assert gate.search(low) == any(s in low for s in _CLAIM_DENIAL_STRINGS), low


def test_perpetrator_word_gate_covers_the_perpetrator_pattern() -> None:
    """Wherever the perpetrator pattern matches, its word gate says yes."""
    for text in TEXTS:
        low = fold(text)
        for start in range(0, len(low), 11):
            if mentions._PERPETRATORS.search(low[start:]):
                assert mentions._PERPETRATOR_WORDS.search(low[start:]), low


def _blame_words_by_bytes(low: str) -> bool:
    """The former test of ``attribution._may_have_blame_cue``: split into ASCII word runs."""
    if not low.isascii():
        return True
    table = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256))
    words = {w.encode("ascii") for w in attribution._BLAME_CUE_WORDS}
    return not words.isdisjoint(low.encode("ascii").translate(table).split())


def test_blame_cue_word_gate_finds_whole_words_like_the_byte_split() -> None:
    rng = random.Random(8)
    pieces = sorted(attribution._BLAME_CUE_WORDS) + ["the", "over", "x9", "_", "blamed_", "linked2"]
    texts = [fold(text) for text in TEXTS]
    for _ in range(4000):
        texts.append("".join(rng.choice(pieces) + rng.choice([" ", "", "-", ".", ",", "_", "'", "\t", "(", "9", "\xa0", "é"])
                             for _ in range(rng.randint(0, 8))))
    for _round in range(2):
        for low in texts:
            assert attribution._may_have_blame_cue(low) == _blame_words_by_bytes(low), low
