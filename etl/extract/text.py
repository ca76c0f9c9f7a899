"""Page-noise cleaning and sentence splitting, with character offsets into the original text.

A report is split into lines; each line is classified (headline, caption, dateline-only,
noise such as "Read:" links, tags and subscribe blurbs, or body) and body lines are split
into sentences. Offsets always point into the text as given, so evidence spans can be
traced back to the document.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import NamedTuple

from etl.extract.caseless import caseless, fold_text
from etl.extract.memo import text_cache

#: Lines that are page furniture rather than report text.
_NOISE = caseless(
    r"""^\s*(?:
        (?:also\s+)?read(?:\s+more)?\s*(?::|\||—|-|at\b)      # "Read:", "ALSO READ |", "Read more at"
      | (?:watch|listen|see\s+also|related|more\s+on\s+this)\s*[:|—-]
      | tags?\s*:
      | advertisement\s*$
      | share\b.*\|
      | (?:follow|subscribe|sign\s+up|download|join)\b.*\b(?:news|channel|newsletter|app|us|updates)\b
      | click\s+(?:on|here)\b
      | browse\s+categories
      | personali[sz]e\s+your
      | upgrade\s+your\s+experience
      | (?:published|updated|last\s+updated|posted)\s*:
      | (?:published|updated|posted)\s+(?:on\s+)?\d
      | by\s+(?:our\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*$
      | (?:breaking|exclusive|live)\s*:.*\bsubscribe\b
      | today\s+in\s+\w+
      | (?:this\s+is\s+a\s+developing\s+story)
      | (?:copyright|©|all\s+rights\s+reserved)
      | (?:photo|file\s+photo|image)\s*:
    )""", re.X)
# Two more kinds of noise line, kept apart from _NOISE because their leading ".{0,80}" is tried
# at up to 80 lengths on every line: each is tried only when its word or bar is in the line.
_NOISE_SUBSCRIBE = caseless(r"^\s*.{0,80}\bsubscribe\s+(?:to|for|now)\b")  # "... Subscribe to our channel"
_NOISE_DATED_BAR = caseless(r"^\s*.{0,40}\|\s*(?:updated|published)\s*:")  # "Lahore | Updated: ..."

#: Photo credits that end a caption line ("— Reuters", "PHOTO: REUTERS", "AFP / Getty").
_CAPTION_END = re.compile(
    r"""(?:
        \b(?i:photo)\s*:\s*[\w ./-]+$
      | \s[—–-]\s*(?:[A-Z][\w.]*\s*){1,4}(?:/\s*(?:[A-Z][\w.]*\s*){1,3}){0,3}$
      | \((?:[^()]*(?:/|Creative\s+Commons|Getty|Photo|AFP|Reuters|AP)[^()]*)\)\s*$
      | (?:[A-Z][a-z]+\s+){1,3}/\s*(?:AFP|AP|Reuters|Getty|EPA|White\s+Star)(?:\s*/\s*[\w ]+)?$
    )""",
    re.X,
)
# The four credits of _CAPTION_END one by one, each tried only when it can match (the
# combined pattern is tried at every position of every line, which made it the costliest test
# of the cleaning step): "photo:" needs "photo" and a colon; a dash credit can only start at
# the last dash of the line (its tail has no dash); a parenthesised credit ends the line with
# ")"; an agency credit needs "/".
_CREDIT_PHOTO = re.compile(r"\b(?i:photo)\s*:\s*[\w ./-]+$")
_CREDIT_DASH = re.compile(r"\s[—–-]\s*(?:[A-Z][\w.]*\s*){1,4}(?:/\s*(?:[A-Z][\w.]*\s*){1,3}){0,3}$")
_CREDIT_PAREN = re.compile(r"\((?:[^()]*(?:/|Creative\s+Commons|Getty|Photo|AFP|Reuters|AP)[^()]*)\)\s*$")
_CREDIT_AGENCY = re.compile(r"(?:[A-Z][a-z]+\s+){1,3}/\s*(?:AFP|AP|Reuters|Getty|EPA|White\s+Star)(?:\s*/\s*[\w ]+)?$")


def _has_credit(line: str) -> bool:
    """``_CAPTION_END.search(line) is not None``, without trying every position."""
    if ":" in line and "photo" in fold_text(line) and _CREDIT_PHOTO.search(line):
        return True
    dash = max(line.rfind("—"), line.rfind("–"), line.rfind("-"))
    if dash >= 1 and _CREDIT_DASH.match(line, dash - 1):
        return True
    if line.rstrip().endswith(")") and _CREDIT_PAREN.search(line):
        return True
    return "/" in line and _CREDIT_AGENCY.search(line) is not None

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"

#: A dateline opening a body line: "ISLAMABAD:", "PESHAWAR, Pakistan (AP) —", "RAWALPINDI, May 5:",
#: "[ISLAMABAD]", "BANNU –", "DUBAI (Reuters) --".
DATELINE = re.compile(
    r"""^\s*\[?(?P<place>[A-Z][A-Z.'\- ]{2,30}[A-Z])\]?
        (?:\s*,\s*(?P<extra>[^:—–()]{0,40}?))?
        (?:\s*\((?P<agency>[^)]{1,80})\))?
        \s*(?::|—|–|--|-(?=\s)|\](?=\s)|(?<=\])\s)\s*""",
    re.X,
)

_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "no", "vs", "jr",
    "sr", "prof", "gov", "sen", "rep", "rev", "inc", "co", "corp", "ltd", "u.s", "u.n", "u.k",
    "e.g", "i.e", "etc", "approx", "brig", "cdr", "insp", "supt", "adv", "govt", "dept", "mt",
    *(m.lower() for m in _MONTHS.split("|")),
}

_END_PUNCTUATION = re.compile(r"[.!?:]$")
#: The characters of the word run that ends a sentence before its full stop ("Gen", "U.S").
_WORD_CHARS = string.ascii_letters + "."
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9•])")
#: _SENT_END for a text without "!" or "?": the same matches, found much faster (re scans for
#: a leading literal quickly, for a leading character class one position at a time).
_SENT_END_DOT = re.compile(r"\.[.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9•])")


class Sentence(NamedTuple):
    """A sentence of the report: its text and where it starts in the original document."""

    text: str
    start: int
    line: int  # index of the line it belongs to
    kind: str  # "headline" | "body" | "caption" | "subhead"

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class Dateline(NamedTuple):
    place: str
    extra: str | None
    start: int
    end: int


@dataclass(slots=True)
class CleanText:
    """The report as the extractor sees it."""

    text: str
    sentences: list[Sentence]
    datelines: list[Dateline]

    def body(self) -> list[Sentence]:
        return [s for s in self.sentences if s.kind in ("body", "headline", "subhead")]


def is_noise(line: str) -> bool:
    """True for page furniture: link lines, tags, subscribe blurbs, 'Updated: ... IST' lines."""
    stripped = line.strip()
    if not stripped:
        return True
    low = fold_text(stripped)  # a line seldom comes back: not worth a place in fold's cache
    if (
        _NOISE.match(low)
        or ("subscribe" in low and _NOISE_SUBSCRIBE.match(low))
        or ("|" in low and _NOISE_DATED_BAR.match(low))
    ):
        return True
    # Shouted banner lines ("WHAT WOULD YOU GIVE TO ...") and one-word brand lines. A text is
    # unchanged by upper() only if each of its characters is, so the start of the line is
    # tried first: most lines fail there, without upper-casing all of it.
    start = stripped[:40]
    if (
        start.upper() == start
        and stripped.upper() == stripped
        and sum(c.isalpha() for c in stripped) > 12
        and not DATELINE.match(stripped)
    ):
        return True
    words = stripped.split(None, 3)  # at most four parts: enough to tell "three words or fewer"
    if len(words) <= 3 and not _END_PUNCTUATION.search(stripped) and not any(c.isdigit() for c in stripped):
        # Very short line without punctuation: a section label or brand ("TheMediaLine").
        return len(words) == 1 or stripped.count("|") > 0
    return "|" in stripped and stripped.count("|") >= 2  # ("in" is quicker than counting)


def is_caption(line: str) -> bool:
    """True for photo captions, recognised by their credit ("— Reuters", "PHOTO: APP")."""
    stripped = line.strip()
    if len(stripped) > 400:
        return False
    return _has_credit(stripped) and not stripped.startswith(("•", "-", "*"))


def split_sentences(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """Split one paragraph into sentences, returning (sentence, start offset) pairs."""
    out: list[tuple[str, int]] = []
    start = 0
    ends = _SENT_END if "!" in text or "?" in text else _SENT_END_DOT
    for match in ends.finditer(text):
        stop = match.start()
        if text[stop] == ".":
            # The run of letters and dots just before the full stop (stripped off the end, not
            # searched for): an abbreviation or initials ("U.S", only tried on words with a dot)
            # do not end the sentence.
            head = text[start:stop]
            word = head[len(head.rstrip(_WORD_CHARS)):].lower().rstrip(".")
            if word in _ABBREV or len(word) == 1 or ("." in word and _INITIALS.fullmatch(word)):
                continue
        end = match.end()
        piece = text[start:end]
        sentence = piece.strip()
        if sentence:
            out.append((sentence, offset + start + len(piece) - len(piece.lstrip())))
        start = end
    piece = text[start:]
    sentence = piece.strip()
    if sentence:
        out.append((sentence, offset + start + len(piece) - len(piece.lstrip())))
    return out


def clean(text: str, title: str | None = None) -> CleanText:
    """Classify the lines of ``text`` and split the kept ones into sentences.

    Line 1 is the headline (when ``title`` is given and differs, the title is used as an extra
    headline with offset -1). A repeated headline later in the text is dropped. Captions are
    kept with kind "caption" (the extractor uses them only as a last resort); noise is dropped.
    """
    sentences: list[Sentence] = []
    datelines: list[Dateline] = []
    lines = text.split("\n")
    pos = 0
    headline = None
    body_started = False
    for index, raw in enumerate(lines):
        line_start = pos
        pos += len(raw) + 1
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped:
            if headline is not None:
                body_started = True
            continue
        lead = len(line) - len(line.lstrip())
        if headline is None:
            headline = stripped
            sentences.append(Sentence(stripped, line_start + lead, index, "headline"))
            continue
        if stripped == headline:
            continue
        noise, caption, dateline, content_offset, pieces = _line_parts(stripped)
        if noise:
            continue
        if caption:
            kind = "caption"
        elif not body_started and len(stripped) < 160 and not stripped.startswith("•"):
            kind = "subhead"
        else:
            kind = "body"
        body_started = True
        content_start = line_start + lead
        if dateline is not None:
            place, extra, end = dateline
            datelines.append(Dateline(place, extra, content_start, content_start + end))
            if kind == "subhead":
                kind = "body"
        content_start += content_offset
        for sent, start in pieces:
            sentences.append(Sentence(sent, content_start + start, index, kind))
    if title and headline and title.strip() != headline:
        sentences.insert(0, Sentence(title.strip(), -1, -1, "headline"))
    return CleanText(text, sentences, datelines)


@text_cache(maxsize=16384)
def _line_parts(stripped: str) -> tuple[bool, bool, tuple[str, str | None, int] | None, int, list[tuple[str, int]]]:
    """What :func:`clean` needs of one line, whatever its place in the report (cached per line):
    (noise, caption, dateline (place, extra, end) or None, where the text after the dateline and
    bullet starts, and its sentences with offsets from there)."""
    if is_noise(stripped):
        return True, False, None, 0, []
    caption = is_caption(stripped)
    content, offset, dateline = stripped, 0, None
    match = DATELINE.match(content)
    if match and not caption and _looks_like_dateline(match):
        dateline = (match.group("place").strip(), match.group("extra"), match.end())
        offset += match.end()
        content = content[match.end():]
    if content.startswith("•"):
        content = content[1:]
        offset += 1
        lead = len(content) - len(content.lstrip())
        content, offset = content.strip(), offset + lead
    return False, caption, dateline, offset, split_sentences(content)


def _looks_like_dateline(match: re.Match[str]) -> bool:
    place = match.group("place")
    letters = [c for c in place if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)
