"""Snapshot of extraction output, to prove a refactoring changed nothing.

    python benchmarks/snapshot_extract.py OUT_DIR [--docs 3000] [--corpus ../shared/corpus]
    # ... change the code ...
    python benchmarks/snapshot_extract.py OUT_DIR2
    diff -r OUT_DIR OUT_DIR2 && echo identical

Writes one JSON Lines file per input set, each line a document's full extraction
(``Extraction.to_dict()`` with sorted keys):

* ``examples.jsonl``: the bundled samples (examples/news/*.jsonl, examples/pages/*.html);
* ``fixtures.jsonl``: the test fixtures (tests/fixtures/extract/*);
* ``corpus.jsonl``: the gold corpus feed, when present (read, never copied);
* ``corpus-anchors.jsonl``: the same reports re-anchored on other publication dates (weekday,
  month and year references resolve differently: this exercises the per-anchor date cache);
* ``synthetic.jsonl`` and ``synthetic-news.jsonl``: the benchmark's two synthetic feeds
  (``--docs`` reports of ~4 KB each, every paragraph an attack / news-shaped), plus
  ``synthetic-short.jsonl``: short (~600 character) dense reports from another seed.

Run it with the same arguments before and after a change; any difference is a change of
results.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _documents(paths: list[Path], published: dt.date | None = None) -> list:
    from etl.extract.inputs import BadLine, read_inputs

    return [d for d in read_inputs(paths, published) if not isinstance(d, BadLine)]


def _write(path: Path, documents: Iterable, jobs: int) -> int:
    from etl.extract import extract_many

    count = 0
    with path.open("w", encoding="utf-8") as out:
        for document, result in zip(documents, extract_many(documents, jobs=jobs), strict=True):
            line = {"error": repr(result)} if isinstance(result, Exception) else result.to_dict()
            out.write(json.dumps({"id": document.id, "result": line}, sort_keys=True, ensure_ascii=False) + "\n")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=3000, help="synthetic ~4 KB reports")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from bench_extract import dense_feed, news_feed

    from etl.extract.inputs import document_from_record

    sets: dict[str, list] = {
        "examples": _documents(sorted((ROOT / "examples" / "news").glob("*.jsonl")))
        + _documents(sorted((ROOT / "examples" / "pages").glob("*.html")), dt.date(2026, 2, 7))
        + _documents(sorted((ROOT / "examples" / "pages").glob("*.html"))),
        "fixtures": _documents(sorted((ROOT / "tests" / "fixtures" / "extract").glob("*.jsonl")))
        + _documents(sorted(p for p in (ROOT / "tests" / "fixtures" / "extract").iterdir() if p.suffix in (".txt", ".html")), dt.date(2026, 2, 7)),
    }
    feed = args.corpus / "documents.jsonl"
    if feed.exists():
        corpus = _documents([feed])
        sets["corpus"] = corpus
        shifted = []
        for days in (-400, -45, -9, -3, -1, 1, 2, 5, 30, 370):
            for d in corpus:
                if d.published_date is not None:
                    shifted.append(dataclasses.replace(d, id=f"{d.id}@{days}", published=d.published_date + dt.timedelta(days=days)))
        sets["corpus-anchors"] = shifted
    sets["synthetic"] = [document_from_record(r) for r in dense_feed(args.docs, 4000)]
    sets["synthetic-news"] = [document_from_record(r) for r in news_feed(args.docs, 4000, seed=3)]
    sets["synthetic-short"] = [document_from_record(r) for r in dense_feed(max(args.docs // 3, 1), 600, seed=11)]
    for name, documents in sets.items():
        count = _write(args.out / f"{name}.jsonl", documents, args.jobs)
        print(f"{name}: {count} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
