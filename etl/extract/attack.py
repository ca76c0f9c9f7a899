"""What kind of attack: attack words, GTD attack type, suicide flag and GTD target type.

Attack types follow the GTD codebook's hierarchy (Assassination > Hijacking > Kidnapping >
Barricade > Bombing/Explosion > Armed Assault > Unarmed Assault > Facility/Infrastructure),
so a suicide bomber who first fires at guards is a Bombing/Explosion. Target types come from
the thing attacked ("attack on a mosque" -> Religious Figures/Institutions); a target named
right after the attack word wins over targets mentioned elsewhere in the sentence.
"""

from __future__ import annotations

import re

from etl.extract.caseless import caseless, fold
from etl.extract.gates import Gated, token_gate
from etl.extract.memo import text_cache
from models.vocab import ATTACK_TYPES, TARGET_TYPES

#: Nouns and verbs that report an attack.
ATTACK_TERMS = caseless(
    r"\b(?:attack(?:s|ed|er|ers)?|bomb(?:s|ing|ings|ed|er|ers)?|blasts?|explosions?|exploded|"
    r"suicide|assault(?:ed)?|ambush(?:ed)?|shooting|gunmen|gunman|gunfire|opened\s+fire|massacre|"
    r"strike|struck|stormed|detonat(?:ed|ion)|blew\s+(?:himself|herself|themselves)\s+up|IED|"
    r"grenade|car\s+bomb|truck\s+bomb|rocket\s+attack|beheaded|stabbing|hostages?|kidnapp(?:ed|ing)|"
    r"abduct(?:ed|ion)|hijack(?:ed|ing)?|militant\s+assault|terror(?:ist)?\s+attack|outrage|"
    r"explosives?-(?:packed|laden|filled)|storm(?:ed|ing)?\s+(?:it|the)|blown\s+up|blew\s+up|"
    r"gunfight|firefight|shootout|encounter\s+with\s+(?:militants|terrorists|insurgents|gunmen)|"
    r"(?:militants|terrorists|gunmen|insurgents|assailants|attackers)\s+(?:\w+\s+){0,3}?(?:killed|shot|opened|drove|rammed|ambushed|abducted|kidnapped|fired|hurled|threw|planted))\b")
#: Accidents: explosions that are not attacks. Searched over a whole report, which the pattern
#: (starting with ``\b``, tried at every position) scans slowly: gated by its required strings
#: ("blast", "leak", "boiler", ...: fourteen ``in`` tests are quicker than one scan), like
#: :data:`DELIBERATE`.
ACCIDENT = caseless(
    r"\b(?:gas\s+(?:cylinder|leak|leakage|explosion|blast)|cylinder\s+(?:explosion|blast|exploded)|"
    r"(?:boiler|cylinder|gas|tanker|transformer)\s+(?:exploded|explosion|blast|burst)|caused\s+by\s+(?:a\s+)?(?:gas|excessive\s+pressure|pressure|short|leak|faulty)|"
    r"boiler\s+(?:explosion|blast)|short[- ]circuit|transformer\s+(?:explosion|blast)|accidental(?:ly)?|"
    r"gas\s+had\s+been\s+leaking|industrial\s+accident|mine\s+collapse|fire\s+broke\s+out)\b", gate=16)
#: Deliberate-attack words that override an accident reading.
DELIBERATE = caseless(
    r"\b(?:suicide|bomber|terrorists?\s+attack|terror(?:ist)?\s+attack|militants?|gunmen|IED|"
    r"claimed\s+responsibility|planted)\b", gate=True)
#: Plots, plans and threats: attacks that did not happen.
IRREALIS = caseless(
    r"\b(?:planning\s+to|plann(?:ed|ing)\s+(?:an?\s+)?attacks?|plot(?:ting|s)?\s+to|plans?\s+to\s+(?:attack|bomb|target|strike)|were\s+planning|"
    r"intended\s+to|foil(?:ed|s)?|thwarted\s+(?:a|an|the)\s+(?:plan|plot|bid)|would\s+have|threat(?:ened|s)?\s+to|"
    r"warned\s+of|vowed\s+to|could\s+(?:launch|carry\s+out)|prevent(?:ed)?\s+(?:future|an?)\s+|"
    r"future\s+attacks?|more\s+attacks|new\s+attacks|bomb-proof|bulletproof|bullet-proof)\b")

_TYPE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Assassination", caseless(r"\bassassinat\w*|\btargeted\s+killing\b", gate=True)),
    ("Hijacking", caseless(r"\bhijack\w*", gate=True)),
    ("Hostage Taking (Kidnapping)", caseless(r"\b(?:kidnapp\w*|abduct\w*)", gate=True)),
    ("Hostage Taking (Barricade Incident)", caseless(r"\b(?:held\s+hostage|hostages?|barricaded)\b", gate=True)),
    ("Bombing/Explosion", caseless(
        r"\b(?:bomb\w*|blasts?|explosi\w+|exploded|detonat\w+|blew\s+(?:himself|herself|themselves|up)|IED|"
        r"grenades?|suicide\s+(?:attack|attacker|vest|jacket)|explosives?-laden|rocket|mortar|shell(?:ing|s)?|"
        r"drone\s+strike|improvised\s+explosive|blown\s+up|blew\s+up)\b", gate=True)),
    ("Armed Assault", caseless(
        r"\b(?:gunmen|gunman|shooting|shot\s+dead|opened\s+fire|gunfire|firing|armed\s+(?:attack|assault|men)|"
        r"stormed|ambush\w*|gun\s+attack|rifles?|sprayed\s+bullets|fired\s+(?:on|at|upon)|shootout|shot\s+dead|gunned\s+down|"
        r"gunfight|firefight|encounter\s+with)\b", gate=True)),
    ("Unarmed Assault", caseless(r"\b(?:stabb\w+|knife|machete|hacked\s+to\s+death|rammed\s+(?:a|his|the)\s+(?:car|truck|vehicle)\s+into\s+(?:a\s+)?crowd|poison\w*|acid\s+attack)\b", gate=True)),
    ("Facility/Infrastructure Attack", caseless(r"\b(?:arson|set\s+(?:on\s+)?fire|torched|set\s+ablaze|sabotag\w+|vandali[sz]ed)\b", gate=True)),
)

SUICIDE = caseless(
    r"\b(?:suicide|self-immolat\w*|blew\s+(?:himself|herself|themselves)\s+up|detonated\s+(?:himself|herself|his\s+(?:vest|jacket|explosives))|"
    r"fidayeen\s+attack|martyrdom\s+operation)\b", gate=True)
_SUICIDE_NOT = caseless(r"\bsuicide\s+(?:rate|prevention|note|of\s+a)\b|\bcommitted\s+suicide\b|\bdied\s+by\s+suicide\b", gate=True)

#: Target words by GTD target type, most specific first.
_TARGET_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Government (Diplomatic)", caseless(r"\b(?:embass(?:y|ies)|consulate|diplomats?|ambassador'?s?\s+(?:residence|convoy))\b", gate=True)),
    ("Religious Figures/Institutions", caseless(
        r"\b(?:mosques?|masjid|imambargah|imambagah|imambargahs|church(?:es)?|cathedral|temples?|shrines?|"
        r"gurdwaras?|synagogues?|worshippers|worshipers|congregation|prayer\s+hall|prayers?\s+leader|"
        r"clerics?|religious\s+(?:gathering|procession|scholars?|school)|pilgrims?|Shia\s+(?:mosque|procession)|"
        r"seminary|madrasa|madrassa|imam)\b", gate=True)),
    ("Military", caseless(
        r"\b(?:military|army|cantonment|cantt|soldiers?|troops|garrison|naval|navy|air\s+base|airbase|"
        r"air\s+force|base|checkpost|frontier\s+corps|FC|paramilitary(?!\s+police)|convoy\s+of\s+(?:soldiers|troops)|(?:military|army)\s+convoy|"
        r"security\s+forces)\b"
    , gate=True)),
    ("Police", caseless(r"\b(?:police\s+(?:station|post|checkpoint|lines|headquarters|van|vehicle|patrol|officers?|mobile|training)|policemen|police|constables?|levies|checkpoints?)\b", gate=True)),
    ("Government (General)", caseless(
        r"\b(?:court(?:house|s)?|kachehri|judicial\s+complex|judges?|parliament|assembly|ministry|"
        r"government\s+(?:office|building|officials?|compound)|secretariat|governor|mayor|district\s+commissioner|"
        r"election\s+(?:office|rally)|polling\s+station|tax\s+office|passport\s+office)\b", gate=True)),
    ("Educational Institution", caseless(r"\b(?:schools?|universit(?:y|ies)|college|students|pupils|campus|classroom|education(?:al)?\s+(?:centre|center|institute))\b", gate=True)),
    ("Journalists & Media", caseless(r"\b(?:journalists?|press\s+club|reporters?|newspaper\s+offices?|TV\s+station|broadcaster|(?:satirical\s+)?(?:weekly|magazine|newspaper)|offices\s+of\s+(?:the\s+)?(?:\w+\s+)?(?:weekly|magazine|newspaper|daily))\b", gate=True)),
    ("Airports & Aircraft", caseless(r"\b(?:airport|aircraft|airliner|plane|flight)\b", gate=True)),
    ("Maritime", caseless(r"\b(?:ship|vessel|tanker|ferry|port\s+terminal)\b", gate=True)),
    ("Tourists", caseless(r"\b(?:tourists?|holidaymakers|sightseers)\b", gate=True)),
    ("NGO", caseless(r"\b(?:aid\s+workers?|NGO|charity\s+workers|polio\s+(?:workers?|team|vaccinators?))\b", gate=True)),
    ("Business", caseless(
        r"\b(?:hotel|shops?|shopping|restaurant|cafe|bank|company|factory|office\s+building|"
        r"engineers|workers|businessm[ae]n|mall|traders|project|dam|construction|concert\s+hall|theat(?:re|er)|nightclub|cinema|snooker\s+(?:hall|club))\b", gate=True)),
    ("Transportation", caseless(r"\b(?:bus(?:es)?|passenger\s+(?:bus|train|van|coach)|train|railway|metro|station|highway\s+traffic|commuters)\b", gate=True)),
    ("Utilities", caseless(r"\b(?:power\s+(?:plant|station|lines?|pylons?)|pylons?|electricity|gas\s+pipeline|pipeline|grid\s+station|water\s+supply)\b", gate=True)),
    ("Telecommunication", caseless(r"\b(?:telecom|mobile\s+(?:phone\s+)?towers?|cell\s+towers?)\b", gate=True)),
    ("Violent Political Party", caseless(r"\bpolitical\s+(?:rally|party\s+office|gathering)\b", gate=True)),
    ("Private Citizens & Property", caseless(
        r"\b(?:civilians|residents|villagers|passers-by|crowd|wedding|funeral|homes?|houses?|village|concert|fans|spectators|revellers|shoppers|mourners|"
        r"markets?|marketplace|bazaars?|bazar|plaza|square|bus\s+stop|"
        r"residential|neighbourhood|family|public\s+park|park)\b", gate=True)),
)
#: Targets counted only as the named object of an attack ("stormed a hospital"), never as a
#: stray word ("taken to hospital"): hospitals and clinics are Business (GTD's
#: Medical/Pharmaceutical subtype).
_OBJECT_ONLY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Business", caseless(r"\b(?:hospitals?|clinics?|maternity\s+(?:ward|wing|hospital|clinic))\b", gate=True)),
)
#: The head noun of a capitalised name decides its type ("Army Public School" is a school).
_NAME = re.compile(r"(?:[A-Z][\w'’-]*\s+){1,4}([A-Z][\w'’-]*)")

#: A target named as the object of the attack: "attack on X", "struck X", "inside X".
_OBJECT_CUE = caseless(
    r"\b(?:attacks?\s+(?:on|at|against|targeting|near|outside|inside)|bomb(?:ing)?\s+(?:of|at|on|near|outside|inside)|"
    r"siege\s+(?:of|at)|raid\s+on|assault\s+on|stormed|"
    r"blast\s+(?:at|in|on|near|outside|inside)|explosion\s+(?:at|in|near|outside|inside)|struck|hit|targeted|targeting|"
    r"stormed|inside|outside|near|at|into|rammed\s+into|tore\s+through|ripped\s+through|rocked|on)\s+"
    r"(?:(?:the|a|an|its|their|his|two|several)\s+)?")

assert all(t in ATTACK_TYPES for t, _ in _TYPE_RULES)
_BOMBING = [name for name, _ in _TYPE_RULES].index("Bombing/Explosion")
assert all(t in TARGET_TYPES for t, _ in _TARGET_RULES)


#: Found in every text with an attack word ("attack", "bomb", "gunm", ...), and quicker to
#: search for than :data:`ATTACK_TERMS` (per word, remembered: :class:`etl.extract.gates.TokenGate`).
_ATTACK_STRINGS = token_gate(ATTACK_TERMS)


@text_cache(maxsize=16384)
def has_attack_term(text: str) -> bool:
    """True when ``text`` has an attack word (cached: some texts are asked several times)."""
    return has_attack_term_folded(fold(text))


def has_attack_term_folded(low: str) -> bool:
    """:func:`has_attack_term` of a text already folded (:func:`fold`), uncached: for callers
    that cache their own answer per text."""
    if _ATTACK_STRINGS is not None and not _ATTACK_STRINGS.search(low):
        return False  # most sentences: none of the strings every attack word contains
    return ATTACK_TERMS.search(low) is not None


_UNKNOWN = object()


@text_cache(maxsize=16384)
def _rule_matches(text: str) -> list:
    """Per attack-type rule, the evidence of its first match in ``text`` (None: no match),
    filled in as :func:`attack_type` asks (cached per sentence)."""
    return [_UNKNOWN] * len(_TYPE_RULES)


def _rule_match(text: str, rule: int) -> str | None:
    found = _rule_matches(text)
    evidence = found[rule]
    if evidence is _UNKNOWN:
        low = fold(text)
        match = _TYPE_RULES[rule][1].search(low)
        if match and rule == _BOMBING and match.group().startswith("grenade") and _CARRIED.search(low):
            match = None  # "armed with rifles and grenades": weapons carried, not a bombing
        evidence = found[rule] = text[match.start():match.end()] if match else None
    return evidence


_CARRIED = caseless(r"\barmed\s+with\s+(?:[\w-]+\s+){0,3}(?:and|,)\s+(?:hand\s+)?grenades\b|\bgrenades\s+and\s+(?:assault\s+)?rifles\b|\brifles\s+and\s+(?:hand\s+)?grenades\b", gate=True)


def attack_type(texts: list[str]) -> tuple[str, str | None]:
    """GTD attack type from the incident's sentences (first is most important), with evidence.
    Grenades carried with rifles ("armed with rifles and grenades") do not make a bombing."""
    for rule, (name, _pattern) in enumerate(_TYPE_RULES):
        for text in texts:
            evidence = _rule_match(text, rule)
            if evidence is not None:
                if name == "Armed Assault" and any(_rule_match(other, _BOMBING) is not None for other in texts):
                    continue
                return name, evidence
    return "Unknown", None


@text_cache(maxsize=16384)
def _suicide_match(text: str) -> str | None:
    low = fold(text)
    if _SUICIDE_NOT.search(low):
        return None
    match = SUICIDE.search(low)
    return text[match.start():match.end()] if match else None


def is_suicide(texts: list[str], kind: str | None = None) -> tuple[bool | None, str | None]:
    """True when the sentences say the attack was a suicide attack. Otherwise, as the GTD codes
    it (suicide = 0 unless the attacker is said not to have meant to survive): False for an
    attack told as something other than a bombing (``kind``: a shooting, hijacking, hostage
    siege, stabbing) with no explosion in the sentences; None when they do not say (a bombing
    with no cue either way, an attack of unknown kind)."""
    for text in texts:
        evidence = _suicide_match(text)
        if evidence is not None:
            return True, evidence
    if kind in _NEVER_SUICIDE_UNLESS_SAID and not any(_rule_match(text, _BOMBING) for text in texts):
        return False, None
    return None, None


#: Attack types whose attackers GTD codes as not suicidal unless the text says otherwise.
_NEVER_SUICIDE_UNLESS_SAID = frozenset({
    "Assassination", "Hijacking", "Hostage Taking (Kidnapping)", "Hostage Taking (Barricade Incident)",
    "Armed Assault", "Unarmed Assault", "Facility/Infrastructure Attack",
})


#: Where the object of an attack cue ends (case-sensitive, as written).
_OBJECT_END = re.compile(r"[,;.]|\b(?:and|as|when|while|after|before|killing|which|who|travelling|returning|from|to)\b")
_SPEAKER_AFTER = re.compile(r"\s+(?:said|say|says|told|sources|chief|officials?)\b")
_PREPOSITIONS = ("inside", "outside", "near", "at", "into", "on")


@text_cache(maxsize=16384)
def _object_target(text: str) -> tuple[tuple[int, int, int, int], str, str] | None:
    """The best target named as an attack's object in ``text``: (distance key, type, evidence)."""
    low = fold(text)
    # A rule whose required words are not in the sentence matches in none of its windows.
    all_rules = _TARGET_RULES + _OBJECT_ONLY_RULES
    rules = [
        (order, name, pattern.pattern if isinstance(pattern, Gated) else pattern)
        for order, (name, pattern) in enumerate(all_rules)
        if not isinstance(pattern, Gated) or pattern.possible(low)
    ]
    if not rules:
        return None
    best = None
    for cue in _OBJECT_CUE.finditer(low):
        window = text[cue.end(): cue.end() + 60]
        end = _OBJECT_END.search(window)
        if end is not None:
            window = window[:end.start()]
        window_low = low[cue.end(): cue.end() + len(window)]
        preposition = text[cue.start():cue.end()].strip().lower() in _PREPOSITIONS
        named = _NAME.match(window)
        head = None
        if named is not None:
            head_low = window_low[named.start(1):named.end(1)]
            head = next((order for order, _name, pattern in rules if pattern.fullmatch(head_low)), None)
        for order, name, pattern in rules:
            if order >= len(_TARGET_RULES) and preposition and named is None:
                continue
            match = pattern.search(window_low)
            if match and head is not None and head != order and match.start() < named.end():
                match = pattern.search(window_low, named.end())  # within a name, its head noun decides
            if match:
                candidate = ((int(preposition), cue.start(), match.start(), order), name, window[match.start():match.end()])
                if best is None or candidate[0] < best[0]:
                    best = candidate
    return best


@text_cache(maxsize=16384)
def _target_words(text: str) -> tuple[tuple[int, str, str], ...]:
    """(rule order, type, evidence) of every target rule matching ``text`` as a target word."""
    low = fold(text)
    out = []
    for order, (name, pattern) in enumerate(_TARGET_RULES):
        match = pattern.search(low)
        if match and _SPEAKER_AFTER.match(text, match.end()):
            continue
        if match:
            out.append((order, name, text[match.start():match.end()]))
    return tuple(out)


def target_type(texts: list[str]) -> tuple[str, str | None]:
    """GTD target type: a target named as the attack's object first, then any target word."""
    for text in texts:
        best = _object_target(text)
        if best is not None:
            return best[1], best[2]
    counts: dict[str, tuple[int, str]] = {}
    for rank, text in enumerate(texts[:6]):
        for order, name, evidence in _target_words(text):
            if name not in counts:
                counts[name] = (rank * 100 + order, evidence)
    if counts:
        name = min(counts, key=lambda n: counts[n][0])
        return name, counts[name][1]
    return "Unknown", None
