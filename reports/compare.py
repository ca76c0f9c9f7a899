"""The side-by-side comparison of a few incidents, as DataFrames.

Everything comes from the analyst views: the incidents' fields from ``incident_summary``,
the toll history from ``casualty_timeline``, claims, denials and accusations from
``attribution_log`` and the sources appendix from ``incident_documents``. Renderers get a
:class:`Comparison` and only format it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select

from reports.formatting import (
    blame_label,
    date_label,
    figure_label,
    figure_range_label,
    place_label,
    short_label,
    timestamp_label,
    yes_no,
)
from reports.frames import read_frame
from reports.views import ATTRIBUTION_LOG, CASUALTY_TIMELINE, INCIDENT_DOCUMENTS, INCIDENT_SUMMARY

#: incident_summary columns in the comparison's ``incidents`` frame (and its CSV), in order.
INCIDENT_COLUMNS = (
    "incident_id", "slug", "title", "date_start", "date_end", "date_precision", "country_code", "country",
    "admin1", "admin2", "city", "locality", "latitude", "longitude", "attack_type", "target_type", "suicide",
    "killed_best", "killed_low", "killed_high", "wounded_best", "wounded_low", "wounded_high",
    "claimed_by", "denied_by", "blamed", "suspected", "source_count", "document_count",
    "first_report_at", "latest_report_at",
)

#: The rows of the side-by-side table, in order.
SIDE_BY_SIDE_FIELDS = (
    "Title", "Date", "Place", "Attack type", "Target type", "Suicide attack", "Killed (best, range)",
    "Wounded (best, range)", "Killed as reported", "Wounded as reported", "Claimed by", "Denied by",
    "Blamed (by whom; evidence)", "Suspected", "Sources", "First report", "Latest report", "Slug",
)


@dataclass
class Comparison:
    """What a comparison report shows; every part is a DataFrame in the incidents' order.

    * ``incidents``: one typed row per incident (incident_summary columns + ``label``).
    * ``side_by_side``: text, one row per field of :data:`SIDE_BY_SIDE_FIELDS`, one column per
      incident (headed by its ``label``).
    * ``timeline``: every reported figure (casualty_timeline), oldest first per incident.
    * ``attributions``: every claim, denial, accusation and suspicion (attribution_log).
    * ``sources``: every document that mentions an incident (incident_documents).
    """

    incidents: pd.DataFrame
    side_by_side: pd.DataFrame
    timeline: pd.DataFrame
    attributions: pd.DataFrame
    sources: pd.DataFrame


def _labels(incidents: pd.DataFrame) -> list[str]:
    labels = [short_label(row) for row in incidents.itertuples(index=False)]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [f"{lab} (#{iid})" if seen[lab] > 1 else lab
            for lab, iid in zip(labels, incidents["incident_id"], strict=True)]


def _as_reported(timeline: pd.DataFrame, incident_id: int, category: str) -> str:
    """The current figures of each report in time order, repeats collapsed: "at least 24 -> 31 -> 36"."""
    rows = timeline[(timeline["incident_id"] == incident_id) & (timeline["category"] == category)
                    & (timeline["population"] == "total") & timeline["is_current"].fillna(True)]
    steps: list[str] = []
    for row in rows.itertuples(index=False):
        label = figure_label(row.low, row.high, row.qualifier)
        if not steps or steps[-1] != label:
            steps.append(label)
    return " → ".join(steps) if steps else "no figure reported"


def _claims(attributions: pd.DataFrame, incident_id: int) -> tuple[str, str]:
    """Claimants (noting a later denial by the same group) and deniers."""
    rows = attributions[attributions["incident_id"] == incident_id]
    claimed = rows[rows["role"] == "claimed"]
    denied = rows[rows["role"] == "denied"]
    names = []
    for actor, group in claimed.groupby("actor", sort=True):
        first_claim = group["reported_at"].min()
        denials = denied[denied["actor"] == actor]["reported_at"]
        later = bool(len(denials)) and (pd.isna(first_claim) or (denials.dropna() >= first_claim).any())
        names.append(f"{actor} (claim later denied)" if later else str(actor))
    return "; ".join(names) or "none reported", "; ".join(sorted(set(denied["actor"]))) or "none reported"


def _blamed(attributions: pd.DataFrame, incident_id: int, role: str) -> str:
    rows = attributions[(attributions["incident_id"] == incident_id) & (attributions["role"] == role)]
    if rows.empty:
        return "none reported"
    labels = []
    for (actor, by), group in rows.groupby([rows["actor"], rows["asserted_by"].fillna("")], sort=True):
        flags = group["evidence_given"].dropna()
        # like the view: any "no evidence given" wins, else any "evidence cited", else unknown
        evidence = None if flags.empty else bool(flags.astype(bool).all())
        labels.append(blame_label(str(actor), by or None, evidence))
    return "; ".join(labels)


def _side_by_side(incidents: pd.DataFrame, timeline: pd.DataFrame, attributions: pd.DataFrame) -> pd.DataFrame:
    columns: dict[str, list[str]] = {}
    for row in incidents.itertuples(index=False):
        incident_id = int(row.incident_id)
        claimed, denied = _claims(attributions, incident_id)
        sources = f"{row.source_count} source{'s' if row.source_count != 1 else ''}, " \
                  f"{row.document_count} report{'s' if row.document_count != 1 else ''}"
        columns[row.label] = [
            row.title,
            date_label(row.date_start, row.date_end, row.date_precision),
            place_label(row.locality, row.city, row.admin2, row.admin1, row.country),
            row.attack_type or "unknown",
            row.target_type or "unknown",
            yes_no(row.suicide),
            figure_range_label(row.killed_best, row.killed_low, row.killed_high),
            figure_range_label(row.wounded_best, row.wounded_low, row.wounded_high),
            _as_reported(timeline, incident_id, "killed"),
            _as_reported(timeline, incident_id, "wounded"),
            claimed,
            denied,
            _blamed(attributions, incident_id, "blamed"),
            _blamed(attributions, incident_id, "suspected"),
            sources,
            timestamp_label(row.first_report_at),
            timestamp_label(row.latest_report_at),
            row.slug,
        ]
    return pd.DataFrame(columns, index=pd.Index(SIDE_BY_SIDE_FIELDS, name="field"))


def build_comparison(engine: Engine, incident_ids: Sequence[int]) -> Comparison:
    """The comparison of ``incident_ids`` (in that order) from the analyst views."""
    ids = [int(i) for i in incident_ids]
    order = {iid: n for n, iid in enumerate(ids)}
    summary, timeline, attributions, documents = INCIDENT_SUMMARY.c, CASUALTY_TIMELINE.c, ATTRIBUTION_LOG.c, \
        INCIDENT_DOCUMENTS.c
    with engine.connect() as conn:
        incidents = read_frame(conn, select(*(summary[c] for c in INCIDENT_COLUMNS))
                               .where(summary.incident_id.in_(ids)))
        figures = read_frame(conn, select(timeline.incident_id, timeline.slug, timeline.category,
                                          timeline.population, timeline.report_number, timeline.reported_at,
                                          timeline.low, timeline.high, timeline.qualifier, timeline.is_current,
                                          timeline.source, timeline.document_title, timeline.document_url,
                                          timeline.document_external_id, timeline.evidence)
                             .where(timeline.incident_id.in_(ids)))
        claims = read_frame(conn, select(attributions.incident_id, attributions.slug, attributions.role,
                                         attributions.actor, attributions.actor_kind, attributions.asserted_by,
                                         attributions.asserted_for, attributions.evidence_given,
                                         attributions.reported_at, attributions.source,
                                         attributions.document_title, attributions.document_url,
                                         attributions.evidence)
                            .where(attributions.incident_id.in_(ids)))
        sources = read_frame(conn, select(documents.incident_id, documents.slug, documents.source,
                                          documents.source_kind, documents.published_at, documents.title,
                                          documents.url, documents.document_external_id, documents.document_kind,
                                          documents.is_primary)
                             .where(documents.incident_id.in_(ids)))
    missing = set(ids) - {int(i) for i in incidents["incident_id"]}
    if missing:
        raise ValueError(f"no incident with id {', '.join(map(str, sorted(missing)))}")

    def in_order(frame: pd.DataFrame, *keys: str) -> pd.DataFrame:
        rank = frame["incident_id"].map(lambda i: order[int(i)])
        frame = frame.assign(_order=rank)
        return frame.sort_values(["_order", *keys], kind="stable", na_position="last") \
            .drop(columns="_order").reset_index(drop=True)

    incidents = in_order(incidents)
    incidents.insert(1, "label", _labels(incidents))
    label_of = dict(zip(incidents["incident_id"], incidents["label"], strict=True))
    figures = in_order(figures, "category", "population", "report_number")
    figures.insert(1, "label", figures["incident_id"].map(label_of))
    claims = in_order(claims, "reported_at")
    claims.insert(1, "label", claims["incident_id"].map(label_of))
    sources = in_order(sources, "published_at", "source")
    sources.insert(1, "label", sources["incident_id"].map(label_of))
    return Comparison(
        incidents=incidents,
        side_by_side=_side_by_side(incidents, figures, claims),
        timeline=figures,
        attributions=claims,
        sources=sources,
    )
