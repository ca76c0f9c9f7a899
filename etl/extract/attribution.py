"""Claims, denials and blame: who claimed the attack, who denied it, who was blamed by whom.

* A **claim** needs a claim phrase ("claimed responsibility", "was claimed by", "made the
  claim", "saying it had targeted") and is negated by "no group has claimed". The claimant
  is the group named before the phrase (or after "claimed by"); an unnamed or parent group
  ("an affiliate of the Islamic State group", "a little-known group") is refined by a later
  "known as X" / "calls itself X".
* A **denial** needs "denied responsibility/involvement", "disowned", "distanced itself".
* **Blame** needs an accusation cue near the party ("blamed", "accused", "pointed the finger
  at", "linked ... to", "the work of", "planned ... from", "handlers in", "Indian support",
  "hallmarks of", ...) in a sentence about the attack. Habitual statements ("authorities
  frequently blame ...") are skipped. The speaker comes from :mod:`etl.extract.speakers`;
  ``evidence_given`` is False for "without providing evidence", True for a confession or
  evidence shared, else None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from etl.extract.actors import ActorMention, actor_index, find_actors
from etl.extract.caseless import caseless, fold
from etl.extract.gates import TokenGate, token_gate
from etl.extract.memo import text_cache
from etl.extract.speakers import People, find_speaker
from etl.records import Blame

_CLAIM = caseless(
    r"\b(?:claim(?:ed|s|ing)?\s+(?:of\s+)?responsibility|(?:took|takes|taking|accepted|accepts|owned|owns)\s+responsibility|"
    r"claim(?:ed|s|ing)\s+(?:the\s+|this\s+|Friday['’]s\s+|Tuesday['’]s\s+|its\s+|an?\s+)?(?:[\w'’-]+\s+){0,3}?(?:attack|bombing|blast|assault|explosion|killing|massacre|raid|strike|hijacking|kidnapping|abduction|siege|shooting|ambush)s?\b|"
    r"to\s+claim\s+(?:the\s+|this\s+|that\s+)?(?:[\w'’-]+\s+){0,2}?(?:attack|bombing|blast|assault|explosion|killing|massacre|hijacking|shooting)s?\b|"
    r"(?:was|were|been|being)\s+claimed\s+by|claimed\s+by|made\s+the\s+claim|"
    r"saying\s+(?:it|they)\s+(?:had\s+)?(?:targeted|attacked|carried\s+out)|said\s+(?:it|they)\s+(?:had\s+)?carried\s+out|"
    r"(?:said|says|saying)\s+(?:it|they)\s+(?:was|were|had\s+been)\s+(?:behind|responsible\s+for)\s+(?:the|this|that|its|their)\b|"
    r"(?:our|its)\s+fighters?\s+(?:attacked|carried\s+out)|claim\s+of\s+responsibility\s+(?:by|from)|"
    r"(?:had|has|have|which\s+has|which\s+had|first)\s+claimed\s+(?:it|them)\b(?!\s+(?:was|is|were|had|would|as|to)\b)|"
    r"claimed\s+(?:it|the\s+(?:attack|bombing))\s+(?:in|on|via|through)\s+(?:a|an|its)\s+(?:[\w-]+\s+){0,2}?(?:post|statement|message|video)|"
    r"claimed\s+in\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:post|statement|message|video)\s+that\s+(?:the\s+attack|it|its|the\s+bombing)|"
    r"message\s+claiming\s+(?:it|the\s+attack))", gate=True)
_CLAIM_NEGATED = caseless(
    r"\b(?:no|not|never|nobody|none|neither|yet\s+to)\b(?:\s+\w+){0,4}\s+(?:claim|claimed)\b|\bno\s+(?:immediate\s+)?claim\b|\bhas\s+not\s+been\s+claimed\b")
_DENIAL = caseless(
    r"\b(?:(?:denied|denies|deny|denying)\s+(?:any\s+|all\s+)?(?:responsibility|involvement|role|links?|a\s+role|having\s+carried\s+out|carrying\s+out|the\s+claim)|"
    r"disown(?:ed|s|ing)?|distanced\s+(?:itself|themselves)|rejected\s+(?:the\s+)?claim|refuted\s+(?:the\s+)?claim|"
    r"denied\s+that\s+(?:the\s+group|it|they|its\s+(?:fighters|men|members))\s+(?:was|were|had\s+been)\s+(?:\w+\s+)?involved|"
    r"(?:fighters|men|members)\s+(?:was|were|had)\s+not\s+(?:been\s+)?involved|(?:was|were)\s+not\s+involved\s+in\s+(?:the|this|that|either|any)|"
    r"(?:had|has|have)\s+nothing\s+to\s+do\s+with\s+(?:it|the\s+(?:attack|bombing|massacre|blast)))\b", gate=16)
_REFINE = caseless(r"\b(?:known\s+as|calls\s+itself|called|named|identified\s+as|which\s+calls\s+itself)\s+", gate=True)
_SUBSIDIARY = caseless(
    r"\b(?:a\s+)?(?:breakaway\s+faction|faction|splinter\s+group|offshoot|affiliate|wing|branch|ally|allies|proxy|front|arm)\s+(?:of|for)\s+(?:the\s+)?$|"
    r"\b(?:affiliated|linked|allied|associated)\s+(?:with|to)\s+(?:the\s+)?$")

def _by_first_letter(alternatives: list[str]) -> str:
    """``"|".join(alternatives)``, grouped by first letter: ``b(?:lamed|acked)|l(?:inked)``.

    The same matches, as alternatives with different first letters never match at the same
    position and each group keeps its order; but ``re`` tries one letter per group at each position
    instead of every alternative in turn (about twice as quick for the blame cues). Each
    alternative must start with a plain letter."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative[:1].isalpha() or alternative[1:2] in ("?", "*", "+", "{"):
            raise ValueError(f"an alternative that does not start with a plain letter: {alternative!r}")
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


#: The accusation cues, each with the words one of which every match of it contains whole (a
#: maximal run of letters, digits and "_"): the cue starts at a word boundary, and each listed
#: word runs from that boundary or from a space to a space or the cue's final boundary
#: ("the\s+work\s+of" contains the word "work"; "state-sponsored" the word "sponsored").
#: A sentence without any of these words has no cue (:func:`_may_have_blame_cue`).
_BLAME_CUES = (
    (r"blam(?:ed|es|e|ing)", "blamed blames blame blaming"), (r"laid\s+the\s+blame", "blame"), (r"put\s+the\s+blame", "blame"),
    (r"pinned\s+the\s+blame", "blame"), (r"accus(?:ed|es|ing|ations?)", "accused accuses accusing accusation accusations"),
    (r"point(?:ed|s|ing)?\s+(?:the\s+|a\s+)?finger", "finger"), (r"pointed\s+to", "pointed"),
    (r"link(?:ed|s|ing)?\s+(?:it|the\s+\w+|them)?\s*to", "link linked links linking"), (r"linking", "linking"),
    (r"links?\s+to", "link links"), (r"ties\s+to", "ties"), (r"tying", "tying"), (r"connected\s+(?:to|with)", "connected"),
    (r"in\s+connection\s+with", "connection"), (r"the\s+work\s+of", "work"), (r"behind\s+the", "behind"),
    (r"responsible\s+for", "responsible"), (r"responsibility\s+lay", "responsibility"), (r"orchestrated", "orchestrated"),
    (r"directed\s+by", "directed"), (r"masterminded", "masterminded"), (r"planned", "planned"), (r"financed", "financed"),
    (r"funded", "funded"), (r"funding", "funding"), (r"sponsor(?:ed|s|ing)?", "sponsor sponsored sponsors sponsoring"),
    (r"state-sponsored", "sponsored"), (r"backed", "backed"), (r"backing", "backing"), (r"support(?:ed)?", "support supported"),
    (r"patronage", "patronage"), (r"hallmarks?", "hallmark hallmarks"), (r"blessings?", "blessing blessings"),
    (r"handlers?", "handler handlers"), (r"operating\s+from", "operating"), (r"operates\s+from", "operates"),
    (r"based\s+in", "based"), (r"launched\s+from", "launched"), (r"from\s+across\s+the\s+border", "border"),
    (r"for\s+training", "training"), (r"trained\s+in", "trained"), (r"involvement", "involvement"),
    (r"footprints?", "footprint footprints"), (r"hand\s+of", "hand"), (r"parentage", "parentage"), (r"proxies", "proxies"),
    (r"proxy", "proxy"), (r"operatives", "operatives"), (r"attributed\s+(?:it\s+)?to", "attributed"),
    (r"safe\s+havens?", "haven havens"), (r"sanctuar(?:y|ies)", "sanctuary sanctuaries"), (r"soil", "soil"),
    (r"on\s+(?:the\s+)?payroll", "payroll"), (r"insinuation", "insinuation"), (r"suspected", "suspected"),
    (r"suspect", "suspect"), (r"attack\s+by", "by"), (r"attacks\s+by", "by"), (r"bombing\s+by", "by"),
    (r"assault\s+by", "by"), (r"ambush\s+by", "by"), (r"raid\s+by", "by"), (r"carried\s+out\s+by", "by"),
    (r"perpetrated\s+by", "by"), (r"committed\s+by", "by"),
)
_BLAME_CUE = caseless(r"\b(?:" + _by_first_letter([cue for cue, _words in _BLAME_CUES]) + r")\b")
_BLAME_CUE_WORDS = frozenset(word for _cue, words in _BLAME_CUES for word in words.split())
#: Where one of :data:`_BLAME_CUE_WORDS` is a whole word of an ASCII text (a maximal run of
#: ``\w``, ASCII letters, digits and "_"). Whitespace is not ``\w``, so such a run lies inside one
#: whitespace-separated token and the pattern matches in a text exactly when it matches in one
#: of its tokens: a token gate (:class:`etl.extract.gates.TokenGate`), which remembers its
#: answer per token and shares the split with the claim/denial gate asked next (:func:`_facts`).
_BLAME_CUE_WORD_GATE = TokenGate(re.compile(
    r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(_BLAME_CUE_WORDS, key=len, reverse=True))) + r")(?!\w)", re.ASCII))


def _may_have_blame_cue(low: str) -> bool:
    """False when the folded sentence ``low`` has no word of :data:`_BLAME_CUES` (then it has no
    blame cue): most sentences, answered quicker than by the cue pattern. Any non-ASCII
    sentence may have one."""
    if not low.isascii():
        return True
    return _BLAME_CUE_WORD_GATE.search(low)
#: Cues that are accusations by themselves; the others ("support", "based in") need an attack nearby.
_STRONG_CUE = caseless(r"blam|accus|finger|link|tying|ties|hallmark|responsib|work\s+of|behind|orchestrat|masterminded|state-sponsored|suspect|\bby$")
#: Cues whose party follows them ("links to X", "the work of X", "suspected X", "attack by X").
_FOLLOW_CUE = caseless(
    r"(?:link|ties|tying|the\s+work|hallmark|blessing|patronage|handler|operat|based|launched|suspect|"
    r"attack|bombing|assault|ambush|raid|carried|perpetrated|committed|directed|attributed|point|accus|"
    r"laid|put|pinned|involvement|footprint|hand\s+of|responsib|behind)")
_DEFINITION = caseless(r"\b(?:is\s+the\s+(?:term|name|label)|refers\s+to|is\s+a\s+(?:term|label))\b", gate=True)
_HABITUAL = caseless(r"\b(?:frequently|often|repeatedly|routinely|regularly|in\s+recent\s+years|has\s+long|have\s+long|long\s+been|for\s+years|usually)\b")
_SPEAKS = caseless(
    r"^(?:['’]s)?\s+(?:(?:[\w'’-]+\s+){0,4}(?:ministry|spokes\w+|foreign\s+office|government\s+said|officials\s+said)\b|"
    r"(?:\w+\s+)?(?:rejects|rejected|denies|denied|dismissed|condemned|condemns)\b)")
_NEGATED_BLAME = caseless(r"\b(?:declined\s+to\s+blame|refused\s+to\s+blame|did\s+not\s+blame|rejects?|rejected|denied|baseless|condemn(?:ed|s)?)\b")
_ATTACK_REF = caseless(
    r"\b(?:attack|attacks|attacked|attacker|attackers|bomb\w*|blast|explosion|plot|assault|strike|terrorists?|terror\s+groups?|"
    r"terrorist\s+(?:groups?|outfits?|network)|mastermind|perpetrators|proxies|handlers?|facilitators|it)\b")
#: An organisation described, not accused: "The group is affiliated with X and linked to Y".
_DESCRIBED = caseless(r"\b(?:group|groups|outfit|organi[sz]ation|faction|factions|network|movement)\b")
_NO_EVIDENCE = caseless(
    r"\b(?:without\s+(?:providing|offering|giving|presenting|citing|producing)\s+(?:any\s+)?evidence|"
    r"(?:did|does|has|had)\s+not\s+(?:provide|offer|give|present|produce)\s+(?:any\s+)?evidence|"
    r"(?:provided|offered|gave|presented)\s+no\s+evidence|no\s+evidence\s+was\s+(?:provided|offered|given))\b", gate=True)
_EVIDENCE = caseless(
    r"\b(?:confess(?:ed|es|ion|ions)?|shar(?:ed|ing)\s+(?:fresh\s+|the\s+|new\s+)?evidence|evidence\s+(?:of|linking)[^.]{0,80}(?:handed|shared|provided|given|presented|submitted)|"
    r"handed\s+over\s+evidence|presented\s+evidence|provided\s+evidence|dossier)\b", gate=True)


_PERPETRATOR = caseless(
    r"\b(?:militants|fighters|members|terrorists|gunmen|bombers|operatives)\s+(?:of|from|belonging\s+to)\s+"
    r"(?P<who>(?:the\s+)?[\w'’ -]{3,70}?)\s+(?:rammed|stormed|attacked|struck|opened\s+fire|blew|detonated|carried\s+out|launched|targeted)\b", gate=True)


@dataclass(slots=True)
class Attribution:
    claimed_by: list[str]
    denied_by: list[str]
    blamed: list[Blame]
    evidence: dict[str, str]


def _groups(mentions: list[ActorMention]) -> list[ActorMention]:
    return [m for m in mentions if m.kind != "state"]


def claims_and_denials(sentences: list[str], home_country: str | None = None) -> tuple[list[str], list[str], dict[str, str]]:
    """Claimants and deniers named in ``sentences`` (in order), with evidence spans.

    ``home_country`` (where the attack was) names the affiliate a report means by "the Islamic
    State's regional affiliate" (the dictionary's ``regions``)."""
    index = actor_index()
    claimed: list[str] = []
    denied: list[str] = []
    evidence: dict[str, str] = {}
    generic: set[str] = set()
    for i, sentence in enumerate(sentences):
        facts = _facts(sentence)
        denials, claims = facts.denials, facts.claims
        if not denials and not claims:
            continue
        actors = _groups(find_actors(sentence, countries=False))
        for cue in denials:
            before = [a for a in actors if a.end <= cue.start]
            # "X claimed it, while a spokesman for Y denied ...": the denial's own clause.
            cut = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, cue.start)), default=0)
            before = [a for a in before if a.start >= cut] or before
            subject = _subject_group(before, sentence)
            for actor in subject:
                if actor.name not in denied:
                    denied.append(actor.name)
                    evidence.setdefault("denied_by", sentence)
        for cue in claims:
            if cue.negated:
                continue
            if cue.by or cue.text.lower().startswith("claim of"):
                after = [a for a in actors if a.start >= cue.end]
                chosen = after[:1]
            else:
                before = [a for a in actors if a.end <= cue.start]
                chosen = _joined(_subject_group(before, sentence), sentence)
            name = chosen[0].name if chosen else None
            # An unnamed, parent or "affiliate" claimant is refined by a later "known as X".
            refined = _refine(sentences[i:], name, sentence, cue.end)
            name = refined or name
            if name and name not in claimed:
                claimed.append(name)
                evidence.setdefault("claimed_by", sentence)
            for extra in chosen[1:]:
                # "Jamaat-ul-Ahrar and the Islamic State both claimed responsibility"
                if extra.name not in claimed:
                    claimed.append(extra.name)
            if name and refined is None and _GENERIC_CLAIMANT.search(fold(sentence)[max(0, cue.start - 80): cue.end + 40]):
                generic.add(name)
    # "An Islamic State affiliate claimed it ... the affiliate, known as ISKP": keep the affiliate only.
    claimed = [c for c in claimed if not (c in generic and any(c in index.ancestors(o) for o in claimed if o != c))]
    # "The Islamic State group's regional affiliate claimed ..." in Pakistan: the Khorasan province.
    if home_country and generic:
        claimed = list(dict.fromkeys(
            index.regional.get((c, home_country), c) if c in generic else c for c in claimed
        ))
    return claimed, denied, evidence


class _Cue(NamedTuple):
    """A claim, denial or blame cue: its span, text as written and flags about it."""

    start: int
    end: int
    text: str
    negated: bool = False  # a claim cue under "no group has claimed"
    by: bool = False  # a claim cue ending in the word "by" ("claimed by"): the claimant follows
    ends_by: bool = False  # a claim cue ending in "by", read by the blame rules
    follows: bool = False  # a blame cue whose party follows it ("links to X")
    passive: bool = False  # "was blamed", "were linked": the party may come well before
    accusing: bool = False  # blame in so many words ("blamed", "accused", "pointed the finger")


_HAD_CLAIMED = re.compile(r"\bhad\s+claimed\b")
_BY_END = caseless(r"\bby\s*$")
_BY_END_LOOSE = caseless(r"by\s*$")
_GENERIC_CLAIMANT = caseless(r"affiliate|branch|wing\b")
_ACCUSING = caseless(r"blam|accus|finger")


def _find_claim_cues(sentence: str, low: str) -> tuple[_Cue, ...]:
    """Claim phrases of ``sentence`` (``low`` is its :func:`fold`)."""
    out = []
    for cue in _CLAIM.finditer(low):
        text = sentence[cue.start():cue.end()]
        window = low[max(0, cue.start() - 60): cue.end()]
        negated = bool(_CLAIM_NEGATED.search(window)) and not _HAD_CLAIMED.search(text)
        by, ends_by = bool(_BY_END.search(cue.group())), bool(_BY_END_LOOSE.search(cue.group()))
        out.append(_Cue(cue.start(), cue.end(), text, negated=negated, by=by, ends_by=ends_by))
    return tuple(out)


def _find_denial_cues(sentence: str, low: str) -> tuple[_Cue, ...]:
    """Denial phrases of ``sentence`` (``low`` is its :func:`fold`)."""
    return tuple(_Cue(c.start(), c.end(), sentence[c.start():c.end()]) for c in _DENIAL.finditer(low))


_CLAUSE_BREAK = re.compile(r",\s+(?:while|but|whereas|although)\b|;")
_JOINER = re.compile(r"^\s*(?:\([^()]{1,40}\)\s*)?(?:,|and|as\s+well\s+as)\s+(?:the\s+)?$")


def _joined(groups: list[ActorMention], sentence: str) -> list[ActorMention]:
    """The first group and the ones joined to it by "and" / "as well as" ("X and Y both claimed")."""
    out = groups[:1]
    for group in groups[1:]:
        if not _JOINER.match(sentence[out[-1].end:group.start]):
            break
        out.append(group)
    return out


def _subject_group(before: list[ActorMention], sentence: str) -> list[ActorMention]:
    """Groups heading the clause before a cue, skipping "a breakaway faction of X" and
    "the X-linked group" modifiers."""
    out = []
    for actor in before:
        lead = sentence[max(0, actor.start - 40): actor.start]
        if _SUBSIDIARY.search(fold(lead)) or _MODIFIER_AFTER.match(sentence, actor.end):
            continue
        out.append(actor)
    return out


_MODIFIER_AFTER = re.compile(r"-(?:linked|backed|affiliated|allied|inspired|aligned)\b")
_AFFILIATE = caseless(r"\baffiliate|\bgroup\b|\bbranch\b|\bfaction\b|\bwing\b", gate=True)


def _refine(window: list[str], name: str | None, first: str, cue_end: int) -> str | None:
    index = actor_index()
    affiliate = bool(_AFFILIATE.search(fold(first)))
    if name and not affiliate:
        return None
    for j, text in enumerate(window):
        for m in _REFINE.finditer(fold(text)):
            if j == 0 and m.start() < 0:
                continue
            found = find_actors(text[m.end(): m.end() + 80], countries=False)
            if found and found[0].start < 5:
                candidate = found[0].name
                if name is None or name in index.ancestors(candidate) or candidate == name:
                    return candidate
    return None


def blame(sentences: list[tuple[str, int]], people: People, home_country: str | None, claimed: list[str]) -> tuple[list[Blame], dict[str, str]]:
    """Accusations in ``sentences`` ((text, start offset) pairs), one entry per party."""
    entries: list[tuple[int, Blame]] = []
    evidence: dict[str, str] = {}
    speakers: dict[int, str | None] = {}

    def speaker_of(i: int) -> str | None:
        """Speaker of sentence ``i`` as a whole (for quotes and pronouns in the next one)."""
        if i < 0:
            return None
        if i not in speakers:
            text, start = sentences[i]
            speakers[i] = None  # guards against deep recursion on long quotations
            found = find_speaker(text, len(text), people, start, speaker_of(i - 1) if i > 0 and i - 1 in speakers else None)
            if found is None and text.lstrip().startswith(("“", '"')) and i > 0:
                found = speaker_of(i - 1)
            speakers[i] = found
        return speakers[i]

    # Which sentences begin inside a quotation opened in an earlier sentence.
    inside_quote: list[bool] = []
    depth = 0
    for text, _ in sentences:
        inside_quote.append(depth > 0)
        depth = max(0, depth + text.count("“") - text.count("”"))
        if text.count('"') % 2:
            depth = 0 if depth else 1

    for i, (text, start) in enumerate(sentences):
        facts = _facts(text)
        cues, no_evidence, definition, given = facts.blame_cues, facts.no_evidence, facts.definition, facts.given
        if not cues and no_evidence and len(text) < 160:
            # "He did not offer evidence for the charge.": the hedge of the sentence before.
            for j, (rank, entry) in enumerate(entries):
                if entry.evidence == sentences[i - 1][0] and entry.evidence_given is None:
                    entries[j] = (rank, Blame(entry.party, entry.by, False, entry.on_behalf_of, entry.evidence))
            continue
        if not cues or definition:
            continue
        low = fold(text)
        speaker_for_quotes = speaker_of(i - 1)
        text_for_speaker = "“" + text if inside_quote[i] else text
        actors = find_actors(text)
        claim_cues = facts.claims
        for actor in actors:
            near = [
                c for c in cues
                if -60 <= actor.start - c.end <= 90 or -50 <= c.start - actor.end <= 50
                or (c.passive and 0 <= c.start - actor.end <= 130)
            ]
            if not near:
                continue
            near = [c for c in near if not c.follows or actor.start >= c.start or actor.end >= c.end or c.passive]
            if not near:
                continue
            cue = min(near, key=lambda c: abs(actor.start - c.start))
            if any(0 <= actor.start - c.end < 60 for c in claim_cues if c.ends_by):
                continue  # "was claimed by X": a claimant, not a blamed party
            if _NEGATED_BLAME.search(low[max(0, min(cue.start, actor.start) - 40): max(cue.end, actor.end)]):
                continue
            if _SPEAKS.match(low[actor.end:]):
                continue  # "India's Ministry of External Affairs said", "India rejects ...": the speaker
            if actor.kind == "state" and home_country and _is_home(actor.name, home_country) and not re.search(
                r"\b(?:blam\w+|accus\w+)\s+(?:the\s+)?" + re.escape(actor.text), text
            ):
                continue
            if actor.name in claimed and not cue.accusing:
                continue
            shift = len(text_for_speaker) - len(text)
            speaker = find_speaker(text_for_speaker, min(cue.start, actor.start) + shift, people, start, speaker_for_quotes)
            if speaker and (speaker.lower() in actor.text.lower() or actor.text.lower() in speaker.lower()):
                continue
            entries.append((_rank(speaker), Blame(actor.name, speaker, given, _behalf(speaker, people, home_country), text)))
            evidence.setdefault("blamed", text)
    # The outlet names the perpetrators: "Militants of the TTP splinter group X rammed ...".
    for text, _start in sentences:
        for m in _facts(text).perpetrators:
            found = find_actors(m, countries=False)
            if found and found[-1].name in claimed:
                continue  # the outlet naming the group that claimed it is no accusation
            if found:
                entries.append((3, Blame(found[-1].name, None, None, None, text)))
                evidence.setdefault("blamed", text)
    merged: dict[tuple[str, str | None], tuple[int, Blame]] = {}
    for rank, entry in entries:
        key = (entry.party, _speaker_key(entry.by))
        current = merged.get(key)
        if current is None:
            merged[key] = (rank, entry)
            continue
        best_rank, best = current
        flag = best.evidence_given
        if entry.evidence_given is True or (flag is None and entry.evidence_given is False):
            flag = entry.evidence_given
        merged[key] = (best_rank, Blame(best.party, best.by, flag, best.on_behalf_of, best.evidence))
    # A party blamed by a named person or body: anonymous and country-level speakers add nothing.
    named = {party for (party, _), (rank, _) in merged.items() if rank <= 1}
    out = []
    for (party, _), (rank, entry) in merged.items():
        if party in named and rank >= 2:
            continue
        # The strongest evidence flag of any statement about this party applies to all of them.
        flags = [e.evidence_given for (p, _), (_, e) in merged.items() if p == party]
        flag = True if True in flags else (False if entry.evidence_given is False else entry.evidence_given)
        out.append(Blame(entry.party, entry.by, flag, entry.on_behalf_of, entry.evidence))
    # speaker_of refers to itself through its closure: break the cycle, so that the function
    # and its cache are freed now rather than by a garbage collection.
    speaker_of = None  # noqa: F841
    return out, evidence


_WHICH_IS = re.compile(r"\b(?:which|who|that)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:\w+\s+)?$")
_LINK_CUE = caseless(r"link|ties|tying")
_ATTACK_BEFORE = caseless(r"\b(?:attack|bombing|blast|it)\b")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being)\s+$")


def _find_blame_cues(text: str, low: str) -> tuple[_Cue, ...]:
    """The accusation cues of a sentence that can carry blame (``low`` is its :func:`fold`).

    Cues in relative clauses ("which is linked to"), habitual statements, weak cues
    ("support", "based in") in a sentence not about an attack, and descriptions of an
    organisation ("the group is linked to the TTP") are left out.
    """
    if not _may_have_blame_cue(low):
        return ()
    out = []
    attack_ref: bool | None = None
    for c in _BLAME_CUE.finditer(low):
        start, end = c.start(), c.end()
        if _WHICH_IS.search(text[max(0, start - 40): start]):
            continue
        if _HABITUAL.search(low[_clause_start(text, start): end + 20]):
            continue
        group = c.group()
        if not _STRONG_CUE.search(group):
            if attack_ref is None:
                attack_ref = bool(_ATTACK_REF.search(low))
            if not attack_ref:
                continue
        if _LINK_CUE.match(group) and _DESCRIBED.search(low[max(0, start - 60): start]) and not _ATTACK_BEFORE.search(low[max(0, start - 60): start]):
            continue
        out.append(_Cue(
            start, end, text[start:end],
            follows=bool(_FOLLOW_CUE.match(group)),
            passive=bool(_PASSIVE_BEFORE.search(text[:start])),
            accusing=bool(_ACCUSING.search(group)),
        ))
    return tuple(out)


class _Facts(NamedTuple):
    """What claims and blame read of one sentence, found in one pass over its folded text."""

    claims: tuple[_Cue, ...]  # claim phrases
    denials: tuple[_Cue, ...]  # denial phrases
    blame_cues: tuple[_Cue, ...]  # accusation cues that can carry blame
    perpetrators: tuple[str, ...]  # who the outlet names as the attackers
    no_evidence: bool  # says "without providing evidence"
    definition: bool  # a definition ("X is the term for ..."); only looked for with blame cues
    given: bool | None  # the evidence flag its accusations carry; only looked for with blame cues

    @property
    def flags(self) -> tuple[bool, bool, bool]:
        """See :func:`attribution_flags`."""
        return bool(self.claims or self.denials), bool(self.blame_cues), bool(self.perpetrators)


@text_cache(maxsize=16384)
def _facts(text: str) -> _Facts:
    """The claim, denial and blame facts of a sentence (cached per sentence: every mention's
    window asks again, and one look-up serves all of them)."""
    low = fold(text)
    cues = _find_blame_cues(text, low)
    if not _CLAIM_DENIAL_GATE.search(low):  # most sentences: nothing but blame to look for
        if not cues:
            return _NO_FACTS  # one shared value, nothing to build or free
        claims = denials = perpetrators = ()
        no_evidence = False
    else:
        claims, denials = _find_claim_cues(text, low), _find_denial_cues(text, low)
        perpetrators = tuple(text[m.start("who"):m.end("who")] for m in _PERPETRATOR.finditer(low))
        no_evidence = bool(_NO_EVIDENCE.search(low))
    definition, given = False, None
    if cues:  # blame reads the other two only for a sentence with cues
        definition = bool(_DEFINITION.search(low))
        given = False if no_evidence else (True if _EVIDENCE.search(low) else None)
    if not (claims or denials or cues or perpetrators or no_evidence):
        return _NO_FACTS
    return _Facts(claims, denials, cues, perpetrators, no_evidence, definition, given)


#: Every match of the claim, denial, perpetrator and evidence-hedge patterns contains one of
#: their required strings (:func:`etl.extract.gates.required_strings`): one test for them all,
#: per word and remembered (:class:`etl.extract.gates.TokenGate`), instead of the four
#: patterns' own gates.
_CLAIM_DENIAL_PATTERNS = (_CLAIM, _DENIAL, _PERPETRATOR, _NO_EVIDENCE)
_CLAIM_DENIAL_GATE = token_gate(*_CLAIM_DENIAL_PATTERNS)
if _CLAIM_DENIAL_GATE is None:  # pragma: no cover - a pattern edited without required strings
    raise ValueError("the claim, denial, perpetrator and evidence patterns need required strings")
_NO_FACTS = _Facts((), (), (), (), False, False, None)


def has_claim_cue(text: str) -> bool:
    """True when a sentence has a claim or denial phrase (cached)."""
    return _facts(text).flags[0]


def has_blame_cue(text: str) -> bool:
    """True when a sentence has an accusation cue (only then does :func:`blame` look for
    speakers)."""
    return _facts(text).flags[1]


def attribution_flags(text: str) -> tuple[bool, bool, bool]:
    """(has a claim or denial phrase, has an accusation cue, names perpetrators) of a sentence:
    without the first, :func:`claims_and_denials` finds nothing in it; without the other two,
    :func:`blame` finds nothing in it (cached per sentence with its other facts)."""
    return _facts(text).flags


def _speaker_key(by: str | None) -> str | None:
    return None if by is None else by.lower().replace("'s", "").replace("pakistani", "pakistan")


_OFFICIAL = caseless(r"\b(?:minister|president|premier|prime|government|officials?|authorities|spokes\w+|military|army|police|ISPR|interior|ministry|leadership|adviser|advisor|governor|state)\b")


def _behalf(speaker: str | None, people: People, home: str | None) -> str | None:
    """The state a speaker speaks for: a country named in the speaker or their title
    ("US diplomats" -> United States), else the report's country for officials."""
    if speaker is None:
        return None
    from etl.reference.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    role = next((p.role for p in people.persons if p.name == speaker and p.role), None)
    for text in (speaker, role or ""):
        for word in re.findall(r"[A-Z][\w.]*(?:['’]s)?", text):
            code = gazetteer.country_code(re.sub(r"['’]s$", "", word))
            if code:
                return gazetteer.country_name(code)
    if home and (_OFFICIAL.search(fold(speaker)) or (role and _OFFICIAL.search(fold(role)))):
        return gazetteer.country_name(home)
    return None


def _clause_start(text: str, position: int) -> int:
    """Start of the clause that contains ``position`` (after the last , ; : or dash)."""
    rfind = text.rfind  # five direct calls: quicker than a generator over the marks
    return max(rfind(",", 0, position), rfind(";", 0, position), rfind(":", 0, position), rfind("—", 0, position), rfind(" - ", 0, position)) + 1


def _rank(speaker: str | None) -> int:
    """Named people first, then bodies ("ISPR", "police sources"), countries, the outlet."""
    if speaker is None:
        return 3
    if speaker.isupper() or any(w[:1].isupper() for w in speaker.split()[1:]) and len(speaker.split()) >= 2:
        return 0
    if speaker[:1].isupper() and len(speaker.split()) == 1:
        return 2
    return 1


def _is_home(name: str, home: str) -> bool:
    from etl.reference.gazetteer import load_gazetteer

    return load_gazetteer().country_code(name) == home
