"""Synthetic news reports for benchmarks and crash tests, and an extractor for exactly them.

``generate`` writes reports in a fixed template: several outlets report each attack over a
few days with rising tolls, some reports recall an older attack. ``extract`` reads that
template back (a regular expression, not NLP), so ETL throughput and crash safety can be
measured without depending on the real extractor's speed or quality. Use
``--extractor benchmarks.synthetic:extract`` with ``incidentdb etl run``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

from etl.records import Count, Document, Extraction, Mention

EXTRACTOR_VERSION = "synthetic-1"

PLACES = [
    ("PK", "Khyber Pakhtunkhwa", "Peshawar"), ("PK", "Balochistan", "Quetta"), ("PK", "Sindh", "Karachi"),
    ("PK", "Punjab", "Lahore"), ("PK", "Islamabad Capital Territory", "Islamabad"), ("AF", "Kabul", "Kabul"),
    ("IQ", "Baghdad", "Baghdad"), ("NG", "Borno", "Maiduguri"), ("SO", "Banaadir", "Mogadishu"),
    ("ML", "Gao", "Gao"),
]
SITES = ["Central Market", "Police Lines", "Civil Hospital", "Grand Mosque", "Bus Terminal", "District Court",
         "University Road", "Army Camp", "Shrine Square", "Railway Station"]
ATTACKS = [("suicide bombing", "Bombing/Explosion", True), ("bombing", "Bombing/Explosion", False),
           ("gun attack", "Armed Assault", False)]
OUTLETS = ["Daily Ledger", "Frontier Post Wire", "Capital Tribune", "Morning Courier", "Evening Standard Desk",
           "Regional Herald"]

LINE = re.compile(
    r"(?P<qual>At least |More than |About )?(?P<killed>\d+) people were killed and (?P<wounded>\d+) wounded "
    r"in a (?P<attack>suicide bombing|bombing|gun attack) at (?P<site>[A-Za-z ]+) in (?P<city>[A-Za-z ]+), "
    r"(?P<admin1>[A-Za-z ]+), (?P<country>[A-Z]{2}), on (?P<date>\d{4}-\d{2}-\d{2})\."
)
RECALL = re.compile(r"It recalled the (?P<year>\d{4}) (?P<attack>suicide bombing|bombing|gun attack) at "
                    r"(?P<site>[A-Za-z ]+) in (?P<city>[A-Za-z ]+) that killed (?P<killed>\d+)\.")
QUALIFIERS = {"At least ": "at_least", "More than ": "more_than", "About ": "about", None: "exact", "": "exact"}


def generate(n_documents: int, seed: int = 7, start: dt.date = dt.date(2020, 1, 1)) -> list[dict]:
    """``n_documents`` feed lines (interchange §1) about roughly n/4 attacks."""
    rng = random.Random(seed)
    docs: list[dict] = []
    attack_id = 0
    while len(docs) < n_documents:
        attack_id += 1
        country, admin1, city = rng.choice(PLACES)
        site = rng.choice(SITES)
        words, _attack_type, _suicide = rng.choice(ATTACKS)
        day = start + dt.timedelta(days=attack_id // 3)
        toll = rng.randint(1, 60)
        wounded = toll * rng.randint(1, 4)
        for report in range(rng.randint(2, 6)):
            if len(docs) >= n_documents:
                break
            outlet = OUTLETS[(attack_id + report) % len(OUTLETS)]
            published = day + dt.timedelta(days=report // 2)
            killed = toll + report * rng.randint(0, 3)
            qualifier = "At least " if report == 0 else ""
            text = (
                f"{killed} killed in {city} {words}\n\n"
                f"{qualifier}{killed} people were killed and {wounded + report} wounded in a {words} at {site} in "
                f"{city}, {admin1}, {country}, on {day.isoformat()}. Officials said the toll could rise."
            )
            if rng.random() < 0.2:
                old_city = rng.choice(PLACES)
                text += (f" It recalled the {day.year - rng.randint(1, 8)} {rng.choice(ATTACKS)[0]} at "
                         f"{rng.choice(SITES)} in {old_city[2]} that killed {rng.randint(5, 90)}.")
            docs.append({
                "id": f"syn-{attack_id}-{report}",
                "text": text,
                "published": published.isoformat(),
                "title": text.split("\n", 1)[0],
                "source": outlet,
                "url": f"https://news.example/{attack_id}/{report}",
            })
    return docs


def write_feed(path: Path, n_documents: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for doc in generate(n_documents, seed):
            handle.write(json.dumps(doc) + "\n")
    return path


def extract(document: Document) -> Extraction:
    """Read the synthetic template back into mentions (only for text made by :func:`generate`)."""
    mentions = []
    match = LINE.search(document.text)
    if match:
        attack = next(a for a in ATTACKS if a[0] == match["attack"])
        mentions.append(Mention(
            primary=True, date=match["date"], date_precision="day", country=match["country"],
            admin1=match["admin1"], city=match["city"], locality=match["site"],
            killed=Count(int(match["killed"]), None, QUALIFIERS[match["qual"]]),
            wounded=Count(int(match["wounded"]), None, "exact"), attack_type=attack[1], suicide=attack[2],
            evidence={"killed": match.group(0)[:200]},
        ))
        recall = RECALL.search(document.text)
        if recall:
            attack = next(a for a in ATTACKS if a[0] == recall["attack"])
            place = next(p for p in PLACES if p[2] == recall["city"])
            mentions.append(Mention(
                primary=False, date=recall["year"], date_precision="year", country=place[0], admin1=place[1],
                city=recall["city"], locality=recall["site"], killed=Count(int(recall["killed"])),
                attack_type=attack[1], suicide=attack[2],
            ))
    return Extraction(document.id, mentions)
