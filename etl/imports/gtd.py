"""The Global Terrorism Database (START, University of Maryland): codebook layout to records.

One GTD row (``eventid``) becomes one document with one mention. The codebook's quirks:

* **Dates** come from ``iyear``/``imonth``/``iday`` where 0 means unknown: day 0 gives a
  month window (precision ``month``), month 0 a year window. The eventid's leading digits
  are not the date (day-0 events get a made-up "00"). ``approxdate`` is free text; it is
  kept in the raw record and used only when it names days inside the iyear/imonth window
  ("September 18-24, 2016"). For ``extended`` = 1 incidents (lasting more than 24 hours)
  ``resolution`` (an Excel serial number in START's .xlsx, a date in CSV exports) becomes
  ``date_end``.
* **Unknowns**: -9 and -99 in numeric columns, "Unknown" in text columns, empty cells: NULL.
  A missing ``nkill`` stays NULL, never 0.
* **Casualties**: ``nkill`` counts everyone killed *including perpetrators*; ``nkillter``
  says how many perpetrators died. Both are stored (populations ``total`` and
  ``perpetrators``), as are ``nwound`` / ``nwoundte``, so victims = total - perpetrators
  can be reported. GTD's figures are its confirmed counts: qualifier ``exact``.
* **Perpetrators**: ``gname``, ``gname2``, ``gname3``; "claimed" when the group's claim
  flag (``claimed``, ``claim2``, ``claim3``) is 1, "suspected" otherwise (see roles.csv);
  ``guncertainN`` = 1 is noted in the evidence. "Unknown" makes no attribution.
* **Location**: ``country_txt`` (crosswalk to ISO), ``provstate`` (first-level division),
  ``city``; ``specificity`` says how good the coordinates are: 1 = the city's own point,
  2-5 = the centroid of a region. Only specificity 1 coordinates are put on the place.
"""

from __future__ import annotations

import datetime as dt
import functools

from etl.imports import crosswalks
from etl.imports.layout import Dataset, RowView, TransformOptions
from etl.imports.records import Claim, Count, Figure, ImportRecord, Place
from etl.imports.values import (
    RowError,
    clean,
    gtd_window,
    parse_coordinate,
    parse_count,
    parse_flag,
    parse_flexible_date,
    parse_gtd_approxdate,
    window_precision,
)
from models.vocab import ATTACK_TYPES, TARGET_TYPES, VocabularyError, encode

SOURCE_NAME = "GTD"
INCIDENT_URL = "https://www.start.umd.edu/gtd/search/IncidentSummary.aspx?gtdid={}"

REQUIRED = ("eventid", "iyear", "imonth", "iday", "country_txt", "attacktype1_txt", "gname", "nkill")

#: GTD ``specificity`` -> incidentdb location precision.
SPECIFICITY = {1: "city", 2: "city", 3: "admin2", 4: "admin1", 5: "country"}

#: ``resolution`` as CSV exports write it (US month-first), besides ISO dates and Excel serials.
RESOLUTION_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%d %B %Y", "%B %d, %Y", "%d-%b-%y")

_GROUPS = (("gname", "claimed", "guncertain1", "claimmode_txt"), ("gname2", "claim2", "guncertain2", "claimmode2_txt"),
           ("gname3", "claim3", "guncertain3", "claimmode3_txt"))


def _vocabulary(value: str | None, vocabulary: tuple[str, ...], name: str, column: str) -> str | None:
    text = clean(value)
    if text is None:
        return None
    return _vocabulary_term(text, vocabulary, name, column)


@functools.lru_cache(maxsize=4096)
def _vocabulary_term(text: str, vocabulary: tuple[str, ...], name: str, column: str) -> str | None:
    """A GTD category spelling as incidentdb's vocabulary term ("Unknown" -> None); cached."""
    if column == "targtype1_txt":
        mapped = crosswalks.target_type("gtd", {"targtype1_txt": text})
        if mapped:
            return None if mapped == "Unknown" else mapped
    try:
        found = encode(text, vocabulary, name=name)
    except VocabularyError:
        raise RowError(f"unknown {name} {column}={text!r}") from None
    return None if found == "Unknown" else found


def _resolution(row: RowView, start: dt.date) -> tuple[dt.date | None, str | None]:
    """The end date of an extended incident from ``resolution``, or why it was not used."""
    text = clean(row.get("resolution"))
    if text is None:
        return None, None
    try:
        end = parse_flexible_date(text, "resolution", RESOLUTION_FORMATS)  # ISO, m/d/Y or Excel serial
    except RowError:
        return None, f"resolution {text!r} is not a date"
    if end is None or end < start:
        return None, f"resolution {text!r} is before the start date"
    return end, None


def transform(row: RowView, options: TransformOptions) -> ImportRecord:  # noqa: ARG001 - same signature for all datasets
    eventid = row["eventid"].strip()
    iyear, imonth, iday = row.get("iyear"), row.get("imonth"), row.get("iday")
    start, end, precision = gtd_window(iyear, imonth, iday)
    evidence = {"date": f"iyear={(iyear or '').strip()} imonth={(imonth or '').strip()} iday={(iday or '').strip()}"}
    notes: list[str] = []
    if precision != "day":
        approx = parse_gtd_approxdate(row.get("approxdate"))
        if approx and start <= approx[0] and approx[1] <= end:
            start, end = approx
            precision = window_precision(start, end)
            evidence["date"] += f"; approxdate={clean(row.get('approxdate'))}"
    if parse_flag(row.get("extended"), "extended"):
        resolved, problem = _resolution(row, start)
        if resolved is not None:
            end = resolved
            evidence["date_end"] = f"extended=1 resolution={clean(row.get('resolution'))}"
        elif problem:
            notes.append(problem)

    country_text = clean(row.get("country_txt"))
    if country_text is None:
        raise RowError("unknown country: country_txt is empty")
    try:
        country = crosswalks.country("gtd", country_text)
    except crosswalks.UnknownCountry:
        raise RowError(f"unknown country {country_text!r}") from None
    _, admin1 = crosswalks.admin1("gtd", country.code, clean(row.get("provstate")))
    city = clean(row.get("city"))
    specificity = parse_count(row.get("specificity"), "specificity")
    latitude = parse_coordinate(row.get("latitude"), "latitude", 90)
    longitude = parse_coordinate(row.get("longitude"), "longitude", 180)
    if specificity != 1 or latitude is None or longitude is None:
        latitude = longitude = None  # a region's centroid is not the place's point
    place = Place(
        country_code=country.code,
        admin1=admin1,
        city=city,
        latitude=latitude,
        longitude=longitude,
        precision=SPECIFICITY.get(specificity or 0) if (city or admin1 or country.code) else None,
    )
    if not country.code:
        notes.append(f"country_txt {country_text!r} is no present-day country")

    attack_type = _vocabulary(row.get("attacktype1_txt"), ATTACK_TYPES, "attack type", "attacktype1_txt")
    target_type = _vocabulary(row.get("targtype1_txt"), TARGET_TYPES, "target type", "targtype1_txt")
    other_attacks = [
        a for a in (
            _vocabulary(row.get("attacktype2_txt"), ATTACK_TYPES, "attack type", "attacktype2_txt"),
            _vocabulary(row.get("attacktype3_txt"), ATTACK_TYPES, "attack type", "attacktype3_txt"),
        ) if a
    ]
    suicide = parse_flag(row.get("suicide"), "suicide")

    nkill = parse_count(row.get("nkill"), "nkill")
    nkillter = parse_count(row.get("nkillter"), "nkillter")
    nwound = parse_count(row.get("nwound"), "nwound")
    nwoundte = parse_count(row.get("nwoundte"), "nwoundte")
    figures = []
    if nkill is not None:
        figures.append(Figure("killed", "total", nkill, evidence=f"nkill={nkill}"))
        evidence["killed"] = f"nkill={nkill}"
    if nkillter is not None:
        figures.append(Figure("killed", "perpetrators", nkillter, evidence=f"nkillter={nkillter}"))
    if nwound is not None:
        figures.append(Figure("wounded", "total", nwound, evidence=f"nwound={nwound}"))
        evidence["wounded"] = f"nwound={nwound}"
    if nwoundte is not None:
        figures.append(Figure("wounded", "perpetrators", nwoundte, evidence=f"nwoundte={nwoundte}"))

    competing = parse_flag(row.get("compclaim"), "compclaim")
    claims = []
    for name_column, claim_column, uncertain_column, mode_column in _GROUPS:
        name = clean(row.get(name_column))
        if name is None:
            continue
        claim_flag = parse_flag(row.get(claim_column), claim_column)
        role = crosswalks.role("gtd", name_column, row) or "suspected"
        if role != "claimed" and competing and claim_flag is None:
            role = "claimed"  # competing claims: every named group claimed it
        parts = [f"{name_column}={name}"]
        if claim_flag is not None:
            parts.append(f"{claim_column}={int(claim_flag)}")
        if competing:
            parts.append("compclaim=1 (competing claims)")
        mode = clean(row.get(mode_column))
        if role == "claimed" and mode:
            parts.append(f"{mode_column}={mode}")
        if parse_flag(row.get(uncertain_column), uncertain_column):
            parts.append(f"{uncertain_column}=1 (attribution uncertain)")
        claims.append(
            Claim(name=name, role=role, asserted_by=name if role == "claimed" else SOURCE_NAME, evidence="; ".join(parts))
        )
    if claims:
        evidence["claimed_by" if any(c.role == "claimed" for c in claims) else "suspected"] = claims[0].evidence

    summary = clean(row.get("summary"))
    where = city or admin1 or country.name or country_text
    title = f"{attack_type or 'Attack'} in {where}" + (f", {country.name}" if country.name and where != country.name else "")
    title += f" ({start.isoformat() if precision == 'day' else start.strftime('%Y-%m') if precision == 'month' else start.year})"
    extras = {
        "target": clean(row.get("target1")),
        "attack_types": [attack_type, *other_attacks] if attack_type else other_attacks,
        "success": parse_flag(row.get("success"), "success"),
        "approxdate": clean(row.get("approxdate")),
    }
    if notes:
        extras["notes"] = notes
    return ImportRecord(
        external_id=eventid,
        title=title,
        text=summary,
        url=INCIDENT_URL.format(eventid),
        date_start=start,
        date_end=end,
        date_precision=precision,
        place=None if place.is_empty() else place,
        killed=Count(nkill) if nkill is not None else None,
        wounded=Count(nwound) if nwound is not None else None,
        attack_type=attack_type,
        suicide=suicide,
        target_type=target_type,
        figures=figures,
        claims=claims,
        evidence=evidence,
        extras={k: v for k, v in extras.items() if v not in (None, [], "")},
    )


DATASET = Dataset(
    key="gtd",
    source_name=SOURCE_NAME,
    label="Global Terrorism Database (GTD)",
    url="https://www.start.umd.edu/gtd/",
    id_column="eventid",
    required=REQUIRED,
    transform=transform,
    version="1",
)
