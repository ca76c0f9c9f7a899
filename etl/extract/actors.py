"""Actor mentions: dictionary aliases and country names found in a sentence.

Every spelling in the actor dictionary (``etl/reference/actors.toml``) is indexed by a
normalised key; short all-capital aliases (IS, TTP, BLA) only match capitalised text, so "is"
never reads as the Islamic State. Countries outside the dictionary are recognised by name or
demonym through the gazetteer ("Indian" -> India) and given by their common English name.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from itertools import compress, count

from etl.extract.memo import text_cache
from etl.reference.actors import load_actor_dictionary
from etl.reference.gazetteer import load_gazetteer

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&", re.U)
#: What ``_TOKEN`` finds in a text without apostrophes and ampersands (a quicker pattern).
_PLAIN_TOKEN = re.compile(r"[^\W_]+")
#: ``_TOKEN`` for an ASCII text, where ``[^\W_]`` is ``[A-Za-z0-9]`` (about twice as quick).
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*|&", re.ASCII)
#: ``_PLAIN_TOKEN`` for an ASCII text is a translation and a split (several times quicker):
#: ``str.translate`` by this table keeps ASCII letters and digits and makes every other ASCII
#: character a space, so the runs of ``[A-Za-z0-9]`` are the words between the spaces.
_ASCII_SPACED = "".join(c if c.isalnum() else " " for c in map(chr, range(128)))
#: :data:`_ASCII_SPACED` as a table for ``bytes.translate`` (bytes 128-255 unchanged; an ASCII
#: text has none). Translating the text's ASCII bytes and decoding them gives the same string
#: as ``str.translate`` by the mapping, for about a quarter of the instructions: ``bytes``
#: translate is one table look-up per byte, ``str.translate`` a mapping look-up per character.
_ASCII_SPACED_BYTES = _ASCII_SPACED.encode("ascii") + bytes(range(128, 256))


def plain(text: str) -> bool:
    """True when ``text`` has no apostrophe or ampersand: its tokens are plain runs of letters
    and digits (here and in :mod:`etl.extract.places`)."""
    return "'" not in text and "’" not in text and "&" not in text


#: Nouns after a nationality adjective that make it the state ("Indian support", "Afghan soil").
_STATE_NOUN = re.compile(
    r"^[\s-]*(?:support|backing|backed|sponsored|sponsorship|hand|involvement|links?|proxies|proxy|agents?|"
    r"intelligence|government|state|regime|authorities|soil|territory|handlers?|masterminds?|nationals?|"
    r"national|funding|money|patronage|connection|footprints?|spy|spies|agency|agencies|army|military|forces)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    name: str  # canonical name (or a country's common English name)
    kind: str  # dictionary kind; "state" for countries
    start: int
    end: int
    text: str


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_NOT_LETTER = re.compile(r"[^A-Za-z]")


_POSSESSIVE = re.compile(r"['’ʼ`]s\b")
_APOSTROPHE = re.compile(r"['’ʼ`‘]")
_SEPARATORS = re.compile(r"[^\w&]+|_")
#: Token -> key; tokens repeat across documents (bounded: cleared when full).
_KEYS: dict[str, str] = {}


def key(text: str) -> str:
    """Lookup key: casefolded, diacritics and possessive 's dropped, punctuation as spaces."""
    found = _KEYS.get(text)
    if found is not None:
        return found
    if text.isascii() and _ASCII_WORD.fullmatch(text):
        normal = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        stripped = _POSSESSIVE.sub("", stripped)
        stripped = _APOSTROPHE.sub("", stripped)
        normal = " ".join(_SEPARATORS.sub(" ", stripped.casefold()).split())
        normal = normal[4:] if normal.startswith("the ") else normal
    if len(_KEYS) >= 200_000:
        _KEYS.clear()
    _KEYS[text] = normal
    return normal


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    kind: str
    acronym: str | None  # exact capitalised spelling required (e.g. "IS")


class ActorIndex:
    def __init__(self) -> None:
        self.entries: dict[str, list[_Entry]] = {}
        self.kinds: dict[str, str] = {}
        self.parents: dict[str, str | None] = {}
        self.countries: dict[str, str | None] = {}
        #: (parent, country) -> the affiliate "the parent's regional affiliate" means there.
        self.regional: dict[tuple[str, str], str] = {}
        for actor in load_actor_dictionary():
            for region in actor.regions:
                self.regional.setdefault((actor.parent, region), actor.name)
            self.kinds[actor.name] = actor.kind
            self.parents[actor.name] = actor.parent
            self.countries[actor.name] = actor.country
            for spelling in (actor.name, *actor.aliases):
                letters = re.sub(r"[^A-Za-z]", "", spelling)
                acronym = letters if letters.isupper() and len(letters) <= 5 else None
                self.entries.setdefault(key(spelling), []).append(_Entry(actor.name, actor.kind, acronym))
        self.max_tokens = max(k.count(" ") + 1 for k in self.entries)
        # Longest alias (in tokens) starting with each first token: only those n-grams are tried.
        self.first: dict[str, int] = {}
        for k in self.entries:
            head, n = k.split(" ")[0], k.count(" ") + 1
            self.first[head] = max(self.first.get(head, 0), n)
        self.country_first: dict[str, int] = {}
        for k in load_gazetteer().country_names:
            head, n = k.split(" ")[0], k.count(" ") + 1
            if n <= 4:
                self.country_first[head] = max(self.country_first.get(head, 0), n)
        #: Token keys that begin an alias or a country name (a scan with countries needs one).
        self.any_first = frozenset(self.first) | frozenset(self.country_first)

    def ancestors(self, name: str) -> list[str]:
        out, seen = [], set()
        parent = self.parents.get(name)
        while parent and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self.parents.get(parent)
        return out


@functools.cache
def actor_index() -> ActorIndex:
    return ActorIndex()


def find_actors(sentence: str, *, countries: bool = True) -> list[ActorMention]:
    """Actor mentions in ``sentence``, longest match first, no overlaps, in text order."""
    return list(_find_actors_both(sentence)[0 if countries else 1])


@text_cache(maxsize=32768)
def _find_actors_both(sentence: str) -> tuple[tuple[ActorMention, ...], tuple[ActorMention, ...]]:
    """The actors of ``sentence`` with and without country names (cached per sentence: both
    are asked of nearly every sentence).

    The scan without countries is the scan with them minus the country readings. When the scan
    with countries found no country name anywhere, and no token has an empty key (so that a
    window of n tokens joins to at least n words, and no alias is longer than its head allows),
    it tried exactly the alias readings the other scan would try, in the same order: the two
    results are the same, and the second scan is skipped.
    """
    tokens = _tokens(sentence)
    with_countries, country_seen = _find_actors(sentence, True, tokens)
    if country_seen or "" in tokens[1]:
        return with_countries, _find_actors(sentence, False, tokens)[0]
    return with_countries, with_countries


@text_cache(maxsize=4096)
def _tokens(sentence: str) -> tuple[list[str], list[str]]:
    """Tokens of a sentence and their lookup keys (shared by both modes of :func:`find_actors`
    and, where they tokenise alike, by :func:`etl.extract.places.places_in`)."""
    if sentence.isascii():
        if plain(sentence):
            # The key of an ASCII word is the word in lower case: the keys are the tokens of
            # the lower-cased text.
            spaced = sentence.encode("ascii").translate(_ASCII_SPACED_BYTES).decode("ascii")
            return spaced.split(), spaced.lower().split()
        words = _ASCII_TOKEN.findall(sentence)
    else:
        words = (_PLAIN_TOKEN if plain(sentence) else _TOKEN).findall(sentence)
    keys = list(map(_KEYS.get, words))  # nearly every token has been seen before
    if None in keys:
        keys = [k if k is not None else key(w) for w, k in zip(words, keys, strict=True)]
    return words, keys


def _starts(sentence: str, words: list[str], starts: list[int], upto: int) -> None:
    """Extend ``starts`` with where tokens ``len(starts)..upto`` begin: tokens are found in order
    and nothing between two of them can begin one, so each begins at the first occurrence of
    its text after the previous one."""
    position = starts[-1] + len(words[len(starts) - 1]) if starts else 0
    for word in words[len(starts):upto + 1]:
        position = sentence.find(word, position)
        starts.append(position)
        position += len(word)


def _find_actors(
    sentence: str, countries: bool, tokens: tuple[list[str], list[str]] | None = None
) -> tuple[tuple[ActorMention, ...], bool]:
    """(the actors, whether a country name was found anywhere (even one then read as a
    nationality)) of one scan of ``sentence`` (``tokens``: its :func:`_tokens`, if at hand)."""
    index = actor_index()
    words, keys = tokens if tokens is not None else _tokens(sentence)
    # Only tokens that begin some alias (or, capitalised, some country name) can start a match;
    # most sentences have none.
    first = index.first
    if (index.any_first if countries else first.keys()).isdisjoint(keys):
        return (), False
    gazetteer = load_gazetteer() if countries else None
    out: list[ActorMention] = []
    # The indices of the tokens that can begin a match, found without a Python loop over every
    # token (then a country name's first token must also be capitalised).
    if gazetteer is None:
        starts = list(compress(count(), map(first.__contains__, keys)))
    else:
        starts = [
            i for i in compress(count(), map(index.any_first.__contains__, keys))
            if keys[i] in first or words[i][0].isupper()
        ]
    if not starts:
        return (), False
    country_seen = False
    no_empty_key = "" not in keys  # then a window's keys are joined as they are
    positions: list[int] = []
    # No match starts inside an earlier one: a token index (the tokens of a match are
    # contiguous, so a later token starts inside it exactly when its index is below the
    # match's last token + 1). Token positions are found only for a match.
    free_from = 0
    entries = index.entries
    for i in starts:
        if i < free_from:
            continue
        found = None
        k0 = keys[i]
        upper = words[i][0].isupper()  # the text at the token's start (sentence[start])
        longest = index.first.get(k0, 0)
        if gazetteer is not None and upper:
            longest = max(longest, index.country_first.get(k0, 0))
        for n in range(min(longest, len(words) - i), 0, -1):
            joined = " ".join(keys[i:i + n]) if no_empty_key else " ".join(k for k in keys[i:i + n] if k)
            if not joined:
                continue
            matched = None
            for entry in entries.get(joined, ()):
                # The letters of the span are those of its tokens (nothing between two tokens
                # is an ASCII letter).
                if entry.acronym and _NOT_LETTER.sub("", "".join(words[i:i + n])) != entry.acronym:
                    continue
                matched = entry
                break
            code = None
            if matched is None and gazetteer is not None and n <= 3 and upper:
                code = gazetteer.country_names.get(joined)
                if code:
                    country_seen = True
            if matched is None and not code:
                continue
            if len(positions) < i + n:
                _starts(sentence, words, positions, i + n - 1)
            start, end = positions[i], positions[i + n - 1] + len(words[i + n - 1])
            if matched is not None:
                found = ActorMention(matched.name, matched.kind, start, end, sentence[start:end])
                break
            if gazetteer.is_demonym(sentence[start:end]) and not _STATE_NOUN.match(sentence[end:]):
                continue  # "Chinese engineers": a nationality, not the state
            name = gazetteer.country_name(code) or code
            found = ActorMention(name, "state", start, end, sentence[start:end])
            break
        if found:
            out.append(found)
            free_from = i + n
    return tuple(out), country_seen
