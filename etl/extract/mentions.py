"""Segmenting a report into incidents and assembling one Mention per incident.

1. Every sentence (headline, subheads, body; captions aside) is scanned for attack words,
   dates, places, casualty figures and actors.
2. Clauses that point at an *earlier* attack become referenced incidents: the part after
   "since" ("the deadliest since the 2008 Marriott bombing"), an attack dated by a past month
   or year ("A November 2025 suicide bombing ...", "In 2021 a blast ..."), an ordinal allusion
   ("the second major strike on Islamabad in three months"), and, once the main attack's date
   and place are known, an attack on another day or in another city.
3. What remains is about the primary incident when the headline or lede reports an attack (or
   the body does so at length, or gives casualty figures). A report that only alludes to an
   attack yields a non-primary mention; a report with no attack (or only an accident or a
   foiled plot) yields none.
4. Each incident's fields come from its own clauses: date (:mod:`dates`), place
   (:mod:`places`), killed/wounded (:mod:`casualties`), attack and target type
   (:mod:`attack`); claims and blame (:mod:`attribution`) go to the primary incident.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from etl.extract import attack as attack_rules
from etl.extract.actors import find_actors
from etl.extract.attribution import attribution_flags, blame, claims_and_denials
from etl.extract.caseless import caseless, fold, fold_text
from etl.extract.casualties import CasualtyFigure, figures_in
from etl.extract.dates import DateMention, find_dates
from etl.extract.gates import token_gate
from etl.extract.memo import text_cache
from etl.extract.places import (
    PlaceMention,
    country_from_votes,
    find_places,
    fresh,
    place_vote,
    place_votes_in,
    places_in,
    resolve_place,
)
from etl.extract.speakers import People, collect_people
from etl.extract.text import Sentence, clean
from etl.records import Count, Document, Figure, Mention
from etl.reference.actors import normalize_alias
from etl.reference.gazetteer import load_gazetteer

#: Words naming the attack event (not the attacker): dates and places attach to these.
_EVENT = caseless(
    r"\b(?:attack(?:s|ed)?|bomb(?:ing|ings|ed)?|blasts?|explosions?|exploded|struck|strike|hit|stormed|"
    r"killed|killing|kills|wounded|injured|martyred|detonated|blew|went\s+off|tore\s+through|targeted|"
    r"assault|ambush(?:ed)?|shooting|massacre|raid(?:ed)?|rammed|opened\s+fire|repulsed|blown\s+up|blew\s+up|"
    r"shot|gunned|gunfight|encounter|packed\s+with\s+explosives|laden\s+with\s+explosives|explosives?-(?:laden|packed|filled))\b")
_SINCE = caseless(r"\bsince\b")
#: "a week after", "ten months after", "more than a decade after": an earlier attack follows.
_LONG_AFTER = caseless(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|several|few|many)\s+"
    r"(?:weeks?|months?|years?|decades?)\s+after\b", gate=True)
_YEARS_AFTER = caseless(r".*\b(?:years?|decades?)\b")
#: An attack told with its own verb ("gunmen stormed the hotel"), not "the attack" itself.
_TOLD_ATTACK = caseless(
    r"\b(?:stormed|opened\s+fire|attacked|bombed|killed|killing|struck|blew\s+(?:himself|herself|themselves)\s+up|"
    r"ambushed|massacred|shot\s+dead|gunned\s+down|(?:truck|car|suicide)\s+(?:bomb|bombing|attack)|went\s+off|exploded)\b")
#: Words of a real outcome that keep a sentence with plan words an attack ("planned ... killed").
_REALIS = caseless(r"\b(?:killed|injured|wounded|martyred|died|exploded|struck)\b", gate=True)
_SEIZED = caseless(r"\b(?:recovered|seized|confiscated|found|defused)\s+(?:[\w,-]+\s+){0,4}(?:suicide\s+(?:vests?|jackets?)|explosives|grenades|detonators|weapons|bombs?|IEDs?)\b", gate=True)
_PERPETRATORS = caseless(r"\b(?:militants?|terrorists?|gunm[ae]n|insurgents?|attackers?|assailants?|bombers?|rebels|jihadists?)\b", gate=True)
#: The test for the required words of :data:`_PERPETRATORS` ("militant", "gunm", ...), per
#: word: in :func:`_reports_attack` it reuses the split of the attack-word test just before
#: (:class:`etl.extract.gates.TokenGate`), quicker than the pattern's own ``in`` tests.
_PERPETRATOR_WORDS = token_gate(_PERPETRATORS)
_EVENT_NOUN = caseless(r"\b(?:attacks?|bombings?|bomb|blasts?|explosions?|strikes?|assaults?|massacre|shooting|siege|ambush|raid|hostage)\b")
_ORDINAL = caseless(
    r"\b(?:second|third|fourth|fifth|another|latest)\s+(?:(?:major|deadly|big|terrorist|terror|militant|suicide)\s+){0,3}"
    r"(?:attack|strike|bombing|blast|assault)\b[^.]{0,60}?\bin\s+(?:less\s+than\s+|just\s+|only\s+|over\s+)?(?:a|an|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\b", gate=True)
#: "the government on Saturday announced": the date of the statement, not of the attack.
_SPEECH_AFTER = caseless(r"^[\s,]*(?:(?:\w+\s+){0,2})(?:announced|said|told|confirmed|vowed|reported|stated|declared|added|warned|held\s+a\s+press|reposted|posted|tweeted|wrote|arrested|detained)\b")
_PAST_ALLUSION = caseless(
    r"\b(?:has|have|had)\s+been\s+(?:attacked|targeted|hit|struck)\s+(?:before|previously|in\s+the\s+past)\b", gate=True)
#: "The same junction was the scene of a truck bombing in 2017": the reference's place is the primary's.
_SAME_PLACE = caseless(r"\b(?:the\s+same|that\s+same)\s+(?:\w+\s+)?(?:junction|intersection|site|place|area|spot|location|market|mosque|hotel|building|street|square|town|city|village|district|neighbourhood|neighborhood|base|church|school|court)\b", gate=True)
_NOT_DATE_CONTEXT = caseless(
    r"\b(?:said|says|told|announced|confirmed|reported|added|stated|vowed|arrested|detained|held|acquitted|"
    r"rose|climbed|reached|risen|rising|rises|climbs|submitted|showed|shows|conference|funerals?|buried|"
    r"mourners|gathered|condemned|claimed|claims|called|met|visited|raids?|remanded|published|wrote|tweeted|"
    r"reposted|posted|interview|spoke|hearing)\b(?:\s+[\w'’,()-]+){0,3}\s*$")


@dataclass(slots=True, eq=False)
class Segment:
    """A sentence, or the part of one, assigned to one incident.

    Compared by identity (``seg in seeds``): no two segment objects of a document are equal
    field by field, and identity is much quicker than comparing their sentences.
    """

    sentence: Sentence
    start: int  # offset of the segment inside the sentence text
    end: int
    kind: str  # "primary" | "ref"
    reason: str = ""
    clause: bool = False  # a later clause of its sentence ("..., while a bomber killed 24 ...")
    #: The segment's text, sliced once (it is looked up in the caches many times; one string
    #: object keeps its hash).
    text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.text = self.sentence.text[self.start:self.end]


@dataclass(slots=True)
class Incident:
    primary: bool
    segments: list[Segment] = field(default_factory=list)
    date: DateMention | None = None
    city: str | None = None
    country: str | None = None
    locality: str | None = None
    admin1: str | None = None


_POSSESSIVE_ATTACK = caseless(r"['’]s\s+(?:\w+\s+){0,3}?(?:attack|bombing|blast|explosion|assault|suicide|strike)")
_ATTACK_AFTER = caseless(
    r"(?:['’]s)?\s+(?:(?:deadly|devastating|suicide|terrorist|terror|twin|car|truck|bomb|militant|deadliest)\s+){0,3}"
    r"(?:attack|bombing|blast|explosion|assault|strike|attacks|bombings)"
)
_PRAYERS_AFTER = caseless(r"\s+(?:prayers?|congregation|sermon)")
_FRONTED = re.compile(r"\s*(?:on|On|late|early|Late|Early)\s*")
#: Words between an attack word and a date that separate them (case-sensitive, as written).
_NOT_BETWEEN = re.compile(r"\b(?:said|says|told|announced|after|before|arrested|while|as\s+mourners|showed|shows|data|figures|records)\b")
_DIED_BETWEEN = re.compile(r"\b(?:died|succumbed)\b")


@text_cache(maxsize=16384)
def _scored_dates(text: str, anchor: dt.date | None, allow_coarse: bool) -> tuple[tuple[float, DateMention], ...]:
    """Dates in ``text`` that date an attack event, scored (lower is stronger; cached)."""
    out = []
    for date in find_dates(text, anchor):
        if not allow_coarse and date.precision != "day":
            continue
        score = _date_score(text, date.start, date.end, date.text, date.kind)
        if score is not None:
            out.append((score, date))
    return tuple(out)


@text_cache(maxsize=16384)
def _events(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the attack-event words of ``text``."""
    return tuple(e.span() for e in _EVENT.finditer(fold(text)))


@text_cache(maxsize=16384)
def _date_score(text: str, start: int, end: int, date_text: str, kind: str) -> float | None:
    """How strongly the date at ``start:end`` of ``text`` dates an attack (lower is stronger;
    None: it does not). Depends on the words around the date, not on its value, so it is
    cached across publication dates."""
    low = fold(text)
    before = low[max(0, start - 60): start]
    after = low[end: end + 40]
    if _POSSESSIVE_ATTACK.match(low[end - 2 if date_text.endswith("s") else end:]) or _ATTACK_AFTER.match(after):
        return 0.0
    if kind == "weekday" and _PRAYERS_AFTER.match(after):
        return 1.0
    fronted = not text[: start].strip(" “\"'(").strip() or _FRONTED.fullmatch(text[: start]) is not None
    if _NOT_DATE_CONTEXT.search(before) or (_SPEECH_AFTER.match(after) and (fronted or not after.lstrip().startswith(","))):
        return None
    best = None
    for event_start, event_end in _events(text):
        if event_end <= start:
            distance = start - event_end
        elif event_start >= end:
            distance = event_start - end
        else:
            distance = 0
        between = text[min(event_end, end): max(event_start, start)]
        if _NOT_BETWEEN.search(between):
            continue
        if event_end <= start and _DIED_BETWEEN.search(between):
            continue  # "the injured died on Monday": a later death
        best = distance if best is None else min(best, distance)
    if best is not None and best <= 150:
        # "On Monday a suicide bomber killed 13 ...": a fronted date dates its whole clause.
        return 2.0 if fronted else 2.0 + best / 30.0
    return None


def _compatible(a: DateMention, b: DateMention, strict: bool = False) -> bool:
    """True when two dates can name the same day (one may be coarser)."""
    n = min(len(a.value), len(b.value))
    if a.value[:n] == b.value[:n]:
        return True
    if a.precision == b.precision == "day" and not strict:
        return abs((a.as_date() - b.as_date()).days) <= 1
    return False


@text_cache(maxsize=16384)
def _attack_parts(text: str) -> tuple[tuple[int, int, str], ...]:
    """The parts of a sentence that reports an attack (:func:`_split_since`, else
    :func:`_split_while`): they depend on its text alone (cached per sentence)."""
    parts = _split_since(text)
    if len(parts) == 1 and parts[0][2] == "primary":
        parts = _split_while(text)
    return tuple(parts)


@text_cache(maxsize=16384)
def _allusions(text: str) -> tuple[bool, int | None]:
    """(a past attack on a named place: "has been attacked before", where an ordinal allusion
    starts: "the second major strike ... in three months") of a clause (cached per text)."""
    low = fold(text)
    if _PAST_ALLUSION.search(low) and any(
        m.places and any(p.kind in ("city", "locality", "site") for p in m.places) for m in find_places(text)
    ):
        return True, None
    ordinal = _ORDINAL.search(low)
    return False, None if ordinal is None else ordinal.start()


def _split_since(text: str) -> list[tuple[int, int, str]]:
    """[(start, end, kind)] parts of a sentence: text after "since <earlier attack>" is a reference."""
    low = fold(text)
    if "since" not in low:
        return _split_after(text, low)
    for m in _SINCE.finditer(low):
        rest = low[m.end(): m.end() + 90]
        if _EVENT_NOUN.search(rest):
            return [(0, m.start(), "primary"), (m.start(), len(text), "ref")]
    return _split_after(text, low)


_WHILE = caseless(r",\s+while\s+", gate=True)


def _split_while(text: str) -> list[tuple[int, int, str]]:
    """"Gunmen stormed a hospital in Kabul, killing 13, while a suicide bomber killed 24 at a
    funeral in Nangarhar": a "while" clause that tells an attack of its own is its own clause
    (pass 2 decides whether it is another attack)."""
    low = fold(text)
    m = _WHILE.search(low)
    if m is None or not _TOLD_ATTACK.search(low, m.end()) or not _TOLD_ATTACK.search(low, 0, m.start()):
        return [(0, len(text), "primary")]
    return [(0, m.start(), "primary"), (m.start(), len(text), "primary")]


def _split_after(text: str, low: str) -> list[tuple[int, int, str]]:
    """"... came a week after gunmen stormed the hotel": the clause after a long "after" tells
    an earlier attack (its own verb: "two days after the bombing" is the attack itself). A
    fronted clause ("Ten years after gunmen opened fire on ..., cricket returned") ends at its
    comma."""
    m = _LONG_AFTER.search(low)
    if m is None:
        return [(0, len(text), "primary")]
    fronted = m.start() < 30 and "," in text[m.end():]
    end = text.index(",", m.end()) if fronted else len(text)
    told = _TOLD_ATTACK.search(low, m.end(), end) or (
        # "a decade after the Lahore ambush": years name an earlier attack even without a verb.
        _YEARS_AFTER.match(m.group()) and _EVENT_NOUN.search(low, m.end(), min(end, m.end() + 60)))
    if not told:
        return [(0, len(text), "primary")]
    start = _clause_start_before(text, m.start())
    parts = [(0, start, "primary")] if start > 0 else []
    parts.append((start, end, "ref"))
    if end < len(text):
        parts.append((end, len(text), "primary"))
    return parts


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _date_before(text: str, primary_date: DateMention | None, anchor: dt.date | None) -> DateMention | None:
    """The month (weeks, months) or year (years, decades) an "N months after" clause points to,
    counted back from the primary attack's date (else the publication date). "Several" and "few"
    give nothing."""
    m = _LONG_AFTER.search(fold(text))
    if m is None:
        return None
    if primary_date is not None and primary_date.precision == "day":
        base = primary_date.as_date()
    elif anchor is not None:
        base = anchor
    else:
        return None
    words = m.group().split()
    count = int(words[0]) if words[0].isdigit() else _NUMBER_WORDS.get(words[0])
    if count is None:
        return None
    unit = words[1].rstrip("s")
    if unit == "week":
        day = base - dt.timedelta(weeks=count)
        return DateMention(f"{day.year:04d}-{day.month:02d}", "month", "relative", m.start(), m.end(), text[m.start():m.end()])
    if unit == "month":
        months = base.year * 12 + base.month - 1 - count
        return DateMention(f"{months // 12:04d}-{months % 12 + 1:02d}", "month", "relative", m.start(), m.end(), text[m.start():m.end()])
    years = count * (10 if unit == "decade" else 1)
    if "more than" in fold(text[max(0, m.start() - 12):m.start()]) or unit == "decade":
        return None  # "more than ten years", "a decade": not a year
    return DateMention(f"{base.year - years:04d}", "year", "relative", m.start(), m.end(), text[m.start():m.end()])


def _clause_start_before(text: str, position: int) -> int:
    """Where the time phrase before ``position`` starts ("More than ten years after", "a week after")."""
    head = text[:position]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(" came "), head.rfind(" comes "))
    return 0 if cut < 0 else cut + 1


#: A year or month that bounds a period rather than dating one attack.
_PERIOD_BOUND = caseless(r"\b(?:since|until|till|through|between|from|by|before|and|to|throughout)\s+(?:(?:early|late|mid|the\s+end\s+of|the\s+start\s+of)[\s-]+)?$")


#: "... since December 2014, when gunmen stormed ...": the bound is itself an attack's date.
_WHEN_CLAUSE = re.compile(r"\s*,?\s*when\b")


def _coarse_reference(text: str, anchor: dt.date | None) -> DateMention | None:
    """A past month or year dating an attack in ``text`` ("A November 2025 suicide bombing")."""
    if anchor is None:
        return None
    for score, date in _scored_dates(text, anchor, True):
        if (
            date.precision in ("year", "month")
            and _PERIOD_BOUND.search(fold(text)[max(0, date.start - 30):date.start])
            and not _WHEN_CLAUSE.match(text, date.end)
        ):
            continue  # "attacks since 2009", "between 2014 and 2016": a period, not an attack's date
        if date.precision == "year" and int(date.value) < anchor.year:
            return date
        if date.precision == "month" and date.value < f"{anchor.year:04d}-{anchor.month:02d}":
            return date
        if date.precision == "day" and score == 0.0 and (anchor - date.as_date()).days > 365:
            return date
    return None


@text_cache(maxsize=16384)
def _reports_attack(text: str) -> bool:
    """True when a sentence reports an attack: an attack word not in a plan or threat ("were
    planning to attack"), or a killing in a clash with named perpetrators."""
    low = fold(text)
    attack = attack_rules.has_attack_term_folded(low)
    if attack and attack_rules.IRREALIS.search(low) and not _REALIS.search(low):
        attack = False
    if attack and _SEIZED.search(low) and not _REALIS.search(low):
        attack = False  # "recovered two suicide vests and explosives from them": a seizure
    if not attack and _PERPETRATOR_WORDS.search(low) and _PERPETRATORS.search(low) and any(f.field == "killed" and not f.attacker for f in figures_in(text)):
        attack = True  # "A colonel and two soldiers were killed in a gunfight with militants"
    return attack


@dataclass(slots=True)
class _Scan:
    sentence: Sentence
    index: int
    attack: bool
    figures: list[CasualtyFigure]


def extract_mentions(document: Document) -> list[Mention]:
    """The mentions of one document (see the module docstring for the steps)."""
    anchor = document.published_date
    cleaned = clean(document.text, document.title)
    sentences = [s for s in cleaned.sentences if s.kind != "caption"]
    captions = [s for s in cleaned.sentences if s.kind == "caption"]
    if not sentences:
        return []
    full_text = fold_text(" ".join(s.text for s in sentences))
    # Both patterns are pure, so the order of the tests does not change the answer: most
    # reports have a deliberate-attack word, and DELIBERATE is the cheaper search.
    accident_doc = not attack_rules.DELIBERATE.search(full_text) and bool(attack_rules.ACCIDENT.search(full_text))

    scans: list[_Scan] = []
    for i, s in enumerate(sentences):
        text = s.text
        figures = figures_in(text, s.start)
        # In an accident report nothing is an attack.
        scans.append(_Scan(s, i, not accident_doc and _reports_attack(text), figures))

    # -- pass 1: clauses about earlier attacks -----------------------------------------
    segments: list[Segment] = []
    for scan in scans:
        parts = _attack_parts(scan.sentence.text) if scan.attack else ((0, len(scan.sentence.text), "primary"),)
        for start, end, kind in parts:
            seg = Segment(scan.sentence, start, end, kind)
            if kind == "primary" and scan.attack:
                if _coarse_reference(seg.text, anchor) is not None:
                    seg.kind, seg.reason = "ref", "date"
                else:
                    past, ordinal = _allusions(seg.text)
                    if past:
                        seg.kind, seg.reason = "ref", "past"
                    elif ordinal is not None:
                        segments.append(Segment(scan.sentence, start, end, "primary"))
                        seg = Segment(scan.sentence, ordinal + start, end, "ref", "ordinal")
            elif kind == "ref":
                seg.reason = "since" if "since" in fold(seg.text) else "after"
            seg.clause = start > 0 and kind == "primary"
            if kind == "primary" and len(parts) > 1 and not attack_rules.has_attack_term(seg.text):
                seg.kind = "none"  # "..., Test cricket came home": the rest of a split sentence
            segments.append(seg)

    # -- the primary incident's seeds: headline and lede ----------------------------------
    attack_index = {scan.sentence.start: scan.attack for scan in scans}
    body_order = [s for s in sentences if s.kind != "headline"]
    lede_starts = {s.start for s in body_order[:3]}
    primary_segments = [g for g in segments if g.kind == "primary" and attack_index.get(g.sentence.start)]
    seeds = [g for g in primary_segments if g.sentence.kind == "headline" or g.sentence.start in lede_starts]
    figures_present = any(
        f for scan in scans if scan.attack for f in scan.figures if not f.attacker
    )
    # Headlines are title case ("Minister Links Groups to ..."): people are introduced in the body.
    # Only blame needs them (for its speakers): collected when it does.
    people = functools.cache(lambda: collect_people([(s.text, s.start) for s in sentences if s.kind != "headline"]))
    # Every sentence votes for the report's country; only the few that attacks are read from
    # need their places in full (read when first asked for).
    gazetteer_places = _SentencePlaces(sentences)
    country_words: Counter = Counter()
    place_votes: list[tuple[str, int]] = []
    for s in sentences:
        codes, votes = _sentence_votes(s.text)
        for code in codes:
            country_words[code] += 1
        place_votes.extend(votes)
    dateline = find_places(cleaned.datelines[0].place.title()) if cleaned.datelines else ()
    doc_country = country_from_votes(country_words, place_votes, dateline)

    has_primary = bool(seeds) or len(primary_segments) >= 3 or (primary_segments and figures_present)
    primary = Incident(True)
    if primary_segments:
        primary.segments = primary_segments
        primary.date = _best_date(primary_segments, anchor, seeds)
        loc = _location(primary_segments, gazetteer_places, doc_country, cleaned, seeds)
        primary.city, primary.country, primary.locality = loc.city, loc.country, loc.locality

    # -- pass 2: attacks on another day or in another city --------------------------------
    for seg in list(primary.segments):
        if seg in seeds and seg.sentence.kind == "headline":
            continue
        dates = [d for score, d in _scored_dates(seg.text, anchor, True) if score < 1.5 or d.precision == "day"]
        other_day = primary.date is not None and dates and all(not _compatible(d, primary.date, strict=True) for d in dates) and any(
            score <= 2.5 for score, d in _scored_dates(seg.text, anchor, True)
        )
        other_place = _other_place(seg, gazetteer_places, doc_country, primary)
        if other_day or (other_place and (seg not in seeds or seg.sentence is not body_order[0] or seg.start > 0)):
            seg.kind, seg.reason = "ref", "other day" if other_day else "other place"
            primary.segments.remove(seg)

    if primary.segments:
        primary.date = _best_date(primary.segments, anchor, seeds)

    # -- referenced incidents ----------------------------------------------------------
    references: list[Incident] = []
    for seg in segments:
        if seg.kind != "ref":
            continue
        date = _best_date([seg], anchor, [seg])
        if date is None and seg.reason == "after":
            date = _date_before(seg.text, primary.date, anchor)
        if date is None and seg.clause:
            # "... in Kabul on Tuesday, while a bomber killed 24 in Nangarhar": the same day.
            date = _best_date([Segment(seg.sentence, 0, seg.start, "ref")], anchor, [])
        loc = _location([seg], gazetteer_places, doc_country, cleaned, [seg], include_dateline=False)
        if loc.city is None and seg.reason == "date":
            # "Dasu ... has been attacked before. In 2021 a blast ... killed 13": the place is
            # in the sentence before.
            prev = _previous_sentence(sentences, seg.sentence)
            if prev is not None:
                loc = _location([Segment(prev, 0, len(prev.text), "ref")], gazetteer_places, doc_country, cleaned, [], include_dateline=False)
        if _SAME_PLACE.search(fold(seg.text)) and primary.segments and loc.city in (None, primary.city):
            loc.city, loc.country, loc.locality = primary.city, primary.country, primary.locality
        incident = Incident(False, [seg], date, loc.city, loc.country, loc.locality, loc.admin1)
        merged = False
        for other in references:
            if _same_incident(other, incident):
                other.segments.append(seg)
                if other.date is None or (date is not None and len(date.value) > len(other.date.value)):
                    other.date = date or other.date
                other.city = other.city or incident.city
                other.locality = other.locality or incident.locality
                other.admin1 = other.admin1 or incident.admin1
                merged = True
                break
        if not merged:
            references.append(incident)

    # A report whose own clauses never date or place the attack, but whose reference does,
    # is about that attack (a 2010 verdict on "the deadly 2008 attack on the Marriott").
    if primary.segments and has_primary and primary.date is None:
        dated = [r for r in references if r.date is not None]
        for ref in references:
            if any(g.reason == "after" for g in ref.segments):
                continue  # "a week after gunmen stormed the hotel": another, earlier attack
            if ref.date is not None and (_same_place(primary, ref) or (
                len(dated) == 1 and (primary.city is None or ref.city is None or primary.city == ref.city)
                and not any(r.city and primary.city and r.city != primary.city for r in dated)
            )):
                primary.segments.extend(ref.segments)
                primary.date = ref.date
                references.remove(ref)
                break
    # A "reference" on the primary's own day in the primary's own city is the primary.
    if primary.segments and primary.date is not None:
        for ref in list(references):
            if any(g.reason == "after" for g in ref.segments):
                continue
            if ref.date is not None and ref.city and ref.city == primary.city and _compatible(ref.date, primary.date, strict=True):
                primary.segments.extend(ref.segments)
                references.remove(ref)

    mentions: list[Mention] = []
    owners = _sentence_owners(sentences, segments, primary, references, gazetteer_places, seeds, anchor)
    # Per sentence, once for all mentions: whether claims and blame can find anything in it.
    flags = [attribution_flags(s.text) for s in sentences] if primary.segments or references else []
    if primary.segments:
        is_primary = has_primary
        owned = [i for i, o in enumerate(owners) if o is primary] if references else list(range(len(sentences)))
        mention = _assemble(primary, scans, sentences, captions, anchor, gazetteer_places, doc_country, cleaned, people, flags, is_primary, references, owned)
        mentions.append(mention)
    for ref in references:
        owned = [i for i, o in enumerate(owners) if o is ref]
        # Blame of an earlier attack only from the sentences that tell it (a later remark is
        # more often about the main attack or about nothing in particular).
        told = {g.sentence.start for g in ref.segments}
        direct = [i for i in owned if sentences[i].start in told]
        mention = _assemble(ref, scans, sentences, captions, anchor, gazetteer_places, doc_country, cleaned, people, flags, False, references, owned or None, direct)
        if _identifiable(mention, ref):
            mentions.append(mention)
    mentions[1:] = sorted(mentions[1:], key=lambda m: m.evidence.get("_order", 0))
    for m in mentions:
        m.evidence.pop("_order", None)
    return mentions


#: A date phrase on the calendar: a year or a month's name ("2021", "last August").
_CALENDAR = re.compile(r"\b(?:1[89]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$)", re.I)


def _identifiable(mention: Mention, incident: Incident) -> bool:
    """Whether a referenced attack is one a reader could look up: it has a place, a figure, an
    actor, a calendar date, or an attack told with its own verb "N years after". "Ten years
    after the attack", "on Sunday" with nothing else is a passing time phrase (a trial, an
    anniversary), not an earlier attack."""
    if mention.city or mention.admin1 or mention.locality or mention.killed or mention.wounded:
        return True
    if mention.claimed_by or mention.denied_by or mention.blamed:
        return True
    if _CALENDAR.search(mention.evidence.get("date", "")):
        return True
    # "Six years after militants opened fire on a wedding party": an attack told with its verb.
    return any(g.reason == "after" for g in incident.segments) and mention.attack_type not in (None, "Unknown")


def _sentence_owners(sentences, segments, primary: Incident, references: list[Incident], places, seeds, anchor) -> list[Incident]:
    """Which incident each sentence is about, for claims and blame.

    A sentence with a clause about the primary attack that is anchored (a headline or lede
    sentence, or one with its own date, place or figures) is about the primary; a sentence with
    a clause about a referenced attack is about that one; any other sentence ("The Taliban
    claimed that attack.", "No group claimed responsibility.") continues the one before it.
    """
    if not references:
        return [primary] * len(sentences)
    ref_of = {id(g): r for r in references for g in r.segments}
    primary_ids = {id(g) for g in primary.segments}
    by_sentence: dict[int, list[Segment]] = {}
    for seg in segments:
        by_sentence.setdefault(seg.sentence.start, []).append(seg)
    owners: list[Incident] = []
    current = primary
    for sentence in sentences:
        segs = by_sentence.get(sentence.start, [])
        owner = None
        for seg in segs:
            if id(seg) in primary_ids and _anchored(seg, places, seeds, anchor):
                owner = primary
                break
        if owner is None:
            owner = next((ref_of[id(g)] for g in segs if id(g) in ref_of), None)
        current = owner or current
        owners.append(current)
    return owners


def _anchored(seg: Segment, places, seeds, anchor) -> bool:
    """True when a clause places, dates or counts its attack by itself (or heads the report)."""
    if seg.sentence.kind == "headline" or (seeds and seg is seeds[0]):
        return True
    if any(seg.start <= m.start and m.end <= seg.end for m in places[id(seg.sentence)]):
        return True
    if _scored_dates(seg.text, anchor, True):
        return True
    return any(not f.attacker for f in figures_in(seg.text))


@text_cache(maxsize=16384)
def _sentence_votes(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    """What a sentence says about the report's country: the countries of the states it names
    (in order, repeats kept) and the votes of its places (:func:`places.place_vote`)."""
    gazetteer = load_gazetteer()
    actors = find_actors(text)
    # Most sentences name no actor, many no place: no generator is made for them.
    codes = tuple(
        code for actor in actors if actor.kind == "state" and (code := gazetteer.country_code(actor.name))
    ) if actors else ()
    votes = place_votes_in(text, _not_places(text))
    if votes is None:
        places = _sentence_places(text)
        votes = tuple(vote for mention in places if (vote := place_vote(mention)) is not None) if places else ()
    return codes, votes


@text_cache(maxsize=16384)
def _sentence_places(text: str) -> tuple[PlaceMention, ...]:
    """The gazetteer places of a sentence outside the groups and people it names (no place is
    read inside them). Cached per sentence: one look-up by the text alone."""
    return places_in(text, _not_places(text))


def _not_places(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the groups and people a sentence names: no place is read inside them."""
    actors = find_actors(text, countries=False)
    return tuple((a.start, a.end) for a in actors if a.kind != "state") if actors else ()


class _SentencePlaces(dict):
    """The places of a report's sentences by ``id(sentence)``, each read when first asked for.

    A sentence gets the cached mentions themselves (their weight is set before every use); a
    sentence whose text came earlier in the report gets copies, as each had its own before."""

    def __init__(self, sentences: list[Sentence]) -> None:
        super().__init__()
        self._sentences = {id(s): s for s in sentences}
        seen: set[str] = set()
        self._repeats = set()
        for s in sentences:
            if s.text in seen:
                self._repeats.add(id(s))
            seen.add(s.text)

    def __missing__(self, key: int) -> tuple[PlaceMention, ...] | list[PlaceMention]:
        found = _sentence_places(self._sentences[key].text)
        if key in self._repeats:
            found = fresh(found)
        self[key] = found
        return found


def _previous_sentence(sentences: list[Sentence], sentence: Sentence) -> Sentence | None:
    for i, s in enumerate(sentences):
        if s is sentence and i > 0:
            return sentences[i - 1]
    return None


def _best_date(segments: list[Segment], anchor: dt.date | None, seeds: list[Segment]) -> DateMention | None:
    candidates: list[tuple[float, int, DateMention]] = []
    is_seed: list[bool] = []
    for order, seg in enumerate(segments):
        is_seed.append(seg in seeds)
        bonus = -0.5 if is_seed[order] else 0.0
        for score, date in _scored_dates(seg.text, anchor, True):
            candidates.append((score + bonus, order, date))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1]))
    seeded = [c for c in candidates if is_seed[c[1]]]
    best = (seeded or candidates)[0][2]
    # A more precise date that agrees with the best one refines it ("2008" + "September 20, 2008").
    for _, _, date in candidates:
        if len(date.value) > len(best.value) and date.value.startswith(best.value):
            best = date
    return best


def _location(segments: list[Segment], places: dict, doc_country: str | None, cleaned, seeds: list[Segment], include_dateline: bool = True):
    mentions: list[PlaceMention] = []
    for seg in segments:
        weight = 1.5 if seg.sentence.kind == "headline" else (1.2 if seg in seeds else 1.0)
        for mention in places[id(seg.sentence)]:
            if seg.start <= mention.start and mention.end <= seg.end:
                mention.weight = weight
                mentions.append(mention)
    if include_dateline:
        from etl.extract.places import best_place

        # "ISLAMABAD (Reuters) - ... in the mountains of Balochistan": a dateline city outside
        # the province the attack sentences name is where the story was filed, not the attack.
        provinces = {
            p.admin1 for m in mentions if m.locative and not m.away
            for p in [best_place(m, doc_country)] if p is not None and p.kind == "admin1"
        }
        for dateline in cleaned.datelines[:1]:
            found = find_places(dateline.place.title())
            for mention in found:
                place = best_place(mention, doc_country)
                if provinces and place is not None and place.kind == "city" and place.admin1 not in provinces:
                    continue
                mention.weight = 0.3
                mentions.append(mention)
    return resolve_place(mentions, doc_country)


def _other_place(seg: Segment, places: dict, doc_country: str | None, primary: Incident) -> bool:
    """True when the segment's attack happened in a city other than the primary's."""
    if primary.city is None:
        return False
    if not _tells_attack_elsewhere(seg.text):
        return False
    seg_low = fold(seg.text)
    from etl.extract.places import best_place

    own = [m for m in places[id(seg.sentence)] if seg.start <= m.start and m.end <= seg.end]
    if primary.locality and any(normalize_alias(m.text) == normalize_alias(primary.locality) for m in own):
        return False  # "in the Dringarh area, about 35 km south of Quetta": the primary's own place
    primary_admin1 = _city_admin1(primary.city, primary.country)
    for mention in places[id(seg.sentence)]:
        if not (seg.start <= mention.start and mention.end <= seg.end) or not mention.locative or mention.away:
            continue
        if mention.extra.get("generic"):
            continue
        place = best_place(mention, doc_country)
        if place is not None and place.kind == "admin1" and place.country == primary.country and primary_admin1:
            if place.admin1 == primary_admin1:
                continue
            city = place.name  # "a funeral in the eastern province of Nangarhar" in a report about Kabul
        elif place is None or place.kind not in ("city", "locality", "site"):
            continue
        else:
            city = place.city or place.name
        if city == primary.city or (primary.country and place.country == primary.country and place.kind not in ("city", "admin1") and primary.locality):
            continue
        for event in _ATTACK_EVENT.finditer(seg_low):
            if mention.start >= event.end():
                gap = seg_low[event.end(): mention.start]
                if len(gap) <= 100 and not _NOT_ATTACK_CONTEXT.search(gap):
                    return True
            elif event.start() >= mention.end:
                gap = seg.text[mention.end: event.start()]
                if len(gap) <= 15 or _PASSIVE_GAP.fullmatch(gap):
                    return True
    return False


@text_cache(maxsize=16384)
def _tells_attack_elsewhere(text: str) -> bool:
    """The test of :func:`_other_place` that depends on the clause's text alone: an attack word,
    and not an arrest ("detained the bomber's father in Tripoli") unless an attack is told too."""
    low = fold(text)
    if not _ATTACK_WORD.search(low):
        return False
    return not (_CUSTODY.search(low) and not _TOLD_ATTACK.search(low))


@functools.lru_cache(maxsize=4096)
def _city_admin1(city: str, country: str | None) -> str | None:
    return next((p.admin1 for p in load_gazetteer().lookup(city) if p.kind == "city" and p.country == country), None)


_ATTACK_WORD = caseless(r"\b(?:attack(?:s|ed)?|bomb(?:ing|ed|er)?|blast|explosion|exploded|went\s+off|detonated|struck|stormed|repulsed)\b", gate=True)
_CUSTODY = caseless(r"\b(?:arrest\w*|detain\w*|custody|held|questioned|interrogat\w+|raid\w*)\b")
_PASSIVE_GAP = re.compile(r"\s*(?:was|were|has\s+been|had\s+been)\s+")
_ATTACK_EVENT = caseless(r"\b(?:attack(?:s|ed)?|bomb(?:ing|ed|er)?|blast|explosion|exploded|went\s+off|detonated|struck|stormed|repulsed|hit|rocked|killed|killing)\b")
_NOT_ATTACK_CONTEXT = caseless(r"\b(?:raids?|arrest\w*|netted|detained|custody|operations?|carried\s+out\s+in|search\w*|resident|trained|training|from|travell\w+|returning)\b")


def _same_incident(a: Incident, b: Incident) -> bool:
    if a.date and b.date and not _compatible(a.date, b.date):
        return False
    if a.city and a.city == b.city and (a.date is None or b.date is None):
        gap = abs(a.segments[-1].sentence.start - b.segments[0].sentence.start)
        if gap < 400:
            return True
    if a.city and b.city and a.city != b.city:
        return False
    if not a.city and not b.city and a.admin1 and a.admin1 == b.admin1 and a.country == b.country:
        return True  # two clauses about an attack in one province whose town is not named
    if a.locality and b.locality and a.locality != b.locality:
        return False
    return bool((a.date and b.date) or (a.locality and b.locality))


def _same_place(a: Incident, b: Incident) -> bool:
    if a.locality and b.locality:
        ga = {p.name for p in load_gazetteer().lookup(a.locality)} | {a.locality}
        gb = {p.name for p in load_gazetteer().lookup(b.locality)} | {b.locality}
        return bool(ga & gb)
    return False


def _choose_count(figures: list[CasualtyFigure]) -> tuple[CasualtyFigure | None, list[CasualtyFigure]]:
    """The current total (highest value; at_least/more_than over exact over about), and the rest."""
    victims = [f for f in figures if not f.attacker]
    totals = [f for f in victims if not f.subset]
    if not totals:
        subset = sorted(victims, key=lambda f: -f.number.low)
        if not subset:
            return None, []
        return subset[0], []
    pref = {"at_least": 0, "more_than": 0, "exact": 1, "range": 2, "about": 3, "up_to": 4}
    best = sorted(totals, key=lambda f: (-f.number.low, pref.get(f.number.qualifier, 5), f.start))[0]
    revised = [f for f in totals if f.revised_down]
    if revised:
        best = max(revised, key=lambda f: f.start)  # "revised the toll down to 72": the latest word
    others = []
    seen = {best.number.low}
    for f in totals:
        if f.number.low not in seen:
            seen.add(f.number.low)
            others.append(f)
    return best, others


def _assemble(incident: Incident, scans, sentences, captions, anchor, places, doc_country, cleaned, people, flags, is_primary, references, claim_sentences, blame_sentences=None) -> Mention:
    mention = Mention(primary=is_primary)
    segs = incident.segments
    texts = [s.text for s in segs]
    evidence: dict[str, str] = {"_order": min(s.sentence.start for s in segs) if segs else 0}
    # Date.
    date = incident.date
    if date is None and is_primary:
        for caption in captions:
            found = list(_scored_dates(caption.text, anchor, True))
            found += [(0.5, d) for d in _overnight(caption.text, anchor)]
            if found:
                date = min(found, key=lambda c: c[0])[1]
                break
    if date is not None:
        mention.date, mention.date_precision = date.value, date.precision
        evidence["date"] = date.text
    # Place.
    seeds = [s for s in segs if s.sentence.kind == "headline" or s is segs[0]]
    loc = _location(segs, places, doc_country, cleaned, seeds, include_dateline=is_primary)
    if not is_primary and loc.city is None and incident.city:
        mention.city, mention.country = incident.city, incident.country
    mention.country, mention.admin1, mention.city, mention.locality = loc.country, loc.admin1, loc.city, loc.locality
    if incident.city and not is_primary and mention.city is None:
        place = next((p for p in load_gazetteer().lookup(incident.city) if p.kind == "city"), None)
        if place:
            mention.city, mention.admin1, mention.country = place.name, place.admin1, place.country
    if not is_primary and mention.locality is None and incident.locality and mention.city == incident.city:
        mention.locality = incident.locality
    mention.latitude, mention.longitude = loc.latitude, loc.longitude
    evidence.update(loc.evidence)
    place_evidence = loc.evidence.get("locality") or loc.evidence.get("city") or loc.evidence.get("admin1")
    if place_evidence:
        evidence.setdefault("admin1", place_evidence)
        evidence.setdefault("country", place_evidence)
    if mention.country is None:
        mention.country = doc_country
    # Casualties: the primary takes every figure outside referenced clauses.
    if is_primary or incident.primary:
        ref_spans = [(s.sentence.start + s.start, s.sentence.start + s.end) for r in references for s in r.segments]
        figures = [f for scan in scans for f in scan.figures if not any(a <= f.start < b for a, b in ref_spans)]
    else:
        figures = [f for s in segs for f in figures_in(s.text, s.sentence.start + s.start)]
    for field_name in ("killed", "wounded"):
        chosen, others = _choose_count([f for f in figures if f.field == field_name])
        if chosen is None:
            continue
        qualifier = chosen.number.qualifier
        if chosen.subset and qualifier == "exact":
            qualifier = "at_least"
        count = Count(chosen.number.low, chosen.number.high if qualifier == "range" else None, qualifier)
        setattr(mention, field_name, count)
        evidence[field_name] = _span(sentences, chosen)
        for other in others:
            q = other.number.qualifier
            mention.other_figures.append(Figure(field_name, Count(other.number.low, other.number.high if q == "range" else None, q), _span(sentences, other)))
    # Attack type, suicide, target.
    attack_texts = [t for t in texts if attack_rules.has_attack_term(t)] or texts
    if is_primary:
        headline = [s.text for s in sentences if s.kind == "headline"]
        attack_texts = [t for t in headline if attack_rules.has_attack_term(t)] + [t for t in attack_texts if t not in headline]
    mention.attack_type, ev = attack_rules.attack_type(attack_texts)
    if ev:
        evidence["attack_type"] = ev
    mention.suicide, ev = attack_rules.is_suicide(attack_texts)
    if mention.suicide is None and is_primary:
        mention.suicide, ev = attack_rules.is_suicide([c.text for c in captions if attack_rules.has_attack_term(c.text)])
    if mention.suicide is None:
        mention.suicide, ev = attack_rules.is_suicide(attack_texts, mention.attack_type)
    if ev:
        evidence["suicide"] = ev
    mention.target_type, ev = attack_rules.target_type(([f"attack on {mention.locality}"] if mention.locality else []) + attack_texts)
    if ev:
        evidence["target_type"] = ev
    # Claims and blame: from the sentences that are about this incident (see _sentence_owners).
    if claim_sentences is not None:
        window = claim_sentences  # indexes into sentences
        pairs = claim_sentences if blame_sentences is None else blame_sentences
        if not is_primary and incident.primary:
            # A report that only alludes to an attack: the sentences from the allusion on.
            first = min(s.sentence.start for s in segs)
            idx = next(i for i, s in enumerate(sentences) if s.start >= first)
            window = pairs = range(idx, min(idx + 6, len(sentences)))
        # Sentences without a claim or denial phrase give nothing to claims_and_denials; without
        # an accusation cue or a named perpetrator, nothing to blame (``flags``, per sentence).
        if any(flags[i][0] for i in window):
            claimed, denied, ev = claims_and_denials([sentences[i].text for i in window], mention.country or doc_country)
        else:
            claimed, denied, ev = [], [], {}
        mention.claimed_by, mention.denied_by = claimed, denied
        evidence.update(ev)
        # Without an accusation cue blame never asks who speaks: no need to collect the people.
        cue = any(flags[i][1] for i in pairs)
        if cue or is_primary:
            if cue or any(flags[i][2] for i in pairs):
                speakers = people() if cue else People()
                blamed, ev = blame([(sentences[i].text, sentences[i].start) for i in pairs], speakers, mention.country or doc_country, claimed)
            else:
                blamed, ev = [], {}
            mention.blamed = blamed
            evidence.update(ev)
    mention.evidence = evidence
    return mention


def _overnight(text: str, anchor: dt.date | None) -> list[DateMention]:
    if anchor is None:
        return []
    m = _OVERNIGHT.search(fold(text))
    if not m:
        return []
    day = anchor - dt.timedelta(days=1)
    return [DateMention(day.isoformat(), "day", "overnight", m.start(), m.end(), text[m.start():m.end()])]


_OVERNIGHT = caseless(r"\bovernight\s+(?:(?:suicide|truck|car|bomb)\s+){0,2}(?:attack|bombing|blast|explosion)", gate=True)


def _span(sentences: list[Sentence], figure: CasualtyFigure) -> str:
    for s in sentences:
        if s.start == figure.sentence_start:
            return s.text
    return figure.number.text
