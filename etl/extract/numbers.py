"""Numbers as news text writes them: digits, number words, dozens, qualifiers and ranges.

:func:`find_numbers` returns every figure in a sentence with its qualifier ("at least 31" ->
31, at_least; "more than two dozen" -> 24, more_than; "between 10 and 12" -> 10-12, range).
Vague amounts ("dozens", "scores", "several", "hundreds") are not figures.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from etl.extract.caseless import caseless, fold

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
_WORDNUM = rf"(?:(?:{_WORD})(?:[\s-]+(?:and\s+)?(?:{_WORD}))*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_DOZEN = r"(?:(?:(?:a|one|two|three|four|five|half\s+a)\s+)?dozen)"
_AMOUNT = rf"(?:{_DIGITS}|{_DOZEN}|{_WORDNUM}|a\s+dozen)"

#: Qualifier phrases, longest first, with the qualifier they map to.
QUALIFIER_PHRASES: tuple[tuple[str, str], ...] = (
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("a minimum of", "at_least"),
    ("at least", "at_least"), ("more than", "more_than"), ("upwards of", "more_than"),
    ("in excess of", "more_than"), ("over", "more_than"), ("above", "more_than"),
    ("approximately", "about"), ("an estimated", "about"), ("estimated", "about"),
    ("roughly", "about"), ("nearly", "about"), ("almost", "about"), ("around", "about"),
    ("about", "about"), ("close to", "about"), ("some", "about"), ("up to", "up_to"),
    ("as many as", "up_to"), ("at most", "up_to"), ("fewer than", "up_to"), ("less than", "up_to"),
)
_QUAL = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p, _ in QUALIFIER_PHRASES)
_QUAL_MAP = {p: q for p, q in QUALIFIER_PHRASES}

NUMBER = caseless(
    rf"""(?<![\w.,/-])
    (?:(?P<qual>{_QUAL})\s+)?
    (?:between\s+(?P<lo>{_AMOUNT})\s+and\s+(?P<hi>{_AMOUNT})
      |(?P<a>{_AMOUNT})(?:\s*(?:-|–|to)\s*(?P<b>{_AMOUNT}))?)
    (?![\w]|[.,:]\d|-year|\s*(?:%|per\s*cent|percent))""", re.X)


class NumberSpan(NamedTuple):
    low: int
    high: int | None
    qualifier: str
    start: int
    end: int
    text: str


def parse_amount(text: str) -> int | None:
    """Value of one amount: "31", "1,200", "twelve", "twenty-five", "two dozen", "a dozen"."""
    if text.isascii() and text.isdigit():  # "31": the common case, read at once
        return int(text)
    t = " ".join(text.lower().replace("-", " ").split())
    if not t:
        return None
    if t[0].isdigit():
        try:
            return int(t.replace(",", ""))
        except ValueError:
            return None
    if t.endswith("dozen"):
        head = t[: -len("dozen")].strip()
        if head in ("", "a", "one"):
            return 12
        if head == "half a":
            return 6
        return _UNITS.get(head, 0) * 12 or None
    total, current = 0, 0
    for word in t.split():
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def find_numbers(sentence: str) -> list[NumberSpan]:
    """Every figure in ``sentence`` with its qualifier and character span."""
    out = []
    for match in NUMBER.finditer(fold(sentence)):
        # Group texts are read from the sentence as written (the match ran on folded text).
        (qa, qb), (loa, lob), (hia, hib), (aa, ab), (ba, bb) = match.regs[1:6]
        qual_text = sentence[qa:qb] if qa >= 0 else None
        qualifier = _QUAL_MAP.get(" ".join(qual_text.lower().split()), "exact") if qual_text else "exact"
        if loa >= 0 and lob > loa:
            low, high = parse_amount(sentence[loa:lob]), parse_amount(sentence[hia:hib])
            qualifier = "range"
        else:
            low = parse_amount(sentence[aa:ab])
            high = parse_amount(sentence[ba:bb]) if ba >= 0 and bb > ba else None
            if high is not None:
                if low is not None and high > low:
                    qualifier = "range"
                else:
                    high = None
        if low is None:
            continue
        start, end = match.span()
        out.append(NumberSpan(low, high, qualifier, start, end, sentence[start:end]))
    return out
