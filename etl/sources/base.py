"""What every source yields: documents to load, or records it had to reject.

Sources only read containers (files, feeds, pages); they never touch the database. A bad
record does not stop a source: it is yielded as a :class:`Rejected` with the input's name and
line so the run can store it in ``rejected_records`` and go on. A source that cannot be read
at all (an unreachable feed, a missing folder) raises :class:`SourceError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from etl.records import Document
from incidentdb.errors import IncidentDBError


class SourceError(IncidentDBError):
    """A whole source could not be read; the other sources of the run still load."""


@dataclass(frozen=True, slots=True)
class Item:
    """One document read from a source."""

    document: Document
    source_name: str  # the outlet (JSONL ``source``) or the configured source's name
    source_kind: str  # "news" for outlets, "feed" for configured feeds and folders
    input_name: str  # file path or URL it came from
    line_number: int | None = None
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be turned into a document, with the reason."""

    source_name: str
    input_name: str
    error: str
    line_number: int | None = None
    record_id: str | None = None
    raw: str | None = None

    def describe(self) -> str:
        where = f"{self.input_name}:{self.line_number}" if self.line_number else self.input_name
        return f"{self.source_name}: {where}: {self.error}"


FUTURE_SLACK = dt.timedelta(days=1)


def parse_published(value: object) -> dt.datetime | dt.date | None:
    """``YYYY-MM-DD`` or an ISO 8601 datetime (``Z`` allowed) -> date / aware datetime.

    Raises ValueError for anything else, and for dates in the future (a report cannot be
    published tomorrow; such a date is a typo or a wrong time zone, and would anchor
    "on Friday" to the wrong week).
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"'published' must be a string, got {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) == 10:
            parsed: dt.datetime | dt.date = dt.date.fromisoformat(text)
        else:
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            parsed = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    except ValueError:
        raise ValueError(f"'published' {value!r} is not a date (YYYY-MM-DD or ISO 8601 datetime)") from None
    now = dt.datetime.now(dt.UTC)
    moment = parsed if isinstance(parsed, dt.datetime) else dt.datetime.combine(parsed, dt.time(), tzinfo=dt.UTC)
    if moment > now + FUTURE_SLACK:
        raise ValueError(f"'published' {text} is in the future")
    return parsed
