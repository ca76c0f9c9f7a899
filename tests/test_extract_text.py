"""Page-noise cleaning and sentence splitting (etl.extract.text)."""

from __future__ import annotations

from etl.extract.text import clean, is_caption, is_noise, split_sentences

PAGE = """Car bomb hits market in Kirkuk

A man walks past damaged stalls after the blast in Kirkuk on Monday. — Reuters

KIRKUK, Iraq (Fixture) — A car bomb exploded in a crowded market on Monday, killing nine people. Dr. Salim Aziz said 20 people were hurt.

Read: Earlier attacks in northern Iraq
Also read | Security tightened in Baghdad
Tags: Iraq | Kirkuk | Bombing
Follow us on Google News | Subscribe to our channel
world | Updated: Mar 3, 2025 10:02 IST
"""


def test_noise_lines_are_dropped_and_offsets_point_into_the_text() -> None:
    cleaned = clean(PAGE)
    texts = [s.text for s in cleaned.sentences]
    assert texts[0] == "Car bomb hits market in Kirkuk"
    assert not any(t.startswith(("Read:", "Also read", "Tags:", "Follow us", "world |")) for t in texts)
    for sentence in cleaned.sentences:
        assert PAGE[sentence.start:sentence.end] == sentence.text


def test_caption_is_kept_apart_and_dateline_is_recorded() -> None:
    cleaned = clean(PAGE)
    caption = next(s for s in cleaned.sentences if s.text.startswith("A man walks"))
    assert caption.kind == "caption"
    assert cleaned.datelines[0].place == "KIRKUK"
    body = [s for s in cleaned.sentences if s.kind == "body"]
    assert body[0].text.startswith("A car bomb exploded")


def test_abbreviations_do_not_end_sentences() -> None:
    parts = [s for s, _ in split_sentences("Dr. Salim Aziz met Mr. Khan at 5 p.m. on Jan. 4. Then he left.")]
    assert parts == ["Dr. Salim Aziz met Mr. Khan at 5 p.m. on Jan. 4.", "Then he left."]


def test_caption_and_noise_detectors() -> None:
    assert is_caption("Police stand guard at the site. PHOTO: APP")
    assert is_caption("Mourners gather outside the shrine. — AFP")
    assert not is_caption("The group, known as IS-KP, claimed the attack.")
    assert is_noise("Advertisement")
    assert is_noise("WHAT WOULD YOU GIVE TO READ MORE STORIES LIKE THIS")
    assert not is_noise("Nine people were killed.")
