"""Typed handles on the analyst views, for SQLAlchemy Core queries.

A view has no column types that SQLite will report: read through plain SQL, a date comes
back from SQLite as the text ``'2008-09-20'`` and from PostgreSQL as a ``date``; a boolean
as ``1`` or ``True``. Declaring each view's columns here (names and types copied from
``migrations/versions/0002_analyst_views.py``) lets SQLAlchemy convert the values the same
way on both backends, and lets builders write ``select(INCIDENT_SUMMARY.c.slug)`` with
type-checked binds (a ``date`` compared to a SQLite text date still compares correctly).

These tables live in their own ``MetaData`` so that ``Base.metadata`` (what Alembic compares
the migrations with) never sees them.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, MetaData, String, Table

VIEWS = MetaData()


def _ts(name: str) -> Column:
    return Column(name, DateTime(timezone=True))


INCIDENT_SUMMARY = Table(
    "incident_summary", VIEWS,
    Column("incident_id", Integer), Column("slug", String), Column("title", String),
    Column("date_start", Date), Column("date_end", Date), Column("date_precision", String),
    Column("country_code", String), Column("country", String), Column("admin1", String), Column("admin2", String),
    Column("city", String), Column("locality", String), Column("latitude", Float), Column("longitude", Float),
    Column("attack_type", String), Column("suicide", Boolean), Column("target_type", String),
    Column("killed_best", Integer), Column("killed_low", Integer), Column("killed_high", Integer),
    Column("wounded_best", Integer), Column("wounded_low", Integer), Column("wounded_high", Integer),
    Column("claimed_by", String), Column("denied_by", String), Column("blamed", String), Column("suspected", String),
    Column("source_count", Integer), Column("document_count", Integer),
    _ts("first_report_at"), _ts("latest_report_at"), Column("summary", String), _ts("updated_at"),
)

CASUALTY_TIMELINE = Table(
    "casualty_timeline", VIEWS,
    Column("casualty_report_id", Integer), Column("incident_id", Integer), Column("slug", String),
    Column("category", String), Column("population", String), Column("low", Integer), Column("high", Integer),
    Column("qualifier", String), Column("is_current", Boolean), _ts("reported_at"), Column("report_number", Integer),
    Column("source", String), Column("document_id", Integer), Column("document_external_id", String),
    Column("document_title", String), Column("document_url", String), Column("evidence", String),
)

ATTRIBUTION_LOG = Table(
    "attribution_log", VIEWS,
    Column("attribution_id", Integer), Column("incident_id", Integer), Column("slug", String),
    Column("role", String), Column("actor", String), Column("actor_kind", String), Column("asserted_by", String),
    Column("asserted_for", String), Column("evidence_given", Boolean), _ts("reported_at"), Column("source", String),
    Column("document_id", Integer), Column("document_external_id", String), Column("document_title", String),
    Column("document_url", String), Column("evidence", String),
)

INCIDENT_DOCUMENTS = Table(
    "incident_documents", VIEWS,
    Column("incident_id", Integer), Column("slug", String), Column("document_id", Integer),
    Column("source", String), Column("source_kind", String), Column("document_external_id", String),
    Column("document_kind", String), Column("title", String), Column("url", String), _ts("published_at"),
    Column("is_primary", Boolean),
)
