"""The records that flow through the pipeline: documents in, mentions out.

These dataclasses are the in-memory form of the interchange contract
(``spec/interchange.md``): :class:`Document` is one line of an input feed (§1) and
:class:`Extraction` is one line of ``incidentdb extract`` output (§2). Sources produce
documents, the extractor turns a document into an extraction, and the loader writes
extractions to the database. ``to_dict`` gives exactly the interchange field names; fields
beyond the contract (``other_figures``, ``spans``) are allowed extras.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: a news report, a feed item, a page or a dataset row's text."""

    id: str
    text: str
    published: dt.datetime | dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None

    @property
    def published_date(self) -> dt.date | None:
        """The publication day (the anchor for "on Friday", "last November")."""
        if isinstance(self.published, dt.datetime):
            return self.published.date()
        return self.published


@dataclass(frozen=True, slots=True)
class Count:
    """A reported casualty figure: "at least 31" -> Count(31, None, "at_least")."""

    low: int
    high: int | None = None
    qualifier: str = "exact"

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "qualifier": self.qualifier}


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure the text gives besides the current one (an early toll, a headline's count)."""

    field: str  # "killed" | "wounded"
    count: Count
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, **self.count.to_dict(), "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Blame:
    """An accusation: ``by`` (a person or office) blamed ``party`` for the attack.

    ``evidence_given`` is False only when the text says the accusation came without
    evidence, True when it reports evidence, None otherwise. ``on_behalf_of`` is the actor
    the speaker speaks for when known (Mohsin Naqvi -> "Pakistan").
    """

    party: str
    by: str | None = None
    evidence_given: bool | None = None
    on_behalf_of: str | None = None
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "by": self.by,
            "evidence_given": self.evidence_given,
            "on_behalf_of": self.on_behalf_of,
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class Mention:
    """One attack that a document reports (``primary``) or refers to."""

    primary: bool
    date: str | None = None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    date_precision: str | None = None  # "day" | "month" | "year"
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    city: str | None = None
    locality: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    killed: Count | None = None
    wounded: Count | None = None
    attack_type: str | None = None
    suicide: bool | None = None
    target_type: str | None = None
    claimed_by: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    blamed: list[Blame] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    other_figures: list[Figure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "primary": self.primary,
            "date": self.date,
            "date_precision": self.date_precision,
            "country": self.country,
            "admin1": self.admin1,
            "city": self.city,
            "locality": self.locality,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "killed": self.killed.to_dict() if self.killed else None,
            "wounded": self.wounded.to_dict() if self.wounded else None,
            "attack_type": self.attack_type,
            "suicide": self.suicide,
            "target_type": self.target_type,
            "claimed_by": list(self.claimed_by),
            "denied_by": list(self.denied_by),
            "blamed": [b.to_dict() for b in self.blamed],
            "evidence": dict(self.evidence),
            "other_figures": [f.to_dict() for f in self.other_figures],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        """Inverse of :meth:`to_dict` (tolerates the extras being absent)."""

        def count(value: dict[str, Any] | None) -> Count | None:
            if not value:
                return None
            return Count(value["low"], value.get("high"), value.get("qualifier") or "exact")

        return cls(
            primary=bool(data.get("primary")),
            date=data.get("date"),
            date_precision=data.get("date_precision"),
            country=data.get("country"),
            admin1=data.get("admin1"),
            city=data.get("city"),
            locality=data.get("locality"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            killed=count(data.get("killed")),
            wounded=count(data.get("wounded")),
            attack_type=data.get("attack_type"),
            suicide=data.get("suicide"),
            target_type=data.get("target_type"),
            claimed_by=list(data.get("claimed_by") or []),
            denied_by=list(data.get("denied_by") or []),
            blamed=[
                Blame(
                    b["party"],
                    b.get("by"),
                    b.get("evidence_given"),
                    b.get("on_behalf_of"),
                    b.get("evidence"),
                )
                for b in data.get("blamed") or []
            ],
            evidence=dict(data.get("evidence") or {}),
            other_figures=[
                Figure(f["field"], Count(f["low"], f.get("high"), f.get("qualifier") or "exact"), f.get("evidence"))
                for f in data.get("other_figures") or []
            ],
        )


@dataclass(slots=True)
class Extraction:
    """The extractor's output for one document (one line of ``incidentdb extract``)."""

    id: str
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "mentions": [m.to_dict() for m in self.mentions]}


__all__ = ["Blame", "Count", "Document", "Extraction", "Figure", "Mention", "asdict"]
