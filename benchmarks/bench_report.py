#!/usr/bin/env python3
"""Report speed: the comparison PDF (< 3 s with start-up) and a 200,000-incident summary (< 15 s, < 2 GB).

Run on demand (not part of the test suite):

    .venv/bin/python benchmarks/bench_report.py            # 200,000 incidents
    .venv/bin/python benchmarks/bench_report.py --incidents 20000

It builds scratch SQLite databases in a temporary folder: one with the test factory's
sample incidents (the three Islamabad attacks and four others) and one with N synthetic
incidents written with bulk inserts (one report, two casualty figures and about one claim
in three per incident, spread over 50 years and 300 places), then times ``incidentdb report``
as a user runs it: a fresh process, so the figures include Python start-up and imports.
Memory is the peak resident set size of each report process. Figures are printed; nothing
is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import insert, select  # noqa: E402

from etl.store import Store  # noqa: E402
from incidentdb import migrate  # noqa: E402
from incidentdb.db import make_engine, session_scope  # noqa: E402
from models import Actor, Attribution, CasualtyReport, Document, Incident, Mention  # noqa: E402
from tests.factories import populate_sample  # noqa: E402

COUNTRIES = {
    "PK": ["Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh", "Islamabad Capital Territory"],
    "AF": ["Kabul", "Nangarhar", "Kandahar", "Helmand"],
    "IQ": ["Baghdad", "Nineveh", "Anbar", "Diyala"],
    "NG": ["Borno", "Yobe", "Adamawa"],
    "SO": ["Banaadir", "Lower Shabelle"],
    "IN": ["Jammu and Kashmir", "Manipur", "Chhattisgarh"],
}
ATTACKS = ["Bombing/Explosion", "Armed Assault", "Assassination", "Hostage Taking (Kidnapping)",
           "Facility/Infrastructure Attack"]
TARGETS = ["Private Citizens & Property", "Military", "Police", "Government (General)", "Business",
           "Religious Figures/Institutions"]


def _incidentdb(*args: str) -> tuple[float, int, float]:
    """Run the incidentdb command; wall seconds, this child's peak RSS in MiB, and its CPU seconds.

    CPU time (user + system) is shown next to wall time because on a shared machine the
    wall time mostly measures the neighbours.
    """
    exe = Path(sys.executable).with_name("incidentdb")
    start = time.perf_counter()
    proc = subprocess.Popen([str(exe), "-q", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, _status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    _, stderr = proc.communicate()
    if os.waitstatus_to_exitcode(_status) != 0:
        raise SystemExit(f"incidentdb {' '.join(args)} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def build_large(url: str, count: int, seed: int = 1) -> float:
    """N synthetic incidents with bulk inserts; returns seconds taken."""
    start = time.perf_counter()
    engine = make_engine(url)
    migrate.upgrade(engine)
    rng = random.Random(seed)
    with session_scope(engine) as session:
        store = Store(session)
        locations = []
        for cc, provinces in COUNTRIES.items():
            for province in provinces:
                for n in range(10):
                    locations.append(store.location(cc, province, None, f"{province} town {n}").id)
        groups = [store.actor_id(f"Synthetic group {n}")[0] for n in range(200)]
        groups += list(session.scalars(select(Actor.id).where(Actor.kind == "militant_group")))
        sources = [store.source(f"Outlet {n}").id for n in range(40)]
    now = dt.datetime.now(dt.UTC)
    batch = 20_000
    with engine.begin() as conn:
        first = dt.date(1975, 1, 1)
        for offset in range(0, count, batch):
            incidents, documents, mentions, figures, claims = [], [], [], [], []
            for i in range(offset + 1, min(count, offset + batch) + 1):
                day = first + dt.timedelta(days=rng.randrange(18_000))
                killed, wounded = int(rng.expovariate(1 / 4)), int(rng.expovariate(1 / 9))
                incidents.append(dict(
                    id=i, slug=f"{day}-synthetic-{i}", title=f"Synthetic incident {i}", date_start=day, date_end=day,
                    date_precision="day" if rng.random() < 0.95 else "month", location_id=rng.choice(locations),
                    attack_type=rng.choice(ATTACKS), target_type=rng.choice(TARGETS), suicide=rng.random() < 0.1,
                    killed_best=killed, killed_low=killed, killed_high=killed, wounded_best=wounded,
                    wounded_low=wounded, wounded_high=wounded, created_at=now, updated_at=now,
                ))
                published = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
                documents.append(dict(id=i, source_id=rng.choice(sources), external_id=f"row-{i}", kind="report",
                                      title=f"Attack report {i}", published_at=published,
                                      content_sha256=hashlib.sha256(str(i).encode()).hexdigest(), status="extracted",
                                      created_at=now, updated_at=now))
                mentions.append(dict(id=i, document_id=i, position=0, incident_id=i, is_primary=True,
                                     payload={"primary": True}, created_at=now))
                for category, value in (("killed", killed), ("wounded", wounded)):
                    figures.append(dict(incident_id=i, mention_id=i, document_id=i, category=category,
                                        population="total", low=value, qualifier="exact", is_current=True,
                                        reported_at=published))
                if rng.random() < 0.35:
                    claims.append(dict(incident_id=i, mention_id=i, document_id=i, actor_id=rng.choice(groups),
                                       role="claimed", reported_at=published))
            for model, rows in ((Incident, incidents), (Document, documents), (Mention, mentions),
                                (CasualtyReport, figures), (Attribution, claims)):
                conn.execute(insert(model.__table__), rows)
    engine.dispose()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description="Report benchmarks (figures printed, nothing asserted).")
    parser.add_argument("--incidents", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3, help="comparison runs (the best and the first are shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        sample_url = f"sqlite:///{tmpdir / 'sample.db'}"
        engine = make_engine(sample_url)
        migrate.upgrade(engine)
        populate_sample(engine)
        engine.dispose()
        times, cpus = [], []
        for _ in range(args.runs):
            seconds, rss, cpu = _incidentdb("--database", sample_url, "report", "compare", "Marriott 2008",
                                          "Islamabad court November 2025", "Islamabad imambargah February 2026",
                                          "-o", str(tmpdir / "compare.pdf"))
            times.append(seconds)
            cpus.append(cpu)
        print(f"comparison PDF (3 incidents, with start-up): first {times[0]:.2f} s, best {min(times):.2f} s wall; "
              f"best {min(cpus):.2f} s CPU; peak RSS {rss} MiB (target < 3 s)")

        large_url = f"sqlite:///{tmpdir / 'large.db'}"
        built = build_large(large_url, args.incidents)
        size = (tmpdir / "large.db").stat().st_size / 2**20
        print(f"built {args.incidents:,} incidents in {built:.1f} s ({size:.0f} MiB SQLite file)")
        for fmt in ("pdf", "csv"):
            out = tmpdir / f"summary.{fmt}"
            seconds, rss, cpu = _incidentdb("--database", large_url, "report", "summary", "-o", str(out))
            print(f"summary {fmt.upper()} over {args.incidents:,} incidents: {seconds:.2f} s wall, {cpu:.2f} s CPU, "
                  f"peak RSS {rss} MiB, "
                  f"{out.stat().st_size / 2**20:.1f} MiB written (target < 15 s, < 2048 MiB)")
        seconds, rss, cpu = _incidentdb("--database", large_url, "report", "summary", "--country", "PK",
                                        "--from", "2000", "--attack-type", "bombing", "-o", str(tmpdir / "pk.pdf"))
        print(f"filtered summary PDF (PK, 2000-, bombings): {seconds:.2f} s wall, {cpu:.2f} s CPU, "
              f"peak RSS {rss} MiB")
    print(f"(process-wide peak RSS of children: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
