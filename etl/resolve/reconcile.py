"""Reconciliation: an incident's fields derived from everything known about it.

:func:`reconcile` is a deterministic function of an incident's mentions, its figures ledger
(``casualty_reports``) and its active overrides, so it can be re-run at any time and gives the
same values whatever order the reports arrived in. Rules (docs/etl.md, "Reconciliation"):

* date: the day most reports give (primary reports count double), else the month, else the
  year; ties go to the earliest;
* place: the country, province and town most reports give; the named site is the most
  specific spelling of the site most reports agree on ("Tarlai Kalan" over "Tarlai");
* attack type, target type: the most reported known value (primary reports count double),
  ties in codebook order; suicide: true when at least as many reports say so as say not;
* killed / wounded best, low, high: :mod:`etl.resolve.figures`;
* then the newest active override of each field replaces the derived value (humans win).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from etl.resolve.features import fold, mention_key
from etl.resolve.figures import (
    POPULATION_PREFERENCE,
    ReportedFigure,
    reconcile_figures,
    reconcile_pool,
)
from etl.resolve.match import names_match
from etl.store import Store
from models import (
    CasualtyReport,
    Document,
    Incident,
    IncidentSlugAlias,
    Mention,
    Override,
    Source,
)
from models.vocab import ATTACK_TYPES, TARGET_TYPES

log = logging.getLogger(__name__)

CHUNK = 500

ATTACK_NOUNS = {
    "Assassination": "assassination",
    "Armed Assault": "armed attack",
    "Bombing/Explosion": "bombing",
    "Hijacking": "hijacking",
    "Hostage Taking (Barricade Incident)": "hostage siege",
    "Hostage Taking (Kidnapping)": "kidnapping",
    "Facility/Infrastructure Attack": "attack on facility",
    "Unarmed Assault": "assault",
}


@dataclass
class IncidentValues:
    """The reconciled values of one incident (before overrides are written)."""

    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    locality: str | None = None
    attack_type: str | None = None
    suicide: bool | None = None
    target_type: str | None = None
    killed_best: int | None = None
    killed_low: int | None = None
    killed_high: int | None = None
    wounded_best: int | None = None
    wounded_low: int | None = None
    wounded_high: int | None = None
    title: str | None = None
    summary: str | None = None
    slug_base: str | None = None
    overridden: dict[str, Any] = field(default_factory=dict)


def date_label(start: dt.date | None, precision: str | None) -> str | None:
    """"2026-02-06", "2025-11" or "2008" by precision (the interchange form)."""
    if start is None:
        return None
    if precision == "year":
        return f"{start.year:04d}"
    if precision == "month":
        return f"{start.year:04d}-{start.month:02d}"
    return start.isoformat()


def date_range(label: str) -> tuple[dt.date, dt.date, str]:
    """Inverse of :func:`date_label`: "2025-11" -> (2025-11-01, 2025-11-30, "month")."""
    parts = label.strip().split("-")
    try:
        if len(parts) == 1:
            year = int(parts[0])
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            start = dt.date(year, month, 1)
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return start, nxt - dt.timedelta(days=1), "month"
        day = dt.date.fromisoformat(label.strip())
        return day, day, "day"
    except ValueError as exc:
        raise ValueError(f"{label!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from exc


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    if not text.isascii():  # ASCII has nothing to decompose (most slugs: an import makes 200,000)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:180].strip("-")


def describe(values: IncidentValues) -> tuple[str, str]:
    """Title and slug base, e.g. ("2026-02-06 Islamabad (Tarlai) suicide bombing", "2026-02-06-islamabad-tarlai-bombing")."""
    return _describe(values.date_start, values.date_precision, values.country, values.admin1, values.city,
                     values.locality, values.attack_type, values.suicide)


def _describe(date_start: dt.date | None, date_precision: str | None, country: str | None, admin1: str | None,
              city: str | None, locality: str | None, attack_type: str | None,
              suicide: bool | None) -> tuple[str, str]:
    when = date_label(date_start, date_precision) or "Undated"
    where = city or admin1 or country or "unknown place"
    noun = ATTACK_NOUNS.get(attack_type or "", "attack")
    title_noun = f"suicide {noun}" if suicide and noun in ("bombing", "armed attack", "attack") else noun
    site = f" ({locality})" if locality and fold(locality) != fold(where) else ""
    title = f"{when} {where}{site} {title_noun}"
    slug = slugify(" ".join(x for x in (when, where, locality if site else None, noun) if x))
    return title, slug or "incident"


def _mode(values: Iterable[tuple[Any, int]], order: Collection[Any] | None = None) -> Any:
    """Most weighted value; ties by vocabulary order if given, else by sort order."""
    counts: Counter = Counter()
    for value, weight in values:
        if value is not None:
            counts[value] += weight
    if not counts:
        return None
    top = max(counts.values())
    tied = [v for v, c in counts.items() if c == top]
    if order is not None:
        ranking = {v: i for i, v in enumerate(order)}
        return min(tied, key=lambda v: ranking.get(v, len(ranking)))
    return min(tied, key=lambda v: (str(type(v)), v))


def _pick_name(spellings: list[tuple[str, int]]) -> str | None:
    """The most reported name (case/accents folded), shown in its most common spelling."""
    folded: Counter = Counter()
    variants: dict[str, Counter] = defaultdict(Counter)
    for name, weight in spellings:
        if name:
            folded[fold(name)] += weight
            variants[fold(name)][name] += weight
    if not folded:
        return None
    top = max(folded.values())
    winner = min(k for k, c in folded.items() if c == top)
    best = max(variants[winner].values())
    return min(v for v, c in variants[winner].items() if c == best)


def _pick_site(spellings: list[tuple[str, int]]) -> str | None:
    """The site most reports agree on (fuzzy groups), in its most specific spelling."""
    names = sorted({n for n, _ in spellings if n})
    if not names:
        return None
    groups: list[list[str]] = []
    for name in names:
        for group in groups:
            if any(names_match(fold(name), fold(other)) for other in group):
                group.append(name)
                break
        else:
            groups.append([name])
    weight = Counter()
    for name, w in spellings:
        if name:
            weight[name] += w
    best_group = max(groups, key=lambda g: (sum(weight[n] for n in g), -min(names.index(n) for n in g)))
    return max(best_group, key=lambda n: (len(fold(n)), weight[n], [-ord(c) for c in n]))


@dataclass
class _MentionRow:
    key: str
    is_primary: bool
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    country: str | None
    admin1: str | None
    city: str | None
    locality: str | None
    attack_type: str | None
    suicide: bool | None
    target_type: str | None


def derive(mentions: list[_MentionRow], figures: dict[str, list[ReportedFigure]]) -> IncidentValues:
    """The reconciled values before overrides (pure)."""
    if len(mentions) == 1:
        return derive_one(mentions[0], figures)
    return derive_many(mentions, figures)


def derive_one(m: _MentionRow, figures: dict[str, list[ReportedFigure]]) -> IncidentValues:
    """:func:`derive_many` for an incident of one mention, without the votes (most dataset rows).

    Each rule reduces to the mention's own value: its date at its precision, its place names
    (a town whose folded name is empty cannot vouch for a site, as in the general rule), its
    attack and target types, its suicide flag. ``tests/test_reconcile_equivalence.py`` checks
    it against :func:`derive_many` on random mentions.
    """
    v = IncidentValues()
    if m.date_start and m.date_precision in ("day", "month", "year"):
        v.date_start, v.date_end, v.date_precision = m.date_start, m.date_end, m.date_precision
    v.country = m.country
    v.admin1 = m.admin1 or None
    v.city = m.city or None
    if m.locality and (not m.city or fold(m.city)):
        v.locality = m.locality
    v.attack_type = m.attack_type or None
    v.target_type = m.target_type or None
    v.suicide = True if m.suicide is True else False if m.suicide is False else None
    for category in ("killed", "wounded"):
        result = reconcile_figures(figures.get(category, []), v.date_end)
        setattr(v, f"{category}_best", result.best)
        setattr(v, f"{category}_low", result.low)
        setattr(v, f"{category}_high", result.high)
    return v


def derive_many(mentions: list[_MentionRow], figures: dict[str, list[ReportedFigure]]) -> IncidentValues:
    """The reconciled values before overrides: the votes of every mention (see the module doc)."""
    v = IncidentValues()
    w = [(m, 2 if m.is_primary else 1) for m in mentions]
    for precision in ("day", "month", "year"):
        dated = [(m.date_start, weight) for m, weight in w if m.date_precision == precision and m.date_start]
        if dated:
            start = _mode(dated)
            v.date_start, v.date_precision = start, precision
            v.date_end = next(m.date_end for m, _ in w if m.date_precision == precision and m.date_start == start)
            break
    v.country = _mode([(m.country, weight) for m, weight in w])
    here = [(m, weight) for m, weight in w if m.country == v.country]
    v.admin1 = _pick_name([(m.admin1, weight) for m, weight in here])
    v.city = _pick_name([(m.city, weight) for m, weight in here if not m.admin1 or not v.admin1
                         or fold(m.admin1) == fold(v.admin1)])
    v.locality = _pick_site([(m.locality, weight) for m, weight in here
                             if not v.city or not m.city or names_match(fold(m.city), fold(v.city))])
    known_attack = [(m.attack_type, weight) for m, weight in w if m.attack_type and m.attack_type != "Unknown"]
    v.attack_type = _mode(known_attack, ATTACK_TYPES) or ("Unknown" if any(m.attack_type for m in mentions) else None)
    known_target = [(m.target_type, weight) for m, weight in w if m.target_type and m.target_type != "Unknown"]
    v.target_type = _mode(known_target, TARGET_TYPES) or ("Unknown" if any(m.target_type for m in mentions) else None)
    yes = sum(weight for m, weight in w if m.suicide is True)
    no = sum(weight for m, weight in w if m.suicide is False)
    v.suicide = None if yes == no == 0 else yes >= no
    for category in ("killed", "wounded"):
        result = reconcile_figures(figures.get(category, []), v.date_end)
        setattr(v, f"{category}_best", result.best)
        setattr(v, f"{category}_low", result.low)
        setattr(v, f"{category}_high", result.high)
    return v


#: One figure of a lone mention for :func:`derive_alone`: (category, population, low, high,
#: qualifier, is_current), extra trailing items ignored.
LoneFigure = tuple[Any, ...]


def derive_alone(
    key: str, date_start: dt.date | None, date_end: dt.date | None, date_precision: str | None,
    country: str | None, admin1: str | None, city: str | None, locality: str | None,
    attack_type: str | None, suicide: bool | None, target_type: str | None, figures: Iterable[LoneFigure],
) -> tuple[tuple[Any, ...], tuple[Any, ...], str]:
    """``apply_overrides(derive_one(...), [])`` for a primary mention with no as-of time, flattened.

    What an imported dataset row is as an incident on its own, computed without building the
    general rule's objects (the reader does it for every row of a large import). Returns
    ``(values, place, slug_base)``: values = (title, date_start, date_end, date_precision,
    attack_type, suicide, target_type, killed best/low/high, wounded best/low/high), place =
    (country, admin1, city, locality). ``tests/test_reconcile_equivalence.py`` checks it
    against the general rule on random mentions.
    """
    if not (date_start and date_precision in ("day", "month", "year")):
        date_start = date_end = date_precision = None
    admin1 = admin1 or None
    locality = locality if locality and (not city or fold(city)) else None
    city = city or None
    attack_type = attack_type or None
    target_type = target_type or None
    suicide = True if suicide is True else False if suicide is False else None
    counts: list[int | None] = []
    for category in ("killed", "wounded"):
        pools: dict[str, list[LoneFigure]] = {}
        for figure in figures:
            if figure[0] == category and figure[5]:
                pools.setdefault(figure[1], []).append(figure)
        pool = next((pools[p] for p in POPULATION_PREFERENCE if p in pools), None)
        if pool is None:
            counts += (None, None, None)
            continue
        if len(pool) == 1:
            _c, _p, low, high, qualifier, *_ = pool[0]
            best = (low + high) // 2 if qualifier == "range" and high is not None else low
            top = high if qualifier == "range" and high is not None else low
            low, high = min(low, best), max(top, best)
        else:
            result = reconcile_pool([ReportedFigure(f[2], f[3], f[4], None, True, True, f[1], key) for f in pool],
                                    date_end)
            best, low, high = result.best, result.low, result.high
        if best is not None:
            low = best if low is None or low > best else low
            high = best if high is None or high < best else high
        counts += (best, low, high)
    title, slug_base = _describe(date_start, date_precision, country, admin1, city, locality, attack_type, suicide)
    values = (title, date_start, date_end, date_precision, attack_type, suicide, target_type, *counts)
    return values, (country, admin1, city, locality), slug_base


def apply_overrides(values: IncidentValues, overrides: list[tuple[str, Any]]) -> IncidentValues:
    """Apply (field, value) overrides, oldest first, so the newest wins; keep counts ordered."""
    for name, value in overrides:
        if name == "date":
            if value is None:
                values.date_start = values.date_end = values.date_precision = None
            else:
                values.date_start, values.date_end, values.date_precision = date_range(value)
        else:
            setattr(values, name, value)
        values.overridden[name] = value
    for category in ("killed", "wounded"):
        best, low, high = (getattr(values, f"{category}_{p}") for p in ("best", "low", "high"))
        if best is not None:
            if low is None or (low > best and f"{category}_low" not in values.overridden):
                low = best if low is None or low > best else low
            if high is None or (high < best and f"{category}_high" not in values.overridden):
                high = best if high is None or high < best else high
        setattr(values, f"{category}_low", low)
        setattr(values, f"{category}_high", high)
    title, values.slug_base = describe(values)
    if "title" not in values.overridden:
        values.title = title
    return values


def _mention_rows(session: Session, ids: list[int]) -> dict[int, list[_MentionRow]]:
    rows = session.execute(
        select(
            Mention.incident_id, Source.name, Document.external_id, Mention.position, Mention.is_primary,
            Mention.date_start, Mention.date_end, Mention.date_precision, Mention.country_code, Mention.admin1,
            Mention.city, Mention.locality, Mention.attack_type, Mention.suicide, Mention.target_type,
        )
        .join(Document, Document.id == Mention.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Mention.incident_id.in_(ids))
    )
    out: dict[int, list[_MentionRow]] = defaultdict(list)
    for incident_id, source, ext, pos, *rest in rows:
        out[incident_id].append(_MentionRow(mention_key(source, ext, pos), *rest))
    for members in out.values():
        members.sort(key=lambda m: m.key)
    return out


def _figure_rows(session: Session, ids: list[int]) -> dict[int, dict[str, list[ReportedFigure]]]:
    rows = session.execute(
        select(
            Mention.incident_id, CasualtyReport.category, CasualtyReport.low, CasualtyReport.high,
            CasualtyReport.qualifier, CasualtyReport.reported_at, Mention.is_primary, CasualtyReport.is_current,
            CasualtyReport.population, Source.name, Document.external_id, Mention.position,
        )
        .join(Mention, Mention.id == CasualtyReport.mention_id)
        .join(Document, Document.id == Mention.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Mention.incident_id.in_(ids))
    )
    out: dict[int, dict[str, list[ReportedFigure]]] = defaultdict(lambda: defaultdict(list))
    for incident_id, category, low, high, qualifier, at, primary, current, population, src, ext, pos in rows:
        out[incident_id][category].append(
            ReportedFigure(low, high, qualifier, at, bool(primary), bool(current), population, mention_key(src, ext, pos))
        )
    return out


def active_overrides(session: Session, ids: list[int]) -> dict[int, list[tuple[str, Any]]]:
    out: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for incident_id, name, value in session.execute(
        select(Override.incident_id, Override.field, Override.value)
        .where(Override.incident_id.in_(ids), Override.is_active.is_(True))
        .order_by(Override.created_at, Override.id)
    ):
        out[incident_id].append((name, value))
    return out


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


_FIELDS = ("title", "summary", "date_start", "date_end", "date_precision", "location_id", "attack_type", "suicide",
           "target_type", "killed_best", "killed_low", "killed_high", "wounded_best", "wounded_low", "wounded_high")


def reconcile(session: Session, incident_ids: Collection[int], *, store: Store | None = None) -> set[int]:
    """Recompute the fields of the given incidents; returns the ids whose values changed.

    Incidents left without any mention are deleted, unless an analyst override refers to them
    (then they are kept, and reported in the log, so the override is not lost). Reads and
    writes are batched (a few queries per 500 incidents, bulk updates), so importers can
    reconcile hundreds of thousands of incidents in one call.
    """
    store = store or Store(session)
    changed, slug_bases = reconcile_values(session, incident_ids, store=store)
    changed |= assign_slugs(session, slug_bases)
    return changed


def reconcile_values(
    session: Session, incident_ids: Collection[int], *, store: Store | None = None
) -> tuple[set[int], dict[int, tuple[str, str]]]:
    """:func:`reconcile` without the slugs: the changed ids, and each incident's (slug base, first mention key).

    Resolution gives slugs to everything it touched in one :func:`assign_slugs` call, so that
    who shares a slug with whom is decided once, over all of them.
    """
    store = store or Store(session)
    changed: set[int] = set()
    wanted = sorted(set(incident_ids))
    slug_bases: dict[int, tuple[str, str]] = {}  # id -> (base, canonical key)
    table = Incident.__table__
    columns = [table.c[name] for name in _FIELDS]
    session.flush()
    for start in range(0, len(wanted), CHUNK):
        ids = wanted[start : start + CHUNK]
        mentions = _mention_rows(session, ids)
        figures = _figure_rows(session, ids)
        overrides = active_overrides(session, ids)
        current = {row[0]: row for row in session.execute(select(table.c.id, table.c.slug, *columns)
                                                          .where(table.c.id.in_(ids)))}
        updates, deletes = [], []
        derived: list[tuple[int, tuple, IncidentValues, list[_MentionRow]]] = []
        for incident_id in ids:
            row = current.get(incident_id)
            if row is None:
                continue
            members = mentions.get(incident_id)
            if not members:
                if incident_id in overrides:
                    log.warning("incident %s has no reports left but has analyst overrides; kept", row[1])
                else:
                    deletes.append(incident_id)
                continue
            values = apply_overrides(derive(members, figures.get(incident_id, {})), overrides.get(incident_id, []))
            derived.append((incident_id, row, values, members))
        locations = store.location_ids(
            (values.country, values.admin1, None, values.city, values.locality) for _, _, values, _ in derived
        )
        for incident_id, row, values, members in derived:
            old = dict(zip(_FIELDS, row[2:], strict=True))
            location_id = locations[(values.country, values.admin1, None, values.city, values.locality)]
            new = {
                "title": values.title or "incident",
                "summary": values.summary if "summary" in values.overridden else old["summary"],
                "date_start": values.date_start,
                "date_end": values.date_end,
                "date_precision": values.date_precision,
                "location_id": location_id,
                "attack_type": values.attack_type,
                "suicide": values.suicide,
                "target_type": values.target_type,
                **{f"{c}_{p}": getattr(values, f"{c}_{p}") for c in ("killed", "wounded") for p in ("best", "low", "high")},
            }
            if any(old[k] != v for k, v in new.items()):
                updates.append({"b_id": incident_id, **{f"b_{k}": v for k, v in new.items()}})
                changed.add(incident_id)
            slug_bases[incident_id] = (values.slug_base or "incident", members[0].key)
        if updates:
            stmt = (update(table).where(table.c.id == bindparam("b_id"))
                    .values({name: bindparam(f"b_{name}") for name in _FIELDS}))
            session.execute(stmt.execution_options(synchronize_session=False), updates)
        if deletes:
            session.execute(delete(table).where(table.c.id.in_(deletes)))
            changed.update(deletes)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Incident):
            session.expire(obj)
    return changed, slug_bases


_HASHED = re.compile(r"^(?P<base>.+)-[0-9a-f]{6,12}$")
SLUG_LIMIT = 200  # incidents.slug


def _suffixed(base: str, keys: dict[int, str]) -> dict[int, str]:
    """``base-<hash>`` for each incident sharing ``base``, from a hash of its earliest mention key.

    Six hex digits, more for the incidents whose six collide with another's in the group (a
    base shared by thousands of incidents, such as an undated town's bombings, would
    otherwise give two of them the same slug now and then). Depends only on the set of keys.
    """
    digests = {i: hashlib.sha1(key.encode("utf-8")).hexdigest() for i, key in keys.items()}
    out: dict[int, str] = {}
    left = dict(digests)
    for length in (6, 8, 10, 12):
        counts = Counter(d[:length] for d in left.values())
        for i, digest in list(left.items()):
            if counts[digest[:length]] == 1 or length == 12:
                out[i] = f"{base[: SLUG_LIMIT - length - 1]}-{digest[:length]}"
                del left[i]
    return out


def assign_slugs(session: Session, bases: dict[int, tuple[str, str]]) -> set[int]:
    """Give each incident its slug base, or base-<hash> for every incident sharing a base.

    Who gets the plain slug never depends on which incident was created first: when two
    incidents would share a slug, both get a suffix derived from their earliest mention key.
    Replaced slugs are kept in incident_slug_aliases so old links still resolve.
    """
    if not bases:
        return set()
    current = dict(session.execute(select(Incident.id, Incident.slug)).all())
    groups: dict[str, dict[int, str | None]] = defaultdict(dict)
    for incident_id, (base, key) in bases.items():
        groups[base][incident_id] = key
    for incident_id, slug in current.items():
        if incident_id in bases:
            continue
        for candidate in (slug, (_HASHED.match(slug) or {"base": None})["base"]):  # type: ignore[index]
            if candidate in groups:
                groups[candidate][incident_id] = None  # key looked up below, rarely needed
    wanted: dict[int, str] = {}
    for base, group in groups.items():
        if len(group) == 1:
            wanted[next(iter(group))] = base
            continue
        keys = {i: key or _first_key(session, i) or str(i) for i, key in group.items()}
        wanted.update(_suffixed(base, keys))
    todo = {i: s for i, s in wanted.items() if current.get(i) != s}
    if not todo:
        return set()
    # Two steps so that swapping slugs never trips the unique constraint. Only incidents that
    # hold a real slug now need the first step: a placeholder ("~...") is never anyone's new
    # slug, so new incidents (all of an import's) move in one step.
    moving = [i for i in todo if not (current.get(i) or "~").startswith("~")]
    if moving:
        _set_slugs(session, [(f"~{i}~{_short_hash(str(i))}", i) for i in moving])
    _set_slugs(session, [(s, i) for i, s in todo.items()])
    aliases = IncidentSlugAlias.__table__
    new_slugs = list(todo.values())
    for start in range(0, len(new_slugs), 1000):
        session.execute(delete(aliases).where(aliases.c.slug.in_(new_slugs[start : start + 1000])))
    taken = set(new_slugs) | {s for i, s in current.items() if i not in todo}
    old = [(i, current[i]) for i in todo if current.get(i) and not current[i].startswith("~") and current[i] not in taken]
    if old:
        olds = [s for _, s in old]
        for start in range(0, len(olds), 1000):
            session.execute(delete(aliases).where(aliases.c.slug.in_(olds[start : start + 1000])))
        now = dt.datetime.now(dt.UTC)
        session.execute(aliases.insert(), [{"slug": s, "incident_id": i, "created_at": now} for i, s in old])
    return set(todo)


def _set_slugs(session: Session, pairs: list[tuple[str, int]]) -> None:
    """UPDATE incidents SET slug = ? WHERE id = ? for many incidents (an import gives hundreds
    of thousands of new incidents their slugs at once).

    SQLite: one executemany of the driver. PostgreSQL: the pairs are copied into a temporary
    table and applied by one UPDATE .. FROM, instead of a statement (and a round trip) each.
    """
    if not pairs:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql" or len(pairs) < 1000:
        marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        connection.exec_driver_sql(f"UPDATE incidents SET slug = {marker} WHERE id = {marker}", pairs)
        return
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS incident_new_slugs (id integer PRIMARY KEY, slug text) "
                       "ON COMMIT DELETE ROWS")
        cursor.execute("TRUNCATE incident_new_slugs")
        with cursor.copy("COPY incident_new_slugs (slug, id) FROM STDIN") as copy:
            for pair in pairs:
                copy.write_row(pair)
        cursor.execute("UPDATE incidents SET slug = n.slug FROM incident_new_slugs n WHERE incidents.id = n.id")
        cursor.execute("TRUNCATE incident_new_slugs")


def _first_key(session: Session, incident_id: int) -> str | None:
    row = session.execute(
        select(Source.name, Document.external_id, Mention.position)
        .join(Document, Document.id == Mention.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Mention.incident_id == incident_id)
    ).all()
    return min((mention_key(*r) for r in row), default=None)


PLACEHOLDER_PREFIX = "~new~"


def placeholder_slug(incident_id_hint: str) -> str:
    """A temporary unique slug for a new incident row (replaced by reconcile in the same transaction)."""
    return f"{PLACEHOLDER_PREFIX}{incident_id_hint}"


__all__ = ["IncidentValues", "apply_overrides", "assign_slugs", "date_label", "date_range", "derive", "derive_many",
           "derive_alone", "derive_one", "describe", "reconcile", "reconcile_values"]


def preview(session: Session, incident_id: int, extra: list[tuple[str, Any]] | None = None,
            drop: set[str] | None = None) -> IncidentValues:
    """The values reconciliation would give, with ``extra`` overrides added / fields in ``drop`` withdrawn."""
    members = _mention_rows(session, [incident_id]).get(incident_id, [])
    figures = _figure_rows(session, [incident_id]).get(incident_id, {})
    overrides = [(f, v) for f, v in active_overrides(session, [incident_id]).get(incident_id, []) if f not in (drop or set())]
    return apply_overrides(derive(members, figures), overrides + list(extra or []))


def ordering_problems(values: IncidentValues) -> list[str]:
    """Violations of low <= best <= high (the CHECK constraint on incidents)."""
    problems = []
    for category in ("killed", "wounded"):
        low, best, high = (getattr(values, f"{category}_{p}") for p in ("low", "best", "high"))
        if any(x is not None and y is not None and x > y for x, y in ((low, best), (best, high), (low, high))):
            problems.append(f"{category}: low <= best <= high must hold (low={low}, best={best}, high={high})")
    return problems
