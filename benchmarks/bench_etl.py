"""Benchmark: `incidentdb etl run` over N synthetic reports, then again over the same reports.

Prints documents/s of the first run (end to end: read, dedup, extract, load, resolve,
reconcile) and the wall time of the second, unchanged run, on SQLite (default) or PostgreSQL.

    python benchmarks/bench_etl.py                      # 10,000 reports into a temporary SQLite file
    python benchmarks/bench_etl.py -n 5000 --extractor real
    python benchmarks/bench_etl.py --database postgresql://postgres@127.0.0.1:5432/bench

``--extractor synthetic`` (default) reads the generator's template back, so the figures are
about the ETL itself; ``real`` uses etl.extract (the figures then include extraction).
The PostgreSQL database is dropped and recreated (it must not hold anything you need).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks import synthetic  # noqa: E402
from etl.config import adhoc_source  # noqa: E402
from etl.pipeline import default_extractor, run_etl  # noqa: E402
from incidentdb import migrate  # noqa: E402
from incidentdb.config import normalize_database_url  # noqa: E402
from incidentdb.db import make_engine, session_scope  # noqa: E402
from models import Incident, Mention  # noqa: E402


def fresh_database(url: str | None, folder: Path) -> str:
    if not url:
        return f"sqlite:///{folder / 'bench.db'}"
    parsed = normalize_database_url(url)
    if parsed.get_backend_name() == "postgresql":
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        admin.dispose()
    return parsed.render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--documents", type=int, default=10_000)
    parser.add_argument("--database", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--extractor", choices=["synthetic", "real"], default="synthetic")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = fresh_database(args.database, folder)
        engine = make_engine(url)
        migrate.upgrade(engine)
        feed = synthetic.write_feed(folder / "synthetic.jsonl", args.documents)
        if args.extractor == "real":
            extractor, version = default_extractor()
        else:
            extractor, version = synthetic.extract, synthetic.EXTRACTOR_VERSION
        source = adhoc_source(str(feed))
        backend = make_url(url).get_backend_name()

        started = time.perf_counter()
        first = run_etl(engine, [source], extractor=extractor, extractor_version=version)
        elapsed = time.perf_counter() - started
        with session_scope(engine) as session:
            incidents = session.scalar(select(func.count()).select_from(Incident))
            mentions = session.scalar(select(func.count()).select_from(Mention))
        print(f"backend {backend}, extractor {args.extractor}")
        print(f"first run:  {first.documents_new} documents in {elapsed:.1f} s = "
              f"{first.documents_new / elapsed:.0f} documents/s; {mentions} mentions -> {incidents} incidents")

        started = time.perf_counter()
        second = run_etl(engine, [source], extractor=extractor, extractor_version=version)
        elapsed = time.perf_counter() - started
        print(f"second run: {second.documents_unchanged} unchanged documents in {elapsed:.1f} s "
              f"({second.documents_new} new, {second.documents_updated} updated)")
        engine.dispose()


if __name__ == "__main__":
    main()
