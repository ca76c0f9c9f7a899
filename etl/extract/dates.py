"""Date expressions: located with patterns, parsed with dateparser, anchored on publication.

:func:`find_dates` returns every date expression in a sentence with its resolved value and
precision: explicit dates ("February 6", "6 Feb 2026", "01/02/2021" in MM/DD/YYYY dataset
summaries, "4th Mar, 2022"), weekdays ("on Friday", "Friday's", "during Friday prayers" = the
latest such day on or before publication), "today"/"yesterday", months ("November 2025",
"last November", "in November") and years ("the 2008 ... bombing"). No value is ever later
than the publication date. dateparser only ever sees the short candidate string, and its
results are cached per (string, anchor).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from etl.extract.caseless import caseless, fold
from etl.extract.memo import text_cache

_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MON = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("numeric", re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})\b")),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<d>{_DAY})\b(?!:\d)(?:,?\s+(?P<y>{_YEAR})\b)?")),
    ("dmy", re.compile(rf"\b(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_MON})\b(?:,?\s+(?P<y>{_YEAR})\b)?")),
    ("month_year", re.compile(rf"\b(?P<mon>{_MON})(?:,)?\s+(?P<y>{_YEAR})\b")),
    ("last_month", re.compile(r"\b(?P<rel>(?i:last|this|in|since|early|late|mid|mid-))\s*(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November|December))\b(?!\s+\d)")),
    ("weekday", caseless(rf"\b(?P<wd>{_WD})(?:'s|’s)?\b(?:\s*\((?P<paren>{_MON}\.?\s+{_DAY}|{_DAY}\s+{_MON})\))?")),
    ("today", caseless(r"\b(?:today(?:'s|’s)?|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+in\s+the\s+day|earlier\s+today)\b")),
    ("yesterday", caseless(r"\b(?:yesterday(?:'s|’s)?|last\s+night)\b")),
    ("day_before", caseless(r"\b(?:a\s+day\s+(?:earlier|before)|the\s+(?:previous|preceding)\s+day|the\s+day\s+before)\b")),
    # "(?<![\d/-])(?P<y>{_YEAR})": the look-behind moved after the century digits, so that the
    # pattern starts with them and re skips quickly to a "19" or "20" (same matches).
    ("year", re.compile(r"(?P<y>(?:19|20)(?<![\d/-]\d\d)\d{2})(?:'s|’s)?(?![\d/-])")),
)


_CASELESS = {"weekday", "today", "yesterday", "day_before"}


class DateMention(NamedTuple):
    value: str  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    precision: str  # "day" | "month" | "year"
    kind: str  # pattern name
    start: int
    end: int
    text: str

    def as_date(self) -> dt.date:
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


def _month(text: str) -> int:
    return _MONTH_NAMES[text.lower().rstrip(".")[:3] if text.lower().rstrip(".") not in _MONTH_NAMES else text.lower().rstrip(".")]


@text_cache(maxsize=4096)
def parse_with_dateparser(text: str, anchor: dt.date | None, order: str = "MDY") -> dt.date | None:
    """Parse one short date string with dateparser, relative to ``anchor`` (cached)."""
    import dateparser  # imported lazily: it is slow to import and only needed here

    settings = {"PREFER_DATES_FROM": "past", "DATE_ORDER": order, "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time(12))
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed else None


def _weekday_before(anchor: dt.date, weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def _explicit(day: int, month: int, year: int | None, anchor: dt.date | None, text: str) -> dt.date | None:
    """Resolve "February 6" / "6 Feb 2026" / "4th Mar, 2022": dateparser reads the string (cached
    per string, independent of the anchor); a missing year is the latest one not after ``anchor``."""
    if year is None and anchor is None:
        return None
    parsed = parse_with_dateparser(_tidy(text), None, "MDY")
    if parsed is not None:
        day, month = parsed.day, parsed.month
    try:
        if year is not None:
            return dt.date(year, month, day)
        value = dt.date(anchor.year, month, day)
        if value > anchor:
            value = dt.date(anchor.year - 1, month, day)
        return value
    except ValueError:
        return None


def _tidy(text: str) -> str:
    """Candidate string in a form dateparser reads reliably ("4th Mar, 2022" -> "4 Mar 2022")."""
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)
    return " ".join(text.replace(",", " ").replace(".", " ").split())


#: Cheap necessary conditions per pattern (a pattern whose gate fails cannot match).
_MONTH_WORD = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_DIGIT = re.compile(r"\d")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _gates(sentence: str, low: str) -> dict[str, bool]:
    """Which patterns can match ``sentence`` at all (``low`` is its folded text): each needs a
    digit, a capitalised month abbreviation or one of its words."""
    digit = _DIGIT.search(sentence) is not None
    month = _MONTH_WORD.search(sentence) is not None
    day = "day" in low  # every weekday name, "a day earlier", "the previous day"
    return {
        "numeric": digit and "/" in sentence,
        "iso": digit and "-" in sentence,
        "mdy": digit and month,
        "dmy": digit and month,
        "month_year": digit and month,
        "last_month": month,
        "weekday": day and any(name in low for name in _WEEKDAY_NAMES),
        "today": "today" in low or "tonight" in low or "this" in low or "earlier" in low,
        "yesterday": "yesterday" in low or "last" in low,
        "day_before": day and ("earlier" in low or "before" in low or "previous" in low or "preceding" in low),
        "year": "19" in sentence or "20" in sentence,
    }


def find_dates(sentence: str, anchor: dt.date | None) -> list[DateMention]:
    """Every date expression in ``sentence``, resolved against the publication date ``anchor``."""
    candidates = _candidates(sentence)
    if not candidates:
        return []
    return _resolve(candidates, sentence, anchor)


_PAREN_DATE = re.compile(rf"(?P<mon>{_MON})\.?\s+(?P<d>{_DAY})|(?P<d2>{_DAY})\s+(?P<mon2>{_MON})", re.I)


class _Candidate:
    """A pattern match kept for resolution: span and group texts (of the original text)."""

    __slots__ = ("_start", "_end", "_groups")

    def __init__(self, match: re.Match[str], text: str) -> None:
        self._start, self._end = match.span()
        self._groups = {name: (text[a:b] if a >= 0 else None) for name, (a, b) in ((n, match.span(n)) for n in match.re.groupindex)}
        self._groups[0] = text[self._start:self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, name: int | str = 0) -> str | None:
        return self._groups[name]


@text_cache(maxsize=16384)
def _candidates(sentence: str) -> tuple[tuple[str, _Candidate], ...]:
    """Every match of every date pattern in ``sentence``, pattern by pattern, in order: the part
    of date finding that does not depend on the publication date (cached per sentence)."""
    low = fold(sentence)
    gates = _gates(sentence, low)
    out = []
    for kind, pattern in _PATTERNS:
        if gates[kind]:
            out.extend((kind, _Candidate(m, sentence)) for m in pattern.finditer(low if kind in _CASELESS else sentence))
    return tuple(out)


def _resolve(candidates: tuple[tuple[str, _Candidate], ...], sentence: str, anchor: dt.date | None) -> list[DateMention]:
    """The dates of ``sentence`` from its pattern matches, resolved against ``anchor`` (not
    cached here: the caller, :func:`etl.extract.mentions._scored_dates`, caches its scored
    dates per sentence and anchor)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(kind: str, match: re.Match[str], value: str, precision: str) -> None:
        taken.append((match.start(), match.end()))
        found.append(DateMention(value, precision, kind, match.start(), match.end(), match.group()))

    for kind, m in candidates:
        if not free(m.start(), m.end()):
            continue
        if kind == "numeric":
            a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
            month, day = (a, b) if a <= 12 else (b, a)
            value = _safe_date(y, month, day)
            # dateparser reads no date from a string that names none ("50/48/2015": a ratio or a
            # score), except that it fills a zero part from today ("00/18/2007"): it is not asked
            # about the others (each new string costs it milliseconds).
            if value is not None or a == 0 or b == 0:
                value = parse_with_dateparser(m.group(), None, "MDY" if a <= 12 else "DMY") or value
            if value and (anchor is None or value <= anchor):
                add(kind, m, value.isoformat(), "day")
            else:
                taken.append((m.start(), m.end()))
        elif kind == "iso":
            value = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if value and (anchor is None or value <= anchor):
                add(kind, m, value.isoformat(), "day")
        elif kind in ("mdy", "dmy"):
            day = int(re.match(r"\d+", m.group("d")).group())
            # "May 5" is a date, but "may 5" in running text is the verb.
            if kind == "mdy" and m.group("mon").lower() == "may" and not m.group("y") and sentence[m.start()].islower():
                continue
            year = int(m.group("y")) if m.group("y") else None
            value = _explicit(day, _month(m.group("mon")), year, anchor, m.group())
            if value and (anchor is None or value <= anchor):
                add(kind, m, value.isoformat(), "day")
            else:
                taken.append((m.start(), m.end()))  # a future date: no partial re-reading
        elif kind == "month_year":
            month, year = _month(m.group("mon")), int(m.group("y"))
            if anchor is None or (year, month) <= (anchor.year, anchor.month):
                add(kind, m, f"{year:04d}-{month:02d}", "month")
        elif kind == "last_month":
            if anchor is None:
                continue
            month = _month(m.group("mon"))
            rel = m.group("rel").lower()
            year = anchor.year if month <= anchor.month else anchor.year - 1
            if rel == "last" and month == anchor.month:
                year -= 1
            add(kind, m, f"{year:04d}-{month:02d}", "month")
        elif kind == "weekday":
            if anchor is None:
                continue
            if m.group("paren"):
                # The weekday pattern reads "(feb 6)" in any case: so must this.
                inner = _PAREN_DATE.search(m.group("paren"))
                mon = inner.group("mon") or inner.group("mon2")
                day = int(re.match(r"\d+", inner.group("d") or inner.group("d2")).group())
                value = _explicit(day, _month(mon), None, anchor, m.group("paren"))
                if value:
                    add(kind, m, value.isoformat(), "day")
                continue
            value = _weekday_before(anchor, _WEEKDAYS[m.group("wd").lower()])
            add(kind, m, value.isoformat(), "day")
        elif kind == "today":
            if anchor is not None:
                add(kind, m, anchor.isoformat(), "day")
        elif kind == "yesterday":
            if anchor is not None:
                add(kind, m, (anchor - dt.timedelta(days=1)).isoformat(), "day")
        elif kind == "day_before":
            others = [d for d in found if d.precision == "day" and d.kind != "day_before"]
            base = others[-1].as_date() if others else anchor
            if base is not None:
                add(kind, m, (base - dt.timedelta(days=1)).isoformat(), "day")
        elif kind == "year":
            year = int(m.group("y"))
            if anchor is None or year <= anchor.year:
                add(kind, m, f"{year:04d}", "year")
    found.sort(key=lambda d: d.start)
    return found


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
