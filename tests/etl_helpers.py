"""Test helpers for the ETL: extractors that stand in for etl.extract in tests.

* :func:`gold_extractor` reads the development corpus's gold annotations
  (``../shared/corpus/STEM.json``) at test time, so resolution and reconciliation can be
  tested on realistic mentions independently of the extractor's quality (nothing is copied);
* :func:`table_extractor` returns mentions given by the test itself, keyed by document id
  (or by a marker in the text, so an "updated article" can change its figures).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from etl.records import Document, Extraction, Mention


def gold_extractor(corpus: Path) -> Callable[[Document], Extraction]:
    gold = {}
    for path in corpus.glob("*.json"):
        if path.name == "incidents.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        gold[data["doc_id"]] = [Mention.from_dict(m) for m in data["mentions"]]

    def extract(document: Document) -> Extraction:
        return Extraction(document.id, [Mention.from_dict(m.to_dict()) for m in gold.get(document.id, [])])

    return extract


def gold_incident_of(corpus: Path) -> dict[str, list[str]]:
    """doc id -> incident keys its mentions annotate (primary first)."""
    out = {}
    for path in corpus.glob("*.json"):
        if path.name == "incidents.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["doc_id"]] = [m["incident"] for m in sorted(data["mentions"], key=lambda m: not m["primary"])]
    return out


def table_extractor(table: dict[str, list[dict]]) -> Callable[[Document], Extraction]:
    """Mentions per document id; a key "id@marker" applies when the text contains marker."""

    def extract(document: Document) -> Extraction:
        for key, mentions in table.items():
            if "@" in key:
                doc_id, marker = key.split("@", 1)
                if doc_id == document.id and marker in document.text:
                    return Extraction(document.id, [Mention.from_dict(m) for m in mentions])
        return Extraction(document.id, [Mention.from_dict(m) for m in table.get(document.id, [])])

    return extract


# A small multi-outlet news set written for these tests: three attacks in Islamabad and
# Peshawar, reported by several outlets over several days with moving tolls, one report
# recalling an older attack, one syndicated copy. Texts are short and our own.
def _mention(date, city, locality, killed, wounded=None, *, primary=True, q="exact", attack="Bombing/Explosion",
             target=None, claimed=(), blamed=(), other=(), precision=None):
    return {
        "primary": primary, "date": date, "date_precision": precision or (
            None if date is None else {10: "day", 7: "month", 4: "year"}[len(date)]),
        "country": "PK", "admin1": {"Islamabad": "Islamabad Capital Territory", "Peshawar": "Khyber Pakhtunkhwa"}[city],
        "city": city, "locality": locality,
        "killed": None if killed is None else {"low": killed, "high": None, "qualifier": q},
        "wounded": None if wounded is None else {"low": wounded, "high": None, "qualifier": "exact"},
        "attack_type": attack, "suicide": True, "target_type": target,
        "claimed_by": list(claimed), "denied_by": [],
        "blamed": [{"party": p, "by": by, "evidence_given": ev} for p, by, ev in blamed],
        "evidence": {"killed": f"{killed} killed"} if killed is not None else {},
        "other_figures": [{"field": "killed", "low": n, "high": None, "qualifier": "exact"} for n in other],
    }


NEWS = [
    {"id": "n-shrine-1", "source": "Capital Wire", "published": "2026-02-06",
     "text": "Blast at shrine in Islamabad\n\nAt least 20 people died when a bomber struck a shrine in Tarlai."},
    {"id": "n-shrine-2", "source": "Frontier Daily", "published": "2026-02-07",
     "text": "Shrine bombing toll climbs\n\nThe toll from Friday's suicide bombing in Tarlai Kalan rose to 30."},
    {"id": "n-shrine-3", "source": "Capital Wire", "published": "2026-02-09",
     "text": "Shrine attack: 33 dead\n\nOfficials now say 33 died in the Tarlai bombing; the group X claimed it."},
    {"id": "n-shrine-3-copy", "source": "Syndicate Times", "published": "2026-02-09",
     "text": "Shrine attack: 33 dead\n\nOfficials now say 33 died in the Tarlai bombing; the group X claimed it."},
    {"id": "n-court-1", "source": "Frontier Daily", "published": "2025-11-11",
     "text": "Court blast in Islamabad\n\nA suicide bomber killed 12 outside the G-11 courts on Tuesday."},
    {"id": "n-court-2", "source": "Capital Wire", "published": "2025-11-13",
     "text": "Court blast wounded rise\n\nTwelve dead and 36 hurt in Tuesday's court bombing, hospital says."},
    {"id": "n-mosque-1", "source": "Frontier Daily", "published": "2022-03-04",
     "text": "Mosque bombing in Peshawar\n\nAt least 30 worshippers were killed in Kocha Risaldar."},
    {"id": "n-mosque-2", "source": "Capital Wire", "published": "2022-03-05",
     "text": "Peshawar toll 56\n\nThe toll of the Koocha Risaldar mosque bombing rose to 56."},
    {"id": "n-recall", "source": "Frontier Daily", "published": "2026-02-08",
     "text": "Analysis: the capital under attack\n\nThe shrine attack came months after the November court bombing "
             "that killed 12."},
]

MENTIONS = {
    "n-shrine-1": [_mention("2026-02-06", "Islamabad", "Tarlai", 20, 80, q="at_least")],
    "n-shrine-2": [_mention("2026-02-06", "Islamabad", "Tarlai Kalan", 30, 150, target="Religious Figures/Institutions",
                            other=(20,))],
    "n-shrine-3": [_mention("2026-02-06", "Islamabad", "Tarlai", 33, 160, claimed=("Islamic State Khorasan Province",),
                            blamed=(("Afghanistan", "Interior Minister", False),))],
    "n-shrine-3-copy": [_mention("2026-02-06", "Islamabad", "Tarlai", 33, 160,
                                 claimed=("Islamic State Khorasan Province",),
                                 blamed=(("Afghanistan", "Interior Minister", False),))],
    "n-court-1": [_mention("2025-11-11", "Islamabad", "G-11", 12, 27, target="Government (General)")],
    "n-court-2": [_mention("2025-11-11", "Islamabad", None, 12, 36, target="Government (General)",
                           claimed=("Jamaat-ul-Ahrar",))],
    "n-mosque-1": [_mention("2022-03-04", "Peshawar", "Kocha Risaldar", 30, q="at_least")],
    "n-mosque-2": [_mention("2022-03-04", "Peshawar", "Koocha Risaldar", 56, 190)],
    "n-recall": [_mention(None, "Islamabad", "Tarlai", None, primary=True),
                 _mention("2025-11", "Islamabad", None, 12, primary=False)],
    # An updated version of n-shrine-3 (same id, new text) with a higher toll.
    "n-shrine-3@now 35": [_mention("2026-02-06", "Islamabad", "Tarlai", 35, 160,
                                   claimed=("Islamic State Khorasan Province",))],
}


def write_news(path: Path, documents: list[dict] | None = None) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for doc in documents if documents is not None else NEWS:
            handle.write(json.dumps(doc) + "\n")
    return path


def news_extract(document: Document) -> Extraction:
    """The extractor for :data:`NEWS` (usable as ``--extractor tests.etl_helpers:news_extract``)."""
    return table_extractor(MENTIONS)(document)


EXTRACTOR_VERSION = "news-table-1"


def canonical_dump(engine) -> dict[str, list]:  # noqa: ANN001
    """The database's content without ids, timestamps and run bookkeeping, sorted: two databases
    with equal dumps hold the same documents, mentions, figures, claims and incidents."""
    from sqlalchemy import text

    queries = {
        "sources": "SELECT name, kind FROM sources",
        "documents": "SELECT s.name, d.external_id, d.content_sha256, d.status, d.title, d.url "
                     "FROM documents d JOIN sources s ON s.id = d.source_id",
        "mentions": "SELECT s.name, d.external_id, m.position, i.slug, m.is_primary, m.date_start, m.city, "
                    "m.locality, m.killed_low, m.killed_qualifier, m.wounded_low FROM mentions m "
                    "JOIN documents d ON d.id = m.document_id JOIN sources s ON s.id = d.source_id "
                    "LEFT JOIN incidents i ON i.id = m.incident_id",
        "casualty_reports": "SELECT d.external_id, m.position, i.slug, c.category, c.low, c.qualifier, c.is_current, "
                            "c.evidence FROM casualty_reports c JOIN mentions m ON m.id = c.mention_id "
                            "JOIN documents d ON d.id = c.document_id LEFT JOIN incidents i ON i.id = c.incident_id",
        "attributions": "SELECT d.external_id, i.slug, a.role, ac.name, a.asserted_by, a.evidence_given "
                        "FROM attributions a JOIN actors ac ON ac.id = a.actor_id "
                        "JOIN documents d ON d.id = a.document_id LEFT JOIN incidents i ON i.id = a.incident_id",
        "incidents": "SELECT i.slug, i.title, i.date_start, i.date_end, i.date_precision, l.country_code, l.city, "
                     "l.locality, i.attack_type, i.suicide, i.target_type, i.killed_best, i.killed_low, "
                     "i.killed_high, i.wounded_best, i.wounded_low, i.wounded_high "
                     "FROM incidents i LEFT JOIN locations l ON l.id = i.location_id",
        "overrides": "SELECT i.slug, o.field, o.is_active FROM overrides o JOIN incidents i ON i.id = o.incident_id",
        "actors": "SELECT name, kind, needs_review FROM actors",
    }
    out = {}
    with engine.connect() as conn:
        for name, sql in queries.items():
            out[name] = sorted(tuple(str(v) for v in row) for row in conn.execute(text(sql)))
    return out


def corpus_scores(exported: list[dict], corpus: Path) -> dict:
    """How an export of the development corpus compares with its gold incidents.

    Each exported incident is labelled with the gold incident most of its documents mention;
    it *mixes* when one of its documents mentions nothing of that incident. A gold incident is
    *split* when several exported incidents carry its label, *missing* when none does. Figures
    are compared for the largest exported incident of each gold incident.
    """
    gold_of = {doc: set(keys) for doc, keys in gold_incident_of(corpus).items()}
    gold = json.loads((corpus / "incidents.json").read_text(encoding="utf-8"))
    labelled: dict[str, list[dict]] = {}
    mixed = []
    for record in exported:
        votes: dict[str, int] = {}
        for doc in record["documents"]:
            for key in gold_of.get(doc, ()):
                votes[key] = votes.get(key, 0) + 1
        if not votes:
            mixed.append(record["slug"])
            continue
        def fit(key: str, record: dict = record, votes: dict = votes) -> tuple:
            facts = gold[key]  # ties (a report that mentions three attacks) go to the one that fits
            same_city = (record.get("city") or "").lower() == (facts.get("city") or "").lower()
            same_date = bool(record.get("date")) and facts["date"].startswith(record["date"])
            return (-votes[key], not same_city, not same_date, key)

        label = min(votes, key=fit)
        labelled.setdefault(label, []).append(record)
        if any(label not in gold_of.get(doc, ()) for doc in record["documents"]):
            mixed.append(record["slug"])
    figures = {}
    for key, facts in gold.items():
        records = sorted(labelled.get(key, []), key=lambda r: -len(r["documents"]))
        if not records:
            continue
        for field in ("killed_best", "wounded_best"):
            want, got = facts.get(field), records[0].get(field)
            if want is None:
                continue
            figures[f"{key}:{field}"] = got is not None and abs(got - want) <= 0.1 * want
    return {
        "gold_incidents": len(gold),
        "exported_incidents": len(exported),
        "split": sorted(k for k, v in labelled.items() if len(v) > 1),
        "missing": sorted(set(gold) - set(labelled)),
        "mixed": sorted(mixed),
        "figures_within_10pct": sorted(k for k, ok in figures.items() if ok),
        "figures_off": sorted(k for k, ok in figures.items() if not ok),
    }
