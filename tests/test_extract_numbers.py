"""Numbers, number words and qualifiers (etl.extract.numbers)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.extract.numbers import QUALIFIER_PHRASES, find_numbers, parse_amount

_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]


def words(n: int) -> str:
    """English words for 1..999 (the test's own reference implementation)."""
    parts = []
    if n >= 100:
        parts.append(_ONES[n // 100 - 1] + " hundred")
        n %= 100
        if n:
            parts.append("and")
    if n >= 20:
        parts.append(_TENS[n // 10 - 2] + (f"-{_ONES[n % 10 - 1]}" if n % 10 else ""))
    elif n >= 10:
        parts.append(_TEENS[n - 10])
    elif n:
        parts.append(_ONES[n - 1])
    return " ".join(parts)


@pytest.mark.parametrize(
    ("text", "value"),
    [("31", 31), ("1,200", 1200), ("twelve", 12), ("twenty-five", 25), ("a dozen", 12), ("two dozen", 24), ("half a dozen", 6)],
)
def test_parse_amount(text: str, value: int) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier"),
    [
        ("at least 31 people", 31, None, "at_least"),
        ("more than a dozen injured", 12, None, "more_than"),
        ("over two dozen others", 24, None, "more_than"),
        ("nearly 200 wounded", 200, None, "about"),
        ("roughly 169", 169, None, "about"),
        ("some 40 worshippers", 40, None, "about"),
        ("up to 15 people", 15, None, "up_to"),
        ("between 10 and 12 dead", 10, 12, "range"),
        ("8 to 10 dead", 8, 10, "range"),
    ],
)
def test_qualifiers(text: str, low: int, high: int | None, qualifier: str) -> None:
    (number,) = find_numbers(text)
    assert (number.low, number.high, number.qualifier) == (low, high, qualifier)


def test_vague_amounts_ages_and_times_are_not_numbers() -> None:
    assert find_numbers("dozens were hurt and scores fled; several died") == []
    assert find_numbers("a 21-year-old man") == []
    assert [n.low for n in find_numbers("at 12:39pm")] == []
    assert [n.low for n in find_numbers("3.5 per cent")] == []


@given(st.integers(min_value=1, max_value=999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_amount(words(n)) == n


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(QUALIFIER_PHRASES))
def test_digits_with_any_qualifier(n: int, phrase: tuple[str, str]) -> None:
    text, qualifier = phrase
    found = find_numbers(f"{text} {n:,} people were hurt")
    assert found and found[0].low == n and found[0].qualifier == qualifier
