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


#: Background sentences that pad a report to a realistic length (the benchmark's own words):
#: officials, security measures, reactions, context; places and numbers but no new attack.
BACKGROUND = [
    "Security was tightened across {city} after the attack, and police set up checkpoints on the main roads.",
    "The provincial chief minister condemned the attack and ordered an inquiry into the security lapse.",
    "Hospital officials in {city} said the wounded were brought in by ambulances and private cars.",
    "A spokesman for the interior ministry said investigators had collected evidence from the site.",
    "Residents said the area around the {site} is usually crowded in the afternoon.",
    "Schools and shops near the {site} remained closed on the following day.",
    "Police said they had received no specific warning before the attack.",
    "Local traders called a strike to protest against the deteriorating security situation.",
    "The {admin1} government announced compensation for the families of those killed.",
    "Television footage showed damaged vehicles and shattered windows near the {site}.",
    "Officials said {number} security personnel had been deployed in the district since January.",
    "Rescue workers said the emergency services reached the scene within twenty minutes.",
    "Opposition leaders criticised the government for failing to protect civilians in {city}.",
    "The blast was heard several kilometres away, witnesses told reporters.",
    "Analysts said militant violence in {admin1} has risen over the past two years.",
    "The United Nations envoy expressed sympathy with the victims and their families.",
    "Authorities suspended mobile phone services in parts of {city} for several hours.",
    "Doctors appealed for blood donations as several of the wounded were in critical condition.",
]


def _padding(rng: random.Random, size: int, city: str, admin1: str, site: str) -> str:
    paragraphs: list[str] = []
    length = 0
    while length < size:
        sentences = [rng.choice(BACKGROUND).format(city=city, admin1=admin1, site=site,
                                                   number=rng.randint(200, 3000)) for _ in range(rng.randint(2, 4))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


FIXTURE_REPORTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "extract" / "reports.jsonl"


def _report_paragraphs() -> list[str]:
    """Paragraphs of the extraction tests' reports (written for the tests): dense with places,
    figures, dates and claims about other attacks."""
    reports = [json.loads(line) for line in FIXTURE_REPORTS.read_text("utf-8").splitlines() if line.strip()]
    return [p for r in reports for p in r["text"].split("\n\n")[1:] if len(p) > 80]


def _report_padding(rng: random.Random, size: int, paragraphs: list[str]) -> str:
    body: list[str] = []
    while sum(len(p) + 2 for p in body) < size:
        paragraph = re.sub(r"\b\d{1,3}\b", lambda m: str(rng.randint(2, 300)), rng.choice(paragraphs))
        body.append(paragraph)
    return "\n\n".join(body)


def generate(n_documents: int, seed: int = 7, start: dt.date = dt.date(2020, 1, 1), size: int = 0,
             padding: str = "background") -> list[dict]:
    """``n_documents`` feed lines (interchange §1) about roughly n/4 attacks.

    ``size``: pad each report to about this many characters (a news report is typically 2,000
    to 5,000), for benchmarks of the real extractor: with ``padding="background"``, sentences
    about the aftermath (officials, security, reactions) that name no other attack; with
    ``"reports"``, paragraphs of the extraction tests' reports, which describe other attacks
    (several mentions per report, and more work for the extractor).
    """
    rng = random.Random(seed)
    paragraphs = _report_paragraphs() if size and padding == "reports" else []
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
            if size > len(text):
                text += "\n\n" + (_report_padding(rng, size - len(text), paragraphs) if paragraphs
                                   else _padding(rng, size - len(text), city, admin1, site))
            docs.append({
                "id": f"syn-{attack_id}-{report}",
                "text": text,
                "published": published.isoformat(),
                "title": text.split("\n", 1)[0],
                "source": outlet,
                "url": f"https://news.example/{attack_id}/{report}",
            })
    return docs


def write_feed(path: Path, n_documents: int, seed: int = 7, size: int = 0, padding: str = "background") -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for doc in generate(n_documents, seed, size=size, padding=padding):
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
