"""The fast paths of resolution give exactly what the plain algorithm gives.

Resolution skips work that cannot change its result: pairs of rows of one dataset (which can
never merge), leftover pairs whose dates are certainly vetoed, anchor clusters that already hold
a row of a weak row's dataset, and dataset rows no other source could ever be merged with
(:mod:`etl.resolve.isolation`). Each shortcut is checked here against the plain version on
random mentions built to collide often: few places and days, coarse and missing dates, news
and two datasets, analysts' merges and splits.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict

import pytest

from etl.resolve import cluster as cluster_module
from etl.resolve.cluster import Constraints, cluster
from etl.resolve.features import MentionFeatures, fold
from etl.resolve.isolation import Neighbours
from etl.resolve.match import compare

CITIES = ["Islamabad", "Rawalpindi", "Peshawar", "Islamabd", "Saddar Bazaar", "G-11 Markaz", None]
SITES = ["Marriott Hotel", "G-11", "Tarlai", "Tarlai Kalan", "District Courts", "Rawalpindi", "Saddar", None, None]
ATTACKS = ["Bombing/Explosion", "Armed Assault", "Hostage Taking (Kidnapping)", "Unknown", None]
SOURCES = [None, None, "GTD", "UCDP GED"]


def random_mentions(rng: random.Random, n: int) -> list[MentionFeatures]:
    out = []
    for i in range(n):
        dataset = rng.choice(SOURCES)
        roll = rng.random()
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(40))
        if roll < 0.6:
            start = end = day
            precision = "day"
        elif roll < 0.75:
            start = day.replace(day=1)
            end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            precision = "month"
        elif roll < 0.85:
            start, end, precision = dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year"
        elif roll < 0.9:
            start, end, precision = day, day + dt.timedelta(days=rng.randrange(2, 9)), "month"
        else:
            start = end = precision = None
        source = dataset or rng.choice(["Dawn", "Wire"])
        doc = f"d{i // 2 if dataset is None and rng.random() < 0.2 else i}"
        published = None if dataset else (day + dt.timedelta(days=rng.randrange(-2, 400)))
        out.append(MentionFeatures(
            mention_id=i + 1, key=f"{source}|{doc}|{i % 2}", document_key=f"{source}|{doc}", dataset=dataset,
            incident_id=None, is_primary=rng.random() < 0.8, date_start=start, date_end=end,
            date_precision=precision, published=published, country=rng.choice(["PK", "PK", "PK", "AF", None]),
            admin1=fold(rng.choice(["Islamabad Capital Territory", "Punjab", None])), city=fold(rng.choice(CITIES)),
            locality=fold(rng.choice(SITES)), attack_type=rng.choice(ATTACKS), suicide=rng.choice([True, False, None]),
            target_type=rng.choice(["Business", "Police", None]), killed=rng.choice([None, 3, 4, 40, 53, 55]),
            wounded=rng.choice([None, 10, 266]),
        ))
    # Keys must be unique, as mention keys are.
    seen: set[str] = set()
    unique = []
    for f in out:
        if f.key not in seen:
            seen.add(f.key)
            unique.append(f)
    return unique


def random_constraints(rng: random.Random, items: list[MentionFeatures]) -> Constraints:
    keys = [f.key for f in items]
    must = [rng.sample(keys, 2) for _ in range(rng.randrange(3))]
    cannot = {frozenset(rng.sample(keys, 2)) for _ in range(rng.randrange(3))}
    return Constraints(must_link=must, cannot_link=cannot)


# -- the plain algorithm's candidate generation, as it was before the shortcuts -------------

def plain_anchor_pairs(items, indexes):  # noqa: ANN001, ANN201
    by_day = defaultdict(list)
    for i in indexes:
        by_day[(items[i].country, items[i].date_start)].append(i)
    for (country, day), here in by_day.items():
        yield from itertools.combinations(here, 2)
        nxt = by_day.get((country, day + dt.timedelta(days=1))) if day is not None else None
        if nxt:
            yield from itertools.product(here, nxt)


def plain_weak_pairs(items, indexes):  # noqa: ANN001, ANN201
    by_country = defaultdict(list)
    for i in indexes:
        by_country[items[i].country].append(i)
    for here in by_country.values():
        yield from itertools.combinations(here, 2)


class PlainAnchorIndex(cluster_module._AnchorIndex):
    """Every cluster is a candidate, whatever datasets it holds."""

    @staticmethod
    def _open_to(split, dataset):  # noqa: ANN001, ANN205
        return set().union(*split.values()) if split else set()


def plain_cluster(items: list[MentionFeatures], constraints: Constraints, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patch:
        patch.setattr(cluster_module, "_anchor_pairs", plain_anchor_pairs)
        patch.setattr(cluster_module, "_weak_pairs", plain_weak_pairs)
        patch.setattr(cluster_module, "_AnchorIndex", PlainAnchorIndex)
        return cluster(items, constraints)


def as_keys(items: list[MentionFeatures], result: tuple[list[list[int]], list[int]]) -> tuple:
    groups, unresolved = result
    return sorted(tuple(items[i].key for i in g) for g in groups), sorted(items[i].key for i in unresolved)


@pytest.mark.parametrize("seed", range(80))
def test_clustering_shortcuts_change_nothing(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    items = random_mentions(rng, rng.randrange(20, 90))
    constraints = random_constraints(rng, items) if seed % 3 == 0 else Constraints()
    fast = cluster(items, constraints)
    plain = plain_cluster(items, constraints, monkeypatch)
    assert as_keys(items, fast) == as_keys(items, plain)


@pytest.mark.parametrize("seed", range(40))
def test_isolated_dataset_rows_are_singletons_and_change_nothing_else(seed: int) -> None:
    """A dataset row that no mention of another source could match is an incident of its own,
    and leaving it out of the clustering changes no other mention's fate."""
    rng = random.Random(1000 + seed)
    items = random_mentions(rng, rng.randrange(20, 90))
    neighbours = Neighbours(items)
    isolated = [f for f in items if f.dataset and not neighbours.interacts(f)]
    # The index agrees with a scan of every pair.
    for f in items:
        if f.dataset:
            # Clustering only ever relates mentions of the same country (None is a block too).
            brute = any(g.dataset != f.dataset and g.country == f.country and not compare(f, g).veto
                        for g in items if g is not f)
            assert neighbours.interacts(f) == brute, f
    whole = as_keys(items, cluster(items))
    rest = [f for f in items if f not in isolated]
    groups, unresolved = as_keys(rest, cluster(rest))
    alone = [f for f in isolated if f.is_strong or f.is_identifiable]  # else too vague: unresolved
    expected_groups = sorted(groups + [(f.key,) for f in alone])
    expected_unresolved = sorted(unresolved + [f.key for f in isolated if f not in alone])
    assert whole == (expected_groups, expected_unresolved)


@pytest.mark.parametrize("seed", range(40))
def test_every_pair_left_out_is_one_compare_vetoes_or_a_dataset_refuses(seed: int) -> None:
    rng = random.Random(2000 + seed)
    items = random_mentions(rng, rng.randrange(30, 90))
    indexes = list(range(len(items)))
    strong = [i for i, f in enumerate(items) if f.is_strong]
    for fast, plain, among in ((cluster_module._weak_pairs, plain_weak_pairs, indexes),
                               (cluster_module._anchor_pairs, plain_anchor_pairs, strong)):
        kept = {tuple(sorted(p)) for p in fast(items, among)}
        every = {tuple(sorted(p)) for p in plain(items, among)}
        assert kept <= every
        for i, j in every - kept:
            a, b = items[i], items[j]
            assert (a.dataset is not None and a.dataset == b.dataset) or compare(a, b).veto, (a, b)
