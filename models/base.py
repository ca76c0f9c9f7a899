"""Declarative base, naming convention and the column types every table reuses.

Naming conventions (see README "Schema"):

* tables are plural nouns in snake_case (``incidents``, ``casualty_reports``);
* ``<thing>_id`` is a foreign key to ``<things>.id``; ``<thing>_code`` a natural code key;
* ``_date`` columns are calendar dates, ``_at`` columns are timezone-aware timestamps (UTC);
* booleans read as statements (``is_primary``, ``suicide``, ``needs_review``);
* enumerated text columns are restricted by a CHECK constraint built from :mod:`models.vocab`.

Every constraint and index gets a stable name from :data:`NAMING_CONVENTION`, so migrations
diff cleanly and read the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from sqlalchemy import JSON, DateTime, MetaData, String, Text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC (the value of every ``*_at`` default)."""
    return dt.datetime.now(dt.UTC)


#: JSON on SQLite, JSONB on PostgreSQL (indexable, comparable).
JSONType = JSON().with_variant(postgresql.JSONB(), "postgresql")

IntPK = Annotated[int, mapped_column(primary_key=True)]
Timestamp = Annotated[dt.datetime, mapped_column(DateTime(timezone=True))]
CreatedAt = Annotated[
    dt.datetime,
    mapped_column(DateTime(timezone=True), default=utcnow, comment="when this row was written (UTC)"),
]
UpdatedAt = Annotated[
    dt.datetime,
    mapped_column(
        DateTime(timezone=True),
        default=utcnow,
        onupdate=utcnow,
        comment="when this row was last changed (UTC)",
    ),
]
CountryCode = Annotated[str, mapped_column(String(2))]
Name = Annotated[str, mapped_column(String(300))]
LongText = Annotated[str, mapped_column(Text)]
Payload = Annotated[Any, mapped_column(JSONType)]
