"""Get-or-create helpers for the rows every loader shares: sources, locations and actors.

The news ETL and the dataset importers both attach documents to sources, mentions and
incidents to locations, and attributions to actors. These helpers keep one in-memory cache
per session so bulk loads do not query per row, and they normalise keys the same way
everywhere (so "Islamabad" from a news report and "Islamabad" from GTD are one location).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from etl.reference.actors import normalize_alias
from models import Actor, ActorAlias, Admin1Division, Country, Location, Source


def _fold(value: str | None) -> str:
    if not value:
        return ""
    return _fold_text(value)


@functools.lru_cache(maxsize=1 << 16)
def _fold_text(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.replace("-", " ").split())


def location_key(
    country_code: str | None,
    admin1: str | None = None,
    admin2: str | None = None,
    city: str | None = None,
    locality: str | None = None,
) -> str:
    """The natural key of a location: case-, accent- and hyphen-folded names joined by '|'."""
    return "|".join([(country_code or "").upper(), *map(_fold, (admin1, admin2, city, locality))])


def precision_of(admin1: str | None, admin2: str | None, city: str | None, locality: str | None) -> str:
    if locality:
        return "locality"
    if city:
        return "city"
    if admin2:
        return "admin2"
    if admin1:
        return "admin1"
    return "country"


@dataclass
class Store:
    """Caches of sources, locations, countries, divisions and actor aliases for one session."""

    session: Session
    _sources: dict[str, Source] = field(default_factory=dict)
    _locations: dict[str, Location] = field(default_factory=dict)
    _countries: set[str] | None = None
    _admin1: dict[tuple[str, str], str] | None = None
    _aliases: dict[str, int] | None = None

    # -- sources ---------------------------------------------------------------------------
    def source(self, name: str, kind: str = "news", url: str | None = None) -> Source:
        if name not in self._sources:
            row = self.session.scalar(select(Source).where(Source.name == name))
            if row is None:
                row = Source(name=name, kind=kind, url=url)
                self.session.add(row)
                self.session.flush()
            self._sources[name] = row
        return self._sources[name]

    # -- locations -------------------------------------------------------------------------
    def known_country(self, code: str | None) -> bool:
        if self._countries is None:
            self._countries = set(self.session.scalars(select(Country.code)))
        return bool(code) and code.upper() in self._countries

    def admin1_code(self, country_code: str | None, admin1: str | None) -> str | None:
        if self._admin1 is None:
            self._admin1 = {}
            for code, cc, name, iso_name in self.session.execute(
                select(Admin1Division.code, Admin1Division.country_code, Admin1Division.name, Admin1Division.iso_name)
            ):
                self._admin1[(cc, _fold(name))] = code
                self._admin1.setdefault((cc, _fold(iso_name)), code)
        if not country_code or not admin1:
            return None
        return self._admin1.get((country_code.upper(), _fold(admin1)))

    def location(
        self,
        country_code: str | None,
        admin1: str | None = None,
        admin2: str | None = None,
        city: str | None = None,
        locality: str | None = None,
        *,
        latitude: float | None = None,
        longitude: float | None = None,
        precision: str | None = None,
        geonames_id: int | None = None,
    ) -> Location | None:
        """The location row for these names (created on first use); None if nothing is known.

        An unknown country code raises ``ValueError`` (the caller rejects the record).
        Coordinates and GeoNames id fill in when the existing row has none.
        """
        if not any((country_code, admin1, admin2, city, locality)):
            return None
        if country_code and not self.known_country(country_code):
            raise ValueError(f"unknown country code {country_code!r}")
        key = location_key(country_code, admin1, admin2, city, locality)
        row = self._locations.get(key)
        if row is None:
            row = self.session.scalar(select(Location).where(Location.key == key))
        if row is None:
            row = Location(
                key=key,
                country_code=country_code.upper() if country_code else None,
                admin1_code=self.admin1_code(country_code, admin1),
                admin1=admin1,
                admin2=admin2,
                city=city,
                locality=locality,
                latitude=latitude,
                longitude=longitude,
                precision=precision or precision_of(admin1, admin2, city, locality),
                geonames_id=geonames_id,
            )
            self.session.add(row)
            self.session.flush()
        elif row.latitude is None and latitude is not None:
            row.latitude, row.longitude = latitude, longitude
            row.geonames_id = row.geonames_id or geonames_id
        self._locations[key] = row
        return row

    def location_ids(
        self, places: Iterable[tuple[str | None, str | None, str | None, str | None, str | None]]
    ) -> dict[tuple[str | None, str | None, str | None, str | None, str | None], int | None]:
        """The location id of each (country, admin1, admin2, city, locality), as :meth:`location` gives it.

        The places not cached yet are read with one query per 500 keys (instead of one per
        place) before :meth:`location` is asked for each, which then only creates the new ones.
        """
        wanted = list(dict.fromkeys(places))  # in the caller's order: new rows are created in it
        keys = {location_key(*names) for names in wanted if any(names)}
        unknown = sorted(k for k in keys if k not in self._locations)
        for start in range(0, len(unknown), 500):
            for row in self.session.scalars(select(Location).where(Location.key.in_(unknown[start : start + 500]))):
                self._locations[row.key] = row
        out: dict[tuple[str | None, str | None, str | None, str | None, str | None], int | None] = {}
        for names in wanted:
            row = self.location(*names)
            out[names] = row.id if row is not None else None
        return out

    # -- actors ----------------------------------------------------------------------------
    def _alias_index(self) -> dict[str, int]:
        if self._aliases is None:
            self._aliases = dict(self.session.execute(select(ActorAlias.normalized_alias, ActorAlias.actor_id)).all())
        return self._aliases

    def find_actor_id(self, name: str) -> int | None:
        """The actor an alias or canonical name maps to, or None."""
        return self._alias_index().get(normalize_alias(name))

    def actor_id(self, name: str, *, kind: str = "militant_group", origin: str = "analyst") -> tuple[int, bool]:
        """The actor for ``name``, creating it (flagged ``needs_review``) when unknown.

        Returns ``(actor_id, created)``. A new actor gets ``name`` as its canonical name and
        as an alias with the given ``origin`` (``gtd``, ``ucdp``, ``acled``, ``news``).
        """
        key = normalize_alias(name)
        found = self._alias_index().get(key)
        if found is not None:
            return found, False
        actor = self.session.scalar(select(Actor).where(Actor.name == name.strip()))
        created = actor is None
        if actor is None:
            country = self.session.scalar(select(Country.code).where(Country.name == name.strip()))
            actor = Actor(
                name=name.strip(),
                kind="state" if country else kind,
                country_code=country,
                needs_review=country is None,
            )
            self.session.add(actor)
            self.session.flush()
        self.session.add(ActorAlias(actor_id=actor.id, alias=name.strip(), normalized_alias=key, origin=origin))
        self.session.flush()
        self._alias_index()[key] = actor.id
        return actor.id, created
