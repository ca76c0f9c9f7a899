"""What a dataset transform makes of one row: the values incidentdb stores for it.

A transform (``gtd.transform``, ``ucdp.transform``, ``acled.transform``) is a pure
function of the row's cells: it returns an :class:`ImportRecord` or raises
:class:`~etl.imports.values.RowError`. The loader (``etl.imports.loader``) turns records
into documents, mentions, casualty reports and attributions in bulk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Figure:
    """One casualty figure of the row (a ``casualty_reports`` row)."""

    category: str  # killed | wounded
    population: str  # total | victims | perpetrators | civilians
    low: int
    high: int | None = None
    qualifier: str = "exact"
    is_current: bool = True
    evidence: str | None = None  # "nkill=55": the column(s) the figure came from


@dataclass(slots=True)
class Claim:
    """An actor the row names, in an attribution role (an ``attributions`` row)."""

    name: str  # as the dataset spells it; the loader maps it onto the actor dictionary
    role: str  # claimed | suspected | ...
    asserted_by: str | None
    evidence: str


@dataclass(slots=True)
class Place:
    """Where the event happened, at the precision the dataset gives it."""

    country_code: str | None
    admin1: str | None = None
    admin2: str | None = None
    city: str | None = None
    locality: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: str | None = None

    def is_empty(self) -> bool:
        return not any((self.country_code, self.admin1, self.admin2, self.city, self.locality))


@dataclass(slots=True)
class Count:
    low: int
    high: int | None = None
    qualifier: str = "exact"

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "qualifier": self.qualifier}


@dataclass(slots=True)
class ImportRecord:
    """One dataset row, transformed. ``in_scope`` False: a document without a mention."""

    external_id: str
    title: str | None = None
    text: str | None = None
    url: str | None = None
    published_at: dt.datetime | None = None
    in_scope: bool = True
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    place: Place | None = None
    killed: Count | None = None
    wounded: Count | None = None
    attack_type: str | None = None
    suicide: bool | None = None
    target_type: str | None = None
    figures: list[Figure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    # set by the reader/loader, not by the transform
    line: int = 0
    raw: dict[str, str] = field(default_factory=dict)
    raw_json: str = ""
    content_sha256: str = ""

    def date_text(self) -> str | None:
        """The interchange form of the date: YYYY-MM-DD, YYYY-MM or YYYY by precision."""
        if self.date_start is None:
            return None
        if self.date_precision == "year":
            return f"{self.date_start.year:04d}"
        if self.date_precision == "month":
            return f"{self.date_start.year:04d}-{self.date_start.month:02d}"
        return self.date_start.isoformat()

    def payload(self, dataset: str) -> dict[str, Any]:
        """The mention in interchange §2 form, plus the dataset's extras (dataset, id, window)."""
        place = self.place or Place(None)
        payload: dict[str, Any] = {
            "primary": True,
            "date": self.date_text(),
            "date_precision": self.date_precision,
            "country": place.country_code,
            "admin1": place.admin1,
            "city": place.city,
            "locality": place.locality,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "killed": self.killed.to_dict() if self.killed else None,
            "wounded": self.wounded.to_dict() if self.wounded else None,
            "attack_type": self.attack_type,
            "suicide": self.suicide,
            "target_type": self.target_type,
            "claimed_by": [c.name for c in self.claims if c.role == "claimed"],
            "denied_by": [c.name for c in self.claims if c.role == "denied"],
            "blamed": [],
            "evidence": dict(self.evidence),
            "other_figures": [
                {"field": f.category, "population": f.population, "low": f.low, "high": f.high,
                 "qualifier": f.qualifier, "evidence": f.evidence}
                for f in self.figures
            ],
            "dataset": dataset,
            "dataset_id": self.external_id,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "admin2": place.admin2,
            "location_precision": place.precision,
            "suspected": [c.name for c in self.claims if c.role == "suspected"],
        }
        payload.update(self.extras)
        return payload
