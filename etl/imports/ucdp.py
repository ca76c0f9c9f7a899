"""The UCDP Georeferenced Event Dataset (GED, Uppsala University): codebook layout to records.

One GED row (``id``) becomes one document with one mention.

* **Dates**: ``date_start`` and ``date_end`` bound the event; ``date_prec`` says how well
  UCDP knows it (codebook): 1 exact day; 2 within 2-6 days; 3 only the week; 4 within
  8-30 days or only the month; 5 within more than a month but at most a calendar year.
  Precision: 1 -> ``day``, 2-4 -> ``month``, 5 -> ``year``; the window is kept exactly as
  UCDP gives it (``date_start``/``date_end``), which is what resolution compares.
* **Deaths**: ``best`` is UCDP's most likely count, ``low``/``high`` its bounds. They are
  kept as two casualty reports of the document: the best estimate (qualifier ``exact`` when
  low = best = high, else ``about``; the current figure reconciliation uses) and, when the
  bounds differ from it, the range (qualifier ``range``, ``is_current`` false so that it
  informs analysts without displacing the best estimate; some real rows have low > high or
  best outside [low, high]: the range is stored low-to-high and the evidence says what the
  release had).
  ``deaths_civilians`` is a third report with population ``civilians``. ``deaths_a``,
  ``deaths_b`` and ``deaths_unknown`` stay in the raw record.
* **Actors**: ``side_a`` and ``side_b`` (several actors are comma-separated); roles by
  ``type_of_violence`` (roles.csv): in one-sided violence side_a is the perpetrator and
  side_b ("Civilians") no actor; in state-based and non-state conflict both sides fought.
  "Government of X" is the state X.
* **Place**: ``country`` (crosswalk), ``adm_1``, ``adm_2``, ``where_coordinates`` (the named
  place, e.g. "Aleppo town"), coordinates, and ``where_prec`` (1 exact place, 2 within
  25 km, 3 second-order division, 4 first-order division, 5 a part of the country or a
  linear feature, 6 only the country, 7 international waters or airspace).
"""

from __future__ import annotations

import re

from etl.imports import crosswalks
from etl.imports.layout import Dataset, RowView, TransformOptions
from etl.imports.records import Claim, Count, Figure, ImportRecord, Place
from etl.imports.values import (
    RowError,
    clean,
    parse_code,
    parse_coordinate,
    parse_count,
    parse_iso_date,
    window_precision,
)

SOURCE_NAME = "UCDP GED"
REQUIRED = (
    "id", "date_start", "date_end", "date_prec", "country", "side_a", "side_b", "type_of_violence",
    "best", "low", "high",
)

#: GED ``date_prec`` -> precision (the window itself comes from date_start/date_end).
DATE_PRECISION = {1: "day", 2: "month", 3: "month", 4: "month", 5: "year"}
_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}

#: GED ``where_prec`` -> incidentdb location precision.
WHERE_PRECISION = {1: "exact", 2: "city", 3: "admin2", 4: "admin1", 5: "admin1", 6: "country", 7: "country"}
VIOLENCE_TYPES = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}

_PLACE_KIND = re.compile(r"^(?P<name>.+?)\s+(?P<kind>town|city|village|suburb|hamlet|neighbourhood|neighborhood)$", re.I)


def _place_names(where: str | None, where_prec: int | None) -> tuple[str | None, str | None]:
    """``(city, locality)`` from ``where_coordinates`` ("Aleppo town", "Eastern Ghouta")."""
    if where is None or where_prec not in (1, 2):
        return None, None
    match = _PLACE_KIND.match(where)
    if match:
        kind = match.group("kind").lower()
        if kind in ("suburb", "neighbourhood", "neighborhood"):
            return None, match.group("name")
        return match.group("name"), None
    return None, where


def _actors(value: str | None) -> list[str]:
    text = clean(value)
    if text is None:
        return []
    return [name.strip() for name in text.split(",") if name.strip()]


def transform(row: RowView, options: TransformOptions) -> ImportRecord:  # noqa: ARG001
    event_id = row["id"].strip()
    start = parse_iso_date(row.get("date_start"), "date_start")
    if start is None:
        raise RowError("unparseable date: date_start is empty")
    end = parse_iso_date(row.get("date_end"), "date_end") or start
    if end < start:
        raise RowError(f"unparseable date: date_end {end} is before date_start {start}")
    date_prec = parse_code(row.get("date_prec"), "date_prec")
    precision = DATE_PRECISION.get(date_prec or 0) or window_precision(start, end)
    window = window_precision(start, end)
    if _PRECISION_ORDER[window] > _PRECISION_ORDER[precision]:
        precision = window  # never claim more than the window allows

    country_text = clean(row.get("country"))
    if country_text is None:
        raise RowError("unknown country: country is empty")
    try:
        country = crosswalks.country("ucdp", country_text)
    except crosswalks.UnknownCountry:
        raise RowError(f"unknown country {country_text!r}") from None
    where_prec = parse_code(row.get("where_prec"), "where_prec")
    _, admin1 = crosswalks.admin1("ucdp", country.code, clean(row.get("adm_1")))
    admin2 = clean(row.get("adm_2"))
    if where_prec in (6, 7):
        admin1 = admin2 = None
    elif where_prec in (4, 5):
        admin2 = None
    city, locality = _place_names(clean(row.get("where_coordinates")), where_prec)
    latitude = parse_coordinate(row.get("latitude"), "latitude", 90)
    longitude = parse_coordinate(row.get("longitude"), "longitude", 180)
    if where_prec not in (1, 2) or latitude is None or longitude is None:
        latitude = longitude = None  # centroids of regions are not the event's point
    place = Place(
        country_code=country.code,
        admin1=admin1,
        admin2=admin2,
        city=city,
        locality=locality,
        latitude=latitude,
        longitude=longitude,
        precision=WHERE_PRECISION.get(where_prec or 0),
    )

    best = parse_count(row.get("best"), "best")
    low = parse_count(row.get("low"), "low")
    high = parse_count(row.get("high"), "high")
    figures: list[Figure] = []
    killed = None
    evidence = {"date": f"date_start={start} date_end={end} date_prec={date_prec}"}
    if best is not None:
        exact = low in (None, best) and high in (None, best)
        killed = Count(best, None, "exact" if exact else "about")
        figures.append(Figure("killed", "total", best, None, killed.qualifier,
                              evidence=f"best={best} (low={_text(low)}, high={_text(high)})"))
        evidence["killed"] = f"best={best}"
    if low is not None and high is not None and not (low == high == best):
        bottom, top = min(low, high), max(low, high)
        note = f"low={low}, high={high}" + (" (low > high in the release)" if low > high else "")
        # The bounds are kept in the ledger but not as a current figure: reconciliation takes
        # the incident's best from the current figures, and UCDP's best is its estimate.
        if bottom == top:
            figures.append(Figure("killed", "total", bottom, None, "exact", is_current=False, evidence=note))
        else:
            figures.append(Figure("killed", "total", bottom, top, "range", is_current=False, evidence=note))
    civilians = parse_count(row.get("deaths_civilians"), "deaths_civilians")
    if civilians is not None:
        figures.append(Figure("killed", "civilians", civilians, evidence=f"deaths_civilians={civilians}"))

    violence = parse_code(row.get("type_of_violence"), "type_of_violence")
    if violence not in VIOLENCE_TYPES:
        raise RowError(f"type_of_violence must be 1, 2 or 3, not {row.get('type_of_violence', '').strip()!r}")
    mapped = crosswalks.event_type("ucdp", "type_of_violence", str(violence))
    claims = []
    for column in ("side_a", "side_b"):
        role = crosswalks.role("ucdp", column, row)
        if role is None:
            continue
        for name in _actors(row.get(column)):
            claims.append(
                Claim(
                    name=name,
                    role=role,
                    asserted_by=SOURCE_NAME,
                    evidence=f"{column}={name} ({VIOLENCE_TYPES[violence]}; dyad {clean(row.get('dyad_name')) or '?'})",
                )
            )
    headline = clean(row.get("source_headline"))
    dyad = clean(row.get("dyad_name")) or f"{clean(row.get('side_a'))} - {clean(row.get('side_b'))}"
    where = city or locality or admin2 or admin1 or country.name or country_text
    title = f"{dyad}: {VIOLENCE_TYPES[violence]} in {where} ({start.isoformat()})"
    extras = {
        "type_of_violence": violence,
        "conflict": clean(row.get("conflict_name")),
        "dyad": clean(row.get("dyad_name")),
        "where": clean(row.get("where_coordinates")),
        "event_clarity": parse_code(row.get("event_clarity"), "event_clarity"),
        "deaths": {
            "best": best, "low": low, "high": high, "civilians": civilians,
            "side_a": parse_count(row.get("deaths_a"), "deaths_a"),
            "side_b": parse_count(row.get("deaths_b"), "deaths_b"),
            "unknown": parse_count(row.get("deaths_unknown"), "deaths_unknown"),
        },
    }
    return ImportRecord(
        external_id=event_id,
        title=title,
        text=headline,
        date_start=start,
        date_end=end,
        date_precision=precision,
        place=None if place.is_empty() else place,
        killed=killed,
        attack_type=mapped.attack_type if mapped else None,
        suicide=None,
        target_type=mapped.target_type if mapped else None,
        figures=figures,
        claims=claims,
        evidence=evidence,
        extras={k: v for k, v in extras.items() if v is not None},
    )


def _text(value: int | None) -> str:
    return "?" if value is None else str(value)


DATASET = Dataset(
    key="ucdp",
    source_name=SOURCE_NAME,
    label="UCDP Georeferenced Event Dataset (GED)",
    url="https://ucdp.uu.se/downloads/",
    id_column="id",
    required=REQUIRED,
    transform=transform,
    version="1",
)
