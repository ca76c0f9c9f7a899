"""The gates before the blame-cue and speaker patterns skip only sentences those cannot match.

Checked on the fixture sentences (as written, upper case, random case, odd case variants) and
on generated word salads built from the patterns' own words, with all kinds of separators.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from etl.extract import attribution, speakers
from etl.extract.caseless import fold
from etl.extract.gates import required_strings

FIXTURES = Path(__file__).parent / "fixtures" / "extract" / "reports.jsonl"
SEPARATORS = [" ", "  ", "\t", "\n", "\x1c", "\xa0", "\u2003", ",", ", ", ".", "-", "_", "", "'", "’", "“", "("]


def _fixture_sentences() -> list[str]:
    texts = [json.loads(line)["text"] for line in FIXTURES.read_text("utf-8").splitlines() if line.strip()]
    sentences = [part for text in texts for part in re.split(r"(?<=[.!?])\s+|\n+", text) if part.strip()]
    rng = random.Random(5)
    return sentences + [s.upper() for s in sentences] + [
        "".join(c.upper() if rng.random() < 0.3 else c for c in s) for s in sentences
    ]


def _salads(words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 9)):
            parts.append(rng.choice(words))
            parts.append(rng.choice(SEPARATORS) if rng.random() < 0.4 else " ")
        out.append("".join(parts))
    return out


def test_blame_cue_words_gate_only_skips_sentences_without_a_cue() -> None:
    words = sorted({w for cue, listed in attribution._BLAME_CUES for w in listed.split() + re.findall(r"[a-z]+", cue)})
    words += ["the", "a", "it", "them", "to", "of", "in", "out", "by", "with", "anti", "un", "ed", "s", "BLAMED", "Sponsored"]
    matched = 0
    for text in _fixture_sentences() + _salads(words, 40000, seed=1):
        low = fold(text)
        if attribution._BLAME_CUE.search(low):
            matched += 1
            assert attribution._may_have_blame_cue(low), text
    assert matched > 10000


def test_title_and_said_gates_only_skip_sentences_without_a_match() -> None:
    words = [
        "Prime", "Minister", "minister", "President", "Chief", "chief", "Governor", "Spokesman", "spokesman", "spokeswoman",
        "Inspector", "General", "Police", "police", "Commissioner", "Adviser", "Special", "special", "Assistant", "Army",
        "Gen.", "Lt.", "Lt", "Commander", "Leader", "leader", "Secretary", "Senator", "Judge", "Dr.", "Dr", "Mr.", "Mrs.",
        "Maulana", "CCPO", "DIG", "SSP", "Imran", "Khan", "Naqvi", "al", "ul", "bin", "e", "Ali-Shah", "Al-QAEDA", "A.",
        "said", "says", "told", "added", "alleged", "claimed", "stated", "wrote", "tweeted", "posted", "the", "of",
        "Interior", "Federal", "Élise", "officials", "Kabul",
    ]
    titles = said = 0
    for text in _fixture_sentences() + _salads(words, 40000, seed=2):
        if speakers._TITLE.search(text):
            titles += 1
            assert speakers._TITLE_WORDS_FOUND.search(text) and speakers._TITLE_WORD_BEFORE_CAPITAL.search(" " + text), text
        if speakers._SAID_NAME.search(text):
            said += 1
            assert speakers._SAID_AFTER_CAPITAL.search(text), text
    assert titles > 5000 and said > 5000


_CLAIM_DENIAL_STRINGS = required_strings(*attribution._CLAIM_DENIAL_PATTERNS)

def test_claim_denial_strings_are_required_by_the_four_patterns() -> None:
    for text in _fixture_sentences():
        low = fold(text)
        if any(p.search(low) for p in attribution._CLAIM_DENIAL_PATTERNS):
            assert any(s in low for s in _CLAIM_DENIAL_STRINGS), text
