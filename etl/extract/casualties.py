"""Casualty figures: which numbers in a sentence count the killed and the wounded.

A number is a *killed* figure when a death word follows it ("31 worshippers were killed",
"9 dead", "53 deaths", "claimed 57 lives") or precedes it ("killing at least 31", "the toll
rose to 36"); likewise for *wounded*. Numbers counting attackers ("16 terrorists"), subsets
("10 of the injured", "28 bodies" received at one hospital), bystanders ("500 worshippers"
with no casualty word), ages, years, distances and times are not figures.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from etl.extract.caseless import caseless, fold
from etl.extract.gates import contains_any, token_gate
from etl.extract.memo import text_cache
from etl.extract.numbers import NumberSpan, find_numbers

KILLED_WORDS = r"(?:killed|dead|died|die|dies|deaths?|martyred|martyrdom|lost\s+their\s+lives|lost\s+his\s+life|perished|slain|fatalities|bodies|lives|death\s+toll|killing|kills|kill)"
WOUNDED_WORDS = r"(?:injured|wounded|hurt|injuries|injuring|wounding|injures|wounds|casualties\s+injured)"

_ATTACKER = caseless(
    r"\b(?:terrorists?|militants?|attackers?|assailants?|bombers?|gunmen|gunman|insurgents?|"
    r"fighters?|suspects?|facilitators?|hostage[- ]takers?|khawarij|kharijis?|jihadists?|rebels?)\b")
#: Words between a number and a death/injury word that show the number is not a victim count.
_NOT_VICTIM = caseless(
    r"\b(?:witness(?:es)?|years?|months?|days?|hours?|minutes?|km|kilomet(?:er|re)s?|miles?|feet|"
    r"foot|metres?|meters?|yards?|kg|kilograms?|tonnes?|vehicles?|cars?|ambulances?|rounds?|"
    r"arrested|detained|raids?|operations?|patients\s+still|bearings?|rupees|dollars|times?)\b")
_SUBSET_AFTER = caseless(r"^\s*(?:of\s+(?:the|them|whom|those|these)\b|others?\s+of\b)")
_SUBSET_BEFORE = caseless(r"(?:\b(?:received|brought|included|including|among\s+them)\s+(?:\w+\s+){0,2}$)", gate=True)

_STOP = r"(?!(?:and|or|but|while|as|when|after|before|with|including|in|on|at|said|says|from|to)\b)"
_NOUN_GAP = rf"(?:{_STOP}[\w'’-]+(?:\s+|(?=,))){{0,5}}?(?:,[^,]{{0,100}},\s*)?"
_AFTER_KILLED = caseless(
    rf"^\s*,?\s*{_NOUN_GAP}(?:(?:were|was|have|has|had|been|being|are|now|reportedly|also|so\s+far|confirmed)\s+)*"
    rf"(?:{KILLED_WORDS})\b", gate=True)
_AFTER_WOUNDED = caseless(
    rf"^\s*,?\s*{_NOUN_GAP}(?:(?:were|was|have|has|had|been|being|are|now|reportedly|also|others?|other)\s+)*"
    rf"(?:{WOUNDED_WORDS})\b", gate=True)
_BEFORE_KILLED = caseless(
    r"(?:\b(?:killed|killing|kills|kill|left|leaving|claimed|claiming|martyred|slew|slaying|shot\s+dead|shooting\s+dead|"
    r"gunned\s+down|gunning\s+down|shot\s+and\s+killed|massacred|executed|beheaded|slaughtered|"
    r"lives\s+of|deaths\s+of|martyrdom\s+of|dead\s+(?:rose|climbed)\s+to|death\s+toll\s+(?:of|at|to|is|was|stands\s+at|stood\s+at)|"
    r"toll\s+(?:of|at|to|is|was|stands\s+at|stood\s+at))\s+(?:(?:the|a|an|another|all|some)\s+)?$)")
_BEFORE_WOUNDED = caseless(
    r"(?:\b(?:wounded|wounding|injured|injuring|injures|injuries\s+to|hurt|hurting|wounds|injury\s+to)\s+(?:(?:the|a|an|another|all|some)\s+)?$)", gate=True)
#: A toll update: "rose to 36", "taking the toll to 36", "has reached 33".
_UPDATE_BEFORE = caseless(
    r"(?:(?:\b(?:rose|rises|rising|risen|climbed|climbs|climbing|jumped|jumps|increased|mounted|reached|"
    r"reaches|hit|touched|stands|stood|has\s+reached|had\s+reached)\s+(?:to\s+|at\s+)?)"
    r"|\b(?:taking|takes|took|bringing|brings|brought|pushing|pushed)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:toll|number|tally|figure|count|total)\s+to\s+"
    r"|\b(?:revised|lowered|corrected|reduced|cut)\s+(?:[\w'’-]+\s+){0,8}?(?:down\s+|up\s+|downward\s+)?to\s+|\bdown\s+to\s+)$", gate=24)
#: A toll revised downwards: the lower figure is the current one.
_REVISED_DOWN = caseless(r"(?:\b(?:lowered|reduced|cut)\s+(?:[\w'’-]+\s+){0,8}?to\s+|\bdown(?:ward)?\s+to\s+)$", gate=True)
#: An earlier toll: "rose to 21, up from 13", "climbed to 40 from 32".
_PREVIOUS_BEFORE = caseless(r"\b(?:up\s+from|down\s+from|from\s+(?:an?|the)\s+(?:earlier|previous|initial)(?:\s+(?:figure|toll|count|tally))?(?:\s+of)?|(?:to|at)\s+\d[\d,]*\s+from)\s*$", gate=True)
_DEATH_CONTEXT = caseless(r"\b(?:death|deaths|dead|killed|toll|fatalities|died|martyred|lives)\b")
_INJURY_CONTEXT = caseless(r"\b(?:injur\w*|wound\w*|hurt)\b")
_NATIONALITY_SUBSET = re.compile(
    r"^\s*(?:[A-Z][a-z]+)\s+(?:nationals?|citizens?|engineers|workers|tourists|soldiers|troops|policemen|"
    r"police\s*men|personnel|children|women|civilians|foreigners|officers|pilgrims)\b"
)


class CasualtyFigure(NamedTuple):
    field: str  # "killed" | "wounded"
    number: NumberSpan
    subset: bool  # a part of the total (one hospital, one nationality), not the total
    update: bool  # a toll update ("rose to 36")
    attacker: bool  # counts attackers, not victims
    sentence_start: int
    revised_down: bool = False  # "revised the toll down to 72": the current figure though lower

    @property
    def start(self) -> int:
        return self.sentence_start + self.number.start


_PLUS_ONE = caseless(
    r"^\s*(?:(?!(?:were|was|have|has|had|and)\b)[\w'’-]+\s+){1,3}(?:on\s+the\s+\w+\s+)?and\s+(?:their|a|an|one|the|his|its)\s+(?:[\w'’-]+\s+){0,2}"
    r"(?:were|was)\s+(?:all\s+)?(?:killed|martyred|dead)\b")
#: "killing five Chinese citizens and the Pakistani man driving them": one more victim.
_AND_ONE_MORE = caseless(
    r"^\s+(?:(?!and\b)[\w'’-]+\s+){1,3}and\s+(?:the|a|an|their|one|his|her|its)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:driver|man|woman|guard|policeman|soldier|person|official|interpreter|colleague|boy|girl|child|escort|guide)\b")
_SINGLE = caseless(
    r"\b(?:a|an|one)\s+((?:[\w'’-]+\s+){0,2}?)(?:was|has\s+been|had\s+been)\s+(?:killed|martyred|shot\s+dead)\b", gate=True)


#: "killed <a named person> and 20 others": the number counts the others only.
_AND_OTHERS_AFTER = caseless(r"\s+(?:others|other\s+people|more)\b", gate=True)
_KILLED_NAMED_BEFORE = caseless(r"\b(?:killed|killing|kills|killing)\s+(?:[\w'’.-]+\s+){1,8}?and\s+(?:at\s+least\s+|nearly\s+|about\s+)?$")
_ATTACKER_ASIDE = caseless(
    r",?\s*(?:(?P<inc>including|plus)|in\s+addition\s+to|excluding|not\s+including|not\s+counting|besides|apart\s+from|"
    r"as\s+well\s+as)\s+(?:the\s+|their\s+)?(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|\d+\s+)?\s*"
    r"(?:suicide\s+)?(?:bombers?|attackers?|assailants?|gunm[ae]n|militants|terrorists|perpetrators?)\s*,?", gate=True)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


#: Words one of which every attacker aside contains ("including", "in addition to", ...): a
#: second gate, the pattern's own being its attacker words, which most reports have
#: (checked against the pattern by tests/test_extract_speed_equivalence.py).
_ASIDE_WORDS = ("including", "plus", "addition", "excluding", "counting", "besides", "apart", "well")


def _aside_count(aside: re.Match[str]) -> int:
    n = (aside.group("n") or "").strip()
    return int(n) if n.isdigit() else _SMALL.get(n, 1)


#: "six police officers and two bystanders were killed": groups joined by "and" add up.
_GROUP_JOIN = caseless(r"\s+(?:[a-z][\w'’-]*\s+){1,3}?and\s+$")


def _group_sums(sentence: str, low: str, numbers: list[NumberSpan], figures: list[CasualtyFigure]) -> list[CasualtyFigure]:
    """Join "N X and M Y were killed" into one figure of N+M (attackers never join)."""
    if len(numbers) < 2 or " and " not in low:
        return figures
    by_start = {f.number.start: f for f in figures}
    out = list(figures)
    for first, second in zip(numbers, numbers[1:], strict=False):
        between = low[first.end:second.start]
        if not _GROUP_JOIN.fullmatch(between) or _ATTACKER.search(between) or _NOT_VICTIM.search(between):
            continue
        tail = low[second.end: second.end + 40]
        if _ATTACKER.search(tail.split(" were ")[0].split(",")[0]) or _NOT_VICTIM.search(tail.split(",")[0]):
            continue  # "12 soldiers and 5 militants": attackers never join
        a, b = by_start.get(first.start), by_start.get(second.start)
        field = (b or a).field if (a or b) else None
        if field is None or (a and b and a.field != b.field) or (a and a.attacker) or (b and b.attacker):
            continue
        if a and a.number.low != first.low or (b and b.number.low != second.low):
            continue  # already adjusted ("and 20 others")
        if not (a or b).field or (a is None and not _BEFORE_KILLED.search(low[max(0, first.start - 80): first.start]) and b is None):
            continue
        number = NumberSpan(first.low + second.low, None, first.qualifier, first.start, second.end, sentence[first.start:second.end])
        template = a or b
        joined = CasualtyFigure(field, number, template.subset, template.update, False, 0, template.revised_down)
        out = [f for f in out if f is not a and f is not b] + [joined]
    out.sort(key=lambda f: f.number.start)
    return out


#: Where the words right after a number stop describing it (case-sensitive, as written).
_GAP_END = re.compile(r"[,;.]|\b(?:and|while|as|when|in|on|at|after|from)\b")


def _classify(sentence: str, low: str, num: NumberSpan, next_start: int) -> tuple[str, str, int] | None:
    """(field, gap, value) for a number that counts casualties, else None.

    ``low`` is ``fold(sentence)``; the gap (the words between the number and its casualty
    word) is returned folded, for the caseless tests of the caller.
    """
    after = low[num.end:]
    local_end = num.end + max(0, next_start - num.end)
    after_local = low[num.end:local_end]
    before = low[max(0, num.start - 80): num.start]
    plus_one = _PLUS_ONE.match(after)
    if plus_one:
        return "killed", after[: plus_one.end()], num.low + 1
    gap_end = _GAP_END.search(sentence[num.end:local_end])
    short_gap = after_local[: gap_end.start()] if gap_end else after_local
    if _AND_OTHERS_AFTER.match(after) and _KILLED_NAMED_BEFORE.search(before):
        # "killed party leader Haroon Bilour and 20 others": the named victim and N more.
        return "killed", "", num.low + 1
    if _BEFORE_KILLED.search(before):
        companion = _AND_ONE_MORE.match(after)
        if companion:
            return "killed", after[: companion.end()], num.low + 1
        return "killed", short_gap, num.low
    if _BEFORE_WOUNDED.search(before):
        return "wounded", short_gap, num.low
    k_after = _AFTER_KILLED.match(after_local)
    w_after = _AFTER_WOUNDED.match(after_local)
    if k_after and (not w_after or k_after.end() <= w_after.end()):
        return "killed", after_local[: k_after.end()], num.low
    if w_after:
        return "wounded", after_local[: w_after.end()], num.low
    if _UPDATE_BEFORE.search(before) or _PREVIOUS_BEFORE.search(before):
        last_injury = max((m.start() for m in _INJURY_CONTEXT.finditer(low, 0, num.start)), default=-1)
        last_death = max((m.start() for m in _DEATH_CONTEXT.finditer(low, 0, num.start)), default=-1)
        if last_death > last_injury:
            return "killed", short_gap, num.low
        if last_injury > last_death:
            return "wounded", short_gap, num.low
    return None


#: A number counts casualties only when one of these patterns matches around it (each way
#: :func:`_classify` can say yes needs one: a death or injury word before or after it, or, for
#: a toll update, earlier in the sentence), and a lone victim needs :data:`_SINGLE`. So a
#: sentence containing none of their required strings ("kill", "injur", "toll", ...) has no
#: figure, and most sentences of a report are answered without looking for numbers at all.
#: The test is made per word, remembered (:class:`etl.extract.gates.TokenGate`).
_CASUALTY_STRINGS = token_gate(
    _PLUS_ONE, _KILLED_NAMED_BEFORE, _BEFORE_KILLED, _BEFORE_WOUNDED, _AFTER_KILLED, _AFTER_WOUNDED,
    _DEATH_CONTEXT, _INJURY_CONTEXT, _SINGLE)


_BODIES_AFTER = caseless(r"\s*(?:bodies)\b")
_BODIES_RECEIVED = caseless(r"\b(?:received|brought|recovered|pulled|taken)\b")
_AT_HOSPITAL = re.compile(r"\b(?:at|in|to)\s+(?:the\s+)?(?:[A-Z]\w*\s+){0,3}(?:[Hh]ospital|Pims|PIMS|Polyclinic)\b")


def figures_in(sentence: str, sentence_start: int = 0) -> list[CasualtyFigure]:
    """Killed and wounded figures in one sentence (subsets and attacker counts are flagged)."""
    found = _figures_in(sentence)
    if sentence_start == 0 or not found:
        return list(found)
    return [CasualtyFigure(f.field, f.number, f.subset, f.update, f.attacker, sentence_start, f.revised_down) for f in found]


#: ", nine of them Chinese,", ", including two policemen,", ", among them three children,":
#: a part of the figure before it, set off by commas.
_PART_ASIDE = caseless(r",\s*(?:[\w-]+\s+of\s+them\b|including\b|among\s+them\b|among\s+whom\b)[^,.;]{0,60},", gate=True)


@text_cache(maxsize=16384)
def _figures_in(sentence: str) -> tuple[CasualtyFigure, ...]:
    """The figures of ``sentence`` at offset 0 (cached per sentence text)."""
    low = fold(sentence)
    if _CASUALTY_STRINGS is not None and not _CASUALTY_STRINGS.search(low):
        return ()
    out: list[CasualtyFigure] = []
    numbers = find_numbers(sentence)
    asides: list[tuple[int, int]] = []
    if "," in low:
        if contains_any(low, _ASIDE_WORDS):
            asides = [m.span() for m in _ATTACKER_ASIDE.finditer(low)]
        # "13 people, nine of them Chinese, died", "12 people, including two policemen, were
        # killed": the part's number is inside the whole's figure, not one of its own.
        asides += [m.span() for m in _PART_ASIDE.finditer(low)]
    if asides:
        # "41 people, including two attackers, were killed": the aside's number counts nothing.
        numbers = [n for n in numbers if not any(a <= n.start < b for a, b in asides)]
    for i, num in enumerate(numbers):
        if 1900 <= num.low <= 2100 and num.qualifier == "exact" and num.high is None:
            continue  # a year
        next_start = numbers[i + 1].start if i + 1 < len(numbers) else len(sentence)
        found = _classify(sentence, low, num, next_start)
        if found is None:
            continue
        field, gap, value = found
        if _NOT_VICTIM.search(gap):
            continue
        after = sentence[num.end:]
        after_low = low[num.end:]
        before_low = low[max(0, num.start - 80): num.start]
        aside = _ATTACKER_ASIDE.search(gap) or _ATTACKER_ASIDE.match(after_low)
        if aside:
            # "74 people, including the bomber, were killed": 73 victims; "in addition to the
            # assailant", "excluding the attackers": the number counts victims already.
            gap = gap.replace(aside.group(), " ")
            if aside.group("inc"):
                value -= _aside_count(aside)
        attacker = bool(_ATTACKER.search(gap))
        subset = bool(_SUBSET_AFTER.match(after_low) or _SUBSET_BEFORE.search(before_low))
        if _BODIES_AFTER.match(after_low) and _BODIES_RECEIVED.search(low):
            subset = True
        if _AT_HOSPITAL.search(after[:60]):
            subset = True
        if _NATIONALITY_SUBSET.match(after) and value == num.low:
            subset = True
        if value != num.low:
            num = NumberSpan(value, num.high, num.qualifier, num.start, num.end, num.text)
        update = bool(_UPDATE_BEFORE.search(before_low))
        out.append(CasualtyFigure(field, num, subset, update, attacker, 0, bool(_REVISED_DOWN.search(before_low))))
    out = _group_sums(sentence, low, numbers, out)
    for match in _SINGLE.finditer(low):
        if _ATTACKER.search(match.group(1)) or any(n.start <= match.start() < n.end for n in numbers):
            continue
        span = NumberSpan(1, None, "exact", match.start(), match.end(), sentence[match.start():match.end()])
        out.append(CasualtyFigure("killed", span, False, False, False, 0))
    return tuple(out)
