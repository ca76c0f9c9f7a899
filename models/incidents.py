"""Incidents and everything known about them.

An *incident* is one attack. Documents *mention* incidents (a report about a new attack
that recalls an older one mentions both); every casualty figure a mention gives is a
*casualty report*, every claim, denial or accusation an *attribution*. The incident's own
fields (``killed_best`` ...) are derived from those by reconciliation, after applying the
analysts' *overrides*, which always win.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CountryCode, CreatedAt, IntPK, Name, Payload, Timestamp, UpdatedAt
from models.vocab import (
    ATTACK_TYPES,
    ATTRIBUTION_ROLES,
    CASUALTY_CATEGORIES,
    CASUALTY_POPULATIONS,
    DATE_PRECISIONS,
    LOCATION_PRECISIONS,
    QUALIFIERS,
    TARGET_TYPES,
    sql_in,
)


def _ordered_counts(prefix: str) -> list[CheckConstraint]:
    """CHECKs for a best/low/high triple: non-negative and low <= best <= high."""
    low, best, high = f"{prefix}_low", f"{prefix}_best", f"{prefix}_high"
    return [
        CheckConstraint(f"{low} >= 0 AND {best} >= 0 AND {high} >= 0", name=f"{prefix}_non_negative"),
        CheckConstraint(f"{low} <= {best} AND {best} <= {high} AND {low} <= {high}", name=f"{prefix}_ordered"),
    ]


def _reported_count(prefix: str) -> list[CheckConstraint]:
    """CHECKs for a reported figure stored as low/high/qualifier columns."""
    low, high, qualifier = f"{prefix}low", f"{prefix}high", f"{prefix}qualifier"
    name = prefix.rstrip("_") or "count"
    return [
        CheckConstraint(f"{low} >= 0 AND {high} >= {low}", name=f"{name}_range"),
        CheckConstraint(sql_in(qualifier, QUALIFIERS), name=f"{name}_qualifier"),
        CheckConstraint(f"{qualifier} <> 'range' OR {high} IS NOT NULL", name=f"{name}_range_has_high"),
    ]


class Location(Base):
    """A place at the precision a source gives it, from a country down to a site."""

    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint(sql_in("precision", LOCATION_PRECISIONS), name="precision"),
        CheckConstraint("latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180", name="coordinates"),
        Index(None, "country_code", "admin1"),
        Index(None, "city"),
        {"comment": "places; key is the normalised country|admin1|admin2|city|locality"},
    )

    id: Mapped[IntPK]
    key: Mapped[str] = mapped_column(
        String(1000), unique=True, comment="normalised country|admin1|admin2|city|locality, for deduplication"
    )
    country_code: Mapped[CountryCode | None] = mapped_column(
        ForeignKey("countries.code", ondelete="RESTRICT"), comment="ISO 3166-1 alpha-2"
    )
    admin1_code: Mapped[str | None] = mapped_column(
        ForeignKey("admin1_divisions.code", ondelete="SET NULL"), comment="ISO 3166-2, when known"
    )
    admin1: Mapped[Name | None] = mapped_column(comment="first-level division, e.g. Khyber Pakhtunkhwa")
    admin2: Mapped[Name | None] = mapped_column(comment="district, e.g. Shangla")
    city: Mapped[Name | None] = mapped_column(comment="city or town, e.g. Islamabad")
    locality: Mapped[Name | None] = mapped_column(comment="neighbourhood, sector or site, e.g. G-11")
    latitude: Mapped[float | None] = mapped_column(comment="WGS84 degrees")
    longitude: Mapped[float | None] = mapped_column(comment="WGS84 degrees")
    precision: Mapped[str | None] = mapped_column(
        String(20), comment="exact, locality, city, admin2, admin1 or country"
    )
    geonames_id: Mapped[int | None] = mapped_column(comment="GeoNames id of the most specific place, when known")


class Incident(Base):
    """One attack, with the reconciled values analysts query and report."""

    __tablename__ = "incidents"
    __table_args__ = (
        CheckConstraint(sql_in("date_precision", DATE_PRECISIONS), name="date_precision"),
        CheckConstraint("date_end >= date_start", name="date_order"),
        CheckConstraint(sql_in("attack_type", ATTACK_TYPES), name="attack_type"),
        CheckConstraint(sql_in("target_type", TARGET_TYPES), name="target_type"),
        *_ordered_counts("killed"),
        *_ordered_counts("wounded"),
        Index(None, "date_start"),
        Index(None, "attack_type"),
        {"comment": "one row per attack; best/low/high figures are reconciled from casualty_reports"},
    )

    id: Mapped[IntPK]
    slug: Mapped[str] = mapped_column(
        String(200), unique=True, comment="stable readable key, e.g. 2026-02-06-islamabad-imambargah-bombing"
    )
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(String(4000))
    date_start: Mapped[dt.date | None] = mapped_column(Date, comment="first day the date can be")
    date_end: Mapped[dt.date | None] = mapped_column(Date, comment="last day the date can be")
    date_precision: Mapped[str | None] = mapped_column(String(10), comment="day, month or year")
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"), index=True
    )
    attack_type: Mapped[str | None] = mapped_column(String(60), comment="GTD attack type")
    suicide: Mapped[bool | None] = mapped_column(comment="suicide attack (GTD 'suicide')")
    target_type: Mapped[str | None] = mapped_column(String(60), comment="GTD target/victim type")
    killed_best: Mapped[int | None] = mapped_column(comment="best estimate of people killed")
    killed_low: Mapped[int | None] = mapped_column(comment="lowest credible total reported")
    killed_high: Mapped[int | None] = mapped_column(comment="highest credible total reported")
    wounded_best: Mapped[int | None]
    wounded_low: Mapped[int | None]
    wounded_high: Mapped[int | None]
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]

    location: Mapped[Location | None] = relationship()
    mentions: Mapped[list[Mention]] = relationship(back_populates="incident")


class Mention(Base):
    """What one document says about one attack: the extracted values and their evidence."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("document_id", "position"),
        CheckConstraint(sql_in("date_precision", DATE_PRECISIONS), name="date_precision"),
        CheckConstraint(sql_in("attack_type", ATTACK_TYPES), name="attack_type"),
        CheckConstraint(sql_in("target_type", TARGET_TYPES), name="target_type"),
        *_reported_count("killed_"),
        *_reported_count("wounded_"),
        {"comment": "document <-> incident: the values one document gives for one attack"},
    )

    id: Mapped[IntPK]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(comment="0-based order of the mention in its document")
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True, comment="resolved incident"
    )
    is_primary: Mapped[bool] = mapped_column(comment="the document is mainly about this attack")
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    country_code: Mapped[CountryCode | None] = mapped_column(comment="as extracted (ISO alpha-2)")
    admin1: Mapped[Name | None]
    city: Mapped[Name | None]
    locality: Mapped[Name | None]
    killed_low: Mapped[int | None]
    killed_high: Mapped[int | None]
    killed_qualifier: Mapped[str | None] = mapped_column(String(20))
    wounded_low: Mapped[int | None]
    wounded_high: Mapped[int | None]
    wounded_qualifier: Mapped[str | None] = mapped_column(String(20))
    attack_type: Mapped[str | None] = mapped_column(String(60))
    suicide: Mapped[bool | None]
    target_type: Mapped[str | None] = mapped_column(String(60))
    payload: Mapped[Payload] = mapped_column(comment="the full extracted mention (interchange §2 form)")
    evidence: Mapped[Payload | None] = mapped_column(comment="field -> text span the value came from")
    created_at: Mapped[CreatedAt]

    incident: Mapped[Incident | None] = relationship(back_populates="mentions")


class CasualtyReport(Base):
    """One casualty figure as one document reported it, kept forever (the figures ledger)."""

    __tablename__ = "casualty_reports"
    __table_args__ = (
        CheckConstraint(sql_in("category", CASUALTY_CATEGORIES), name="category"),
        CheckConstraint(sql_in("population", CASUALTY_POPULATIONS), name="population"),
        *_reported_count(""),
        Index(None, "incident_id", "category"),
        {"comment": "every killed/wounded figure ever reported, with its document and as-of time"},
    )

    id: Mapped[IntPK]
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))
    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(10), comment="killed or wounded")
    population: Mapped[str] = mapped_column(
        String(20), default="total", comment="whose casualties: total, victims, perpetrators or civilians"
    )
    low: Mapped[int] = mapped_column(comment="the figure (the lower bound of a range)")
    high: Mapped[int | None] = mapped_column(comment="upper bound, for qualifier = range")
    qualifier: Mapped[str] = mapped_column(String(20), comment="exact, at_least, more_than, about, up_to, range")
    is_current: Mapped[bool] = mapped_column(
        default=True, comment="the figure the document presents as current (not an earlier toll)"
    )
    reported_at: Mapped[Timestamp | None] = mapped_column(comment="as-of time: the document's publication")
    evidence: Mapped[str | None] = mapped_column(String(2000), comment="the text span the figure came from")


class Attribution(Base):
    """A claim, denial, accusation or suspicion about who carried out an attack, and who said it."""

    __tablename__ = "attributions"
    __table_args__ = (
        CheckConstraint(sql_in("role", ATTRIBUTION_ROLES), name="role"),
        Index(None, "actor_id", "role"),
        Index(None, "incident_id", "role"),
        {"comment": "claims, denials and accusations; role keeps claimants and blamed parties apart"},
    )

    id: Mapped[IntPK]
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))
    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), comment="who claimed/denied, or who was blamed"
    )
    role: Mapped[str] = mapped_column(String(10), comment="claimed, denied, blamed or suspected")
    asserted_by: Mapped[str | None] = mapped_column(
        String(300), comment="person or office that made the accusation (e.g. Mohsin Naqvi, ISPR)"
    )
    asserted_by_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), comment="the actor the speaker speaks for, when known"
    )
    evidence_given: Mapped[bool | None] = mapped_column(
        comment="false when the text says no evidence was given, true when evidence is reported, null unknown"
    )
    reported_at: Mapped[Timestamp | None] = mapped_column(comment="the document's publication time")
    evidence: Mapped[str | None] = mapped_column(String(2000), comment="the text span behind the attribution")

    actor: Mapped[Any] = relationship("Actor", foreign_keys=[actor_id])
    asserted_by_actor: Mapped[Any] = relationship("Actor", foreign_keys=[asserted_by_actor_id])


class Override(Base):
    """An analyst's correction of an incident field; it wins over extracted values in every run."""

    __tablename__ = "overrides"
    __table_args__ = (
        Index(None, "incident_id", "field"),
        {"comment": "analyst corrections; the newest active override of a field wins"},
    )

    id: Mapped[IntPK]
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="RESTRICT"))
    field: Mapped[str] = mapped_column(String(60), comment="incident column, e.g. killed_best")
    value: Mapped[Payload | None] = mapped_column(comment="the corrected value (JSON)")
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[CreatedAt]
    is_active: Mapped[bool] = mapped_column(default=True, comment="false once reverted or superseded")
