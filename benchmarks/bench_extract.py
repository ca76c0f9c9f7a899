"""Benchmark: extraction throughput and peak memory over a synthetic feed.

    python benchmarks/bench_extract.py [--docs 10000] [--jobs 1] [--size 4000] [--feed news|dense]

Two feeds of ~``--size`` character reports, built from the test fixture reports
(tests/fixtures/extract/reports.jsonl, texts written for the tests) before the clock starts:
``news`` (the default) is one report per document padded with aftermath paragraphs that tell
no new attack, about one mention per report as in real news; ``dense`` recombines attack
paragraphs, every paragraph an attack (the worst case). Numbers, weekdays and places are
varied so that no two documents are the same. Prints start-up time (imports + reference
data), documents per second (wall clock), documents per CPU-second (the one-core rate, from
the CPU time of this process and its workers: less affected than wall time by other jobs on
the machine), peak memory (RSS) of this process, and a host check (a fixed arithmetic loop
timed before and after: a slow phase of a shared host shows there). Figures:
docs/extraction.md ("Speed").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import SITES  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "extract" / "reports.jsonl"
PLACES = ["Peshawar", "Quetta", "Kabul", "Jalalabad", "Mogadishu", "Maiduguri", "Baghdad", "Karachi", "Bannu", "Srinagar", "Aden", "Homs"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _vary(rng: random.Random, paragraph: str) -> str:
    """The paragraph with its numbers, weekdays and one city changed (no two documents alike)."""
    paragraph = re.sub(r"\b\d{1,3}\b", lambda m: str(rng.randint(2, 300)), paragraph)
    paragraph = re.sub("|".join(WEEKDAYS), lambda m: rng.choice(WEEKDAYS), paragraph)
    return paragraph.replace("Kabul", rng.choice(PLACES))


def _fixture_reports() -> list[dict]:
    return [json.loads(line) for line in FIXTURES.read_text("utf-8").splitlines() if line.strip()]


def news_feed(count: int, size: int, seed: int = 7):
    """Reports shaped like the news: one fixture report (headline, lede, its own paragraphs) per
    document, padded to ~``size`` with aftermath paragraphs that tell no new attack (officials,
    security, reactions: ``benchmarks.synthetic.BACKGROUND``), and in a third of them one
    paragraph of another report (an older attack recalled). About 1.5 mentions per report, like
    the development corpus (1.2 per report)."""
    rng = random.Random(seed)
    reports = _fixture_reports()
    paragraphs = [p for r in reports for p in r["text"].split("\n\n")[1:] if len(p) > 80]
    for i in range(count):
        report = rng.choice(reports)
        parts = [_vary(rng, p) for p in report["text"].split("\n\n")]
        if rng.random() < 1 / 3:
            parts.append(_vary(rng, rng.choice(paragraphs)))
        length = sum(len(p) + 2 for p in parts)
        if length < size:
            city = rng.choice(PLACES)
            parts.append(_aftermath(rng, size - length, city, rng.choice(SITES)))
        published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
        yield {"id": f"bench-{i}", "text": "\n\n".join(parts), "published": published.isoformat()}


def dense_feed(count: int, size: int, seed: int = 7):
    """The worst case: every paragraph tells an attack (fixture paragraphs recombined to ~``size``
    characters under a random headline), about 6 mentions per ~4 KB report."""
    rng = random.Random(seed)
    reports = _fixture_reports()
    paragraphs = [p for r in reports for p in r["text"].split("\n\n")[1:] if len(p) > 80]
    headlines = [r["text"].split("\n", 1)[0] for r in reports]
    for i in range(count):
        body = []
        while sum(len(p) for p in body) < size:
            body.append(_vary(rng, rng.choice(paragraphs)))
        published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
        text = rng.choice(headlines) + "\n\n" + "\n\n".join(body)
        yield {"id": f"bench-{i}", "text": text, "published": published.isoformat()}


#: Parts of the aftermath sentences that pad a news-shaped report (the benchmark's own words).
#: Combined with varied numbers, weekdays and places, nearly every sentence is new, so the
#: extractor's per-sentence caches help no more than they would on real reports.
SPEAKERS = ["The provincial chief minister", "A spokesman for the interior ministry", "Hospital officials in {city}",
            "The district police chief", "Residents of {city}", "Local traders", "Opposition leaders",
            "The United Nations envoy", "Rescue workers", "A senior security official", "The deputy commissioner",
            "Witnesses near the {site}", "Doctors at the {site} clinic", "A government statement",
            "Community elders in {city}", "The information minister"]
SAYINGS = ["said on {day}", "told reporters on {day}", "told a news conference", "said in a statement",
           "told the local press", "said late on {day}", "wrote on social media", "said"]
CLAIMS = [
    "that security would be tightened at {n} checkpoints across {city}",
    "that schools near the {site} would stay closed until {day}",
    "that each bereaved family would receive {n},000 in compensation",
    "that an inquiry would report within {n} days",
    "that {n} people had been questioned but nobody had been charged",
    "that mobile phone services in parts of {city} would be suspended for {n} hours",
    "that the road to the {site} had reopened after {n} hours",
    "that {n} extra police officers were being sent to the district",
    "that the market around the {site} usually draws about {n} shoppers in the afternoon",
    "that the emergency services reached the scene within {n} minutes",
    "that blood donations were needed because several patients were in critical condition",
    "that the funerals would be held on {day} in {city}",
    "that the government had failed to protect civilians in {city}",
    "that violence in the province has risen over the past {n} years",
    "that the area lies about {n} kilometres from the border",
    "that a curfew would be lifted on {day} morning",
]


def _aftermath(rng: random.Random, size: int, city: str, site: str) -> str:
    """Paragraphs of two to four aftermath sentences, ~``size`` characters, no new attack."""
    paragraphs: list[str] = []
    length = 0
    while length < size:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            sentence = f"{rng.choice(SPEAKERS)} {rng.choice(SAYINGS)} {rng.choice(CLAIMS)}."
            sentences.append(sentence.format(city=city, site=site, day=rng.choice(WEEKDAYS), n=rng.randint(2, 900)))
        paragraphs.append(" ".join(sentences))
        length += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)


FEEDS = {"news": news_feed, "dense": dense_feed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--size", type=int, default=4000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--feed", choices=sorted(FEEDS), default="news",
                        help="news: one attack per report plus aftermath, as in the news (default); "
                             "dense: every paragraph an attack (the worst case)")
    args = parser.parse_args()

    started = time.perf_counter()
    from etl.extract import extract_many, warm_up
    from etl.extract.inputs import document_from_record

    warm_up()
    startup = time.perf_counter() - started
    documents = [document_from_record(r) for r in FEEDS[args.feed](args.docs, args.size)]
    host_before = _host_check()
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    count = mentions = 0
    for result in extract_many(documents, jobs=args.jobs):
        count += 1
        mentions += len(result.mentions) if not isinstance(result, Exception) else 0
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    host_after = _host_check()
    print(f"start-up (imports + reference data): {startup:.2f} s")
    print(f"{args.feed} feed: {count} documents (~{args.size} chars) in {elapsed:.1f} s: {count / elapsed:.0f} docs/s "
          f"with {args.jobs} job(s); {mentions} mentions")
    print(f"CPU time {cpu:.1f} s (this process and its workers): {count / cpu:.0f} docs per CPU-second")
    print(f"peak memory (RSS, this process): {peak:.0f} MB")
    print(f"host check: a fixed arithmetic loop took {host_before:.2f} s before and {host_after:.2f} s after "
          "(0.21-0.27 s on the quiet 2-core development machine; 0.29-0.32 s in its slow phases, "
          "in which every rate above is 20-30% lower)")


def _host_check() -> float:
    """CPU seconds of a fixed pure-Python loop: how fast the host runs Python right now (shared
    and virtual machines have slow phases that no benchmark of this code can control)."""
    started = time.process_time()
    sum(i * i for i in range(3_000_000))
    return time.process_time() - started


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
