"""Benchmark of the dataset importers: a synthetic GTD-layout file, and the real UCDP sample.

    python -m benchmarks.bench_import                         # 200,000 GTD rows into SQLite
    python -m benchmarks.bench_import --backend postgresql --pg-url postgresql://postgres@127.0.0.1/postgres
    python -m benchmarks.bench_import --backend both --rows 50000 --resolve
    python -m benchmarks.bench_import --backend both --resolve --reimport     # then the same file again
    python -m benchmarks.bench_import --ucdp ../shared/data/ucdp/ged191_syria_2016_2019.csv --backend both

The synthetic file has the GTD codebook's 135 columns and realistic value distributions
(dates with unknown days and months, a long tail of group names, empty and -9/-99 figures,
summaries and source citations with quoted commas and line breaks), about 800 bytes a row
like START's CSV. Each import runs in a child process on a fresh database, so the peak
memory printed (maximum resident set size) is the import's own, with its reader process's
(large files are read and transformed in a forked worker) given separately, and so is the CPU
time of each process (on PostgreSQL also the server backends', when they run on this host):
on a shared machine CPU time is steadier than wall time. Figures are printed, never asserted:
speed depends on the machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.fixtures.datasets.make_fixtures import GTD_COLUMNS

COUNTRIES = [  # (country_txt, region_txt, weight, provinces with cities)
    ("Iraq", "Middle East & North Africa", 24, {"Baghdad": ["Baghdad", "Abu Ghraib", "Taji"], "Nineveh": ["Mosul", "Tal Afar"],
                                               "Al Anbar": ["Ramadi", "Fallujah", "Hit"], "Diyala": ["Baqubah", "Muqdadiyah"]}),
    ("Afghanistan", "South Asia", 13, {"Kabul": ["Kabul"], "Kandahar": ["Kandahar", "Spin Boldak"],
                                       "Helmand": ["Lashkar Gah", "Sangin"], "Nangarhar": ["Jalalabad"]}),
    ("Pakistan", "South Asia", 14, {"Khyber Pakhtunkhwa": ["Peshawar", "Bannu", "Mardan"],
                                    "Balochistan": ["Quetta", "Turbat", "Gwadar"], "Sindh": ["Karachi", "Hyderabad"],
                                    "Federally Administered Tribal Areas": ["Miram Shah", "Wana"],
                                    "Islamabad Capital Territory": ["Islamabad"], "Punjab": ["Lahore", "Rawalpindi"]}),
    ("India", "South Asia", 11, {"Jammu and Kashmir": ["Srinagar", "Anantnag"], "Chhattisgarh": ["Dantewada", "Sukma"],
                                 "Manipur": ["Imphal"], "Assam": ["Guwahati"]}),
    ("Colombia", "South America", 8, {"Antioquia": ["Medellin"], "Cauca": ["Popayan", "Toribio"]}),
    ("Philippines", "Southeast Asia", 6, {"Maguindanao": ["Cotabato"], "Sulu": ["Jolo"]}),
    ("Peru", "South America", 5, {"Lima": ["Lima"], "Ayacucho": ["Ayacucho"]}),
    ("Nigeria", "Sub-Saharan Africa", 5, {"Borno": ["Maiduguri", "Bama"], "Yobe": ["Damaturu"]}),
    ("Somalia", "Sub-Saharan Africa", 5, {"Banaadir": ["Mogadishu"], "Lower Shebelle": ["Marka"]}),
    ("Turkey", "Middle East & North Africa", 4, {"Istanbul": ["Istanbul"], "Diyarbakir": ["Diyarbakir"]}),
    ("United Kingdom", "Western Europe", 3, {"Northern Ireland": ["Belfast", "Derry"]}),
    ("West Bank and Gaza Strip", "Middle East & North Africa", 2, {"Gaza Strip": ["Gaza City"]}),
    ("Soviet Union", "Eastern Europe", 1, {"Moscow": ["Moscow"]}),
]
ATTACKS = [("Bombing/Explosion", 48), ("Armed Assault", 23), ("Assassination", 11), ("Hostage Taking (Kidnapping)", 6),
           ("Facility/Infrastructure Attack", 6), ("Unknown", 4), ("Unarmed Assault", 1),
           ("Hostage Taking (Barricade Incident)", 1)]
TARGETS = [("Private Citizens & Property", 24), ("Military", 15), ("Police", 13), ("Government (General)", 12),
           ("Business", 11), ("Transportation", 4), ("Religious Figures/Institutions", 4), ("Unknown", 3),
           ("Educational Institution", 3), ("Utilities", 3), ("Terrorists/Non-State Militia", 3),
           ("Journalists & Media", 2), ("Government (Diplomatic)", 2), ("NGO", 1)]
GROUPS = ["Unknown"] * 45 + ["Taliban"] * 8 + ["Islamic State of Iraq and the Levant (ISIL)"] * 6 + \
    ["Tehrik-i-Taliban Pakistan (TTP)"] * 3 + ["Al-Shabaab", "Boko Haram", "New People's Army (NPA)",
     "Revolutionary Armed Forces of Colombia (FARC)", "Shining Path (SL)", "Irish Republican Army (IRA)",
     "Kurdistan Workers' Party (PKK)", "Hamas (Islamic Resistance Movement)", "Lashkar-e-Jhangvi",
     "Baloch Liberation Army (BLA)", "Maoists", "Communist Party of India - Maoist (CPI-Maoist)"] * 2
TAIL = [f"Liberation Front of Region {i} ({chr(65 + i % 26)}{chr(65 + i // 26 % 26)}LF)" for i in range(300)]
WORDS = ["attack", "assailants", "detonated", "explosive", "device", "near", "checkpoint", "market", "police", "station", "convoy", "killed", "wounded", "claimed", "responsibility", "sources", "reported", "gunmen", "opened", "fire", "village", "district", "province"]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _count(rng: random.Random, scale: float) -> str:
    roll = rng.random()
    if roll < 0.06:
        return ""
    if roll < 0.08:
        return "-99"
    return str(int(rng.expovariate(1 / scale)))


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def generate_gtd(path: Path, rows: int, seed: int = 2008) -> None:
    """Write ``rows`` synthetic GTD rows (the 135 codebook columns) to ``path``."""
    rng = random.Random(seed)
    weights = [c[2] for c in COUNTRIES]
    per_day: dict[str, int] = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(GTD_COLUMNS)
        for _ in range(rows):
            country, region, _, provinces = rng.choices(COUNTRIES, weights)[0]
            province = rng.choice(list(provinces))
            city = rng.choice(provinces[province] + [f"{province} village {rng.randrange(40)}"])
            year = rng.randrange(1970, 2021)
            month = 0 if rng.random() < 0.01 else rng.randrange(1, 13)
            day = 0 if month == 0 or rng.random() < 0.08 else rng.randrange(1, 29)
            group = rng.choice(GROUPS) if rng.random() < 0.9 else rng.choice(TAIL)
            claimed = "" if group == "Unknown" else rng.choice(["0", "0", "1", "-9"])
            stem = f"{year}{month:02d}{day:02d}"
            per_day[stem] = per_day.get(stem, 0) + 1
            row = {c: "" for c in GTD_COLUMNS}
            row.update({
                "eventid": f"{stem}{per_day[stem]:04d}", "iyear": str(year), "imonth": str(month),
                "iday": str(day), "approxdate": f"{rng.choice(['early', 'mid', 'late'])} {year}" if day == 0 else "",
                "extended": "1" if rng.random() < 0.04 else "0", "country_txt": country, "region_txt": region,
                "provstate": province, "city": city, "latitude": f"{rng.uniform(-10, 50):.6f}",
                "longitude": f"{rng.uniform(-80, 120):.6f}", "specificity": rng.choice("11112345"),
                "vicinity": "0", "crit1": "1", "crit2": "1", "crit3": "1", "doubtterr": rng.choice(["0", "0", "1", "-9"]),
                "multiple": "0", "success": "1", "suicide": "1" if rng.random() < 0.04 else "0",
                "attacktype1_txt": _weighted(rng, ATTACKS), "targtype1_txt": _weighted(rng, TARGETS),
                "target1": _text(rng, 3), "natlty1_txt": country, "gname": group, "guncertain1": rng.choice("0001"),
                "individual": "0", "nperps": "-99", "nperpcap": "-99", "claimed": claimed,
                "weaptype1_txt": "Explosives", "weapdetail": _text(rng, 6) if rng.random() < 0.5 else "",
                "nkill": _count(rng, 2.4), "nkillter": _count(rng, 0.3), "nwound": _count(rng, 3.5),
                "nwoundte": _count(rng, 0.1), "property": rng.choice(["0", "1", "-9"]), "ishostkid": "0",
                "summary": (f"{month:02d}/{day:02d}/{year}: " + _text(rng, 30)
                            + (",\n" + _text(rng, 8) if rng.random() < 0.05 else "")) if rng.random() < 0.6 else "",
                "scite1": f'"{_text(rng, 5).title()}," Source Daily, {year}.', "scite2": _text(rng, 12),
                "scite3": _text(rng, 12) if rng.random() < 0.5 else "", "dbsource": "START Primary Collection",
                "INT_LOG": "-9", "INT_IDEO": "-9", "INT_MISC": "0", "INT_ANY": "-9",
            })
            if row["extended"] == "1" and day:
                row["resolution"] = f"{year}-{month:02d}-{min(day + 7, 28):02d}"
            writer.writerow([row[c] for c in GTD_COLUMNS])


def _server_cpu(pids: set[int]) -> float | None:
    """CPU seconds used so far by these PostgreSQL backends (same host only), None if unreadable."""
    if not pids:
        return None
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _child(args: argparse.Namespace) -> None:
    """Import one file into a fresh database (twice with --reimport); print the figures as JSON lines."""
    from sqlalchemy import event

    from etl.imports import DATASETS, ImportOptions, import_file
    from incidentdb import migrate
    from incidentdb.db import make_engine

    engine = make_engine(args.url)
    migrate.upgrade(engine)
    backends: set[int] = set()
    if engine.dialect.name == "postgresql":
        @event.listens_for(engine, "connect")
        def _remember(dbapi_connection, _record) -> None:  # noqa: ANN001
            backends.add(dbapi_connection.info.backend_pid)

        engine.dispose()
    for run in range(2 if args.reimport else 1):
        before, children_before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        server_before = _server_cpu(backends) or 0.0
        started = time.perf_counter()
        summary = import_file(engine, DATASETS[args.dataset], args.file, ImportOptions(resolve=args.resolve))
        total = time.perf_counter() - started
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        server = _server_cpu(backends)
        print(json.dumps({
            "run": "first import" if run == 0 else "re-import", "rows": summary.rows_read, "loaded": summary.loaded,
            "unchanged": summary.unchanged, "rejected": summary.rejected, "load_s": summary.load_seconds,
            "resolve_s": summary.resolve_seconds, "total_s": total,
            "peak_mb": own.ru_maxrss / 1024, "reader_peak_mb": children.ru_maxrss / 1024,  # the reader process, if any
            "cpu_s": own.ru_utime + own.ru_stime - before.ru_utime - before.ru_stime,
            "reader_cpu_s": children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime,
            "server_cpu_s": None if server is None else server - server_before,
            "incidents": summary.incidents_created,
        }), flush=True)


def _database(backend: str, pg_url: str | None, workdir: Path) -> tuple[str, callable]:
    if backend == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", lambda: [p.unlink() for p in workdir.glob(path.name + "*")]
    if not pg_url:
        raise SystemExit("--pg-url (or INCIDENTDB_TEST_POSTGRESQL_URL) is needed for PostgreSQL")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"idb_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(pg_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(pg_url).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    return url, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000, help="synthetic GTD rows (default 200,000)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("INCIDENTDB_TEST_POSTGRESQL_URL"))
    parser.add_argument("--resolve", action="store_true", help="also run incident resolution (timed separately)")
    parser.add_argument("--reimport", action="store_true", help="then import the same file again (nothing changes)")
    parser.add_argument("--ucdp", type=Path, help="import this UCDP GED file instead of the synthetic GTD file")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--dataset", default="gtd", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return

    if args.ucdp:
        path, dataset = args.ucdp, "ucdp"
    else:
        dataset = "gtd"
        path = args.workdir / f"bench_gtd_{args.rows}.csv"
        if not path.exists():
            started = time.perf_counter()
            generate_gtd(path, args.rows)
            print(f"generated {path} ({args.rows:,} rows) in {time.perf_counter() - started:.1f} s")
    size_mb = path.stat().st_size / 1e6
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        url, cleanup = _database(backend, args.pg_url, args.workdir)
        try:
            command = [sys.executable, "-m", "benchmarks.bench_import", "--child", "--url", url, "--file", str(path),
                       "--dataset", dataset] + (["--resolve"] if args.resolve else []) + (["--reimport"] if args.reimport else [])
            done = subprocess.run(command, capture_output=True, text=True, check=False,
                                  cwd=Path(__file__).resolve().parent.parent)
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                raise SystemExit(f"{backend}: the import failed")
            runs = [json.loads(line) for line in done.stdout.strip().splitlines() if line.startswith("{")]
        finally:
            cleanup()
        for figures in runs:
            _report(backend, dataset, size_mb, figures, args.resolve)


def _report(backend: str, dataset: str, size_mb: float, figures: dict, resolve: bool) -> None:
    rate = figures["rows"] / figures["load_s"] if figures["load_s"] else 0
    line = (f"{backend:<10} {dataset} {figures['run']}: {figures['rows']:,} rows ({size_mb:.0f} MB), "
            f"{figures['loaded']:,} loaded, {figures['unchanged']:,} unchanged: load {figures['load_s']:.1f} s "
            f"= {rate:,.0f} rows/s; peak memory {figures['peak_mb']:.0f} MB")
    if figures.get("reader_peak_mb"):
        line += f" (+ reader process {figures['reader_peak_mb']:.0f} MB)"
    if resolve:
        end_to_end = figures["rows"] / (figures["load_s"] + figures["resolve_s"])
        line += (f"; resolution {figures['resolve_s']:.1f} s ({figures['incidents']:,} incidents); "
                 f"end to end {end_to_end:,.0f} rows/s")
    line += f"; CPU {figures['cpu_s']:.1f} s + reader {figures['reader_cpu_s']:.1f} s"
    if figures.get("server_cpu_s") is not None:
        line += f" + PostgreSQL {figures['server_cpu_s']:.1f} s"
    print(line + f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
