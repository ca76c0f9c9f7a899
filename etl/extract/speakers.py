"""Who is speaking: named people, their roles, and the speaker of a sentence.

A report introduces people with a title ("Interior Minister Mohsin Naqvi") or an appositive
("Rehman Malik, head of the Interior Ministry") and then refers to them by surname ("Naqvi"),
by role ("the minister") or by pronoun ("he"). :class:`People` collects the introductions
of one report; :func:`find_speaker` names the speaker of a sentence as shortly as possible:
a person's full name, or a body such as "police sources", "ISPR", "Pakistani officials".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.caseless import caseless, fold
from etl.extract.gates import gated, required_strings_pattern
from etl.extract.memo import text_cache

_NAME_WORD = r"(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*|[A-Z]\.|al|ul|ud|bin|ibn|e|i|uz|ur)"
_NAME = rf"(?:[A-Z][a-z]+(?:-[A-Za-z]+)*(?:\s+{_NAME_WORD}){{0,3}}\s+[A-Z][a-z]+(?:-[A-Za-z]+)*|[A-Z][a-z]{{2,}})"

ROLES = (
    "prime minister", "interior minister", "defence minister", "defense minister", "information minister",
    "foreign minister", "finance minister", "health minister", "minister", "president", "chief minister",
    "governor", "spokesman", "spokesperson", "spokeswoman", "inspector general", "police chief",
    "commissioner", "adviser", "advisor", "special assistant", "army chief", "general", "commander",
    "leader", "chief", "secretary", "ambassador", "senator", "judge", "lawyer", "counsel", "mayor",
    "director", "officer", "official", "barrister", "advocate", "dr", "mr", "mrs", "ms", "maulana", "mufti",
)
#: The title words of :data:`_TITLE` (after up to three capitalised words: "Federal Interior Minister").
_TITLE_WORD = (
    r"(?:Prime\s+Minister|Minister|President|Chief\s+Minister|Governor|"
    r"[Ss]pokes(?:man|person|woman)|Inspector\s+General|[Pp]olice\s+[Cc]hief|Commissioner|Adviser|Advisor|"
    r"[Ss]pecial\s+[Aa]ssistant|Army\s+Chief|General|Gen\.|Lt\.?\s*Gen\.?|Commander|[Ll]eader|Chief|Secretary|Ambassador|"
    r"Senator|Judge|Justice|Barrister|Advocate|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Maulana|Mufti|Allama|"
    r"(?:CCPO|DIG|IGP|SSP|DPO|SHO)(?:\s+[A-Z][a-z]+)?)"
)
_TITLE = re.compile(r"\b(?P<title>(?:(?:[A-Z][a-z]+\s+){0,3})" + _TITLE_WORD + r")\s+(?P<name>" + _NAME + r")")
_APPOSITIVE = re.compile(
    r"(?P<name>" + _NAME + r"),\s+(?:the\s+|a\s+)?(?P<role>(?:[\w'’-]+\s+){0,5}?(?:minister|adviser|advisor|spokesman|spokesperson|"
    r"chief|head|leader|commander|president|governor|officer|official|lawyer|counsel|ambassador|police\s+chief)\b)"
)
_SAID_VERB = r"(?:said|says|told|added|alleged|claimed|stated|wrote|tweeted|posted)\b"
_SAID_NAME = re.compile(r"(?P<name>" + _NAME + r")\s+" + _SAID_VERB)

#: Bodies that speak: "police sources", "officials", "the army's media wing" ...
_BODY = re.compile(
    r"\b(?P<body>(?:(?:US|U\.S\.|American|Pakistani|Pakistan['’]s|Indian|India['’]s|Afghan|Western|Pakistan|"
    r"(?i:foreign|senior|security|intelligence|military|government|police|local|provincial|federal|hospital|"
    r"interior|home|health|defence|defense|state|emergency|"
    r"rescue|investigating|top|the|its))\s+){0,3}"
    r"(?i:officials|authorities|sources|diplomats|investigators|leadership|government|officers|ministry|office|"
    r"military['’]s\s+media\s+wing|army['’]s\s+media\s+wing|media\s+wing|police|military|army|ISPR|CTD|"
    r"state|spokesman|spokesperson|analysts|observers))\b",
)
_BODY_ALIASES = {
    "military's media wing": "ISPR", "army's media wing": "ISPR", "the military's media wing": "ISPR",
    "the army's media wing": "ISPR", "media wing": "ISPR", "inter-services public relations": "ISPR",
}
_PRONOUN = re.compile(r"^(?:he|she|they|the\s+(?:minister|adviser|advisor|president|spokesman|spokesperson|official|chief|premier|leader))$", re.I)


@dataclass(slots=True)
class Person:
    name: str
    role: str | None
    first_seen: int


@dataclass(slots=True)
class People:
    """The people a report introduces, with lookups by surname and role."""

    persons: list[Person] = field(default_factory=list)

    def add(self, name: str, role: str | None, position: int) -> None:
        name = " ".join(name.split())
        for person in self.persons:
            if person.name == name or (name in person.name.split() and len(name.split()) == 1):
                if role and not person.role:
                    person.role = role
                return
            if person.name.split()[-1] == name.split()[-1] and len(name.split()) > len(person.name.split()):
                person.name = name
                return
        self.persons.append(Person(name, role, position))

    def resolve(self, text: str, position: int) -> str | None:
        """Full name for a surname, a full name, a role ("the minister") seen before ``position``."""
        text = " ".join(text.split())
        low = text.lower()
        known = [p for p in self.persons if p.first_seen <= position] or self.persons
        for person in known:
            if person.name == text or text in person.name.split() or person.name.endswith(" " + text):
                return person.name
        role = re.sub(r"^the\s+", "", low).replace("defense", "defence")
        if role in {"he", "she"}:
            return known[-1].name if known else None
        candidates = [p for p in known if p.role and role in p.role.lower().replace("defense", "defence")]
        if candidates:
            return max(candidates, key=lambda p: p.first_seen).name
        return None


_NOT_NAMES = {
    "The", "A", "An", "In", "On", "At", "It", "He", "She", "They", "This", "That", "Friday", "Saturday",
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Police", "Officials", "According",
}


def collect_people(sentences: list[tuple[str, int]]) -> People:
    """People introduced in a report's sentences ((text, start offset) pairs)."""
    people = People()
    for text, start in sentences:
        for name, role, offset in _introductions(text):
            people.add(name, role, start + offset)
    return people


#: The title pattern is tried only where one of its title words occurs (one search for all
#: of them, written as a prefix tree: about half the time of a plain alternation of the words);
#: the two others are as quick as such a test would be.
_TITLE_WORDS_FOUND = required_strings_pattern(_TITLE)
#: A stricter test for a sentence with a title word ("police", "spokesman", "leader" in most):
#: a title word needs a capital after it (every name starts with one) and a non-word character
#: before it (a space, or the one before the match's word boundary: the title word, like the
#: match, starts with a letter). Searched in " " + the sentence, the pattern starting with ``\W``
#: is tried only after spaces and punctuation (a third of the instructions of the title pattern).
_TITLE_WORD_BEFORE_CAPITAL = re.compile(r"\W" + _TITLE_WORD + r"\s+[A-Z]")
_APPOSITIVE_GATE = _APPOSITIVE  # no quicker test: most sentences have a role word
#: "X said" needs a capitalised word right before the verb (the last word of the name): a test
#: tried only at capitals, where the name pattern is tried at every position and backtracks
#: over every capitalised word; most sentences' speakers are "officials", "the minister".
_SAID_AFTER_CAPITAL = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z]+)*\s+" + _SAID_VERB)


@text_cache(maxsize=16384)
def _introductions(text: str) -> tuple[tuple[str, str | None, int], ...]:
    """(name, role, offset) of the people a sentence introduces, in the order
    :func:`collect_people` adds them: titles, then appositives, then "X said"."""
    out: list[tuple[str, str | None, int]] = []
    title = _TITLE_WORDS_FOUND.search(text) and _TITLE_WORD_BEFORE_CAPITAL.search(" " + text)
    for m in _TITLE.finditer(text) if title else ():
        name = _trim_name(m.group("name"))
        if name:
            out.append((name, m.group("title").strip(), m.start()))
    if "," in text:  # an appositive follows a comma
        for m in _APPOSITIVE_GATE.finditer(text):
            name = _trim_name(m.group("name"))
            if name and len(name.split()) >= 2:
                out.append((name, m.group("role").strip(), m.start()))
    for m in _SAID_NAME.finditer(text) if _SAID_AFTER_CAPITAL.search(text) else ():
        name = _trim_name(m.group("name"))
        if name and len(name.split()) >= 2:
            out.append((name, None, m.start()))
    return tuple(out)


_TITLE_WORDS = {
    "Prime", "Minister", "Interior", "Defence", "Defense", "Information", "Foreign", "Finance", "Health",
    "President", "Chief", "Federal", "Provincial", "Deputy", "Spokesman", "Spokesperson", "Adviser", "Advisor",
    "Inspector", "General", "Senator", "Governor", "Secretary", "Parliamentary", "Affairs", "Special",
    "Assistant", "Pakistan's", "India's", "Army", "Commander", "Leader", "Senior", "Police", "Officer",
    "Capital", "City", "Barrister", "Advocate", "Dr", "Mr", "Mrs", "Ms", "Lawyer", "Justice", "Judge",
}


def _trim_name(name: str) -> str | None:
    words = name.split()
    while words and (words[0] in _NOT_NAMES or words[0] in _TITLE_WORDS or words[0].rstrip(".") in _TITLE_WORDS):
        words = words[1:]
    if not words or any(w in {"Pakistan", "India", "Afghanistan", "Islamabad", "Kabul"} for w in words):
        return None
    return " ".join(words)


_SPEECH = r"(?i:(?:did\s+not\s+(?:explicitly\s+)?)?(?:said|says|told|added|alleged|claimed|stated|wrote|declared|insisted|maintained|warned|noted|confirmed|announced|accused|accuses|blamed|blames|pointed|points|linked|links|laid|put|called|suggested|asserted|name|named|reposted|stirred|attributed|described|termed|branded))"


#: Attribution patterns: (pattern, the group whose start is the candidate's position, and
#: whether the pattern runs on folded text). Each is skipped when a word it needs is absent.
_SPEECH_CANDIDATES = (
    (re.compile(r"(?P<who>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,5}?)\s+(?:had\s+|has\s+|also\s+|then\s+|later\s+|at\s+first\s+|on\s+\w+\s+)*" + _SPEECH + r"\b"), 0, False),
    (gated(r"[,”\"]\s*(?P<who>(?:the\s+)?[\w'’. -]{2,60}?)\s+(?:said|says|added|told)\b"), "who", False),
    # A name in apposition after its role: "India's foreign secretary, Vikram Misri, told reporters".
    (gated(r",\s+(?P<who>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}),\s+(?:said|says|added|told|alleged|claimed|stated|wrote|accused|blamed)\b"), "who", False),
    (gated(r"\b(?:said|says|added)\s+(?P<who>(?:the\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})"), "who", False),
    (gated(r"\b(?:blamed|accused|linked|attributed)\s+(?:\w+\s+){0,3}?by\s+(?P<who>(?:the\s+)?[\w'’. -]{2,50}?)(?=[,.;]|$|\s+(?:for|as|on|in|after)\b)"), "who", False),
    (caseless(r"\b(?P<who>he|she|they|the\s+(?:minister|adviser|advisor|president|spokesman|spokesperson|official|premier))\s+(?:said|says|added|told|wrote|alleged|claimed|warned|declared)\b", gate=True), "who", True),
    (gated(r"\b(?:although|but|while|and)\s+(?P<who>[\w'’. -]{2,40}?)\s+(?:were|was|had\s+been)\s+quick\s+to\b"), "who", False),
    (gated(r"^(?P<who>[\w'’. -]{2,50}?)\s+(?:had\s+been|were|was|have\s+been)\s+quick\s+to\b"), "who", False),
)
#: The speech verbs of :data:`_SPEECH` (any case): without one, the first pattern cannot match.
_SPEECH_WORDS = (
    "said", "says", "told", "added", "alleged", "claimed", "stated", "wrote", "declared", "insisted", "maintained",
    "warned", "noted", "confirmed", "announced", "accuse", "blame", "point", "link", "laid", "put", "called",
    "suggested", "asserted", "name", "reposted", "stirred", "attributed", "described", "termed", "branded",
)


@text_cache(maxsize=16384)
def _speech_candidates(sentence: str) -> tuple[tuple[int, str], ...]:
    """(position, phrase) of every attribution in ``sentence``: "X said", ", X said",
    "said X", "blamed by X", "he said", "X was quick to" (cached per sentence)."""
    low = fold(sentence)
    speech = any(word in low for word in _SPEECH_WORDS)
    candidates: list[tuple[int, str]] = []
    for index, (pattern, group, folded) in enumerate(_SPEECH_CANDIDATES):
        if index == 0 and not speech:
            continue
        for m in pattern.finditer(low if folded else sentence):
            start, end = m.span("who")
            candidates.append((m.start(group), sentence[start:end]))
    return tuple(candidates)


def find_speaker(sentence: str, cue_start: int, people: People, position: int, previous: str | None) -> str | None:
    """The speaker of the statement around ``cue_start`` in ``sentence`` (None: the outlet)."""
    head = sentence[:cue_start]
    # 1. "X said ..." / "according to X" / ", X said." anywhere in the sentence.
    candidates = _speech_candidates(sentence)
    # Prefer the attribution closest before the cue, else the first after it.
    before = [c for c in candidates if c[0] <= cue_start]
    ordered = sorted(before, key=lambda c: -c[0]) + sorted((c for c in candidates if c[0] > cue_start), key=lambda c: c[0])
    for _, who in ordered:
        name = _speaker_name(who, people, position, previous)
        if name:
            return name
    # 2. A quotation with no attribution continues the previous speaker.
    if previous and (sentence.lstrip().startswith(("“", '"')) or head.count("“") > head.count("”")):
        return previous
    return None


_LEAD_WORDS = re.compile(r"^(?:according\s+to|and|but|although|while|as|in\s+a\s+statement,?)\s+", re.I)
_ARTICLE = re.compile(r"^(?:the|its)\s+", re.I)
_ROLE_END = re.compile(r"((?:[A-Z][a-z]+\s+)?(?:Minister|President|Spokes(?:man|person)|Adviser|Advisor|Chief|Governor))$")


@text_cache(maxsize=4096)
def _word(word: str) -> re.Pattern[str]:
    """``word`` as a whole word (compiled once per name)."""
    return re.compile(rf"\b{re.escape(word)}\b")


def _speaker_name(who: str, people: People, position: int, previous: str | None = None) -> str | None:
    who = who.strip(" ,.“”\"'")
    who = _LEAD_WORDS.sub("", who)
    if _PRONOUN.match(who):
        if who.lower() in ("they", "he", "she") and previous:
            return previous
        return people.resolve(who, position)
    body = _BODY.search(who)
    # A named person in the phrase wins ("Interior Minister Mohsin Naqvi", "Naqvi").
    for person in sorted(people.persons, key=lambda p: -len(p.name)):
        parts = person.name.split()
        if person.name in who or (parts and _word(parts[-1]).search(who)):
            return person.name
    if body:
        text = body.group("body")
        text = _ARTICLE.sub("", text)
        low = text.lower().replace("’", "'")
        for alias, name in _BODY_ALIASES.items():
            if low.endswith(alias):
                return name
        return text
    role = _ROLE_END.search(who)
    if role:
        found = people.resolve(role.group(1).lower(), position)
        if found:
            return found
    words = who.split()
    if 1 <= len(words) <= 4 and all(w[0].isupper() for w in words) and words[0] not in _NOT_NAMES:
        return people.resolve(who, position) or (who if len(words) >= 2 else None)
    return None
