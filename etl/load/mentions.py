"""One extraction -> rows: mentions, casualty_reports (the figures ledger) and attributions.

Every figure a text gives is kept: the current one (``is_current``) and the earlier tolls it
quotes (``other_figures``, ``is_current`` false), each with the text span it came from and the
document's publication time as its as-of time. Claims, denials and accusations are kept apart
by role, with who made them.
"""

from __future__ import annotations

import datetime as dt
import logging

from etl.records import Count
from etl.records import Mention as MentionRecord
from etl.resolve.reconcile import date_range
from etl.store import Store
from models import Attribution, CasualtyReport, Mention
from models.vocab import ATTACK_TYPES, QUALIFIERS, TARGET_TYPES, VocabularyError, encode

log = logging.getLogger(__name__)


def _vocab(value: str | None, vocabulary: tuple[str, ...], name: str, where: str) -> str | None:
    try:
        return encode(value, vocabulary, name=name)
    except VocabularyError as exc:
        log.warning("%s: %s; stored as unknown", where, exc)
        return None


def _count(count: Count | None, where: str) -> tuple[int | None, int | None, str | None]:
    if count is None:
        return None, None, None
    qualifier = _vocab(count.qualifier, QUALIFIERS, "qualifier", where) or "exact"
    high = count.high if count.high is not None and count.high >= count.low else None
    if qualifier == "range" and high is None:
        qualifier = "exact"
    return max(0, int(count.low)), high, qualifier


def build_rows(
    store: Store,
    document_id: int,
    published: dt.datetime | None,
    position: int,
    record: MentionRecord,
    where: str,
    incident_id: int | None = None,
) -> tuple[Mention, list[CasualtyReport], list[Attribution]]:
    """The rows for one extracted mention (not yet added to the session)."""
    start = end = precision = None
    if record.date:
        try:
            start, end, precision = date_range(record.date)
        except ValueError as exc:
            log.warning("%s: %s; date ignored", where, exc)
    country = (record.country or "").upper() or None
    if country and not store.known_country(country):
        log.warning("%s: unknown country code %r; ignored", where, record.country)
        country = None
    k_low, k_high, k_q = _count(record.killed, where)
    w_low, w_high, w_q = _count(record.wounded, where)
    mention = Mention(
        document_id=document_id,
        position=position,
        incident_id=incident_id,
        is_primary=bool(record.primary),
        date_start=start,
        date_end=end,
        date_precision=precision,
        country_code=country,
        admin1=record.admin1,
        city=record.city,
        locality=record.locality,
        killed_low=k_low,
        killed_high=k_high,
        killed_qualifier=k_q,
        wounded_low=w_low,
        wounded_high=w_high,
        wounded_qualifier=w_q,
        attack_type=_vocab(record.attack_type, ATTACK_TYPES, "attack type", where),
        suicide=record.suicide,
        target_type=_vocab(record.target_type, TARGET_TYPES, "target type", where),
        payload=record.to_dict(),
        evidence=dict(record.evidence) or None,
    )
    reports: list[CasualtyReport] = []
    for category, count in (("killed", record.killed), ("wounded", record.wounded)):
        low, high, qualifier = _count(count, where)
        if low is not None:
            reports.append(
                CasualtyReport(document_id=document_id, category=category, population="total", low=low, high=high,
                               qualifier=qualifier, is_current=True, reported_at=published,
                               evidence=(record.evidence.get(category) or None), incident_id=incident_id)
            )
    for figure in record.other_figures:
        if figure.field not in ("killed", "wounded"):
            continue
        low, high, qualifier = _count(figure.count, where)
        reports.append(
            CasualtyReport(document_id=document_id, category=figure.field, population="total", low=low, high=high,
                           qualifier=qualifier, is_current=False, reported_at=published, evidence=figure.evidence,
                           incident_id=incident_id)
        )
    attributions: list[Attribution] = []
    for role, names in (("claimed", record.claimed_by), ("denied", record.denied_by)):
        for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
            actor_id, _ = store.actor_id(name, origin="news")
            attributions.append(
                Attribution(document_id=document_id, actor_id=actor_id, role=role, reported_at=published,
                            evidence=record.evidence.get(f"{role}_by"), incident_id=incident_id)
            )
    for blame in record.blamed:
        if not blame.party or not blame.party.strip():
            continue
        actor_id, _ = store.actor_id(blame.party.strip(), origin="news")
        speaker_actor = store.actor_id(blame.on_behalf_of.strip(), origin="news")[0] if blame.on_behalf_of else None
        attributions.append(
            Attribution(document_id=document_id, actor_id=actor_id, role="blamed", asserted_by=blame.by,
                        asserted_by_actor_id=speaker_actor, evidence_given=blame.evidence_given,
                        reported_at=published, evidence=blame.evidence or record.evidence.get("blamed"),
                        incident_id=incident_id)
        )
    for report in reports:
        if report.evidence:
            report.evidence = report.evidence[:2000]
    for attribution in attributions:
        if attribution.evidence:
            attribution.evidence = attribution.evidence[:2000]
    return mention, reports, attributions
