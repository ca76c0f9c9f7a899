"""Benchmark: extraction throughput and peak memory over a synthetic feed.

    python benchmarks/bench_extract.py [--docs 10000] [--jobs 1] [--size 4000]

The feed is built from the test fixture reports (tests/fixtures/extract/reports.jsonl, texts
written for the tests): paragraphs are shuffled and recombined to ~``--size`` characters, and
numbers, weekdays and places are varied so that no two documents are the same. The feed is
built before the clock starts (its generation is not extraction). Prints start-up time
(imports + reference data), documents per second (wall clock), documents per CPU-second (the
one-core rate, from the CPU time of this process and its workers: less affected than wall time
by other jobs on the machine) and peak memory (RSS) of this process.

Reference figures (2-core development machine shared with other jobs): 155-177 documents/s on
one core, up to 196 with ``--jobs 2``, start-up 0.55-0.9 s; before the speed work, 58-66.
docs/extraction.md ("Speed") has the details.
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

FIXTURES = ROOT / "tests" / "fixtures" / "extract" / "reports.jsonl"
PLACES = ["Peshawar", "Quetta", "Kabul", "Jalalabad", "Mogadishu", "Maiduguri", "Baghdad", "Karachi", "Bannu", "Srinagar", "Aden", "Homs"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic_feed(count: int, size: int, seed: int = 7):
    rng = random.Random(seed)
    reports = [json.loads(line) for line in FIXTURES.read_text("utf-8").splitlines() if line.strip()]
    paragraphs = [p for r in reports for p in r["text"].split("\n\n")[1:] if len(p) > 80]
    headlines = [r["text"].split("\n", 1)[0] for r in reports]
    for i in range(count):
        body = []
        while sum(len(p) for p in body) < size:
            p = rng.choice(paragraphs)
            p = re.sub(r"\b\d{1,3}\b", lambda m: str(rng.randint(2, 300)), p)
            p = re.sub("|".join(WEEKDAYS), lambda m: rng.choice(WEEKDAYS), p)
            p = p.replace("Kabul", rng.choice(PLACES))
            body.append(p)
        published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
        text = rng.choice(headlines) + "\n\n" + "\n\n".join(body)
        yield {"id": f"bench-{i}", "text": text, "published": published.isoformat()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--size", type=int, default=4000)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    from etl.extract import extract_many, warm_up
    from etl.extract.inputs import document_from_record

    warm_up()
    startup = time.perf_counter() - started
    documents = [document_from_record(r) for r in synthetic_feed(args.docs, args.size)]
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    count = mentions = 0
    for result in extract_many(documents, jobs=args.jobs):
        count += 1
        mentions += len(result.mentions) if not isinstance(result, Exception) else 0
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"start-up (imports + reference data): {startup:.2f} s")
    print(f"{count} documents (~{args.size} chars) in {elapsed:.1f} s: {count / elapsed:.0f} docs/s "
          f"with {args.jobs} job(s); {mentions} mentions")
    print(f"CPU time {cpu:.1f} s (this process and its workers): {count / cpu:.0f} docs per CPU-second")
    print(f"peak memory (RSS, this process): {peak:.0f} MB")


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
