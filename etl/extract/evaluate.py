"""Scoring the extractor against a gold corpus (the ``../shared/corpus`` format).

A corpus folder holds ``STEM.txt`` + ``STEM.json`` (gold) per document and optionally
``documents.jsonl`` (the same texts as a feed, with publication dates). Gold and predicted
mentions of a document are paired greedily by similarity (primary flag, compatible date,
same city, same locality, same killed count); unpaired ones count against precision or
recall. Field accuracy is computed over paired mentions. Free-text speakers (``blamed.by``)
match when one's words contain the other's, or they share a surname or head noun.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from etl.extract.inputs import document_from_record, parse_published
from etl.records import Document, Mention

FIELDS = (
    "date", "date_precision", "country", "admin1", "city", "locality", "killed", "wounded",
    "attack_type", "suicide", "target_type", "claimed_by", "denied_by", "blamed", "blamed_by",
    "blamed_evidence",
)


@dataclass
class FieldScore:
    right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    documents: int = 0
    gold: dict[str, int] = field(default_factory=lambda: {"all": 0, "primary": 0, "referenced": 0})
    predicted: dict[str, int] = field(default_factory=lambda: {"all": 0, "primary": 0, "referenced": 0})
    matched: dict[str, int] = field(default_factory=lambda: {"all": 0, "primary": 0, "referenced": 0})
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def precision(self, kind: str = "all") -> float:
        return self.matched[kind] / self.predicted[kind] if self.predicted[kind] else 1.0

    def recall(self, kind: str = "all") -> float:
        return self.matched[kind] / self.gold[kind] if self.gold[kind] else 1.0

    def scores(self) -> dict[str, float]:
        out = {"mention_precision": self.precision(), "mention_recall": self.recall()}
        out.update({f: s.accuracy for f, s in self.fields.items()})
        return {k: round(v, 4) for k, v in out.items()}


def load_corpus(folder: Path) -> list[tuple[Document, dict]]:
    """(document, gold) pairs of a corpus folder, in stem order."""
    feed: dict[str, Document] = {}
    jsonl = folder / "documents.jsonl"
    if jsonl.exists():
        for line in jsonl.read_text("utf-8").splitlines():
            if line.strip():
                doc = document_from_record(json.loads(line))
                feed[doc.id] = doc
    pairs = []
    for gold_path in sorted(folder.glob("*.json")):
        if gold_path.name in ("incidents.json",):
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        if not isinstance(gold, dict) or "mentions" not in gold:
            continue
        stem = gold.get("doc_id") or gold_path.stem
        doc = feed.get(stem)
        if doc is None:
            txt = gold_path.with_suffix(".txt")
            if not txt.exists():
                continue
            text = txt.read_text("utf-8")
            doc = Document(stem, text, parse_published(gold.get("published")), gold.get("title"), gold.get("source"), gold.get("url"))
        pairs.append((doc, gold))
    return pairs


def _norm(value: str | None) -> str | None:
    if value is None:
        return None
    from etl.reference.actors import normalize_alias

    return normalize_alias(value)


def _same_locality(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    if _norm(a) == _norm(b):
        return True
    from etl.reference.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    pa = {(p.name, p.country) for p in gazetteer.lookup(a) if p.kind in ("locality", "site")}
    pb = {(p.name, p.country) for p in gazetteer.lookup(b) if p.kind in ("locality", "site")}
    return bool(pa & pb)


_GENERIC = {"the", "of", "s", "pakistani", "pakistan", "indian", "india", "afghan", "us", "u", "american", "minister", "prime", "interior", "defence", "defense", "information"}


def same_speaker(a: str | None, b: str | None) -> bool:
    """Lenient match of two free-text speakers ("Khawaja Muhammad Asif" ~ "Khawaja Asif")."""
    if a is None or b is None:
        return a is b
    wa = set(re.findall(r"[a-z]+", a.lower().replace("'s", ""))) - {"s"}
    wb = set(re.findall(r"[a-z]+", b.lower().replace("'s", ""))) - {"s"}
    if wa <= wb or wb <= wa:
        return True
    return bool((wa & wb) - _GENERIC)


def _count(value: dict | None) -> tuple | None:
    if not value:
        return None
    return (value.get("low"), value.get("high"), value.get("qualifier") or "exact")


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _similarity(gold: dict, pred: dict) -> int:
    score = 0
    if gold.get("primary") == pred.get("primary"):
        score += 2
    if _dates_compatible(gold.get("date"), pred.get("date")):
        score += 2
    if gold.get("city") and gold.get("city") == pred.get("city"):
        score += 1
    if gold.get("locality") and _same_locality(gold.get("locality"), pred.get("locality")):
        score += 1
    if gold.get("killed") and _count(gold.get("killed"))[:1] == (_count(pred.get("killed")) or (None,))[:1]:
        score += 1
    return score


def _pair(golds: list[dict], preds: list[dict]) -> list[tuple[dict | None, dict | None]]:
    candidates = sorted(
        ((_similarity(g, p), i, j) for i, g in enumerate(golds) for j, p in enumerate(preds)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g, used_p, pairs = set(), set(), []
    for score, i, j in candidates:
        if score < 2 or i in used_g or j in used_p:
            continue
        # Two mentions only pair when something beyond the primary flag agrees.
        if score == 2 and golds[i].get("primary") == preds[j].get("primary") and not golds[i].get("primary"):
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((golds[i], preds[j]))
    pairs += [(g, None) for i, g in enumerate(golds) if i not in used_g]
    pairs += [(None, p) for j, p in enumerate(preds) if j not in used_p]
    return pairs


def _field_values(mention: dict, name: str):
    if name in ("killed", "wounded"):
        return _count(mention.get(name))
    if name in ("claimed_by", "denied_by"):
        return sorted(set(mention.get(name) or []))
    if name == "blamed":
        return sorted({b["party"] for b in mention.get("blamed") or []})
    return mention.get(name)


def _score_pair(report: Report, doc_id: str, gold: dict, pred: dict) -> None:
    for name in FIELDS:
        if name in ("blamed_by", "blamed_evidence"):
            continue
        g, p = _field_values(gold, name), _field_values(pred, name)
        ok = _same_locality(g, p) if name == "locality" else g == p
        report.fields[name].total += 1
        report.fields[name].right += ok
        if not ok:
            report.details.append(f"{doc_id} [{'primary' if gold.get('primary') else 'ref'}] {name}: gold={g!r} got={p!r}")
    predicted = {}
    for b in pred.get("blamed") or []:
        predicted.setdefault(b["party"], []).append(b)
    for b in gold.get("blamed") or []:
        got = predicted.get(b["party"])
        if not got:
            continue
        by_ok = any(same_speaker(b.get("by"), x.get("by")) for x in got)
        ev_ok = any(b.get("evidence_given") == x.get("evidence_given") for x in got)
        report.fields["blamed_by"].total += 1
        report.fields["blamed_by"].right += by_ok
        report.fields["blamed_evidence"].total += 1
        report.fields["blamed_evidence"].right += ev_ok
        if not by_ok:
            report.details.append(f"{doc_id} blamed {b['party']} by: gold={b.get('by')!r} got={[x.get('by') for x in got]!r}")
        if not ev_ok:
            report.details.append(f"{doc_id} blamed {b['party']} evidence_given: gold={b.get('evidence_given')!r} got={[x.get('evidence_given') for x in got]!r}")


def evaluate(folder: Path, extractor: Callable[[Document], list[Mention]]) -> Report:
    """Score ``extractor`` (document -> mentions) on the corpus in ``folder``."""
    report = Report()
    started = time.perf_counter()
    for doc, gold in load_corpus(folder):
        report.documents += 1
        preds = [m.to_dict() for m in extractor(doc)]
        golds = gold.get("mentions") or []
        for kind, items in (("gold", golds), ("predicted", preds)):
            counter = getattr(report, kind)
            for m in items:
                counter["all"] += 1
                counter["primary" if m.get("primary") else "referenced"] += 1
        for g, p in _pair(golds, preds):
            if g is not None and p is not None:
                report.matched["all"] += 1
                if g.get("primary") == p.get("primary"):
                    report.matched["primary" if g.get("primary") else "referenced"] += 1
                else:
                    report.details.append(f"{doc.id} primary flag: gold={g.get('primary')} got={p.get('primary')}")
                _score_pair(report, doc.id, g, p)
            elif g is not None:
                report.details.append(f"{doc.id} missed {'primary' if g.get('primary') else 'referenced'} mention: {g.get('incident') or g.get('date')} {g.get('city')}")
            else:
                report.details.append(f"{doc.id} spurious {'primary' if p.get('primary') else 'referenced'} mention: {p.get('date')} {p.get('city')} {p.get('locality')}")
    report.seconds = time.perf_counter() - started
    return report


def summary_lines(report: Report, folder: str) -> list[str]:
    """The compact summary (at most 20 lines; the ``eval`` command prints it last)."""
    lines = [f"incidentdb eval: {report.documents} documents in {folder} ({report.seconds:.2f} s)"]
    lines.append(f"{'mentions':<12}{'gold':>6}{'pred':>6}{'match':>7}{'prec':>8}{'recall':>8}")
    for kind in ("all", "primary", "referenced"):
        lines.append(
            f"  {kind:<10}{report.gold[kind]:>6}{report.predicted[kind]:>6}{report.matched[kind]:>7}"
            f"{report.precision(kind):>8.3f}{report.recall(kind):>8.3f}"
        )
    n = report.fields["date"].total
    lines.append(f"field accuracy over {n} matched mentions")
    names = list(FIELDS)
    for i in range(0, len(names), 3):
        cells = [f"{name:<16}{report.fields[name].accuracy:>6.3f}" for name in names[i:i + 3]]
        lines.append("  " + "   ".join(cells))
    return lines


def check_floors(report: Report, floors: dict[str, float]) -> list[str]:
    """Scores below their recorded floor, as messages (empty: all at or above)."""
    scores = report.scores()
    return [
        f"{name} {scores.get(name, 0.0):.4f} < floor {floor:.4f}"
        for name, floor in sorted(floors.items())
        if scores.get(name, 0.0) + 1e-9 < floor
    ]
