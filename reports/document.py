"""A report as a format-neutral document: title, filters, blocks (tables, charts, notes).

Builders return data (:mod:`reports.compare`, :mod:`reports.summary`); this module decides
what a reader sees and in which order — the headings, which columns a table shows, which
charts, the notes — once for every format. The renderers (``reports/render/``) then only
format a :class:`ReportDocument`: the PDF draws the blocks, Markdown writes them as text,
and CSV writes the typed ``data`` frames (machine-readable, not the display text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from incidentdb import __version__
from reports.compare import Comparison
from reports.formatting import (
    date_label,
    figure_label,
    figure_range_label,
    place_label,
    timestamp_label,
)
from reports.summary import Summary

#: The PDF lists at most this many incidents by default (the deadliest); CSV has them all.
DEFAULT_PDF_LIST_LIMIT = 300
#: Other PDF totals tables are cut to this many rows (largest first; CSV has all rows).
PDF_TOTALS_LIMIT = 60
#: Up to this many months with incidents, the PDF shows totals by month; beyond, by year.
MONTH_TABLE_LIMIT = 48
EMPTY_MESSAGE = "No incidents match these filters."


@dataclass
class Table:
    """A table block. ``frame`` holds display values (text or numbers), columns as headed."""

    key: str
    title: str
    frame: pd.DataFrame
    note: str | None = None
    widths: tuple[float, ...] | None = None  # relative column widths
    first_column_is_header: bool = False
    numeric: tuple[str, ...] = ()  # columns to right-align


@dataclass
class Chart:
    """A chart block: ``kind`` names a function of :mod:`reports.charts` drawing ``frame``."""

    key: str
    title: str
    kind: str
    frame: pd.DataFrame
    note: str | None = None


@dataclass
class Note:
    text: str
    heading: str | None = None


Block = Table | Chart | Note


@dataclass
class ReportDocument:
    """Everything a renderer needs.

    ``data`` is the machine-readable content, key -> typed DataFrame, the main table first
    (the CSV renderer writes it to the output file and the others next to it).
    """

    title: str
    subtitle: str
    filters: list[tuple[str, str]]
    generated_at: dt.datetime
    blocks: list[Block]
    data: dict[str, pd.DataFrame]
    empty_message: str | None = None
    source_label: str = ""
    generator: str = field(default_factory=lambda: f"incidentdb {__version__}")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# -- comparison ---------------------------------------------------------------------------


def _timeline_table(cmp: Comparison) -> pd.DataFrame:
    rows = cmp.timeline[cmp.timeline["population"] == "total"]
    return pd.DataFrame({
        "Incident": rows["label"],
        "Reported": rows["reported_at"].map(timestamp_label),
        "Source": rows["source"],
        "Toll": rows["category"],
        "Figure": [figure_label(lo, hi, q) + ("" if pd.isna(cur) or bool(cur) else " (earlier figure cited)")
                   for lo, hi, q, cur in zip(rows["low"], rows["high"], rows["qualifier"], rows["is_current"],
                                             strict=True)],
    })


def _attribution_table(cmp: Comparison) -> pd.DataFrame:
    rows = cmp.attributions
    evidence = {True: "cited", False: "none given"}
    return pd.DataFrame({
        "Incident": rows["label"],
        "Reported": rows["reported_at"].map(timestamp_label),
        "Role": rows["role"],
        "Actor": rows["actor"],
        "Said by": rows["asserted_by"].fillna("—"),
        "Evidence": [evidence.get(None if pd.isna(v) else bool(v), "not stated") for v in rows["evidence_given"]],
        "Source": rows["source"],
    })


def _sources_table(cmp: Comparison) -> pd.DataFrame:
    rows = cmp.sources
    address = rows["url"].where(rows["url"].notna(), rows["document_external_id"])
    return pd.DataFrame({
        "Incident": rows["label"],
        "Outlet": rows["source"],
        "Published": rows["published_at"].map(timestamp_label),
        "Title and address": [f"{t}\n{a}" if isinstance(t, str) and t else str(a)
                              for t, a in zip(rows["title"], address, strict=True)],
        "Role": ["primary" if p else "mentions it" for p in rows["is_primary"].fillna(True)],
    })


def _dated_title(title: str, start: object, precision: object) -> str:
    """"Title (date)", unless the title already starts with the date."""
    date = date_label(start, None, precision)
    return title if str(title).startswith(date) else f"{title} ({date})"


def comparison_document(cmp: Comparison, *, references: list[str] | None = None, title: str | None = None,
                        source_label: str = "") -> ReportDocument:
    """The comparison report: side-by-side table, tolls chart, toll timeline, attributions, sources."""
    labels = list(cmp.incidents["label"])
    side = cmp.side_by_side.reset_index().rename(columns={"field": ""})
    tolls = cmp.incidents[["label", "killed_best", "killed_low", "killed_high",
                           "wounded_best", "wounded_low", "wounded_high"]]
    timeline = cmp.timeline[(cmp.timeline["population"] == "total") & cmp.timeline["is_current"].fillna(True)]
    blocks: list[Block] = [
        Table("side_by_side", "Side by side", side, first_column_is_header=True,
              note="Best figures are the reconciled estimates; the range is the lowest and highest credible "
                   "totals reported. 'As reported' lists each report's figure in publication order."),
        Chart("tolls", "Killed and wounded (best estimate; bars show the reported range)", "tolls_bar", tolls),
        Chart("toll_timeline", "How each toll moved across reports", "toll_timeline", timeline,
              note="Each point is one report's figure, placed by the time since the incident's first report "
                   "(linear for six hours, then logarithmic)."),
        Table("timeline", "Toll timeline, report by report", _timeline_table(cmp), widths=(1.3, 1.3, 1.2, 0.7, 1.4)),
        Table("attributions", "Claims, denials and accusations", _attribution_table(cmp),
              widths=(1.2, 1.2, 0.8, 1.6, 1.3, 0.9, 1.2)),
        Table("sources", "Sources: every report used", _sources_table(cmp), widths=(1.1, 1.1, 1.1, 3.6, 0.8)),
    ]
    filters = [("Incidents", "; ".join(
        f"{lab} = {slug}" for lab, slug in zip(labels, cmp.incidents["slug"], strict=True)))]
    if references:
        filters.insert(0, ("Asked for", "; ".join(references)))
    return ReportDocument(
        title=title or "Comparison: " + " vs ".join(labels),
        subtitle=" · ".join(_dated_title(t, d, p) for t, d, p in zip(
            cmp.incidents["title"], cmp.incidents["date_start"], cmp.incidents["date_precision"], strict=True)),
        filters=filters,
        generated_at=_now(),
        blocks=blocks,
        data={"incidents": cmp.incidents, "timeline": cmp.timeline, "attributions": cmp.attributions,
              "sources": cmp.sources},
        source_label=source_label,
    )


# -- summary ------------------------------------------------------------------------------


def _list_table(incidents: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Date": [date_label(s, None, p) for s, p in zip(incidents["date_start"], incidents["date_precision"],
                                                        strict=True)],
        "Place": [place_label(lo, c, a, k) for lo, c, a, k in zip(incidents["locality"], incidents["city"],
                                                                 incidents["admin1"], incidents["country"],
                                                                 strict=True)],
        "Incident": incidents["title"],
        "Attack / target": [f"{a or 'unknown'} / {t or 'unknown'}" for a, t in
                            zip(incidents["attack_type"], incidents["target_type"], strict=True)],
        "Killed": [figure_range_label(b, lo, hi) for b, lo, hi in zip(
            incidents["killed_best"], incidents["killed_low"], incidents["killed_high"], strict=True)],
        "Wounded": [figure_range_label(b, lo, hi) for b, lo, hi in zip(
            incidents["wounded_best"], incidents["wounded_low"], incidents["wounded_high"], strict=True)],
        "Claimed by": incidents["claimed_by"].fillna("—"),
    })


def _capped(frame: pd.DataFrame, limit: int, what: str) -> tuple[pd.DataFrame, str | None]:
    if len(frame) <= limit:
        return frame, None
    return frame.head(limit), (f"The PDF shows the first {limit:,} of {len(frame):,} {what}; "
                               "the CSV output (--format csv) has them all.")


def summary_document(summary: Summary, *, title: str | None = None, list_limit: int = DEFAULT_PDF_LIST_LIMIT,
                     source_label: str = "") -> ReportDocument:
    """The summary report: totals, charts per month, incident list, totals by month/division/claimant."""
    data = {"incidents": summary.incidents, "by_month": summary.by_month, "by_year": summary.by_year,
            "by_admin1": summary.by_admin1, "by_claimant": summary.by_claimant}
    document = ReportDocument(
        title=title or "Incident summary",
        subtitle="",
        filters=summary.filters,
        generated_at=_now(),
        blocks=[],
        data=data,
        source_label=source_label,
    )
    if summary.is_empty:
        document.empty_message = EMPTY_MESSAGE
        document.blocks.append(Note(EMPTY_MESSAGE))
        return document
    t = summary.totals
    first, last = summary.incidents["date_start"].min(), summary.incidents["date_start"].max()
    document.subtitle = (f"{t['incidents']:,} incidents, {t['killed']:,} killed, {t['wounded']:,} wounded"
                         + (f" · {first.date()} to {last.date()}" if pd.notna(first) else ""))
    if t["killed_unknown"]:
        document.blocks.append(Note(f"{t['killed_unknown']:,} incidents have no killed figure; totals count them as 0."))
    months = summary.by_month[summary.by_month["month"] != "month unknown"]
    unknown = summary.by_month[summary.by_month["month"] == "month unknown"]
    month_note = (f"{int(unknown['incidents'].sum()):,} incidents whose month is unknown are not shown."
                  if len(unknown) else None)
    document.blocks.append(Chart("per_month", "Incidents and deaths per month", "per_month", months, note=month_note))

    incidents = summary.incidents
    listing, note = incidents, None
    if len(incidents) > list_limit:
        order = incidents["killed_best"].fillna(-1).sort_values(ascending=False, kind="stable").index[:list_limit]
        listing = incidents.loc[sorted(order, key=lambda i: (incidents.at[i, "date_start"], i))]
        note = (f"The PDF lists the {list_limit:,} deadliest of {len(incidents):,} incidents, by date; "
                "the full list is in the CSV output (--format csv).")
    document.blocks.append(Table("incidents", "Incidents", _list_table(listing), note=note,
                                 widths=(0.9, 1.5, 1.7, 1.5, 0.85, 0.85, 1.3), numeric=("Killed", "Wounded")))

    numbers = ("Incidents", "Killed", "Wounded")
    active = summary.by_month[summary.by_month["incidents"] > 0]
    if len(active) <= MONTH_TABLE_LIMIT:
        document.blocks.append(Table(
            "by_month", "Totals by month", active.rename(columns=str.capitalize), numeric=numbers,
            note="Months without incidents are left out here; the CSV (by_month) has every month." if
            len(active) < len(summary.by_month) else None))
    else:
        by_year, note = _capped(summary.by_year, 200, "years")
        document.blocks.append(Table(
            "by_year", "Totals by year", by_year.rename(columns=str.capitalize), numeric=numbers,
            note=f"{len(active):,} months have incidents, too many to list here: totals by year instead. "
                 "The CSV output has totals by month (by_month) and by year (by_year)."))
    by_admin1, note = _capped(summary.by_admin1, PDF_TOTALS_LIMIT, "first-level divisions")
    document.blocks.append(Table("by_admin1", "Totals by first-level division",
                                 by_admin1.rename(columns={"country": "Country", "admin1": "First-level division",
                                                           "incidents": "Incidents", "killed": "Killed",
                                                           "wounded": "Wounded"}),
                                 note=note, widths=(1.2, 2, 0.7, 0.7, 0.7), numeric=("Incidents", "Killed", "Wounded")))
    by_claimant, note = _capped(summary.by_claimant, PDF_TOTALS_LIMIT, "claimants")
    claim_note = "An incident claimed by two groups counts for each."
    document.blocks.append(Table("by_claimant", "Totals by claimant",
                                 by_claimant.rename(columns={"claimant": "Claimant", "incidents": "Incidents",
                                                             "killed": "Killed", "wounded": "Wounded"}),
                                 note=f"{claim_note} {note}" if note else claim_note, widths=(3, 0.7, 0.7, 0.7),
                                 numeric=("Incidents", "Killed", "Wounded")))
    return document
