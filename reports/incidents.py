"""Finding incidents by what an analyst types: a slug, an id, or a search phrase.

``incidentdb report compare "Marriott 2008" "Islamabad court November 2025"`` must turn
each phrase into exactly one incident, or say why not. The rules, in order:

1. a bare number is an incident id (if no incident has that id and it looks like a year,
   the number is searched as a year instead);
2. an exact slug (case-insensitive) is that incident;
3. anything else is a *phrase*. Dates in it (``2008``, ``November 2025``, ``Feb 2026``,
   ``2025-11-11``, ``11 November 2025``, ``2025-11``) restrict the candidates to incidents
   whose date range overlaps that period. The other words are matched, case- and
   accent-insensitively and as word prefixes ("court" matches "courts"), against the
   incident's slug, title, place names (locality, city, admin2, admin1, country), attack
   and target type, the actors in its attributions, and the titles of the documents that
   mention it (so "Marriott" finds the Marriott bombing even when the incident's own title
   does not say "Marriott"; a document that mentions the incident only in passing, being
   mainly about another attack, counts little). A word no field contains may still match a
   near spelling ("Mariott") at a lower weight.

Each candidate gets a *coverage* (the share of words it matches) and a *score* (the
matched words weighted by where they matched: slug, title, locality and city weigh most).
The phrase resolves only when there is a clear winner: the single candidate, or the one
whose coverage is higher than every other's, or whose score beats the runner-up's by at
least :data:`CLEAR_MARGIN` or is at least twice it. Otherwise :class:`AmbiguousIncident` carries the ranked
candidates so the caller can list them (slug, date, place, killed).

Speed: the words are first looked for with SQL ``LIKE`` scans of the base tables (one per
table, all words at once), and only the incidents matching the most words — at most
:data:`CANDIDATE_CAP` — are loaded from ``incident_summary`` and scored in Python; ids and
slugs are indexed look-ups. A phrase resolves in a few seconds on 200,000 incidents.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, and_, case, func, or_, select

from incidentdb.errors import IncidentDBError
from models import Actor, ActorAlias, Attribution, Country, Document, Incident, Location, Mention
from reports.formatting import date_label
from reports.frames import read_frame
from reports.views import INCIDENT_SUMMARY

log = logging.getLogger(__name__)

#: Score lead that makes the top candidate a clear winner when coverage ties.
CLEAR_MARGIN = 2.0

#: Where a word matched -> weight.
FIELD_WEIGHTS: dict[str, float] = {
    "slug": 3.0, "title": 3.0, "locality": 3.0, "city": 3.0,
    "documents": 2.0, "admin2": 2.0, "admin1": 2.0, "country": 2.0,
    "attack_type": 1.5, "target_type": 1.5, "actors": 1.5,
    # titles of documents that only mention the incident in passing (mainly about another attack)
    "passing_documents": 0.5,
}
FUZZY_FACTOR = 0.5
FUZZY_MIN_RATIO = 85.0
STOPWORDS = frozenset({"the", "a", "an", "in", "of", "at", "on", "and", "to", "near", "vs", "versus", "with"})

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

# Longest patterns first: each match is removed from the phrase before the next is tried.
_DATE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso_day", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d?)-(?P<d>\d\d?)\b"),
    ("iso_month", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d?)\b"),
    ("day_month_year", rf"\b(?P<d>\d\d?)(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b"),
    ("month_day_year", rf"\b(?P<mn>{_MONTH_RE})\.?\s+(?P<d>\d\d?)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b"),
    ("month_year", rf"\b(?P<mn>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b"),
    ("year", r"\b(?P<y>(?:19|20)\d\d)\b"),
    ("month", rf"\b(?P<mn>{_MONTH_RE})\b"),
)


class IncidentNotFound(IncidentDBError):
    """No incident matches a reference."""


class AmbiguousIncident(IncidentDBError):
    """A phrase matches several incidents with no clear winner; ``candidates`` ranks them."""

    def __init__(self, reference: str, candidates: pd.DataFrame, total: int | None = None) -> None:
        count = max(total or 0, len(candidates))
        super().__init__(
            f"{reference!r} matches {count:,} incidents; give a slug or an id, or add words to the phrase",
        )
        self.reference = reference
        self.candidates = candidates


def fold(text: str | None) -> str:
    """Lower-case, accent-free text with punctuation as spaces ("Peshāwar, G-11" -> "peshawar g 11")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())


@dataclass(frozen=True)
class Period:
    """A date constraint from a phrase: a range of days, or a month of any year."""

    start: dt.date | None
    end: dt.date | None
    month_of_year: int | None = None
    label: str = ""


@dataclass(frozen=True)
class ParsedPhrase:
    words: tuple[str, ...]
    periods: tuple[Period, ...] = field(default_factory=tuple)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _period(kind: str, groups: dict[str, str | None]) -> Period | None:
    try:
        year = int(groups["y"]) if groups.get("y") else None
        month = int(groups["m"]) if groups.get("m") else _MONTHS.get((groups.get("mn") or "").lower())
        day = int(groups["d"]) if groups.get("d") else None
        if kind in ("iso_day", "day_month_year", "month_day_year"):
            date = dt.date(year, month, day)  # type: ignore[arg-type]
            return Period(date, date, label=date.isoformat())
        if kind in ("iso_month", "month_year"):
            return Period(dt.date(year, month, 1), _month_end(year, month), label=f"{year}-{month:02d}")  # type: ignore[arg-type]
        if kind == "year":
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), label=str(year))  # type: ignore[arg-type]
        if kind == "month" and month:
            return Period(None, None, month_of_year=month, label=calendar.month_name[month])
    except (TypeError, ValueError):
        return None
    return None


def parse_phrase(phrase: str) -> ParsedPhrase:
    """Split a search phrase into date periods and folded words.

    >>> p = parse_phrase("Islamabad court November 2025")
    >>> p.words, [x.label for x in p.periods]
    (('islamabad', 'court'), ['2025-11'])
    """
    text = f" {phrase} "
    periods: list[Period] = []
    for kind, pattern in _DATE_PATTERNS:
        regex = re.compile(pattern, re.IGNORECASE)
        for match in list(regex.finditer(text)):
            found = _period(kind, match.groupdict())
            if found is not None:
                periods.append(found)
                text = text.replace(match.group(0), " ", 1)
    words = tuple(w for w in fold(text).split() if w not in STOPWORDS)
    return ParsedPhrase(words=words, periods=tuple(periods))


def _period_clause(periods: Sequence[Period], start, end):  # noqa: ANN001, ANN202 - SQLAlchemy columns/clause
    """Incidents whose [start, end] (end defaults to start) overlaps any dated period."""
    clauses = [and_(start <= p.end, func.coalesce(end, start) >= p.start) for p in periods if p.start is not None]
    return or_(*clauses) if clauses else None


def _like_any(column, words: Iterable[str]):  # noqa: ANN001, ANN202
    return [column.ilike(f"%{w}%") for w in words]


_CANDIDATE_COLUMNS = (
    "incident_id", "slug", "title", "date_start", "date_end", "date_precision", "country_code", "country",
    "admin1", "admin2", "city", "locality", "attack_type", "target_type", "killed_best", "wounded_best",
    "claimed_by", "denied_by", "blamed", "suspected",
)

#: At most this many candidates are loaded and scored in detail (those matching most words).
CANDIDATE_CAP = 500


def _actor_words(conn: Connection, words: Sequence[str]) -> dict[str, set[str]]:
    """Actor canonical name -> the phrase words that spell one of its aliases ("iskp", "daesh khorasan")."""
    from etl.reference.actors import normalize_alias

    grams: dict[str, tuple[str, ...]] = {}
    for size in range(1, min(4, len(words)) + 1):
        for i in range(len(words) - size + 1):
            gram = words[i:i + size]
            grams[normalize_alias(" ".join(gram))] = tuple(gram)
    if not grams:
        return {}
    rows = conn.execute(
        select(Actor.name, ActorAlias.normalized_alias).join(ActorAlias, ActorAlias.actor_id == Actor.id)
        .where(ActorAlias.normalized_alias.in_(list(grams)))
    )
    found: dict[str, set[str]] = {}
    for name, alias in rows:
        found.setdefault(name, set()).update(grams[alias])
    return found


def _word_hits(conn: Connection, patterns: dict[str, str], actor_words: dict[str, set[str]],
               period) -> dict[int, set[str]]:  # noqa: ANN001
    """Incident id -> the words whose pattern occurs in one of its fields (one scan per table).

    Base tables, not the views: each word is a ``LIKE`` flag column of one scan of
    incidents+locations, documents (via mentions) and attributions, so this stays well
    under a second on 200,000 incidents. It is an upper bound of what the Python scoring
    will match, used to pick the few candidates worth scoring.
    """
    hits: dict[int, set[str]] = {}
    if not patterns:
        return hits

    def scan(stmt, columns) -> None:  # noqa: ANN001
        flags = [case((or_(*(c.ilike(p) for c in columns)), 1), else_=0).label(f"w{n}")
                 for n, p in enumerate(patterns.values())]
        stmt = stmt.add_columns(*flags).where(or_(*(c.ilike(p) for c in columns for p in patterns.values())))
        if period is not None:
            stmt = stmt.where(period)
        for row in conn.execute(stmt):
            words = {w for w, flag in zip(patterns, row[1:], strict=True) if flag}
            hits.setdefault(int(row[0]), set()).update(words)

    place = (Incident.slug, Incident.title, Incident.attack_type, Incident.target_type, Location.locality,
             Location.city, Location.admin1, Location.admin2, Country.name)
    scan(select(Incident.id).outerjoin(Location, Location.id == Incident.location_id)
         .outerjoin(Country, Country.code == Location.country_code), place)
    scan(select(Mention.incident_id).join(Document, Document.id == Mention.document_id)
         .join(Incident, Incident.id == Mention.incident_id).distinct(), (Document.title,))
    scan(select(Attribution.incident_id).join(Actor, Actor.id == Attribution.actor_id)
         .join(Incident, Incident.id == Attribution.incident_id).distinct(), (Actor.name, Attribution.asserted_by))
    if actor_words:
        alias_stmt = select(Attribution.incident_id, Actor.name).join(Actor, Actor.id == Attribution.actor_id) \
            .join(Incident, Incident.id == Attribution.incident_id).where(Actor.name.in_(list(actor_words)))
        if period is not None:
            alias_stmt = alias_stmt.where(period)
        for incident_id, name in conn.execute(alias_stmt.distinct()):
            hits.setdefault(int(incident_id), set()).update(actor_words[name])
    return hits


def _candidates(engine: Engine, parsed: ParsedPhrase) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, set[str]], int]:
    """The incidents worth scoring, their documents' titles, alias matches, and how many tied.

    Words are looked for in SQL first (:func:`_word_hits`), by their first four letters so
    that accents in the database (Peshāwar) still reach the scoring; only the incidents
    matching the most words (at most :data:`CANDIDATE_CAP`) are loaded from
    ``incident_summary`` and scored. A phrase with dates only takes every incident of the
    period. When no word matches literally, every incident of the period is scored, so a
    near spelling ("Mariott 2008") can still win.
    """
    view = INCIDENT_SUMMARY.c
    empty = pd.DataFrame(columns=list(_CANDIDATE_COLUMNS)), pd.DataFrame(columns=["incident_id", "title"])
    patterns = {w: f"%{w[:4] if len(w) > 4 else w}%" for w in parsed.words if len(w) >= 2}
    period = _period_clause(parsed.periods, Incident.date_start, Incident.date_end)
    months = {p.month_of_year for p in parsed.periods if p.month_of_year}
    with engine.connect() as conn:
        actor_words = _actor_words(conn, parsed.words)
        hits = _word_hits(conn, patterns, actor_words, period)
        if hits:
            best = max(len(words) for words in hits.values())
            ids = [i for i, words in hits.items() if len(words) == best]
        elif parsed.periods and (period is not None or months):
            query = select(Incident.id)
            ids = list(conn.scalars(query.where(period) if period is not None else query))
        else:
            return (*empty, actor_words, 0)
        tied = len(ids)
        frames = [read_frame(conn, select(*(view[c] for c in _CANDIDATE_COLUMNS))
                             .where(view.incident_id.in_(chunk)))
                  for chunk in _chunks(sorted(ids), 900)]
        found = pd.concat(frames, ignore_index=True) if frames else empty[0]
        if months:
            found = found[found["date_start"].dt.month.isin(months)]
            tied = len(found)
        if len(found) > CANDIDATE_CAP:
            order = found["killed_best"].astype("Float64").fillna(-1).sort_values(ascending=False, kind="stable")
            found = found.loc[order.index[:CANDIDATE_CAP]]
        titles = empty[1]
        if len(found) and parsed.words:
            titles = pd.concat(
                [read_frame(conn, select(Mention.incident_id, Document.title, Mention.is_primary)
                            .join(Document, Document.id == Mention.document_id)
                            .where(Mention.incident_id.in_(chunk)))
                 for chunk in _chunks([int(i) for i in found["incident_id"]], 900)],
                ignore_index=True,
            )
    return found.sort_values(["date_start", "incident_id"]).reset_index(drop=True), titles, actor_words, tied


def _chunks(values: list[int], size: int) -> list[list[int]]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def _word_weight(word: str, fields: dict[str, set[str]]) -> tuple[float, bool]:
    """Best weight of ``word`` over the fields' word sets, and whether it matched at all.

    An exact or prefix match ("court" in "courts") counts fully; failing that, a near
    spelling (rapidfuzz ratio >= :data:`FUZZY_MIN_RATIO`, words of 5+ letters) counts at
    :data:`FUZZY_FACTOR` of the field's weight.
    """
    def hit(words: set[str]) -> bool:
        return word in words or (len(word) >= 3 and any(w.startswith(word) for w in words))

    exact = [FIELD_WEIGHTS[name] for name, words in fields.items() if hit(words)]
    if exact:
        return max(exact), True
    if len(word) < 5 or any(ch.isdigit() for ch in word):  # "123456" is not a misspelt "12345"
        return 0.0, False
    from rapidfuzz import fuzz

    near = [FIELD_WEIGHTS[name] * FUZZY_FACTOR for name, words in fields.items()
            if any(fuzz.ratio(word, w) >= FUZZY_MIN_RATIO for w in words)]
    return (max(near), True) if near else (0.0, False)


def rank_candidates(
    candidates: pd.DataFrame,
    document_titles: pd.DataFrame,
    words: Sequence[str],
    periods: Sequence[Period] = (),
    actor_words: dict[str, set[str]] | None = None,
) -> pd.DataFrame:
    """Add ``coverage`` and ``score`` columns and sort best first (pure: no database).

    ``actor_words`` maps actor names to the phrase words that are one of their aliases
    (so "ISKP" matches an incident claimed by Islamic State Khorasan Province). An
    incident whose whole date range lies inside a period of the phrase scores
    :data:`CLEAR_MARGIN` more than one that merely overlaps it ("2025-11-11" prefers the
    attack known to that day over one known only to November 2025).
    """
    actor_words = actor_words or {}
    ranked = candidates.copy()
    if ranked.empty:
        return ranked.assign(coverage=pd.Series(dtype=float), score=pd.Series(dtype=float))
    titles_by_incident: dict[tuple[int, bool], set[str]] = {}
    primary = document_titles["is_primary"] if "is_primary" in document_titles else [True] * len(document_titles)
    for incident_id, title, is_primary in zip(document_titles.get("incident_id", []),
                                              document_titles.get("title", []), primary, strict=False):
        key = (int(incident_id), bool(is_primary) if not pd.isna(is_primary) else True)
        titles_by_incident.setdefault(key, set()).update(fold(title).split())
    coverage, scores = [], []
    for row in ranked.itertuples(index=False):
        actors = [x for x in (row.claimed_by, row.denied_by, row.blamed, row.suspected) if isinstance(x, str)]
        alias_words = {w for name, ws in actor_words.items() if any(name in a for a in actors) for w in ws}
        fields = {
            "slug": {w for w in fold(row.slug).split() if not w.isdigit()}, "title": set(fold(row.title).split()),
            "locality": set(fold(row.locality).split()), "city": set(fold(row.city).split()),
            "admin2": set(fold(row.admin2).split()), "admin1": set(fold(row.admin1).split()),
            "country": set(fold(row.country).split()) | {fold(row.country_code)},
            "attack_type": set(fold(row.attack_type).split()), "target_type": set(fold(row.target_type).split()),
            "actors": set(fold(" ".join(actors)).split()) | alias_words,
            "documents": titles_by_incident.get((int(row.incident_id), True), set()),
            "passing_documents": titles_by_incident.get((int(row.incident_id), False), set()),
        }
        matched, score = 0, 0.0
        for word in words:
            weight, hit = _word_weight(word, fields)
            matched += hit
            score += weight
        start, end = row.date_start, row.date_end if pd.notna(row.date_end) else row.date_start
        for p in periods:
            if p.start is not None and pd.notna(start) and p.start <= start.date() and end.date() <= p.end:
                score += CLEAR_MARGIN
        coverage.append(matched / len(words) if words else 1.0)
        scores.append(score)
    ranked["coverage"] = coverage
    ranked["score"] = scores
    killed = ranked["killed_best"].fillna(-1)
    ranked = ranked.assign(_killed=killed).sort_values(
        ["coverage", "score", "_killed", "date_start"], ascending=[False, False, False, True], kind="stable"
    )
    return ranked.drop(columns="_killed").reset_index(drop=True)


def clear_winner(ranked: pd.DataFrame) -> bool:
    """True when the first row of ``ranked`` stands out (see the module docstring)."""
    if ranked.empty or ranked.iloc[0]["coverage"] <= 0:
        return False
    if len(ranked) == 1:
        return True
    top, second = ranked.iloc[0], ranked.iloc[1]
    return bool(
        top["coverage"] > second["coverage"]
        or top["score"] >= second["score"] + CLEAR_MARGIN
        or (second["score"] > 0 and top["score"] >= 2 * second["score"])
    )


def search_incidents(engine: Engine, phrase: str) -> pd.DataFrame:
    """Candidates for ``phrase``, ranked best first, with ``coverage`` and ``score``."""
    parsed = parse_phrase(phrase)
    log.debug("phrase %r: words %s, periods %s", phrase, parsed.words, [p.label for p in parsed.periods])
    candidates, titles, actor_words, tied = _candidates(engine, parsed)
    ranked = rank_candidates(candidates, titles, parsed.words, parsed.periods, actor_words)
    if parsed.words:
        ranked = ranked[ranked["coverage"] > 0].reset_index(drop=True)
    ranked.attrs["tied"] = max(tied, len(ranked))
    return ranked


# Id and slug lookups use the incidents table (indexed) rather than a view: they are the
# common case and must stay instant on a 200,000-incident database.


def _by_id(engine: Engine, incident_id: int) -> int | None:
    with engine.connect() as conn:
        return conn.scalar(select(Incident.id).where(Incident.id == incident_id))


def _by_slug(engine: Engine, slug: str) -> int | None:
    with engine.connect() as conn:
        found = conn.scalar(select(Incident.id).where(Incident.slug == slug.strip()))
        if found is None:
            found = conn.scalar(select(Incident.id).where(func.lower(Incident.slug) == slug.strip().lower()))
        return found


def resolve_incident(engine: Engine, reference: str) -> int:
    """The id of the one incident ``reference`` (id, slug or phrase) designates.

    Raises :class:`IncidentNotFound` or :class:`AmbiguousIncident`.
    """
    ref = reference.strip()
    if not ref:
        raise IncidentNotFound("an empty incident reference matches nothing")
    if ref.isdigit():
        found = _by_id(engine, int(ref))
        if found is not None:
            return found
        if not re.fullmatch(r"(19|20)\d\d", ref):
            raise IncidentNotFound(f"no incident has id {ref}")
    found = _by_slug(engine, ref)
    if found is not None:
        return found
    ranked = search_incidents(engine, ref)
    if ranked.empty:
        parsed = parse_phrase(ref)
        what = ", ".join([*(repr(w) for w in parsed.words), *(p.label for p in parsed.periods)])
        raise IncidentNotFound(
            f"no incident matches {ref!r}",
            hint=f"searched slugs, titles, places, types, actors and document titles for {what}; "
            "try fewer words, or list incidents with: incidentdb sql \"SELECT slug, title FROM incident_summary\"",
        )
    if clear_winner(ranked):
        winner = ranked.iloc[0]
        log.info("%r -> %s (incident %s)", ref, winner["slug"], winner["incident_id"])
        return int(winner["incident_id"])
    top = ranked[ranked["coverage"] == ranked.iloc[0]["coverage"]].reset_index(drop=True)
    raise AmbiguousIncident(ref, top, total=ranked.attrs.get("tied") if len(top) == len(ranked) else None)


def resolve_incidents(engine: Engine, references: Sequence[str]) -> list[int]:
    """Resolve each reference; the same incident named twice is kept once (with a warning)."""
    ids: list[int] = []
    for ref in references:
        incident_id = resolve_incident(engine, ref)
        if incident_id in ids:
            log.warning("%r names an incident already in the list (id %s); it is compared once", ref, incident_id)
            continue
        ids.append(incident_id)
    return ids


def describe_candidates(candidates: pd.DataFrame, limit: int = 10) -> list[str]:
    """Lines listing candidates: slug, date, place, killed (for an ambiguity message)."""
    lines = []
    for row in candidates.head(limit).itertuples(index=False):
        date = date_label(row.date_start, None, row.date_precision) if pd.notna(row.date_start) else "date unknown"
        place = ", ".join(dict.fromkeys(p for p in (row.locality, row.city, row.admin1, row.country) if p))
        killed = "killed unknown" if pd.isna(row.killed_best) else f"{int(row.killed_best)} killed"
        lines.append(f"  {row.slug}  {date}  {place or 'place unknown'}  {killed}  (id {row.incident_id})")
    if len(candidates) > limit:
        lines.append(f"  ... and {len(candidates) - limit} more")
    return lines
