"""Cheap necessary conditions for regular expressions ("gates").

Most rule patterns fail on most sentences, and Python's ``re`` finds that out slowly: a pattern
such as ``\\b(?:planning\\s+to|plot(?:ting)?\\s+to|foiled|...)`` is tried at every word boundary.
Yet every match of it contains one of a few literal strings ("planning", "plot", "foiled",
...), and ``str.__contains__`` answers "is any of them in the text?" many times faster. A
pattern is *gated* when such a set of strings is small: :class:`Gated` runs the pattern only
when one of them occurs, and answers "no match" at once otherwise.

The literal sets are derived from the pattern itself (:func:`required_literals`, from the
parse tree of Python's own regular expression parser), never written by hand, so a gate can
only skip texts on which the pattern cannot match: results are the same as without it. The
derivation is conservative: anything it cannot reason about (classes, case-insensitive groups,
optional parts, assertions) contributes nothing, and a pattern without a usable set is left
ungated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import reduce
from operator import or_

try:  # the parser of Python's re module (private, stable since 3.11)
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - other Python versions: no gates
    _sre_parse = None  # type: ignore[assignment]
    _c = None  # type: ignore[assignment]

#: A gate is worth its cost only when its strings are few and not too short.
MAX_LITERALS = 12
MIN_LENGTH = 3


def _best(sets: list[set[str]]) -> set[str] | None:
    if not sets:
        return None
    return max(sets, key=lambda s: (min(len(a) for a in s), -len(s)))


def _literals(items) -> set[str] | None:  # noqa: ANN001 - a parsed (sub)pattern
    """Strings one of which every match of the parsed sequence ``items`` contains."""
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:  # a run of literals is matched as one contiguous string
            candidates.append({"".join(run)})
            run = []
        found: set[str] | None = None
        if op is _c.BRANCH:  # one alternative matches: any of their strings
            union: set[str] = set()
            for alternative in av[1]:
                sub = _literals(alternative)
                if sub is None:
                    union = set()
                    break
                union |= sub
            found = union or None
        elif op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub_pattern = av
            if not add_flags & _c.SRE_FLAG_IGNORECASE:
                found = _literals(sub_pattern)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub_pattern = av
            if low >= 1:  # matched at least once
                found = _literals(sub_pattern)
        elif op is _c.ATOMIC_GROUP:
            found = _literals(av)
        # Classes, any-character, categories, assertions, anchors, references: nothing known.
        if found:
            candidates.append(found)
    if run:
        candidates.append({"".join(run)})
    return _best(candidates)


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or None when none are known.

    Strings that contain another of the set are dropped (the shorter one is enough).
    """
    if _sre_parse is None or flags & re.IGNORECASE:
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except Exception:  # pragma: no cover - a pattern re compiles always parses
        return None
    found = _literals(list(parsed))
    if not found:
        return None
    return frozenset(a for a in found if not any(b != a and b in a for b in found))


class Gated:
    """A compiled pattern that is not run on texts lacking all of its required strings.

    Has the methods of :class:`re.Pattern` that the extractor uses; a search from a position
    (``pos``/``endpos``) or a substitution always runs the pattern.
    """

    __slots__ = ("pattern", "literals", "_single")

    def __init__(self, pattern: re.Pattern[str], literals: frozenset[str]) -> None:
        self.pattern = pattern
        self.literals = tuple(sorted(literals, key=len, reverse=True))
        self._single = self.literals[0] if len(self.literals) == 1 else None

    def possible(self, text: str) -> bool:
        """False when the pattern cannot match anywhere in ``text`` (nor in a part of it)."""
        if self._single is not None:
            return self._single in text
        for literal in self.literals:  # noqa: SIM110 - a loop is quicker than any() here
            if literal in text:
                return True
        return False

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        if not args:  # the test of possible(), inlined: search is the hottest call
            single = self._single
            if single is not None:
                if single not in text:
                    return None
            else:
                for literal in self.literals:
                    if literal in text:
                        break
                else:
                    return None
        return self.pattern.search(text, *args)

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        if not args and not self.possible(text):
            return None
        return self.pattern.match(text, *args)

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        if not args and not self.possible(text):
            return None
        return self.pattern.fullmatch(text, *args)

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        if not args and not self.possible(text):
            return iter(())
        return self.pattern.finditer(text, *args)

    def findall(self, text: str, *args: int) -> list:
        if not args and not self.possible(text):
            return []
        return self.pattern.findall(text, *args)

    def sub(self, repl, text: str, count: int = 0) -> str:  # noqa: ANN001 - as re.Pattern.sub
        if not self.possible(text):
            return text
        return self.pattern.sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.pattern.split(text, maxsplit)

    def __getattr__(self, name: str):  # noqa: ANN204 - .pattern/.flags/.groupindex of the pattern
        return getattr(self.pattern, name)

    def __repr__(self) -> str:
        return f"Gated({self.pattern!r}, {self.literals!r})"


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """True when one of ``words`` occurs in ``text`` (a hand-written gate: a few plain ``in``
    tests, quicker than a pattern when the words are few)."""
    for word in words:  # noqa: SIM110 - a loop is quicker than any() here
        if word in text:
            return True
    return False


def required_strings_pattern(*patterns: re.Pattern[str] | Gated) -> re.Pattern[str] | None:
    """A pattern found in every text in which one of ``patterns`` matches: it matches where one
    of their required strings occurs (:func:`required_literals`). None when a
    pattern has no required strings known.

    The strings are written as a prefix tree ("d(?:ead|ie)|kill|..."), so ``re`` follows one
    branch per position: one search for thirty strings is quicker than thirty ``in`` tests,
    and than most patterns starting with ``\\b``."""
    strings = required_strings(*patterns)
    return None if strings is None else re.compile(_prefix_tree(strings))


def required_strings(*patterns: re.Pattern[str] | Gated) -> list[str] | None:
    """The strings of :func:`required_strings_pattern` (sorted; none contains another)."""
    found: set[str] = set()
    for pattern in patterns:
        compiled = pattern.pattern if isinstance(pattern, Gated) else pattern
        literals = required_literals(compiled.pattern, compiled.flags)
        if not literals:
            return None
        found |= literals
    return sorted(a for a in found if not any(b != a and b in a for b in found))


def _prefix_tree(strings: list[str]) -> str:
    """An alternation of the (non-empty) ``strings`` grouped by their first characters."""
    tails: dict[str, list[str]] = {}
    for string in strings:
        tails.setdefault(string[0], []).append(string[1:])
    alternatives = []
    for head, rest in tails.items():
        if "" in rest:  # a string ends here: any longer one contains it
            alternatives.append(re.escape(head))
        elif len({tail[0] for tail in rest}) == 1:
            alternatives.append(re.escape(head) + _prefix_tree(rest))
        else:
            alternatives.append(f"{re.escape(head)}(?:{_prefix_tree(rest)})")
    return "|".join(alternatives)


def gated(pattern: str, flags: int = 0, max_literals: int = MAX_LITERALS) -> re.Pattern[str] | Gated:
    """``re.compile(pattern, flags)``, gated when it has a small set of required strings."""
    compiled = re.compile(pattern, flags)
    literals = required_literals(pattern, flags)
    if literals and len(literals) <= max_literals and min(len(a) for a in literals) >= MIN_LENGTH:
        return Gated(compiled, literals)
    return compiled


class RegexGated(Gated):
    """A gated pattern whose required strings are many: one scan for all of them, compiled as
    a literal alternation (which ``re`` searches quickly, unlike a pattern starting with
    ``\\b`` or a class)."""

    __slots__ = ("_any",)

    def __init__(self, pattern: re.Pattern[str], literals: frozenset[str]) -> None:
        super().__init__(pattern, literals)
        self._any = re.compile("|".join(re.escape(literal) for literal in self.literals))

    def possible(self, text: str) -> bool:
        return self._any.search(text) is not None


def regex_gated(pattern: str, flags: int = 0) -> re.Pattern[str] | RegexGated:
    """``re.compile(pattern, flags)`` gated by one search for any of its required strings."""
    compiled = re.compile(pattern, flags)
    literals = required_literals(pattern, flags)
    return RegexGated(compiled, literals) if literals else compiled


class TokenGates:
    """A group of token gates (:class:`TokenGate`) answered together, per word and remembered.

    A string without whitespace occurs in a text exactly when it occurs inside one of the
    text's whitespace-separated tokens (``text.split()``): an occurrence cannot straddle a
    whitespace character it does not contain. News text repeats its words, so each token is
    classified once against every gate's pattern and remembered as a bit mask (bit ``i`` set
    when gate ``i``'s pattern matches in the token); the mask of a text is the OR of its tokens'
    masks, computed by C-level calls (a split, a map of dictionary look-ups, a reduce) and
    remembered per text, so that the several gates asked about the same sentence (the
    attack-word, casualty, claim/denial, blame-cue and perpetrator gates, at different moments
    of a report's extraction) cost one split and one pass over its tokens in all, then one
    dictionary look-up each.

    Memory is bounded: at most :attr:`MAX_TOKENS` token masks are remembered (all are forgotten
    when that many are known), tokens longer than :attr:`MAX_TOKEN_CHARS` are classified every
    time, at most :attr:`MAX_TEXTS` text masks are kept (all are forgotten when that many are
    known) and texts longer than :attr:`MAX_TEXT_CHARS` are not kept. What is remembered changes
    only the time taken, never an answer: a remembered mask is the mask of its token or text.
    """

    __slots__ = ("_state",)

    MAX_TOKENS = 100_000
    MAX_TOKEN_CHARS = 64
    MAX_TEXTS = 4096
    MAX_TEXT_CHARS = 2000

    def __init__(self) -> None:
        # (the gates' patterns, token -> mask, text -> mask): one object, replaced whole when a
        # gate is added or the token memo is full, so that a mask is only ever read from the
        # memo of the patterns it was computed with (also while another thread adds a gate).
        self._state: tuple[tuple[re.Pattern[str], ...], dict[str, int], dict[str, int]] = ((), {}, {})

    def add(self, pattern: re.Pattern[str]) -> int:
        """Add a gate testing ``pattern`` (see :class:`TokenGate`): its bit in the masks."""
        patterns = (*self._state[0], pattern)
        self._state = (patterns, {}, {})
        return 1 << (len(patterns) - 1)

    def mask(self, text: str) -> int:
        """The mask of ``text``: bit ``i`` set when gate ``i``'s pattern matches in one of its
        tokens (remembered)."""
        state = self._state
        found = state[2].get(text)
        if found is None:
            found = self._text_mask(text, state)
        return found

    def _text_mask(self, text: str, state: tuple) -> int:  # noqa: ANN001 - see _state
        patterns, known, texts = state
        tokens = text.split()
        try:  # most texts: every token known
            found = reduce(or_, map(known.__getitem__, tokens), 0)
        except KeyError:
            found = self._learn(tokens, state)
        if len(text) <= self.MAX_TEXT_CHARS:
            if len(texts) >= self.MAX_TEXTS:
                texts.clear()
            texts[text] = found
        return found

    def _learn(self, tokens: list[str], state: tuple) -> int:  # noqa: ANN001 - see _state
        """The mask of ``tokens``, classifying and remembering the unknown ones."""
        patterns, known, _texts = state
        if len(known) + len(tokens) > self.MAX_TOKENS:
            known = {}
            self._state = (patterns, known, {})
        found = 0
        for token in tokens:
            mask = known.get(token)
            if mask is None:
                mask = 0
                bit = 1
                for pattern in patterns:
                    if pattern.search(token) is not None:
                        mask |= bit
                    bit <<= 1
                if len(token) <= self.MAX_TOKEN_CHARS:
                    known[token] = mask
            found |= mask
        return found


#: The group of the extractor's token gates (created at import: one mask answers them all).
SHARED_TOKEN_GATES = TokenGates()


class TokenGate:
    """"Does one of these strings occur in the text?", answered per word and remembered.

    :meth:`search` answers like ``pattern.search(text) is not None``, where ``pattern`` matches
    wherever one of the strings occurs; any other pattern will do that matches in a text exactly
    when it matches in one of the text's whitespace-separated tokens (a whole word bounded by
    ``(?<!\\w)``/``(?!\\w)``, say: ``\\w`` excludes whitespace). The answer is a bit of the
    text's mask in a :class:`TokenGates` group (by default :data:`SHARED_TOKEN_GATES`, shared
    with the other gates), which classifies each token once and remembers each text's mask.
    """

    __slots__ = ("pattern", "group", "bit")

    def __init__(self, pattern: re.Pattern[str], group: TokenGates | None = None) -> None:
        self.pattern = pattern
        self.group = SHARED_TOKEN_GATES if group is None else group
        self.bit = self.group.add(pattern)

    def search(self, text: str) -> bool:
        """True when one of the strings occurs in ``text``."""
        return self.group.mask(text) & self.bit != 0


def token_gate(*patterns: re.Pattern[str] | Gated) -> re.Pattern[str] | TokenGate | None:
    """:func:`required_strings_pattern` of ``patterns``, as a :class:`TokenGate` when none of
    the strings has whitespace (else the pattern itself, or None when it is None). Either way
    ``gate.search(text)`` is truthy exactly when one of the strings occurs in ``text``."""
    strings = required_strings(*patterns)
    if strings is None:
        return None
    pattern = re.compile(_prefix_tree(strings))
    if any(not string or any(c.isspace() for c in string) for string in strings):
        return pattern
    return TokenGate(pattern)
