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
