"""Place mentions in a sentence and the choice of an incident's place.

Capitalised word sequences (and sector codes such as "G-11") are looked up in the gazetteer;
"the capital" / "Pakistan's capital" resolve to the country's capital. An incident's place
is chosen by :func:`resolve_place` from the mentions in its sentences: a curated locality or
named site wins (it carries its city), then a city named next to the attack ("attack on a
mosque in Peshawar", "Islamabad's Tarlai area"), then the city named most often; ambiguous
names prefer the country the report is about, then the most populous place.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from etl.extract.actors import _starts as _token_starts
from etl.extract.actors import _tokens as _actor_tokens
from etl.extract.actors import plain
from etl.extract.caseless import caseless, fold
from etl.extract.gates import contains_any
from etl.extract.memo import text_cache
from etl.reference.actors import normalize_alias as _normalize_alias
from etl.reference.gazetteer import Place, load_gazetteer

_TOKEN = re.compile(r"[^\W_]+(?:['’]s\b)?", re.U)
#: ``_TOKEN`` for an ASCII text (the same tokens, about twice as quick).
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'s\b)?", re.ASCII)
_CAPITAL = re.compile(
    r"\b(?:(?:the|its)\s+(?:(?P<adj2>[A-Z][a-z]+)\s+)?|(?P<adj>[A-Z][a-z]+['’]s)\s+)(?:federal\s+)?(?P<capital>capital)(?:\s+city)?\b(?![\s,]+[A-Z])",
)
_LOCATIVE = caseless(r"(?:\b(?:in|near|at|outside|inside|on|of|into|targeting|targeted|struck|hit|rocked|attacked|attack\s+on|area\s+of)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}$)")
_AWAY = caseless(r"\b(?:from|to|towards|for|via|resident\s+of|native\s+of|hometown|returning\s+to|(?:km|kilomet(?:er|re)s?|miles?)\s+(?:\w+\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west|away)?\s*(?:of|from))\s+(?:the\s+|their\s+|its\s+|his\s+)?(?:(?!(?:at|in|near|on|inside|outside|bombing|attack|blast)\b)[\w'’-]+\s+){0,3}$")
#: An attack word just before a place: "attacked near Besham", "attack on a mosque in Peshawar".
_ATTACK_BEFORE = caseless(r"\b(?:attack(?:ed|s)?|bomb(?:ing|ed|er|s)?|blasts?|explosions?|went\s+off|exploded|struck|hit|stormed|targeted|exploded|killed|rocked|siege|raid(?:ed)?|assault(?:ed)?|detonated|opened\s+fire|blew\s+(?:himself|herself)\s+up)\b[^.;]{0,45}$", gate=24)


#: A named site the gazetteer does not know: "the Hayat Hotel", "Mar Elias church".
_SITE_NOUNS = (
    r"hotel|mosque|masjid|imambargah|church|cathedral|temple|shrine|"
    r"market|bazaar|bazar|mall|stadium|airport|university|college|school|railway\s+station|bus\s+station|"
    r"cantonment|camp|air\s+base|base|plaza|square|checkpost|checkpoint|police\s+station|embassy|consulate|"
    r"hospital|club|theatre|theater|cafe|restaurant|junction|intersection|roundabout|crossroads|chowk|"
    r"arena|park|metro\s+station|station|mausoleum"
)
#: Name words: capitalised, or an Arabic article or particle joined to one ("al-Zaman", "bin Qasim").
_SITE_NAME_WORD = r"(?:[A-Z][\w'’-]++|(?:al|el|ul|ud|ibn|bin)[-\s][A-Z][\w'’-]++)"
#: The capital comes first and the word boundary before it is a look-behind after it, so that
#: ``re`` skips straight to capitals (the same matches as ``\b(?P<name>[A-Z][\w'’-]+\s+...``).
#: The lookahead for the nouns' first letters (also case-insensitive) only makes failing
#: positions fail sooner, and so do the possessive ``++`` (a word is always followed by a
#: space, which a shorter run of its characters never is).
_SITE_INITIALS = "".join(sorted({noun[0] for noun in _SITE_NOUNS.split("|")}))
_GENERIC_SITE = re.compile(
    rf"(?P<name>[A-Z](?<!\w[A-Z])[\w'’-]++\s+(?:{_SITE_NAME_WORD}\s+){{0,2}}(?i:(?=[{_SITE_INITIALS}])(?:{_SITE_NOUNS})))\b"
)
#: The same pattern for an ASCII sentence, where ``\w``, ``\s`` and ``\b`` mean the same under
#: ``re.ASCII``, which tests them quicker (the pattern runs over many sentences).
_GENERIC_SITE_ASCII = re.compile(_GENERIC_SITE.pattern, re.ASCII)
#: A named neighbourhood: "the Dwelaa district of Damascus", "the Sundar area".
_AREA_NOUNS = r"area|neighbourhood|neighborhood|quarter|locality|district\s+of|suburb|township|sector"
_GENERIC_AREA = re.compile(rf"(?P<name>[A-Z](?<!\w[A-Z])[\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})\s+(?:{_AREA_NOUNS})\b")
#: Words one of which every site noun or area noun contains (checked against the patterns by
#: tests/test_extract_speed_equivalence.py). The area words are a quicker first test than a
#: scan for the area nouns; the site pattern is quicker than a test for the 41 site words (it
#: starts only at capitals), but not than a look-up of a sentence's tokens (below).
_SITE_WORDS = (
    "hotel", "mosque", "masjid", "imambargah", "church", "cathedral", "temple", "shrine", "market", "bazaar",
    "bazar", "mall", "stadium", "airport", "university", "college", "school", "station", "cantonment", "camp",
    "base", "plaza", "square", "checkpost", "checkpoint", "embassy", "consulate", "hospital", "club", "theatre",
    "theater", "cafe", "restaurant", "junction", "intersection", "roundabout", "crossroads", "chowk",
    "arena", "park", "mausoleum",
)
_AREA_WORDS = ("area", "neighbo", "quarter", "locality", "district", "suburb", "township", "sector")
#: The words of the site and area nouns that every match of ``_GENERIC_SITE`` and
#: ``_GENERIC_AREA`` contains as a whole token, in lower case: the last word of each site noun
#: ("railway\s+station": "station"), the first of each area noun ("district\s+of": "district").
#: In an ASCII text such a word follows whitespace and ends at an ASCII word boundary (``\s``
#: and ``\b`` ignore other characters; ``(?i:...)`` matches only ASCII letters then), so it is
#: a whole ``[A-Za-z0-9]+`` token: a text whose token keys (the tokens in lower case, without
#: apostrophes) include none of these words has no match.
_SITE_TOKENS = frozenset(noun.split(r"\s+")[-1] for noun in _SITE_NOUNS.split("|"))
_AREA_TOKENS = frozenset(noun.split(r"\s+")[0] for noun in _AREA_NOUNS.split("|"))
#: A neighbourhood whose name ends in its noun: "Hazara Town", "Christian Colony".
_NAMED_AREA = re.compile(r"(?P<name>[A-Z](?<!\w[A-Z])[\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:Town|Colony))\b")
#: "Dasht-e-Barchi, a mostly Shia neighbourhood": a neighbourhood named in apposition.
_APPOSED_AREA = re.compile(
    r"(?P<name>[A-Z](?<!\w[A-Z])[\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}),\s+an?\s+(?:[\w-]+\s+){0,4}(?:neighbourhood|neighborhood|district|suburb|area|quarter)\b")
#: "the shrine of Lal Shahbaz Qalandar": a site named after a person, named "<person> shrine".
_SITE_OF = re.compile(r"\b(?P<noun>shrine|mausoleum|tomb|mosque|church|temple)\s+of\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})")
_NOT_A_NAME = {
    "shiite", "shia", "sunni", "muslim", "christian", "hindu", "sikh", "jewish", "catholic", "ahmadi", "sufi",
    "grand", "central", "main", "old", "new", "local", "federal", "provincial", "national", "district", "city",
    "military", "army", "police", "government", "international", "capital", "biggest", "largest",
}
_LEADING_POSSESSIVE = re.compile(r"^[A-Z][\w-]*['’]s\s+(?=[A-Z])")
_SITE_SKIP = re.compile(r"^(?:The|A|An|In|On|At|Its|His|Her|Their|Friday|Saturday|Sunday|Monday|Tuesday|Wednesday|Thursday)\s+")


@dataclass(slots=True)
class PlaceMention:
    places: list[Place]
    start: int
    end: int
    text: str
    locative: bool = False  # introduced by in/near/at/outside ... or possessive
    away: bool = False  # introduced by from/to (a route, a hometown)
    possessive: bool = False  # "Islamabad's Tarlai area"
    sentence_index: int = -1
    weight: float = 1.0
    extra: dict = field(default_factory=dict)


_FAST = re.compile(r"[A-Za-z0-9]+")
_POSSESSIVE_END = re.compile(r"['’]s$")
_POSSESSIVE = re.compile(r"['’]s\b")
_PUNCTUATION = re.compile(r"[.,;:()\"“”]")
_JUNCTION_END = re.compile(r"\s+(?i:junction|intersection|roundabout|crossroads)$")
_TAKEN_TO = caseless(r"\b(?:taken|rushed|brought|admitted|shifted|moved)\s+to\s+(?:the\s+)?$")
_NAME_JOINERS = ("of", "and", "al", "e", "i", "ul")
#: Token -> gazetteer key; tokens repeat across documents (bounded: cleared when full).
_KEYS: dict[str, str] = {}

#: Normalised names repeat constantly (every mention of "Islamabad"): the function caches them.
normalize_alias = _normalize_alias


def _fast_key(token: str) -> str:
    """The gazetteer key of one token ("Peshawar's" -> "peshawar", "G" -> "g")."""
    key = _KEYS.get(token)
    if key is None:
        stripped = _POSSESSIVE_END.sub("", token)
        key = stripped.lower() if stripped.isascii() and _FAST.fullmatch(stripped) else normalize_alias(stripped)
        if len(_KEYS) >= 200_000:
            _KEYS.clear()
        _KEYS[token] = key
    return key


def find_places(sentence: str, exclude: list[tuple[int, int]] | None = None) -> list[PlaceMention]:
    """Gazetteer places named in ``sentence`` (longest match, no overlap with ``exclude`` spans).

    Returns fresh PlaceMention objects (callers set their ``weight``).
    """
    return fresh(_find_places(sentence, tuple(exclude or ())))


def fresh(found: tuple[PlaceMention, ...]) -> list[PlaceMention]:
    """Fresh copies of cached place mentions (callers set their ``weight``)."""
    return [PlaceMention(m.places, m.start, m.end, m.text, m.locative, m.away, m.possessive, m.sentence_index, m.weight, dict(m.extra)) for m in found]


@text_cache(maxsize=16384)
def _find_places(sentence: str, exclude: tuple[tuple[int, int], ...]) -> tuple[PlaceMention, ...]:
    return places_in(sentence, exclude)


#: A gazetteer name found in a sentence: (start, end, text, readings).
_Hit = tuple[int, int, str, list[Place]]
#: A town below this population named inside a site's name is part of that name.
_SMALL_TOWN = 50000


def _small_towns_only(places: list[Place]) -> bool:
    """All the readings of a name are small towns: a site's name may contain it (see
    :func:`places_in`, which drops it then, and :func:`place_votes_in`)."""
    return all(p.kind == "city" and p.population < _SMALL_TOWN for p in places)


def places_in(sentence: str, exclude: tuple[tuple[int, int], ...]) -> tuple[PlaceMention, ...]:
    """:func:`find_places` without the cache and the copies."""
    gazetteer = load_gazetteer()
    out: list[PlaceMention] = []
    low = fold(sentence)
    hits, keys, ascii_plain = _gazetteer_hits(sentence, exclude)
    for start, end, text, places in hits:
        before = low[max(0, start - 60):start]
        after = sentence[end:end + 4]
        away = bool(_AWAY.search(before))
        extra = {
            "sentence": sentence,
            "readings": {},  # best_place per country, shared by the copies
            "near_attack": bool(_ATTACK_BEFORE.search(before)) and not away,
        }
        locative, possessive = bool(_LOCATIVE.search(before)), bool(_POSSESSIVE.match(after))
        out.append(PlaceMention(places, start, end, text, locative, away, possessive, extra=extra))
    generic = []
    # In an ASCII sentence without apostrophes the site and area patterns need one of their
    # nouns among its token keys (see _SITE_TOKENS), a quicker test than any scan of the text.
    area_possible = not _AREA_TOKENS.isdisjoint(keys) if ascii_plain else contains_any(sentence, _AREA_WORDS)
    if area_possible:
        generic.append((_GENERIC_AREA, "locality"))
    if "Town" in sentence or "Colony" in sentence:
        generic.append((_NAMED_AREA, "named"))
    if ", a" in sentence and any(noun in low for noun in ("neighbo", "district", "suburb", "area", "quarter")):
        generic.append((_APPOSED_AREA, "named"))
    if not ascii_plain or not _SITE_TOKENS.isdisjoint(keys):
        generic.append((_GENERIC_SITE_ASCII if sentence.isascii() else _GENERIC_SITE, "site"))
    if " of " in sentence and any(noun in low for noun in ("shrine", "mausoleum", "tomb", "mosque", "church", "temple")):
        generic.append((_SITE_OF, "site"))
    for pattern, kind in generic:
        for m in pattern.finditer(sentence):
            matched = m.group("name")
            name = _SITE_SKIP.sub("", matched).strip()
            # "Peshawar's Yakatoot area": the area is named after the city's possessive.
            name = _LEADING_POSSESSIVE.sub("", name)
            start = m.start("name") + matched.find(name)
            overlapping = [p for p in out if p.start < start + len(name) and start < p.end]
            if not name or (overlapping and not _names_site(name, start, overlapping, kind)):
                continue
            words = name.split()
            head_words = words[:-1] if kind in ("site", "named") and pattern is not _SITE_OF and pattern is not _APPOSED_AREA else words
            if not head_words or all(_POSSESSIVE_END.sub("", w.lower()) in _NOT_A_NAME for w in head_words) or any(
                gazetteer.is_demonym(w) for w in head_words
            ):
                continue
            if pattern is _SITE_OF:
                name = f"{name} {m.group('noun')}"  # "Lal Shahbaz Qalandar shrine"
                start = m.start()
            # A junction is named by its name alone ("the Zobe intersection" -> "Zobe").
            name = _JUNCTION_END.sub("", name)
            if any(a < start + len(name) and start < b for a, b in exclude):
                continue
            before = low[max(0, start - 60):start]
            kind = "locality" if kind == "named" else kind
            mention = PlaceMention([Place(kind, name, "")], start, start + len(name), name)
            mention.extra["generic"] = True
            mention.locative = bool(_LOCATIVE.search(before))
            mention.away = bool(_AWAY.search(before)) or bool(_TAKEN_TO.search(before))
            mention.extra["near_attack"] = (
                bool(_ATTACK_BEFORE.search(before)) or _attack_before_far(low[max(0, start - 100):start])
            ) and not mention.away
            for inner in overlapping:
                if _small_towns_only(inner.places):
                    out.remove(inner)  # "the Saheb al-Zaman Mosque": a small town's name in a site's
            out.append(mention)
    for m in _CAPITAL.finditer(sentence) if "capital" in sentence else ():
        if any(p.start <= m.start("capital") < p.end for p in out if "capital_of" not in p.extra):
            continue
        adj = m.group("adj") or m.group("adj2")
        code = gazetteer.country_code(_POSSESSIVE_END.sub("", adj)) if adj else None
        if adj and not code:
            continue
        mention = PlaceMention([], m.start(), m.end(), m.group())
        mention.extra["capital_of"] = code  # None: the report's own country
        mention.locative = bool(_LOCATIVE.search(low[max(0, m.start() - 60):m.start()]))
        out.append(mention)
    out.sort(key=lambda p: p.start)
    _prefer_town_in_metro(sentence, out)
    return tuple(out)



def place_votes_in(sentence: str, exclude: tuple[tuple[int, int], ...]) -> tuple[tuple[str, int], ...] | None:
    """The votes (:func:`place_vote`) of ``places_in(sentence, exclude)``, in order, without the
    rest of its work (sites, areas, capitals, the words around each name); None when only that
    work can tell.

    Exact because the mentions the rest adds never vote (sites and areas have no country,
    capitals no reading) and a vote depends only on a name's text, readings, offsets and
    sentence. The one change the rest makes to the names found is to drop a small town's name
    inside a site's name ("the Saheb al-Zaman Mosque"): when a name's readings are all small
    towns, None sends the caller to the full reading."""
    votes = []
    for start, end, text, places in _gazetteer_hits(sentence, exclude)[0]:
        if _small_towns_only(places):
            return None
        vote = place_vote(PlaceMention(places, start, end, text, extra={"sentence": sentence}))
        if vote is not None:
            votes.append(vote)
    return tuple(votes)


def _gazetteer_hits(sentence: str, exclude: tuple[tuple[int, int], ...]) -> tuple[list[_Hit], list[str], bool]:
    """The gazetteer names of ``sentence`` outside ``exclude`` (longest first, no overlaps), with
    the sentence's token keys and whether it is plain ASCII (both reused by the callers)."""
    gazetteer = load_gazetteer()
    # Names start with a capital: only those tokens are tried (in order, each at most once,
    # and none inside a name already found).
    # Without apostrophes and ampersands the actor scan's tokens are these: its cached
    # tokenisation of the sentence is reused (read, never changed). The key of a token of an
    # ASCII text without apostrophes is the token in lower case, which is its actor key too.
    ascii_plain = sentence.isascii() and plain(sentence)
    if ascii_plain:
        words, keys = _actor_tokens(sentence)
    else:
        if plain(sentence):
            words = _actor_tokens(sentence)[0]
        else:
            words = (_ASCII_TOKEN if sentence.isascii() else _TOKEN).findall(sentence)
        keys = list(map(_fast_key, words))
    # The indices of the tokens whose first character is a capital.
    capitals = itertools.compress(itertools.count(), map(str.isupper, map(itemgetter(0), words)))
    starts: list[int] = []  # where each token starts, found as far as needed
    first_lengths = gazetteer.first_lengths()
    names = gazetteer.names()
    next_free = 0
    hits: list[_Hit] = []
    for i in capitals:
        if i < next_free:
            continue
        found = None
        head = keys[i]
        for n in range(min(4, len(words) - i, first_lengths.get(head, 0)), 0, -1):
            # Cheap pre-check on the joined token keys before any normalisation.
            joined = head if n == 1 else " ".join(keys[i:i + n])
            if joined not in names:
                continue
            if len(starts) < i + n:
                _token_starts(sentence, words, starts, i + n - 1)
            start, end = starts[i], starts[i + n - 1] + len(words[i + n - 1])
            text = sentence[start:end]
            # Sector codes ("G-11") are written with a hyphen; other names must be contiguous words.
            if _PUNCTUATION.search(text):
                continue
            if n > 1 and not all(w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_JOINERS for w in words[i:i + n]):
                continue
            clean = _POSSESSIVE_END.sub("", text)
            if n == 1 and (gazetteer.is_city_stopword(clean) or len(clean) < 3):
                continue
            if exclude and _overlaps(start, end, exclude):
                continue
            places = gazetteer.lookup(clean)
            places = [p for p in places if p.kind != "country" or clean[0].isupper()]
            if (
                places and i > 0 and places[0].kind == "admin1" and all(p.kind == "admin1" for p in places)
                and _inside_longer_name(words, i, sentence, starts)
            ):
                continue  # "Kuz Kunar district": a district named after the province, not the province
            if places:
                found, len_found = (start, start + len(clean), clean, places), n
                break
        if found is not None:
            hits.append(found)
            next_free = i + len_found
    return hits, keys, ascii_plain


#: "outside Moscow, in Krasnogorsk" / "in Krasnogorsk, outside Moscow": the town, not the metro.
_METRO_BEFORE = re.compile(r"\b(?:outside|near|outskirts\s+of|suburbs?\s+of)\s+(?:the\s+)?(?:capital,?\s+)?$", re.I)
_TOWN_JOIN = re.compile(r"^,?\s+(?:in|at)\s+(?:the\s+(?:town|city|suburb)\s+of\s+)?$", re.I)
_METRO_JOIN = re.compile(r"^,?\s+(?:just\s+)?(?:outside|near|on\s+the\s+outskirts\s+of)\s+(?:the\s+capital,?\s+)?$", re.I)


def _prefer_town_in_metro(sentence: str, mentions: list[PlaceMention]) -> None:
    """A town placed by the big city it lies outside: the big city is only a pointer (away)."""
    if len(mentions) < 2:
        return
    cities = [m for m in mentions if m.places and any(p.kind == "city" for p in m.places)]
    for first, second in zip(cities, cities[1:], strict=False):
        between = sentence[first.end:second.start]
        if _METRO_BEFORE.search(sentence[max(0, first.start - 40):first.start]) and _TOWN_JOIN.match(between):
            first.away, first.extra["near_attack"], first.extra["town"] = True, False, second.text
        elif _METRO_JOIN.match(between):
            second.away, second.extra["near_attack"], second.extra["town"] = True, False, first.text


#: A site further from its attack word: "detonated a vest among mourners gathered at the X".
_FAR_ATTACK = caseless(r"\b(?:bomb(?:ing|ed|er)?|blasts?|explosions?|went\s+off|exploded|detonated|stormed|opened\s+fire|blew\s+(?:himself|herself)\s+up|explosive\s+device|ambush(?:ed)?|attacked)\b", gate=True)
_FAR_BREAK = caseless(r"[.;]|\b(?:said|told|taken|rushed|admitted)\b")
_FAR_PREPOSITION = caseless(r"\b(?:at|inside|outside|near|in|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$")


def _attack_before_far(before: str) -> bool:
    """An attack word in ``before`` (folded), then a preposition introducing the site, with no
    sentence break or speech verb between."""
    if not _FAR_PREPOSITION.search(before):
        return False
    found = list(_FAR_ATTACK.finditer(before))
    return bool(found) and not _FAR_BREAK.search(before, found[-1].end())


def _names_site(name: str, start: int, overlapping: list[PlaceMention], kind: str) -> bool:
    """True when a named site contains gazetteer names at its head and ends in a capitalised
    noun ("Manchester Arena", "Liberty Square"): the site, not the town."""
    last = name.split()[-1]
    if kind not in ("site", "named") or not last[:1].isupper():
        return False
    return all(p.start >= start and p.end < start + len(name) for p in overlapping)


def _inside_longer_name(words: list[str], i: int, sentence: str, starts: list[int]) -> bool:
    """True when token ``i`` follows a capitalised word in mid-sentence ("Kuz Kunar")."""
    previous = words[i - 1]
    if not previous[:1].isupper() or i - 1 == 0 or _POSSESSIVE_END.search(previous):
        return False
    gap = sentence[starts[i - 1] + len(previous): starts[i]] if len(starts) > i else " "
    return gap == " "


def _overlaps(start: int, end: int, spans: tuple[tuple[int, int], ...]) -> bool:
    for a, b in spans:  # noqa: SIM110 - a loop is quicker than any() here
        if a < end and start < b:
            return True
    return False


def document_country(
    mentions: list[PlaceMention], country_words: Counter, dateline: tuple[PlaceMention, ...] = ()
) -> str | None:
    """The country a report is about: country words, unambiguous city mentions and the
    dateline (where the story was filed: "COLOMBO:" is Sri Lanka's Colombo, the largest)."""
    return country_from_votes(country_words, [vote for mention in mentions if (vote := place_vote(mention)) is not None], dateline)


def country_from_votes(
    country_words: Counter, votes_in_order: list[tuple[str, int]], dateline: tuple[PlaceMention, ...] = ()
) -> str | None:
    """:func:`document_country` from the country words and the place votes (in mention order)."""
    votes: Counter = Counter()
    by_places: Counter = Counter()  # breaks ties: places say more than country words
    for code, count in country_words.items():
        votes[code] += count
    for mention in dateline:
        readings = [p for p in mention.places if p.country]
        if readings:
            code = max(readings, key=lambda p: p.population).country
            votes[code] += 2
            by_places[code] += 2
    for code, weight in votes_in_order:
        votes[code] += weight
        by_places[code] += weight
    return max(votes, key=lambda code: (votes[code], by_places[code])) if votes else None


def place_vote(mention: PlaceMention) -> tuple[str, int] | None:
    """(country, weight) a place mention votes for in :func:`document_country`, or None.

    Depends only on the mention (its readings, text and sentence), so it can be computed once
    per sentence."""
    key = normalize_alias(mention.text)
    readings = [p for p in mention.places if p.kind != "country"]
    exact = [p for p in readings if normalize_alias(p.name) == key or p.kind in ("locality", "site", "admin1")]
    codes = {p.country for p in (exact or readings)} - {""}  # named sites have no country of their own
    if len(codes) == 1:
        if _in_longer_name(mention):
            return None  # "an Ariana Grande concert": a name that only looks like a town
        # Places say more about where a report is than country words (which name the blamed).
        return next(iter(codes)), 2
    if codes:
        # "London", "Manchester": a name shared by towns of several countries votes, less
        # strongly, for the one that is far the largest.
        cities = sorted((p for p in (exact or readings) if p.kind == "city"), key=lambda p: -p.population)
        if len(cities) > 1 and cities[0].population > 2 * max(
            (p.population for p in cities[1:] if p.country != cities[0].country), default=0
        ):
            return cities[0].country, 1
    return None


_KIND_ORDER = {"locality": 0, "site": 0, "city": 1, "district": 2, "admin1": 3, "country": 4}


def best_place(mention: PlaceMention, country: str | None) -> Place | None:
    """The reading of a place mention that fits the report's country, else the most populous.

    A gazetteer mention from :func:`find_places` remembers its answer per country (it depends
    only on the mention's readings, text and sentence, which never change).
    """
    readings = mention.extra.get("readings")
    if readings is None:
        return _best_place(mention, country)
    found = readings.get(country, _NOT_YET)
    if found is _NOT_YET:
        found = readings[country] = _best_place(mention, country)
    return found


_NOT_YET = object()


#: A word after a name that makes it a part of a city ("the Madina district", "Hamdan market").
_SUB_CITY_AFTER = re.compile(r"\s+(?:district|neighbou?rhood|area|quarter|market|bazaar|suburb|township)\b", re.I)


def _best_place(mention: PlaceMention, country: str | None) -> Place | None:
    gazetteer = load_gazetteer()
    if "capital_of" in mention.extra:
        code = mention.extra["capital_of"] or country
        return gazetteer.capital(code) if code else None
    candidates = mention.places
    if not candidates:
        return None
    # A place known under this name only as an alternative ("Islamabad" for Anantnag) needs its
    # own region or country named in the sentence; otherwise the place of that name wins.
    key = normalize_alias(mention.text)
    exact = [p for p in candidates if normalize_alias(p.name) == key or p.kind in ("locality", "site", "admin1", "country")]
    if exact and len(exact) < len(candidates):
        sentence = mention.extra.get("sentence", "")
        exact_set = set(exact)
        supported = [
            p for p in candidates if p not in exact_set and _region_named(p, sentence, gazetteer)
        ]
        candidates = supported or exact
    if country:
        local = [p for p in candidates if p.country == country]
        if local:
            candidates = local
        elif all(p.kind == "city" and p.population < 50000 for p in candidates):
            return None  # a small foreign town in a report about elsewhere: most likely a name
        elif _SUB_CITY_AFTER.match(mention.extra.get("sentence", ""), mention.end):
            return None  # "the Madina district" in a report about Somalia: a part of a local city
        elif _in_longer_name(mention):
            return None  # "the Old Bailey", "an Ariana Grande concert": a name, not a foreign town
    # "China has pressed Pakistan ...": a country's name is the country, not a small town abroad
    # of that name (China, Nuevo León); a large city of a country's name still wins (Djibouti).
    nation = next((p for p in candidates if p.kind == "country"), None)
    if (
        nation is not None and country and nation.country != country
        and all(p.population < 1_000_000 for p in candidates if p.kind == "city")
    ):
        return nation
    # min() keeps the first of equals, as sorted(...)[0] did.
    return min(candidates, key=lambda p: (-p.population if p.kind == "city" else 0, _KIND_ORDER.get(p.kind, 5)))


#: A capitalised word just before a name that makes it part of a longer one ("the Old Bailey").
_NAME_WORD_BEFORE = re.compile(r"(?<![.!?:;\"“‘'(]\s)(?<!^)\b[A-Z][a-z]+ $")
_NAME_WORD_AFTER = re.compile(r" [A-Z][a-z]+\b")
#: Capitalised words that start or extend a phrase without making a longer name.
_NOT_NAME_WORDS = frozenset(
    ["The", "A", "An", "In", "At", "On", "Near", "Outside", "From", "To", "Of", "And", "Or", "But", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Greater", "Old", "New", "City", "District", "Province", "Region", "State", "County", "Town"]
)


_SITE_HEADS = frozenset(_SITE_WORDS) | {"arena", "railway", "police", "city", "international", "central"}


def _in_longer_name(mention: PlaceMention) -> bool:
    """A one-word place name inside a longer capitalised name, not at a sentence's start."""
    if " " in mention.text:
        return False
    sentence = mention.extra.get("sentence", "")
    before = _NAME_WORD_BEFORE.search(sentence, max(0, mention.start - 20), mention.start)
    if before and before.group().strip() not in _NOT_NAME_WORDS - {"Old"}:
        return True
    after = _NAME_WORD_AFTER.match(sentence, mention.end)
    # "Manchester Arena", "Quetta Railway Station": a site named after its town.
    return bool(after and after.group().strip() not in _NOT_NAME_WORDS and after.group().strip().lower() not in _SITE_HEADS)


def _region_named(place: Place, sentence: str, gazetteer) -> bool:
    """True when the sentence names the place's first-level division or country."""
    words, codes = _long_words(sentence)
    if place.admin1 and any(w in words for w in _long_words(place.admin1)[0]):
        return True
    return place.country in codes


_LONG_WORD = re.compile(r"[A-Za-z]{5,}")


@text_cache(maxsize=16384)
def _long_words(text: str) -> tuple[frozenset[str], frozenset[str | None]]:
    """The words of five letters or more in ``text``, and the country codes they name (None
    for a word that names no country)."""
    words = frozenset(_LONG_WORD.findall(text))
    gazetteer = load_gazetteer()
    return words, frozenset(gazetteer.country_code(w) for w in words)


@dataclass(slots=True)
class Location:
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    locality: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    evidence: dict[str, str] = field(default_factory=dict)


def resolve_place(mentions: list[PlaceMention], country: str | None) -> Location:
    """Pick the incident's location from the place mentions of its sentences.

    ``mentions`` are in priority order of their sentences; each mention's ``weight`` says how
    strongly its sentence is about the attack.
    """
    loc = Location()
    scored: list[tuple[float, int, Place, PlaceMention]] = []
    generic = [m for m in mentions if m.extra.get("generic")]
    mentions = [m for m in mentions if not m.extra.get("generic")]
    for order, mention in enumerate(mentions):
        place = best_place(mention, country)
        if place is None:
            continue
        score = mention.weight
        if mention.locative or mention.possessive:
            score += 1.0
        if mention.away:
            score -= 1.5
        if mention.extra.get("near_attack"):
            score += 1.0
        scored.append((score, order, place, mention))
    if not scored:
        if country:
            loc.country = country
        return loc
    # Locality / site: the first one named in the strongest sentences.
    localities = [s for s in scored if s[2].kind in ("locality", "site") and s[0] > 0]
    sectors = [s for s in localities if s[2].kind == "locality"]
    chosen_locality = None
    if localities:
        pool = sectors or localities
        best = max(s[0] for s in pool)
        chosen_locality = min((s for s in pool if s[0] >= best - 0.5), key=lambda s: s[1])
    cities = Counter()
    first_seen: dict[str, int] = {}
    city_places: dict[str, Place] = {}
    # "travelling from Quetta to Peshawar": a route, not where it happened, unless no other
    # town or district is named ("a bus taking workers to the Dasu dam site was blown up").
    settled = [s for s in scored if not (s[3].away and s[0] <= 0)]
    if not any(p.kind in ("city", "district") or (p.kind in ("locality", "site") and p.city) for _s, _o, p, _m in settled):
        ends = {p.city or p.name for _s, _o, p, m in scored if m.away and p.kind == "city"}
        if len(ends) == 1:  # one destination, not a route "from Quetta to Peshawar"
            settled = scored
    for score, order, place, _mention in settled:
        if place.kind == "city" or (place.kind in ("locality", "site") and place.city):
            name = place.city or place.name
            cities[name] += max(score, 0.1) + (1.0 if place.kind in ("locality", "site") else 0)
            first_seen.setdefault(name, order)
            if place.kind == "city":
                city_places.setdefault(name, place)
            elif name not in city_places:
                city_places[name] = Place("city", name, place.country, place.admin1, name, place.latitude, place.longitude)
    # The metro area a named town lies outside counts for the town, wherever it is named.
    for _score, _order, place, mention in scored:
        town = mention.extra.get("town")
        if town and place.name in cities:
            town_name = next((n for n in cities if normalize_alias(n) == normalize_alias(town)), None)
            if town_name is not None and town_name != place.name:
                cities[town_name] += cities.pop(place.name)
    if chosen_locality is not None:
        place = chosen_locality[2]
        loc.locality = _text_spelling(chosen_locality[3].text, place)
        loc.city, loc.admin1, loc.country = place.city, place.admin1, place.country
        loc.latitude, loc.longitude = place.latitude, place.longitude
        loc.evidence["locality"] = chosen_locality[3].text
        if loc.city:
            loc.evidence["city"] = chosen_locality[3].text
        return loc
    named_site = None
    for mention in generic:
        area = mention.places[0].kind == "locality" and mention.locative
        if (mention.extra.get("near_attack") or area) and mention.weight >= 1.0 and not mention.away:
            named_site = mention
            if mention.places[0].kind == "locality":
                break
    if cities:
        name = max(cities, key=lambda n: (cities[n], -first_seen[n]))
        if named_site is not None and normalize_alias(named_site.text) != normalize_alias(name):
            loc.locality = named_site.text
            loc.evidence["locality"] = named_site.text
        place = city_places[name]
        loc.city, loc.admin1, loc.country = place.name, place.admin1, place.country
        loc.latitude, loc.longitude = place.latitude, place.longitude
        loc.evidence["city"] = next(m.text for s, o, p, m in scored if (p.city or p.name) == name)
        return loc
    districts = [s for s in scored if s[2].kind in ("district", "admin1")]
    if districts:
        place = max(districts, key=lambda s: (s[0], -s[1]))[2]
        loc.admin1, loc.country = place.admin1, place.country
        loc.evidence["admin1"] = next(m.text for s, o, p, m in scored if p is place)
        return loc
    countries = [s for s in scored if s[2].kind == "country"]
    if countries:
        loc.country = max(countries, key=lambda s: (s[0], -s[1]))[2].country
    elif country:
        loc.country = country
    return loc


_LOCALITY_SUFFIX = re.compile(r"\s+(?:area|sector|town|locality|neighbourhood|neighborhood)$", re.I)


def _text_spelling(text: str, place: Place) -> str:
    """The locality as the text spells it, without generic suffixes ("Tarlai area" -> "Tarlai")."""
    spelled = _LOCALITY_SUFFIX.sub("", text)
    # Curated sites keep their canonical capitalisation ("Marriott hotel" -> "Marriott Hotel").
    if place.kind == "site" and normalize_alias(spelled) != normalize_alias(place.name):
        return place.name
    if place.kind == "site":
        return place.name
    # Abbreviated forms of a curated locality ("Bannu Cantt") take the curated name.
    if len(spelled) < len(place.name) and normalize_alias(place.name).startswith(normalize_alias(spelled).split(" ")[0]) and "cantt" in spelled.lower():
        return place.name
    return spelled
