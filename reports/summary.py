"""The period/region summary: the incident list and its totals, as DataFrames.

Filters are resolved against the reference tables first (so ``--country Pakistan``,
``--admin1 KP`` or ``--actor ISKP`` become codes, division names and actor ids, and a typo is
an error naming the input instead of an empty report), then applied in SQL to the
``incident_summary`` view. Totals are computed from the filtered list with pandas, so they
always add up to what the list shows.

Dates: an incident is in ``[date_from, date_to]`` when its first possible day
(``date_start``) is; incidents with no date are left out whenever a date filter is given.
Months: incidents whose date is only known to the year are counted under ``month unknown``
rather than in January.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, and_, or_, select

from etl.reference.actors import normalize_alias
from incidentdb.errors import IncidentDBError
from models import Actor, ActorAlias, Admin1Division, Attribution, Country, Incident, Location
from models.vocab import ATTACK_TYPES, ATTRIBUTION_ROLES, VocabularyError, encode
from reports.frames import read_frame
from reports.incidents import fold
from reports.views import INCIDENT_SUMMARY

log = logging.getLogger(__name__)

#: incident_summary columns of the summary's incident list (and its CSV), in order.
LIST_COLUMNS = (
    "incident_id", "slug", "date_start", "date_end", "date_precision", "country_code", "country", "admin1",
    "city", "locality", "attack_type", "target_type", "suicide", "killed_best", "killed_low", "killed_high",
    "wounded_best", "wounded_low", "wounded_high", "claimed_by", "denied_by", "blamed", "suspected",
    "source_count", "document_count", "first_report_at", "latest_report_at", "title",
)
UNKNOWN_MONTH = "month unknown"
UNKNOWN = "(unknown)"
UNCLAIMED = "(no claim reported)"


class FilterError(IncidentDBError):
    """A filter value names nothing in the database (unknown country, division or actor)."""


@dataclass(frozen=True)
class SummaryFilters:
    """What the user asked for, as typed (``None`` = no restriction)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    role: str | None = None
    attack_types: tuple[str, ...] = ()
    subgroups: bool = False  # --actor also matches its sub-organisations (IS -> IS-KP, IS-PP)


@dataclass
class ResolvedFilters:
    """Filters turned into database values, plus how to describe them in the report."""

    filters: SummaryFilters
    country_code: str | None = None
    admin1_codes: tuple[str, ...] = ()
    admin1_names: tuple[str, ...] = ()
    actor_ids: tuple[int, ...] = ()
    attack_types: tuple[str, ...] = ()
    described: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Summary:
    """The summary report's data.

    * ``incidents``: the filtered incident list (incident_summary columns), oldest first.
    * ``by_month``: month (``YYYY-MM``, every month from the first to the last incident,
      plus ``month unknown`` when needed), incidents, killed, wounded.
    * ``by_year``: year, incidents, killed, wounded (every year of the span; dated incidents).
    * ``by_admin1``: country, admin1, incidents, killed, wounded (most incidents first).
    * ``by_claimant``: claimant, incidents, killed, wounded; an incident claimed by two
      groups counts for each, unclaimed incidents are one row.
    * ``totals``: incidents, killed, wounded, and how many incidents have no killed figure.
    """

    filters: list[tuple[str, str]]
    incidents: pd.DataFrame
    by_month: pd.DataFrame
    by_year: pd.DataFrame
    by_admin1: pd.DataFrame
    by_claimant: pd.DataFrame
    totals: dict[str, int]

    @property
    def is_empty(self) -> bool:
        return self.incidents.empty


# -- filter resolution --------------------------------------------------------------------


def _resolve_country(conn, value: str) -> tuple[str, str]:  # noqa: ANN001
    rows = conn.execute(select(Country.code, Country.alpha3, Country.name, Country.official_name)).all()
    wanted = fold(value)
    for code, alpha3, name, official in rows:
        if wanted in (fold(code), fold(alpha3), fold(name), fold(official)):
            return code, name
    raise FilterError(f"--country {value!r}: no such country", hint="give an ISO code (PK, PAK) or an English name")


def _resolve_admin1(conn, value: str, country_code: str | None) -> tuple[tuple[str, ...], tuple[str, ...], str]:  # noqa: ANN001
    """ISO codes and location admin1 spellings that ``value`` designates.

    Exact (folded) name, ISO name or ISO code first; failing that, names that contain the
    value as whole words ("Khyber" -> "Khyber Pakhtunkhwa").
    """
    wanted = fold(value)
    divisions = conn.execute(
        select(Admin1Division.code, Admin1Division.country_code, Admin1Division.name, Admin1Division.iso_name)
    ).all()
    spellings = [s for (s,) in conn.execute(select(Location.admin1).where(Location.admin1.is_not(None)).distinct())]
    if country_code:
        divisions = [d for d in divisions if d.country_code == country_code]

    def pick(test) -> tuple[list[str], list[str]]:  # noqa: ANN001
        codes = [d.code for d in divisions if test(d.name) or test(d.iso_name) or fold(d.code) == wanted]
        names = [s for s in spellings if test(s)]
        return codes, names

    codes, names = pick(lambda s: fold(s) == wanted)
    if not codes and not names:
        pattern = re.compile(rf"(^| ){re.escape(wanted)}( |$)")
        codes, names = pick(lambda s: bool(pattern.search(fold(s))))
    if not codes and not names:
        raise FilterError(f"--admin1 {value!r}: no first-level division has that name",
                          hint="e.g. 'Khyber Pakhtunkhwa', 'Punjab' or an ISO 3166-2 code such as PK-KP")
    label = ", ".join(sorted(set(codes))) or ", ".join(sorted(set(names)))
    return tuple(sorted(set(codes))), tuple(sorted(set(names))), label


def _with_subgroups(conn, ids: set[int]) -> set[int]:  # noqa: ANN001
    """``ids`` and every actor whose parent chain leads to one of them."""
    children: dict[int, list[int]] = {}
    for actor_id, parent_id in conn.execute(select(Actor.id, Actor.parent_id).where(Actor.parent_id.is_not(None))):
        children.setdefault(parent_id, []).append(actor_id)
    found, todo = set(ids), list(ids)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _resolve_actor(conn, value: str, subgroups: bool = False) -> tuple[tuple[int, ...], str]:  # noqa: ANN001
    key = normalize_alias(value)
    ids = {i for (i,) in conn.execute(select(ActorAlias.actor_id).where(ActorAlias.normalized_alias == key))}
    rows = conn.execute(select(Actor.id, Actor.name)).all()
    ids |= {i for i, name in rows if normalize_alias(name) == key}
    if not ids:
        from rapidfuzz import process

        names = [name for _, name in rows]
        close = [m[0] for m in process.extract(value, names, limit=3, score_cutoff=70)]
        hint = f"did you mean {', '.join(map(repr, close))}?" if close else "see: incidentdb sql \"SELECT name FROM actors\""
        raise FilterError(f"--actor {value!r}: no actor has that name or alias", hint=hint)
    if subgroups:
        ids = _with_subgroups(conn, ids)
    names = sorted(name for i, name in rows if i in ids)
    return tuple(sorted(ids)), "; ".join(names)


def _resolve_attack_type(value: str) -> str:
    try:
        found = encode(value, ATTACK_TYPES, name="attack type")
    except VocabularyError:
        found = None
    if found:
        return found
    key = re.sub(r"[^a-z0-9]+", "", value.lower())
    keys = {t: re.sub(r"[^a-z0-9]+", "", t.lower()) for t in ATTACK_TYPES}
    prefix = [t for t, k in keys.items() if key and k.startswith(key)]
    partial = prefix or [t for t, k in keys.items() if key and key in k]
    if len(partial) == 1:  # a unique beginning ("armed"), else a unique part ("explosion")
        return partial[0]
    raise FilterError(f"--attack-type {value!r} is not an attack type" + (" (ambiguous)" if partial else ""),
                      hint="one of: " + ", ".join(partial or ATTACK_TYPES))


def resolve_filters(engine: Engine, filters: SummaryFilters) -> ResolvedFilters:
    """Check every filter against the database; all problems are reported in one error."""
    resolved = ResolvedFilters(filters=filters)
    problems: list[str] = []
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        problems.append(f"--from {filters.date_from} is after --to {filters.date_to}")
    if filters.role and filters.role not in ATTRIBUTION_ROLES:
        problems.append(f"--role {filters.role!r} is not one of {', '.join(ATTRIBUTION_ROLES)}")
    if filters.role and not filters.actor:
        problems.append("--role needs --actor")
    if filters.subgroups and not filters.actor:
        problems.append("--subgroups needs --actor")
    if filters.date_from or filters.date_to:
        resolved.described.append(("Dates", f"{filters.date_from or 'any'} to {filters.date_to or 'any'}"))
    with engine.connect() as conn:
        for step in ("country", "admin1", "actor", "attack_types"):
            try:
                if step == "country" and filters.country:
                    resolved.country_code, name = _resolve_country(conn, filters.country)
                    resolved.described.append(("Country", f"{name} ({resolved.country_code})"))
                elif step == "admin1" and filters.admin1:
                    codes, names, label = _resolve_admin1(conn, filters.admin1, resolved.country_code)
                    resolved.admin1_codes, resolved.admin1_names = codes, names
                    resolved.described.append(("First-level division", f"{filters.admin1} ({label})"))
                elif step == "actor" and filters.actor:
                    resolved.actor_ids, names = _resolve_actor(conn, filters.actor, filters.subgroups)
                    role = filters.role or "any role"
                    resolved.described.append(("Actor", f"{filters.actor} ({names}; {role})"))
                elif step == "attack_types" and filters.attack_types:
                    resolved.attack_types = tuple(dict.fromkeys(_resolve_attack_type(t) for t in filters.attack_types))
                    resolved.described.append(("Attack type", ", ".join(resolved.attack_types)))
            except FilterError as exc:
                problems.append(str(exc))
    if problems:
        raise FilterError("; ".join(problems))
    if not resolved.described:
        resolved.described.append(("Filters", "none (every incident in the database)"))
    return resolved


def filter_clauses(resolved: ResolvedFilters) -> list:
    """WHERE clauses on ``incident_summary`` for ``resolved`` (SQLAlchemy Core)."""
    view = INCIDENT_SUMMARY.c
    f = resolved.filters
    clauses = []
    if f.date_from:
        clauses.append(view.date_start >= f.date_from)
    if f.date_to:
        clauses.append(view.date_start <= f.date_to)
    if resolved.country_code:
        clauses.append(view.country_code == resolved.country_code)
    if resolved.admin1_codes or resolved.admin1_names:
        places = select(Incident.id).join(Location, Location.id == Incident.location_id).where(
            or_(Location.admin1_code.in_(resolved.admin1_codes), Location.admin1.in_(resolved.admin1_names))
        )
        clauses.append(view.incident_id.in_(places))
    if resolved.actor_ids:
        involved = select(Attribution.incident_id).where(
            and_(Attribution.actor_id.in_(resolved.actor_ids), Attribution.incident_id.is_not(None),
                 *([Attribution.role == f.role] if f.role else []))
        )
        clauses.append(view.incident_id.in_(involved))
    if resolved.attack_types:
        clauses.append(view.attack_type.in_(resolved.attack_types))
    return clauses


# -- totals -------------------------------------------------------------------------------


def _sums(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, sort=False, dropna=False).agg(
        incidents=("incident_id", "size"),
        killed=("killed_best", lambda s: int(s.sum(skipna=True))),
        wounded=("wounded_best", lambda s: int(s.sum(skipna=True))),
    ).reset_index()
    for column in ("incidents", "killed", "wounded"):
        grouped[column] = grouped[column].astype("Int64")
    return grouped


def totals_by_month(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents, killed and wounded per calendar month, every month in the span included."""
    known = incidents["date_start"].notna() & incidents["date_precision"].isin(["day", "month"])
    frame = incidents.assign(month=incidents["date_start"].dt.to_period("M").where(known))
    dated = frame[known]
    out = pd.DataFrame(columns=["month", "incidents", "killed", "wounded"])
    if not dated.empty:
        sums = _sums(dated, ["month"]).set_index("month")
        span = pd.period_range(dated["month"].min(), dated["month"].max(), freq="M")
        sums = sums.reindex(span, fill_value=0)
        out = sums.rename_axis("month").reset_index()
        out["month"] = out["month"].astype(str)
    rest = frame[~known]
    if not rest.empty:
        row = _sums(rest.assign(month=UNKNOWN_MONTH), ["month"])
        out = pd.concat([out, row], ignore_index=True) if not out.empty else row
    for column in ("incidents", "killed", "wounded"):
        out[column] = out[column].astype("Int64")
    return out.reset_index(drop=True)


def totals_by_year(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents, killed and wounded per calendar year, every year in the span included."""
    dated = incidents[incidents["date_start"].notna()]
    if dated.empty:
        return pd.DataFrame({c: pd.Series(dtype="Int64") for c in ("year", "incidents", "killed", "wounded")})
    sums = _sums(dated.assign(year=dated["date_start"].dt.year), ["year"]).set_index("year")
    years = range(int(sums.index.min()), int(sums.index.max()) + 1)
    out = sums.reindex(years, fill_value=0).rename_axis("year").reset_index()
    return out.astype("Int64")


def totals_by_admin1(incidents: pd.DataFrame) -> pd.DataFrame:
    frame = incidents.assign(country=incidents["country"].fillna(UNKNOWN), admin1=incidents["admin1"].fillna(UNKNOWN))
    out = _sums(frame, ["country", "admin1"])
    return out.sort_values(["incidents", "killed", "country", "admin1"], ascending=[False, False, True, True],
                           kind="stable").reset_index(drop=True)


def totals_by_claimant(incidents: pd.DataFrame) -> pd.DataFrame:
    claimants = incidents["claimed_by"].fillna(UNCLAIMED).astype(str).str.split("; ")
    frame = incidents.assign(claimant=claimants).explode("claimant")
    out = _sums(frame, ["claimant"])
    unclaimed = out["claimant"] == UNCLAIMED
    ranked = out[~unclaimed].sort_values(["incidents", "killed", "claimant"], ascending=[False, False, True],
                                         kind="stable")
    return pd.concat([ranked, out[unclaimed]], ignore_index=True)


def build_summary(engine: Engine, filters: SummaryFilters) -> Summary:
    """The summary for ``filters`` (see :class:`Summary`); raises :class:`FilterError` on bad filters."""
    resolved = resolve_filters(engine, filters)
    view = INCIDENT_SUMMARY.c
    stmt = select(*(view[c] for c in LIST_COLUMNS)).where(*filter_clauses(resolved)) \
        .order_by(view.date_start.is_(None), view.date_start, view.incident_id)
    with engine.connect() as conn:
        incidents = read_frame(conn, stmt)
    log.info("summary: %d incidents match (%s)", len(incidents), "; ".join(f"{k}: {v}" for k, v in resolved.described))
    totals = {
        "incidents": len(incidents),
        "killed": int(incidents["killed_best"].sum(skipna=True)) if len(incidents) else 0,
        "wounded": int(incidents["wounded_best"].sum(skipna=True)) if len(incidents) else 0,
        "killed_unknown": int(incidents["killed_best"].isna().sum()),
    }
    return Summary(
        filters=resolved.described,
        incidents=incidents,
        by_month=totals_by_month(incidents),
        by_year=totals_by_year(incidents),
        by_admin1=totals_by_admin1(incidents),
        by_claimant=totals_by_claimant(incidents),
        totals=totals,
    )


__all__ = ["FilterError", "Summary", "SummaryFilters", "build_summary"]
