"""The pure half of an import: a file's rows to records ready to be written in bulk.

Two stages, neither touching the database, so that they can run in a worker process
(:mod:`etl.imports.worker`) while the main process writes the previous chunk:

1. :func:`split_rows`: every physical record is checked (number of fields, id, duplicate
   ids) and serialised once, canonically (sorted keys, compact JSON, UTF-8), for its content
   hash. Cheap; done for every row.
2. :func:`prepare`: a row whose hash and importer version match what the database already
   holds is only counted (an unchanged re-import transforms nothing). Other rows go through
   the dataset's transform and become the column values of their document, mention, casualty
   reports and claims, plus the values the row's incident has on its own
   (:func:`etl.resolve.reconcile.derive_alone`, the rule reconciliation applies to one mention), which the
   loader uses when no other source's mention can be the same attack.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import orjson

from etl.imports.layout import Dataset, RowView, TransformOptions
from etl.imports.readers import Table
from etl.imports.records import ImportRecord
from etl.imports.values import RowError
from etl.resolve.features import mention_key
from etl.resolve.reconcile import derive_alone
from etl.store import location_key, precision_of

log = logging.getLogger(__name__)

#: Prepared values of a mention row, in this order (the loader adds id, document, incident).
MENTION_VALUES = (
    "date_start", "date_end", "date_precision", "country_code", "admin1", "city", "locality",
    "killed_low", "killed_high", "killed_qualifier", "wounded_low", "wounded_high", "wounded_qualifier",
    "attack_type", "suicide", "target_type", "payload", "evidence",
)
#: Prepared values of the row's own incident, in this order (the loader adds id, slug, location).
INCIDENT_VALUES = (
    "title", "date_start", "date_end", "date_precision", "attack_type", "suicide", "target_type",
    "killed_best", "killed_low", "killed_high", "wounded_best", "wounded_low", "wounded_high",
)
NAME_LIMIT = 300  # mentions.admin1/city/locality and locations' names


@dataclass(slots=True)
class Rejection:
    """A row that cannot be loaded: where it starts, its id if known, its text and why."""

    line: int
    record_id: str | None
    raw_payload: str
    error: str


@dataclass(slots=True)
class RawRecord:
    """Stage 1: one well-formed row, serialised for its content hash."""

    line: int
    record_id: str
    fields: list[str]
    text: str  # the record as read (stored if the transform rejects it)
    raw_json: str
    content_sha256: str


@dataclass(slots=True)
class PreparedRecord:
    """Stage 2: everything the loader writes for one row (plain values, cheap to pickle).

    ``state`` is ``unchanged`` (nothing else is set), ``new`` or ``changed``. ``mention`` is
    None for rows out of scope (kept as documents without a mention).
    """

    line: int
    external_id: str
    state: str
    content_sha256: str = ""
    raw_json: str = ""
    url: str | None = None
    title: str | None = None
    published_at: dt.datetime | None = None
    text: str | None = None
    mention: tuple | None = None  # MENTION_VALUES (dates as ISO text)
    place: tuple | None = None  # (key, country, admin1 cut, city cut, locality cut, lat, lon, precision, admin1)
    figures: list[tuple] = field(default_factory=list)  # (category, population, low, high, qualifier, is_current, evidence)
    claims: list[tuple] = field(default_factory=list)  # (name, role, asserted_by, evidence)
    incident: tuple | None = None  # INCIDENT_VALUES (dates as ISO text), for new rows in scope
    incident_place: tuple | None = None  # (country, admin1, None, city, locality) of the incident's location
    slug_base: str | None = None

    @property
    def in_scope(self) -> bool:
        return self.mention is not None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled as the plain tuple of its fields: a third faster than the dataclass default,
        # which matters for the hundreds of thousands sent from the reader process.
        return PreparedRecord, _values(self)


_values = operator.attrgetter(*(f.name for f in fields(PreparedRecord)))


def canonical_json(raw: dict[str, str]) -> bytes:
    """The canonical serialisation of a row (sorted keys, compact JSON, UTF-8): its content hash input."""
    return orjson.dumps(raw, option=orjson.OPT_SORT_KEYS)


def split_rows(table: Table, dataset: Dataset) -> Iterator[RawRecord | Rejection]:
    """Stage 1 over a whole table: each row as a :class:`RawRecord` or a :class:`Rejection`."""
    width = len(table.header)
    names = [name.strip() or f"column {i + 1}" for i, name in enumerate(table.header)]
    # The canonical form sorts the keys: take the cells in sorted-name order once, so each row
    # is serialised in insertion order (the same bytes as sorting, done in C).
    order = sorted(range(width), key=lambda i: names[i])
    sorted_names = [names[i] for i in order]
    in_order = operator.itemgetter(*order) if width > 1 else (lambda fields: (fields[0],))
    index = dataset.column_index(table.columns)
    id_position = index[dataset.id_column]
    seen: dict[str, int] = {}
    sha256 = hashlib.sha256
    for raw in table.rows:
        if raw.error:
            yield Rejection(raw.line, None, raw.text, raw.error)
            continue
        fields = raw.fields
        if len(fields) != width:
            if len(fields) > width and not any(f.strip() for f in fields[width:]):
                fields = fields[:width]
            else:
                found = len(fields)
                yield Rejection(
                    raw.line,
                    fields[id_position].strip() if id_position < found else None,
                    raw.text,
                    f"wrong number of fields: expected {width}, found {found}",
                )
                continue
        record_id = fields[id_position].strip()
        if not record_id:
            yield Rejection(raw.line, None, raw.text, f"missing {dataset.id_column}")
            continue
        if record_id in seen:
            yield Rejection(
                raw.line, record_id, raw.text,
                f"duplicate {dataset.id_column} {record_id} (first on line {seen[record_id]})",
            )
            continue
        seen[record_id] = raw.line
        values = in_order(fields)
        canonical = orjson.dumps(dict(itertools.compress(zip(sorted_names, values, strict=True), values)))
        yield RawRecord(raw.line, record_id, fields, raw.text, canonical.decode("utf-8"), sha256(canonical).hexdigest())


@dataclass(frozen=True)
class Preparer:
    """Stage 2 for one import: the dataset, its options and the version rows are compared with."""

    dataset: Dataset
    index: dict[str, int]
    options: TransformOptions
    importer_version: str

    def prepare(self, raw: RawRecord, known: tuple[str, str | None] | None) -> PreparedRecord | Rejection:
        """``known``: (content hash, importer version) the database holds for this row, if any."""
        if known is not None and known[0] == raw.content_sha256 and known[1] == self.importer_version:
            return PreparedRecord(raw.line, raw.record_id, "unchanged")
        try:
            record = self.dataset.transform(RowView(self.index, raw.fields), self.options)
        except RowError as exc:
            return Rejection(raw.line, raw.record_id, raw.text, str(exc))
        except Exception as exc:  # noqa: BLE001 - one odd row must not stop the import
            log.debug("line %d: transform failed", raw.line, exc_info=True)
            return Rejection(raw.line, raw.record_id, raw.text, f"cannot read the row ({type(exc).__name__}: {exc})")
        return self._prepared(raw, record, "new" if known is None else "changed")

    def _prepared(self, raw: RawRecord, record: ImportRecord, state: str) -> PreparedRecord:
        source = self.dataset.source_name
        out = PreparedRecord(
            line=raw.line,
            external_id=record.external_id,
            state=state,
            content_sha256=raw.content_sha256,
            raw_json=raw.raw_json,
            url=record.url,
            title=record.title[:1000] if record.title else None,
            published_at=record.published_at,
            text=record.text,
        )
        if not record.in_scope:
            return out
        place = record.place
        country = place.country_code if place else None
        admin1 = _cut(place.admin1) if place else None
        city = _cut(place.city) if place else None
        locality = _cut(place.locality) if place else None
        killed, wounded = record.killed, record.wounded
        # Dates as ISO text: what SQLite stores and what PostgreSQL's COPY reads, so that the
        # writer passes the values through as they are.
        out.mention = (
            _iso(record.date_start), _iso(record.date_end), record.date_precision, country, admin1, city, locality,
            killed.low if killed else None, killed.high if killed else None, killed.qualifier if killed else None,
            wounded.low if wounded else None, wounded.high if wounded else None,
            wounded.qualifier if wounded else None,
            record.attack_type, record.suicide, record.target_type,
            orjson.dumps(record.payload(source)).decode("utf-8"),
            orjson.dumps(record.evidence).decode("utf-8") if record.evidence else None,
        )
        if place is not None and not place.is_empty():
            out.place = (
                location_key(place.country_code, place.admin1, None, place.city, place.locality),
                place.country_code, admin1, city, locality, place.latitude, place.longitude,
                precision_of(place.admin1, None, place.city, place.locality), place.admin1,
            )
        out.figures = [
            (f.category, f.population, f.low, f.high, f.qualifier, f.is_current, f.evidence) for f in record.figures
        ]
        out.claims = [(c.name, c.role, c.asserted_by, c.evidence) for c in record.claims]
        if state == "new":
            self._own_incident(out, record)
        return out

    def _own_incident(self, out: PreparedRecord, record: ImportRecord) -> None:
        """The incident this row is on its own: reconciliation's rule for a single mention."""
        assert out.mention is not None
        (_start, _end, precision, country, admin1, city, locality, *_rest) = out.mention
        values, place, slug_base = derive_alone(
            mention_key(self.dataset.source_name, record.external_id, 0), record.date_start, record.date_end,
            precision, country, admin1, city, locality, record.attack_type, record.suicide, record.target_type,
            out.figures,
        )
        title, start, end, *rest = values
        out.incident = (title or "incident", _iso(start), _iso(end), *rest)
        out.incident_place = (place[0], place[1], None, place[2], place[3])
        out.slug_base = slug_base or "incident"


def prepare_chunk(
    preparer: Preparer, raws: list[RawRecord | Rejection], known: Mapping[str, tuple[Any, ...]]
) -> list[PreparedRecord | Rejection]:
    """Stage 2 over one chunk; ``known`` maps external ids to (doc id, hash, version) in the database."""
    out: list[PreparedRecord | Rejection] = []
    for raw in raws:
        if isinstance(raw, Rejection):
            out.append(raw)
            continue
        found = known.get(raw.record_id)
        out.append(preparer.prepare(raw, None if found is None else (found[1], found[2])))
    return out


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _cut(value: str | None, limit: int = NAME_LIMIT) -> str | None:
    return value[:limit] if value else value


__all__ = [
    "INCIDENT_VALUES", "MENTION_VALUES", "PreparedRecord", "Preparer", "RawRecord", "Rejection", "canonical_json",
    "prepare_chunk", "split_rows",
]
