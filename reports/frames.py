"""Run a Core query and get a DataFrame with the same dtypes on SQLite and PostgreSQL.

Every builder goes through :func:`read_frame`, so a report never depends on which backend
answered: integer columns become pandas ``Int64`` (nullable: an unknown toll stays unknown
instead of turning ``12`` into ``12.0``), booleans ``boolean``, dates ``datetime64`` (naive,
a calendar date) and timestamps ``datetime64[ns, UTC]`` (SQLite stores them naive in UTC,
PostgreSQL returns them in the session's zone: both end up in UTC).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select


def _coerce(series: pd.Series, sqltype: object) -> pd.Series:
    if isinstance(sqltype, Boolean):
        return series.astype("boolean")
    if isinstance(sqltype, Integer):
        return pd.array(series.where(series.notna(), None).tolist(), dtype="Int64")  # type: ignore[return-value]
    if isinstance(sqltype, Float | Numeric):
        return pd.to_numeric(series, errors="coerce").astype("float64")
    if isinstance(sqltype, DateTime):
        return pd.to_datetime(series, utc=True, format="mixed") if len(series) else series.astype("datetime64[ns, UTC]")
    if isinstance(sqltype, Date):
        return pd.to_datetime(series) if len(series) else series.astype("datetime64[ns]")
    return series.astype("object").where(series.notna(), None)


def read_frame(conn: Connection, stmt: Select) -> pd.DataFrame:
    """Execute ``stmt`` and return its rows as a DataFrame typed from the selected columns."""
    result = conn.execute(stmt)
    columns = list(result.keys())
    # Transpose plain tuples into columns: handing Row objects to pandas makes it probe
    # each row's attributes, which costs seconds on a 200,000-row summary.
    values = list(zip(*map(tuple, result.all()), strict=True)) or [()] * len(columns)
    types = {c.key: c.type for c in stmt.selected_columns}
    return pd.DataFrame({
        name: _coerce(pd.Series(column, dtype=object), types.get(name))
        for name, column in zip(columns, values, strict=True)
    })
