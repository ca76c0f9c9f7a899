"""Load the shipped reference data into the database (run by ``incidentdb db upgrade``).

Countries and first-level divisions come from pycountry (``etl.reference.divisions``), the
actor dictionary from ``etl/reference/actors.toml``. The step is idempotent: rows are
inserted when missing and updated when the shipped data changed; actors and aliases that
imports or analysts added are left alone. Dictionary aliases that moved to another actor
in a newer dictionary are moved with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from etl.reference.actors import load_actor_dictionary, normalize_alias
from etl.reference.divisions import admin1_divisions, countries
from models import Actor, ActorAlias, Admin1Division, Country

log = logging.getLogger(__name__)


@dataclass
class SeedCounts:
    countries: int = 0
    admin1_divisions: int = 0
    actors: int = 0
    aliases: int = 0

    def __str__(self) -> str:
        return (
            f"{self.countries} countries, {self.admin1_divisions} first-level divisions, "
            f"{self.actors} actors, {self.aliases} aliases added or updated"
        )


def _sync(session: Session, model: type, key: str, wanted: dict[str, dict]) -> int:
    """Insert or update ``model`` rows so they match ``wanted`` (key -> column values)."""
    existing = {getattr(row, key): row for row in session.scalars(select(model))}
    changed = 0
    for k, values in wanted.items():
        row = existing.get(k)
        if row is None:
            session.add(model(**{key: k}, **values))
            changed += 1
        elif any(getattr(row, col) != val for col, val in values.items()):
            for col, val in values.items():
                setattr(row, col, val)
            changed += 1
    session.flush()
    return changed


def seed_reference_data(session: Session) -> SeedCounts:
    counts = SeedCounts()
    counts.countries = _sync(
        session,
        Country,
        "code",
        {c.code: {"alpha3": c.alpha3, "name": c.name, "official_name": c.official_name} for c in countries()},
    )
    counts.admin1_divisions = _sync(
        session,
        Admin1Division,
        "code",
        {
            a.code: {"country_code": a.country_code, "name": a.name, "iso_name": a.iso_name, "type": a.type}
            for a in admin1_divisions()
        },
    )
    dictionary = load_actor_dictionary()
    known_countries = {c.code for c in countries()}
    counts.actors = _sync(
        session,
        Actor,
        "name",
        {
            e.name: {
                "kind": e.kind,
                "country_code": e.country if e.country in known_countries else None,
                "description": e.description,
            }
            for e in dictionary
        },
    )
    actors = {a.name: a for a in session.scalars(select(Actor))}
    for entry in dictionary:
        parent_id = actors[entry.parent].id if entry.parent else None
        if actors[entry.name].parent_id != parent_id:
            actors[entry.name].parent_id = parent_id
    aliases = {a.normalized_alias: a for a in session.scalars(select(ActorAlias))}
    for entry in dictionary:
        actor = actors[entry.name]
        for spelling in dict.fromkeys((entry.name, *entry.aliases)):
            key = normalize_alias(spelling)
            alias = aliases.get(key)
            if alias is None:
                alias = ActorAlias(actor_id=actor.id, alias=spelling, normalized_alias=key, origin="dictionary")
                session.add(alias)
                aliases[key] = alias
                counts.aliases += 1
            elif alias.actor_id != actor.id and alias.origin == "dictionary":
                alias.actor_id = actor.id
                counts.aliases += 1
    session.flush()
    log.debug("reference data: %s", counts)
    return counts
