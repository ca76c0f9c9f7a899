"""Benchmark: one `etl.resolve.resolve` call over N dataset-like mentions (the importers' case).

Writes N dataset rows (documents of kind dataset_record, one mention and one killed figure
each) with a bulk insert, as an importer would, then times a single resolve() call over all of
them and prints mentions/s and the number of incidents.

    python benchmarks/bench_resolve.py -n 200000
    python benchmarks/bench_resolve.py -n 50000 --database postgresql://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from benchmarks.bench_etl import fresh_database  # noqa: E402
from etl.resolve import resolve  # noqa: E402
from incidentdb import migrate  # noqa: E402
from incidentdb.db import make_engine, session_scope  # noqa: E402
from models import CasualtyReport, Document, Incident, Mention, Source  # noqa: E402

COUNTRIES = ["IQ", "AF", "PK", "NG", "SO", "SY", "IN", "YE", "ML", "PH"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--mentions", type=int, default=200_000)
    parser.add_argument("--database")
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        url = fresh_database(args.database, Path(tmp))
        engine = make_engine(url)
        migrate.upgrade(engine)
        started = time.perf_counter()
        with session_scope(engine) as session:
            source = Source(name="BENCH-DATASET", kind="dataset")
            session.add(source)
            session.flush()
            docs, mentions, figures = [], [], []
            for i in range(1, args.mentions + 1):
                country = rng.choice(COUNTRIES)
                day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(3650))
                city = f"City {country}{rng.randrange(60)}"
                killed = rng.randrange(0, 40)
                docs.append({"id": i, "source_id": source.id, "external_id": f"row-{i}", "kind": "dataset_record",
                             "content_sha256": f"{i:064x}", "status": "pending"})
                mentions.append({"id": i, "document_id": i, "position": 0, "is_primary": True, "date_start": day,
                                 "date_end": day, "date_precision": "day", "country_code": country, "city": city,
                                 "killed_low": killed, "killed_qualifier": "exact", "attack_type": "Bombing/Explosion",
                                 "payload": {}})
                figures.append({"mention_id": i, "document_id": i, "category": "killed", "population": "total",
                                "low": killed, "qualifier": "exact", "is_current": True})
            for table, rows in ((Document, docs), (Mention, mentions), (CasualtyReport, figures)):
                for start in range(0, len(rows), 10_000):
                    session.execute(insert(table), rows[start : start + 10_000])
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        with session_scope(engine) as session:
            result = resolve(session, list(range(1, args.mentions + 1)))
        elapsed = time.perf_counter() - started
        with session_scope(engine) as session:
            incidents = session.scalar(select(func.count()).select_from(Incident))
        print(f"{args.mentions} dataset mentions written in {loaded:.1f} s; one resolve() call: {elapsed:.1f} s "
              f"= {args.mentions / elapsed:.0f} mentions/s; {incidents} incidents "
              f"({result.incidents_created} created)")
        engine.dispose()


if __name__ == "__main__":
    main()
