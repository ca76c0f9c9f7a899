"""Countries and first-level divisions (ISO 3166-1 and 3166-2, from pycountry).

``name`` is the English name incidentdb uses everywhere (extraction output, the
``locations.admin1`` column, reports). It is pycountry's name unless ``admin1_names.csv``
in this package gives a more common English name (PK-IS "Islamabad" -> "Islamabad Capital
Territory"). Only top-level subdivisions (no parent) count as first-level divisions.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

import pycountry

#: Common English short names where ISO's differ (the names blamed countries are given by).
COUNTRY_NAME_OVERRIDES = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "FM": "Micronesia",
    "PS": "Palestine",
    "RU": "Russia",
    "TR": "Turkey",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
}

#: Codes in common use that ISO 3166-1 does not assign (ACLED and UCDP use Kosovo's).
EXTRA_COUNTRIES = (("XK", "XKX", "Kosovo", "Republic of Kosovo"),)


@dataclass(frozen=True, slots=True)
class CountryEntry:
    code: str
    alpha3: str
    name: str
    official_name: str | None


@dataclass(frozen=True, slots=True)
class Admin1Entry:
    code: str
    country_code: str
    name: str
    iso_name: str
    type: str | None


@functools.cache
def countries() -> tuple[CountryEntry, ...]:
    """Every ISO 3166-1 country, by its common English short name."""
    entries = [
        CountryEntry(
            c.alpha_2,
            c.alpha_3,
            COUNTRY_NAME_OVERRIDES.get(c.alpha_2) or getattr(c, "common_name", None) or c.name,
            getattr(c, "official_name", None),
        )
        for c in pycountry.countries
    ]
    entries += [CountryEntry(*extra) for extra in EXTRA_COUNTRIES]
    return tuple(sorted(entries, key=lambda e: e.code))


@functools.cache
def _name_overrides() -> dict[str, str]:
    text = resources.files(__package__).joinpath("admin1_names.csv").read_text("utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(text.splitlines())}


@functools.cache
def admin1_divisions() -> tuple[Admin1Entry, ...]:
    """Every first-level division, with incidentdb's English name."""
    overrides = _name_overrides()
    return tuple(
        sorted(
            (
                Admin1Entry(s.code, s.country_code, overrides.get(s.code, s.name), s.name, s.type)
                for s in pycountry.subdivisions
                if getattr(s, "parent_code", None) is None
            ),
            key=lambda e: e.code,
        )
    )
