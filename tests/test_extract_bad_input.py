"""Bad input never crashes extraction and stays bounded in time."""

from __future__ import annotations

import datetime as dt
import os

from etl.extract import MAX_TEXT_CHARS, extract
from etl.extract.inputs import html_to_text
from etl.records import Document


def _extract(text: str):
    return extract(Document("x", text, dt.date(2025, 1, 1))).mentions


def test_empty_and_blank_text() -> None:
    assert _extract("") == []
    assert _extract("   \n\n  ") == []


def test_non_english_and_binary_junk() -> None:
    assert _extract("Взрыв в Кабуле унёс жизни 12 человек.\n\nقتل 12 شخصا في انفجار") == []
    junk = os.urandom(4000).decode("latin-1")
    assert isinstance(_extract(junk), list)


def test_huge_text_is_cut() -> None:
    body = "Officials met to discuss the budget for the coming year. " * 100_000  # ~5.7 MB
    assert len(body) > MAX_TEXT_CHARS
    assert _extract("Budget talks\n\n" + body) == []


def test_no_publication_date() -> None:
    (m,) = extract(Document("x", "Bomb kills 5 in Kirkuk\n\nA bomb killed 5 people in Kirkuk on Monday.")).mentions
    assert m.date is None and m.city == "Kirkuk"


def test_html_scripts_and_styles_are_dropped() -> None:
    title, text = html_to_text("<html><head><title>T</title><style>p{}</style><script>var x = 'killed 9';</script></head>"
                               "<body><h1>Blast in Quetta</h1><p>A blast killed 3 people.</p></body></html>")
    assert title == "Blast in Quetta"
    assert "killed 9" not in text and "A blast killed 3 people." in text
