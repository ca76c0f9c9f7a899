"""Human-readable labels for report cells (pure functions, shared by builders and renderers).

A report is read by editors: "at least 31", "60 (40–60)", "November 2025", "Yes". These
helpers turn typed values (pandas ``NA``, ``Timestamp``, vocabulary codes) into such text,
the same way in every format.
"""

from __future__ import annotations

import calendar
from typing import Any

import pandas as pd

QUALIFIER_WORDS = {
    "exact": "", "at_least": "at least ", "more_than": "more than ", "about": "about ", "up_to": "up to ",
}


def missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas NA (``pd.isna`` without the array case)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def figure_label(low: Any, high: Any, qualifier: Any) -> str:
    """A reported figure as written: "at least 31", "10–12", "53"."""
    if missing(low):
        return "unknown"
    if qualifier == "range" and not missing(high):
        return f"{int(low):,}–{int(high):,}"
    return f"{QUALIFIER_WORDS.get(str(qualifier), '')}{int(low):,}"


def figure_range_label(best: Any, low: Any, high: Any) -> str:
    """A reconciled figure with its range when there is one: "60 (40–60)", "12", "unknown"."""
    if missing(best):
        return "unknown"
    text = f"{int(best):,}"
    if not missing(low) and not missing(high) and (int(low) != int(best) or int(high) != int(best)):
        text += f" ({int(low):,}–{int(high):,})"
    return text


def date_label(start: Any, end: Any = None, precision: Any = None) -> str:
    """"2025-11-11"; "November 2025" (month precision); "2008" (year); "unknown"."""
    if missing(start):
        return "unknown"
    start = pd.Timestamp(start)
    if precision == "year":
        return f"{start.year}"
    if precision == "month":
        return f"{calendar.month_name[start.month]} {start.year}"
    if not missing(end) and pd.Timestamp(end) != start:
        return f"{start.date().isoformat()} to {pd.Timestamp(end).date().isoformat()}"
    return start.date().isoformat()


def timestamp_label(value: Any) -> str:
    """A UTC timestamp: "2008-09-20 18:30 UTC", or just the date when it is midnight (date-only input)."""
    if missing(value):
        return "unknown"
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    if (stamp.hour, stamp.minute, stamp.second) == (0, 0, 0):
        return stamp.date().isoformat()
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def place_label(*parts: Any) -> str:
    """Most specific first, without repeats: "G-11, Islamabad, Islamabad Capital Territory, Pakistan"."""
    names = [str(p) for p in parts if not missing(p) and str(p).strip()]
    return ", ".join(dict.fromkeys(names)) or "unknown"


def yes_no(value: Any) -> str:
    return "unknown" if missing(value) else ("Yes" if bool(value) else "No")


def blame_label(party: str, by: str | None, evidence_given: bool | None) -> str:
    """"Afghanistan, by Mohsin Naqvi (no evidence given)"."""
    evidence = {None: "evidence not stated", True: "evidence cited", False: "no evidence given"}[evidence_given]
    return f"{party}, by {by} ({evidence})" if by else f"{party}, accuser not named ({evidence})"


def short_label(row: Any) -> str:
    """A short column label for an incident: its most specific place and year ("Tarlai Kalan 2026")."""
    place = next((str(p) for p in (row.locality, row.city, row.admin1, row.country) if not missing(p)), "Unknown place")
    year = "" if missing(row.date_start) else f" {pd.Timestamp(row.date_start).year}"
    return f"{place}{year}"
