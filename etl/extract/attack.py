"""What kind of attack: attack words, GTD attack type, suicide flag and GTD target type.

Attack types follow the GTD codebook's hierarchy (Assassination > Hijacking > Kidnapping >
Barricade > Bombing/Explosion > Armed Assault > Unarmed Assault > Facility/Infrastructure),
so a suicide bomber who first fires at guards is a Bombing/Explosion. Target types come from
the thing attacked ("attack on a mosque" -> Religious Figures/Institutions); a target named
right after the attack word wins over targets mentioned elsewhere in the sentence.
"""

from __future__ import annotations

import re

from models.vocab import ATTACK_TYPES, TARGET_TYPES

#: Nouns and verbs that report an attack.
ATTACK_TERMS = re.compile(
    r"\b(?:attack(?:s|ed|er|ers)?|bomb(?:s|ing|ings|ed|er|ers)?|blasts?|explosions?|exploded|"
    r"suicide|assault(?:ed)?|ambush(?:ed)?|shooting|gunmen|gunman|gunfire|opened\s+fire|massacre|"
    r"strike|struck|stormed|detonat(?:ed|ion)|blew\s+(?:himself|herself|themselves)\s+up|IED|"
    r"grenade|car\s+bomb|truck\s+bomb|rocket\s+attack|beheaded|stabbing|hostages?|kidnapp(?:ed|ing)|"
    r"abduct(?:ed|ion)|hijack(?:ed|ing)?|militant\s+assault|terror(?:ist)?\s+attack|outrage|"
    r"explosives?-(?:packed|laden|filled)|storm(?:ed|ing)?\s+(?:it|the)|blown\s+up|blew\s+up|"
    r"gunfight|firefight|shootout|encounter\s+with\s+(?:militants|terrorists|insurgents|gunmen)|"
    r"(?:militants|terrorists|gunmen|insurgents|assailants|attackers)\s+(?:\w+\s+){0,3}?(?:killed|shot|opened|drove|rammed|ambushed|abducted|kidnapped|fired|hurled|threw|planted))\b",
    re.I,
)
#: Accidents: explosions that are not attacks.
ACCIDENT = re.compile(
    r"\b(?:gas\s+(?:cylinder|leak|leakage|explosion|blast)|cylinder\s+(?:explosion|blast|exploded)|"
    r"(?:boiler|cylinder|gas|tanker|transformer)\s+(?:exploded|explosion|blast|burst)|caused\s+by\s+(?:a\s+)?(?:gas|excessive\s+pressure|pressure|short|leak|faulty)|"
    r"boiler\s+(?:explosion|blast)|short[- ]circuit|transformer\s+(?:explosion|blast)|accidental(?:ly)?|"
    r"gas\s+had\s+been\s+leaking|industrial\s+accident|mine\s+collapse|fire\s+broke\s+out)\b",
    re.I,
)
#: Deliberate-attack words that override an accident reading.
DELIBERATE = re.compile(
    r"\b(?:suicide|bomber|terrorists?\s+attack|terror(?:ist)?\s+attack|militants?|gunmen|IED|"
    r"claimed\s+responsibility|planted)\b",
    re.I,
)
#: Plots, plans and threats: attacks that did not happen.
IRREALIS = re.compile(
    r"\b(?:planning\s+to|plann(?:ed|ing)\s+(?:an?\s+)?attacks?|plot(?:ting)?\s+to|were\s+planning|"
    r"intended\s+to|foiled|thwarted\s+(?:a|an|the)\s+(?:plan|plot|bid)|would\s+have|threat(?:ened|s)?\s+to|"
    r"warned\s+of|vowed\s+to|could\s+(?:launch|carry\s+out)|prevent(?:ed)?\s+(?:future|an?)\s+|"
    r"future\s+attacks?|more\s+attacks|new\s+attacks|bomb-proof|bulletproof|bullet-proof)\b",
    re.I,
)

_TYPE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Assassination", re.compile(r"\bassassinat\w*|\btargeted\s+killing\b", re.I)),
    ("Hijacking", re.compile(r"\bhijack\w*", re.I)),
    ("Hostage Taking (Kidnapping)", re.compile(r"\b(?:kidnapp\w*|abduct\w*)", re.I)),
    ("Hostage Taking (Barricade Incident)", re.compile(r"\b(?:held\s+hostage|hostages?|siege|barricaded)\b", re.I)),
    ("Bombing/Explosion", re.compile(
        r"\b(?:bomb\w*|blasts?|explosi\w+|exploded|detonat\w+|blew\s+(?:himself|herself|themselves|up)|IED|"
        r"grenades?|suicide\s+(?:attack|attacker|vest|jacket)|explosives?-laden|rocket|mortar|shell(?:ing|s)?|"
        r"drone\s+strike|improvised\s+explosive|blown\s+up|blew\s+up)\b",
        re.I,
    )),
    ("Armed Assault", re.compile(
        r"\b(?:gunmen|gunman|shooting|shot\s+dead|opened\s+fire|gunfire|firing|armed\s+(?:attack|assault|men)|"
        r"stormed|ambush\w*|gun\s+attack|rifles?|sprayed\s+bullets|fired\s+(?:on|at|upon)|shootout|shot\s+dead|gunned\s+down|"
        r"gunfight|firefight|encounter\s+with)\b",
        re.I,
    )),
    ("Unarmed Assault", re.compile(r"\b(?:stabb\w+|knife|machete|hacked\s+to\s+death|rammed\s+(?:a|his|the)\s+(?:car|truck|vehicle)\s+into\s+(?:a\s+)?crowd|poison\w*|acid\s+attack)\b", re.I)),
    ("Facility/Infrastructure Attack", re.compile(r"\b(?:arson|set\s+(?:on\s+)?fire|torched|set\s+ablaze|sabotag\w+|vandali[sz]ed)\b", re.I)),
)

SUICIDE = re.compile(
    r"\b(?:suicide|self-immolat\w*|blew\s+(?:himself|herself|themselves)\s+up|detonated\s+(?:himself|herself|his\s+(?:vest|jacket|explosives))|"
    r"fidayeen\s+attack|martyrdom\s+operation)\b",
    re.I,
)
_SUICIDE_NOT = re.compile(r"\bsuicide\s+(?:rate|prevention|note|of\s+a)\b|\bcommitted\s+suicide\b|\bdied\s+by\s+suicide\b", re.I)

#: Target words by GTD target type, most specific first.
_TARGET_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Government (Diplomatic)", re.compile(r"\b(?:embass(?:y|ies)|consulate|diplomats?|ambassador'?s?\s+(?:residence|convoy))\b", re.I)),
    ("Religious Figures/Institutions", re.compile(
        r"\b(?:mosques?|masjid|imambargah|imambagah|imambargahs|church(?:es)?|cathedral|temples?|shrines?|"
        r"gurdwaras?|synagogues?|worshippers|worshipers|congregation|prayer\s+hall|prayers?\s+leader|"
        r"clerics?|religious\s+(?:gathering|procession|scholars?|school)|pilgrims?|Shia\s+(?:mosque|procession)|"
        r"seminary|madrasa|madrassa|imam)\b",
        re.I,
    )),
    ("Military", re.compile(
        r"\b(?:military|army|cantonment|cantt|soldiers?|troops|garrison|naval|navy|air\s+base|airbase|"
        r"air\s+force|base|checkpost|frontier\s+corps|FC|paramilitary|convoy\s+of\s+(?:soldiers|troops)|"
        r"security\s+forces)\b"
    , re.I)),
    ("Police", re.compile(r"\b(?:police\s+(?:station|post|checkpoint|lines|headquarters|van|vehicle|patrol|officers?|mobile|training)|policemen|police|constables?|levies)\b", re.I)),
    ("Government (General)", re.compile(
        r"\b(?:court(?:house|s)?|kachehri|judicial\s+complex|judges?|parliament|assembly|ministry|"
        r"government\s+(?:office|building|officials?|compound)|secretariat|governor|mayor|district\s+commissioner|"
        r"election\s+(?:office|rally)|polling\s+station|tax\s+office|passport\s+office)\b",
        re.I,
    )),
    ("Educational Institution", re.compile(r"\b(?:schools?|universit(?:y|ies)|college|students|pupils|campus|classroom)\b", re.I)),
    ("Journalists & Media", re.compile(r"\b(?:journalists?|press\s+club|reporters?|newspaper\s+office|TV\s+station|broadcaster)\b", re.I)),
    ("Airports & Aircraft", re.compile(r"\b(?:airport|aircraft|airliner|plane|flight)\b", re.I)),
    ("Maritime", re.compile(r"\b(?:ship|vessel|tanker|ferry|port\s+terminal)\b", re.I)),
    ("Tourists", re.compile(r"\b(?:tourists?|holidaymakers|sightseers)\b", re.I)),
    ("NGO", re.compile(r"\b(?:aid\s+workers?|NGO|charity\s+workers|polio\s+(?:workers?|team|vaccinators?))\b", re.I)),
    ("Business", re.compile(
        r"\b(?:hotel|shops?|shopping|restaurant|cafe|bank|company|factory|office\s+building|"
        r"engineers|workers|businessm[ae]n|mall|traders|project|dam|construction)\b",
        re.I,
    )),
    ("Transportation", re.compile(r"\b(?:bus(?:es)?|passenger\s+(?:bus|train|van|coach)|train|railway|metro|station|highway\s+traffic|commuters)\b", re.I)),
    ("Utilities", re.compile(r"\b(?:power\s+(?:plant|station|lines?|pylons?)|pylons?|electricity|gas\s+pipeline|pipeline|grid\s+station|water\s+supply)\b", re.I)),
    ("Telecommunication", re.compile(r"\b(?:telecom|mobile\s+(?:phone\s+)?towers?|cell\s+towers?)\b", re.I)),
    ("Violent Political Party", re.compile(r"\bpolitical\s+(?:rally|party\s+office|gathering)\b", re.I)),
    ("Private Citizens & Property", re.compile(
        r"\b(?:civilians|residents|villagers|passers-by|crowd|wedding|funeral|homes?|houses?|village|"
        r"markets?|marketplace|bazaars?|bazar|plaza|square|bus\s+stop|"
        r"residential|neighbourhood|family|public\s+park|park)\b",
        re.I,
    )),
)
#: A target named as the object of the attack: "attack on X", "struck X", "inside X".
_OBJECT_CUE = re.compile(
    r"\b(?:attacks?\s+(?:on|at|against|targeting|near|outside|inside)|bomb(?:ing)?\s+(?:of|at|on|near|outside|inside)|"
    r"siege\s+(?:of|at)|raid\s+on|assault\s+on|stormed|"
    r"blast\s+(?:at|in|on|near|outside|inside)|explosion\s+(?:at|in|near|outside|inside)|struck|hit|targeted|targeting|"
    r"stormed|inside|outside|near|at|into|rammed\s+into|tore\s+through|ripped\s+through|rocked|on)\s+"
    r"(?:(?:the|a|an|its|their|his|two|several)\s+)?",
    re.I,
)

assert all(t in ATTACK_TYPES for t, _ in _TYPE_RULES)
assert all(t in TARGET_TYPES for t, _ in _TARGET_RULES)


def has_attack_term(text: str) -> bool:
    return bool(ATTACK_TERMS.search(text))


def attack_type(texts: list[str]) -> tuple[str, str | None]:
    """GTD attack type from the incident's sentences (first is most important), with evidence."""
    for name, pattern in _TYPE_RULES:
        for text in texts:
            match = pattern.search(text)
            if match:
                if name == "Armed Assault" and any(_TYPE_RULES[4][1].search(t) for t in texts):
                    continue
                return name, match.group()
    return "Unknown", None


def is_suicide(texts: list[str]) -> tuple[bool | None, str | None]:
    """True when the sentences say the attack was a suicide attack; None when they do not say."""
    for text in texts:
        if _SUICIDE_NOT.search(text):
            continue
        match = SUICIDE.search(text)
        if match:
            return True, match.group()
    return None, None


def target_type(texts: list[str]) -> tuple[str, str | None]:
    """GTD target type: a target named as the attack's object first, then any target word."""
    best: tuple[int, int, str, str] | None = None  # (sentence rank, distance, type, evidence)
    for rank, text in enumerate(texts):
        for cue in _OBJECT_CUE.finditer(text):
            window = text[cue.end(): cue.end() + 60]
            window = re.split(r"[,;.]|\b(?:and|as|when|while|after|before|killing|which|who|travelling|returning|from|to)\b", window, maxsplit=1)[0]
            for order, (name, pattern) in enumerate(_TARGET_RULES):
                match = pattern.search(window)
                if match:
                    preposition = cue.group().strip().lower() in ("inside", "outside", "near", "at", "into", "on")
                    candidate = (rank, (int(preposition), cue.start(), match.start(), order), name, match.group())
                    if best is None or candidate[:2] < best[:2]:
                        best = candidate
        if best is not None and best[0] == rank:
            return best[2], best[3]
    counts: dict[str, tuple[int, str]] = {}
    for rank, text in enumerate(texts[:6]):
        for order, (name, pattern) in enumerate(_TARGET_RULES):
            match = pattern.search(text)
            if match and re.match(r"\s+(?:said|say|says|told|sources|chief|officials?)\b", text[match.end():]):
                match = None
            if match and name not in counts:
                counts[name] = (rank * 100 + order, match.group())
    if counts:
        name = min(counts, key=lambda n: counts[n][0])
        return name, counts[name][1]
    return "Unknown", None
