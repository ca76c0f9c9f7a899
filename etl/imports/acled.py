"""ACLED (Armed Conflict Location & Event Data) exports: both layouts users hold.

* the current lower-case export: ``event_id_cnty, event_date, year, time_precision,
  disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2,
  assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country, admin1,
  admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale,
  notes, fatalities, tags, timestamp``;
* the older upper-case files (to 2019): ``GWNO, EVENT_ID_CNTY, EVENT_ID_NO_CNTY,
  EVENT_DATE`` (e.g. ``01-January-2015``), ``YEAR, TIME_PRECISION, EVENT_TYPE, ACTOR1,
  ALLY_ACTOR_1, INTER1, ACTOR2, ALLY_ACTOR_2, INTER2, INTERACTION, COUNTRY, ADMIN1 ...
  NOTES, FATALITIES`` (``ALLY_ACTOR_n`` is read as ``assoc_actor_n``).

One row (``event_id_cnty``) is one document. Event types are mapped onto GTD attack types
(attack_types.csv); protests, riots and strategic developments are out of scope for a
terrorism database: kept as documents without a mention unless ``--all-event-types``.

* **Dates**: ``time_precision`` 1 = the day is known (precision ``day``); 2 = only the
  week (or weekend) is known and ACLED codes a day in it: the window is the coded day ± 3
  days, precision ``month``; 3 = only the month is known: the window is that calendar
  month, precision ``month``.
* **Fatalities**: one casualty report (qualifier ``exact``; ACLED's 0 is a real 0).
* **Actors**: roles.csv: the attacker (actor1) in violence against civilians and
  explosions is "suspected", actor2 is the target; in battles both sides fought. Civilians,
  protesters and rioters are never attributed. "Military Forces of X" is the state X.
* **Place**: the ``iso`` numeric code when present (else the country name), ``admin1``,
  ``admin2``, ``location``; ``geo_precision`` 1 = the town, 2 = near it or a part of a
  region (coded to the nearest town), 3 = only a larger region (the town is a stand-in,
  so only the division is kept).
"""

from __future__ import annotations

import datetime as dt

from etl.imports import crosswalks
from etl.imports.layout import Dataset, RowView, TransformOptions
from etl.imports.records import Claim, Count, Figure, ImportRecord, Place
from etl.imports.values import (
    RowError,
    clean,
    month_window,
    parse_code,
    parse_coordinate,
    parse_count,
    parse_flexible_date,
)

SOURCE_NAME = "ACLED"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "country", "fatalities")
ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}

#: ACLED ``geo_precision`` -> incidentdb location precision.
GEO_PRECISION = {1: "city", 2: "city", 3: "admin1"}


def _date_window(row: RowView) -> tuple[dt.date, dt.date, str, int | None]:
    day = parse_flexible_date(row.get("event_date"), "event_date")
    if day is None:
        raise RowError("unparseable date: event_date is empty")
    precision_code = parse_code(row.get("time_precision"), "time_precision")
    if precision_code in (None, 1):
        return day, day, "day", precision_code
    if precision_code == 2:
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3), "month", precision_code
    if precision_code == 3:
        start, end, _ = month_window(day.year, day.month)
        return start, end, "month", precision_code
    raise RowError(f"time_precision must be 1, 2 or 3, not {precision_code}")


def _country(row: RowView) -> crosswalks.CountryMatch:
    iso = clean(row.get("iso"))
    if iso is not None and iso.isdigit():
        found = crosswalks.country_by_numeric(int(iso))
        if found is not None:
            return found
    name = clean(row.get("country"))
    if name is None:
        raise RowError("unknown country: country is empty")
    try:
        return crosswalks.country("acled", name)
    except crosswalks.UnknownCountry:
        raise RowError(f"unknown country {name!r}") from None


def transform(row: RowView, options: TransformOptions) -> ImportRecord:
    event_id = row["event_id_cnty"].strip()
    start, end, precision, precision_code = _date_window(row)
    evidence = {"date": f"event_date={clean(row.get('event_date'))} time_precision={precision_code or 1}"}

    event_type = clean(row.get("event_type"))
    sub_event_type = clean(row.get("sub_event_type"))
    mapped = crosswalks.event_type("acled", "sub_event_type", sub_event_type) or crosswalks.event_type(
        "acled", "event_type", event_type
    )
    if mapped is None:
        raise RowError(f"unknown event type {sub_event_type or event_type!r} (add it to attack_types.csv)")
    in_scope = mapped.in_scope or options.all_event_types

    country = _country(row)
    geo_precision = parse_code(row.get("geo_precision"), "geo_precision")
    _, admin1 = crosswalks.admin1("acled", country.code, clean(row.get("admin1")))
    admin2 = clean(row.get("admin2"))
    city = clean(row.get("location")) if geo_precision != 3 else None
    latitude = parse_coordinate(row.get("latitude"), "latitude", 90)
    longitude = parse_coordinate(row.get("longitude"), "longitude", 180)
    if geo_precision == 3:
        latitude = longitude = admin2 = None  # the coordinates are a stand-in town's
    place = Place(
        country_code=country.code,
        admin1=admin1,
        admin2=admin2,
        city=city,
        latitude=latitude,
        longitude=longitude,
        precision=GEO_PRECISION.get(geo_precision or 0),
    )

    fatalities = parse_count(row.get("fatalities"), "fatalities")
    figures = []
    if fatalities is not None:
        figures.append(Figure("killed", "total", fatalities, evidence=f"fatalities={fatalities}"))
        evidence["killed"] = f"fatalities={fatalities}"

    claims = []
    actor2_is_target = False
    for column in ("actor1", "actor2"):
        name = clean(row.get(column))
        role = crosswalks.role("acled", column, row)
        if column == "actor2" and role is None:
            actor2_is_target = True
        if name is None or role is None:
            continue
        inter = clean(row.get("inter1" if column == "actor1" else "inter2"))
        claims.append(
            Claim(
                name=name,
                role=role,
                asserted_by=SOURCE_NAME,
                evidence=f"{column}={name}" + (f" (inter={inter})" if inter else "") + f"; {sub_event_type or event_type}",
            )
        )
    target = mapped.target_type
    if target is None and actor2_is_target:
        target = crosswalks.target_type("acled", {"actor2": row.get("actor2"), "inter2": row.get("inter2")})
    if target is None and (clean(row.get("civilian_targeting")) or "").lower().startswith("civilian"):
        target = "Private Citizens & Property"

    timestamp = parse_count(row.get("timestamp"), "timestamp")
    published = dt.datetime.fromtimestamp(timestamp, dt.UTC) if timestamp else None
    where = city or admin2 or admin1 or country.name
    title = f"{sub_event_type or event_type} in {where}" + (f", {country.name}" if country.name and where != country.name else "")
    title += f" ({start.isoformat() if precision == 'day' else day_label(start, end)})"
    extras = {
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "disorder_type": clean(row.get("disorder_type")),
        "assoc_actor_1": clean(row.get("assoc_actor_1")),
        "assoc_actor_2": clean(row.get("assoc_actor_2")),
        "interaction": clean(row.get("interaction")),
        "admin3": clean(row.get("admin3")),
        "source": clean(row.get("source")),
    }
    return ImportRecord(
        external_id=event_id,
        title=title,
        text=clean(row.get("notes")),
        published_at=published,
        in_scope=in_scope,
        date_start=start,
        date_end=end,
        date_precision=precision,
        place=None if place.is_empty() else place,
        killed=Count(fatalities) if fatalities is not None else None,
        attack_type=mapped.attack_type,
        suicide=mapped.suicide,
        target_type=target,
        figures=figures,
        claims=claims,
        evidence=evidence,
        extras={k: v for k, v in extras.items() if v is not None},
    )


def day_label(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()}..{end.isoformat()}"


DATASET = Dataset(
    key="acled",
    source_name=SOURCE_NAME,
    label="ACLED",
    url="https://acleddata.com/",
    id_column="event_id_cnty",
    required=REQUIRED,
    transform=transform,
    version="1",
    aliases=ALIASES,
)
