"""Helpers of the import tests: SQL look-ups, and a stand-in extractor for news about the Marriott.

The news texts are the tests' own words; the facts (20 September 2008, a suicide truck bomb
at the Marriott Hotel in Islamabad, tolls rising from "at least 40" to 53) are public.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from etl.records import Document, Extraction, Mention
from incidentdb.db import make_engine


def rows(url: str, sql: str, **params: Any) -> list[tuple]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def scalar(url: str, sql: str, **params: Any) -> Any:
    return rows(url, sql, **params)[0][0]


def table_counts(url: str) -> dict[str, int]:
    names = ("documents", "mentions", "casualty_reports", "attributions", "incidents", "locations", "actors")
    return {name: scalar(url, f"SELECT count(*) FROM {name}") for name in names}


MARRIOTT_NEWS = [
    {"id": "news-marriott-1", "source": "Test Wire", "published": "2008-09-20",
     "title": "Truck bomb hits Islamabad Marriott",
     "text": "Truck bomb hits Islamabad Marriott\n\nA suicide attacker drove a truck packed with explosives into "
             "the gate of the Marriott Hotel in Islamabad on Saturday evening, killing at least 40 people."},
    {"id": "news-marriott-2", "source": "Test Daily", "published": "2008-09-21",
     "title": "Marriott toll climbs to 53",
     "text": "Marriott toll climbs to 53\n\nThe number of people killed in Saturday's suicide bombing of the "
             "Marriott Hotel in Islamabad rose to 53, officials said; 266 were wounded."},
]


def _mention(killed: int, qualifier: str, wounded: int | None = None) -> Mention:
    return Mention.from_dict({
        "primary": True, "date": "2008-09-20", "date_precision": "day", "country": "PK",
        "admin1": "Islamabad Capital Territory", "city": "Islamabad", "locality": "Marriott Hotel",
        "killed": {"low": killed, "high": None, "qualifier": qualifier},
        "wounded": None if wounded is None else {"low": wounded, "high": None, "qualifier": "exact"},
        "attack_type": "Bombing/Explosion", "suicide": True, "target_type": "Business",
        "claimed_by": [], "denied_by": [], "blamed": [], "evidence": {"killed": f"{killed} killed"},
    })


_MENTIONS = {"news-marriott-1": [_mention(40, "at_least")], "news-marriott-2": [_mention(53, "exact", 266)]}


def marriott_extract(document: Document) -> Extraction:
    """What the extractor gives for the two news reports above (a stand-in for etl.extract)."""
    return Extraction(document.id, list(_MENTIONS.get(document.id, [])))


def write_marriott_news(path: Path) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in MARRIOTT_NEWS), encoding="utf-8")
    return path


def full_dump(url: str) -> dict[str, list]:
    """Every stored value an import writes, without surrogate ids and timestamps, sorted.

    Rows are named by natural keys (source and external id, mention position, incident slug,
    actor name, location key), so two databases with equal dumps hold the same data even when
    their ids were allocated in a different order.
    """
    doc = "s.name || '|' || d.external_id"
    queries = {
        "documents": f"SELECT {doc}, d.kind, d.url, d.title, d.published_at, d.content_sha256, d.text, "
                     "d.raw_record, d.status, d.status_detail, d.extractor_version "
                     "FROM documents d JOIN sources s ON s.id = d.source_id",
        "mentions": f"SELECT {doc}, m.position, i.slug, m.is_primary, m.date_start, m.date_end, m.date_precision, "
                    "m.country_code, m.admin1, m.city, m.locality, m.killed_low, m.killed_high, m.killed_qualifier, "
                    "m.wounded_low, m.wounded_high, m.wounded_qualifier, m.attack_type, m.suicide, m.target_type, "
                    "m.payload, m.evidence FROM mentions m JOIN documents d ON d.id = m.document_id "
                    "JOIN sources s ON s.id = d.source_id LEFT JOIN incidents i ON i.id = m.incident_id",
        "casualty_reports": f"SELECT {doc}, m.position, i.slug, c.category, c.population, c.low, c.high, "
                            "c.qualifier, c.is_current, c.reported_at, c.evidence FROM casualty_reports c "
                            "JOIN mentions m ON m.id = c.mention_id JOIN documents d ON d.id = c.document_id "
                            "JOIN sources s ON s.id = d.source_id LEFT JOIN incidents i ON i.id = c.incident_id",
        "attributions": f"SELECT {doc}, m.position, i.slug, a.role, ac.name, a.asserted_by, sp.name, "
                        "a.evidence_given, a.reported_at, a.evidence FROM attributions a "
                        "JOIN actors ac ON ac.id = a.actor_id LEFT JOIN actors sp ON sp.id = a.asserted_by_actor_id "
                        "JOIN mentions m ON m.id = a.mention_id JOIN documents d ON d.id = a.document_id "
                        "JOIN sources s ON s.id = d.source_id LEFT JOIN incidents i ON i.id = a.incident_id",
        "incidents": "SELECT i.slug, i.title, i.summary, i.date_start, i.date_end, i.date_precision, l.key, "
                     "i.attack_type, i.suicide, i.target_type, i.killed_best, i.killed_low, i.killed_high, "
                     "i.wounded_best, i.wounded_low, i.wounded_high FROM incidents i "
                     "LEFT JOIN locations l ON l.id = i.location_id",
        "locations": "SELECT key, country_code, admin1_code, admin1, admin2, city, locality, latitude, longitude, "
                     "precision FROM locations",
        "slug_aliases": "SELECT a.slug, i.slug FROM incident_slug_aliases a JOIN incidents i ON i.id = a.incident_id",
        "actors": "SELECT name, kind, country_code, needs_review FROM actors",
        "actor_aliases": "SELECT ac.name, al.alias, al.normalized_alias, al.origin FROM actor_aliases al "
                         "JOIN actors ac ON ac.id = al.actor_id",
        "rejected_records": "SELECT source_name, line_number, record_id, raw_payload, error FROM rejected_records",
    }
    return {name: sorted(tuple(str(v) for v in row) for row in rows(url, sql)) for name, sql in queries.items()}
