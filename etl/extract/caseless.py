"""Case-insensitive patterns at case-sensitive speed.

Python's ``re`` gives up most of its fast paths under ``re.IGNORECASE``: every literal and
every word of an alternation is compared character by character with case folding, at every
position, which makes a pattern such as ``\\b(?:blamed|accused|...)`` about three times slower
than the same pattern matched case-sensitively against lower-case text. The extractor's rule
patterns are case-insensitive and run over every sentence, so they are compiled
case-sensitively in lower case (:func:`caseless`) and matched against :func:`fold` of the text.

The two are exactly equivalent, not approximately:

* :func:`fold` maps each character to one character, so offsets are unchanged and spans of a
  match index the original text;
* it maps every character that ``re.IGNORECASE`` treats as equal to an ASCII letter onto that
  lower-case letter: A-Z, and the four non-ASCII equivalents Python's ``re`` knows (U+0130 and
  U+0131 for "i", U+017F for "s", U+212A for "k"); nothing else changes;
* :func:`caseless` lower-cases the pattern's letters (not its escapes, ``\\W`` stays ``\\W``,
  nor its group names) and refuses non-ASCII letters, whose case variants :func:`fold` does
  not map.

A match's group texts are folded text: take text from the original by the match's span.
``tests/test_extract_caseless.py`` checks every registered pattern against its
``re.IGNORECASE`` original on generated text.
"""

from __future__ import annotations

import re

from etl.extract.gates import MAX_LITERALS, Gated, gated
from etl.extract.memo import text_cache

_FOLD = {
    **{c: c + 32 for c in range(ord("A"), ord("Z") + 1)},
    0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s"), 0x212A: ord("k"),
}

#: (source, flags) of every caseless pattern, for the equivalence test.
REGISTRY: list[tuple[str, int]] = []


@text_cache(maxsize=32768)
def fold(text: str) -> str:
    """``text`` with every character that ``re.IGNORECASE`` equates with an ASCII letter
    replaced by that lower-case letter (same length, same offsets). Cached: sentences are
    folded once and their windows sliced from the result."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


def fold_text(text: str) -> str:
    """:func:`fold` without the cache, for texts that seldom come back (whole documents, lines)."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


_PIECE = re.compile(r"\(\?P<\w+>|\(\?P=\w+\)|\\N\{[^}]*\}|\\.|.", re.S)


def _lower_pattern(pattern: str) -> str:
    out = []
    for piece in _PIECE.findall(pattern):
        if len(piece) > 1:  # an escape or a group name: verbatim
            out.append(piece)
        elif piece.isalpha() and not piece.isascii():
            raise ValueError(f"caseless pattern with a non-ASCII letter {piece!r}: {pattern[:60]!r}")
        else:
            out.append(piece.lower())
    return "".join(out)


def caseless(pattern: str, flags: int = 0, *, gate: bool | int = False) -> re.Pattern[str] | Gated:
    """Compile ``pattern`` (meant case-insensitively) for matching against :func:`fold` of a text.

    With ``gate``, the result is gated (:mod:`etl.extract.gates`) when the pattern has a small
    set of required strings: worth it for patterns run over whole sentences, not for those run
    over short windows (where the pattern itself is as quick as the gate). A number for
    ``gate`` allows that many required strings (default: a dozen).
    """
    if "(?-i" in pattern:
        raise ValueError("caseless patterns cannot have case-sensitive parts")
    lowered = _lower_pattern(pattern)
    REGISTRY.append((pattern, flags & ~re.IGNORECASE))
    if gate:
        limit = gate if gate is not True else MAX_LITERALS
        return gated(lowered, flags & ~re.IGNORECASE, limit)
    return re.compile(lowered, flags & ~re.IGNORECASE)
