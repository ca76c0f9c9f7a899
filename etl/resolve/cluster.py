"""Deterministic clustering of mentions into attacks, honouring analysts' decisions.

The result depends only on the *set* of mentions (their features and stable keys), never on
the order they were loaded in or on database ids:

1. **Anchors.** Strong mentions (day-precise, with a country and a place) are compared within
   the same country and day (and the next day). Candidate links scoring at least
   :data:`LINK_SCORE` are merged greedily, best first, ties broken by mention keys, like
   Kruskal's algorithm; a merge is refused when any pair across the two clusters is vetoed
   (different days, cities, incompatible attack types), when both clusters hold a row of the
   same dataset (each dataset row is one event), when they hold two mentions of one document
   that the document tells apart (a report that describes two attacks describes two attacks;
   two mentions that agree on everything are the extractor seeing one attack twice), or when
   an analyst split them apart.
2. **References.** Each weak mention (a coarse or missing date, or no place) is attached to
   the anchor cluster it matches best, if it scores at least :data:`ATTACH_SCORE`, no member
   vetoes it, and the runner-up scores at least :data:`ATTACH_MARGIN` lower. A reference
   that could be either of two attacks is not guessed.
3. **Leftovers.** Weak mentions that matched no anchor cluster are clustered among
   themselves as in step 1. A cluster with an identifiable member becomes an incident of its
   own; the rest stay unresolved (too vague to be an incident, e.g. "the attack in Islamabad").

Analysts' merges are must-links applied before step 1; splits are cannot-links.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from etl.resolve.features import MentionFeatures
from etl.resolve.match import Verdict, compare, names_match

LINK_SCORE = 4.5
ATTACH_SCORE = 3.5
ATTACH_MARGIN = 1.0
_ONE_DAY = dt.timedelta(days=1)


@dataclass
class Constraints:
    """Analysts' decisions as must-link groups and cannot-link pairs of mention keys."""

    must_link: list[list[str]] = field(default_factory=list)
    cannot_link: set[frozenset[str]] = field(default_factory=set)

    def forbids(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.cannot_link


class _Clusters:
    """Union-find over mention indexes, with the member lists and the constraint checks."""

    def __init__(self, items: Sequence[MentionFeatures], constraints: Constraints) -> None:
        self.items = items
        self.parent = list(range(len(items)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
        self.constraints = constraints
        self._verdicts: dict[tuple[int, int], Verdict] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def verdict(self, i: int, j: int) -> Verdict:
        key = (i, j) if i < j else (j, i)
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdicts[key] = compare(self.items[i], self.items[j])
        return found

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return ri
        keep, gone = (ri, rj) if ri < rj else (rj, ri)
        self.parent[gone] = keep
        self.members[keep].extend(self.members.pop(gone))
        return keep

    def can_merge(self, ri: int, rj: int) -> bool:
        left, right = self.members[ri], self.members[rj]
        sets = {self.items[m].dataset for m in left if self.items[m].dataset}
        for n in right:
            item = self.items[n]
            if item.dataset and item.dataset in sets:
                return False
        for m in left:
            for n in right:
                a, b = self.items[m], self.items[n]
                if self.constraints.forbids(a.key, b.key) or self.verdict(m, n).veto:
                    return False
                if a.document_key == b.document_key and not self._same_attack_twice(m, n):
                    return False
        return True

    def _same_attack_twice(self, m: int, n: int) -> bool:
        """Two mentions of one document are one attack only if nothing tells them apart.

        A report that describes two attacks distinguishes them (dates, places, tolls, sites);
        when the extractor gives the same attack twice (a headline and a body, say), the two
        agree on everything they both state and have positive evidence of being the same.
        """
        a, b = self.items[m], self.items[n]
        if a.killed is not None and b.killed is not None and a.killed != b.killed:
            return False
        if a.locality and b.locality and not names_match(a.locality, b.locality):
            return False
        return self.verdict(m, n).score >= ATTACH_SCORE

    def groups(self, indexes: Iterable[int]) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in indexes:
            out[self.find(i)].append(i)
        return list(out.values())


def _greedy(clusters: _Clusters, indexes: list[int], pairs: Iterable[tuple[int, int]], threshold: float) -> None:
    edges = []
    for i, j in pairs:
        v = clusters.verdict(i, j)
        if not v.veto and v.score >= threshold:
            ki, kj = sorted((clusters.items[i].key, clusters.items[j].key))
            edges.append((-v.score, ki, kj, i, j))
    edges.sort()
    for _score, _ki, _kj, i, j in edges:
        ri, rj = clusters.find(i), clusters.find(j)
        if ri != rj and clusters.can_merge(ri, rj):
            clusters.union(ri, rj)


def _mergeable(a: MentionFeatures, b: MentionFeatures) -> bool:
    """False for two rows of one dataset: they can never be one cluster, so they need no score."""
    return a.dataset is None or a.dataset != b.dataset


def _anchor_pairs(items: Sequence[MentionFeatures], indexes: list[int]) -> Iterable[tuple[int, int]]:
    """Strong mentions of the same country on the same or the next day.

    Pairs that could never be merged (two rows of one dataset) are left out: with a large
    dataset imported, they would be nearly all the pairs. The edges and so the result are the
    same, since :meth:`_Clusters.can_merge` refuses those pairs anyway.
    """
    by_day: dict[tuple[str | None, object], list[int]] = defaultdict(list)
    for i in indexes:
        by_day[(items[i].country, items[i].date_start)].append(i)
    for (country, day), here in by_day.items():
        for i, j in itertools.combinations(here, 2):
            if _mergeable(items[i], items[j]):
                yield i, j
        nxt = by_day.get((country, day + _ONE_DAY)) if day is not None else None  # type: ignore[operator]
        if nxt:
            for i, j in itertools.product(here, nxt):
                if _mergeable(items[i], items[j]):
                    yield i, j


def _weak_pairs(items: Sequence[MentionFeatures], indexes: list[int]) -> Iterable[tuple[int, int]]:
    """Pairs of leftover references of one country that :func:`etl.resolve.match.compare` may not veto.

    Every pair would be O(n²) for a country with thousands of coarse mentions, so pairs that
    are certainly vetoed or refused are never formed:

    * two rows of one dataset (never merged);
    * two mentions in different towns: compare() vetoes two named towns that do not match,
      unless one's site is the other's town. Mentions are grouped by town, and only groups
      whose names match (or whose sites name the other town) are paired; mentions without a
      town pair with every group;
    * two dated mentions whose windows are more than a day apart (compare() vetoes disjoint
      windows; one day apart is allowed for two day-precise dates with the same site).
    """
    by_country: dict[str | None, list[int]] = defaultdict(list)
    for i in indexes:
        by_country[items[i].country].append(i)
    for here in by_country.values():
        towns: dict[str, list[int]] = defaultdict(list)
        for i in here:
            towns[items[i].city].append(i)
        names = sorted(towns)
        for x, first in enumerate(names):
            yield from _dated_pairs(items, towns[first], None)
            for second in names[x + 1 :]:
                if not first or _same_place(first, second):
                    yield from _dated_pairs(items, towns[first], towns[second])
                    continue
                # Different towns: only a site named like the other town can bridge them.
                left = [i for i in towns[first] if items[i].locality and _same_place(items[i].locality, second)]
                right = [j for j in towns[second] if items[j].locality and _same_place(first, items[j].locality)]
                if left:
                    yield from _dated_pairs(items, left, towns[second])
                if right:
                    bridged = set(left)
                    yield from _dated_pairs(items, [i for i in towns[first] if i not in bridged], right)


@functools.lru_cache(maxsize=1 << 16)
def _same_place(a: str, b: str) -> bool:
    return names_match(a, b)


def _dated_pairs(items: Sequence[MentionFeatures], group: list[int], other: list[int] | None
                 ) -> Iterable[tuple[int, int]]:
    """Mergeable pairs within ``group`` (``other`` None) or across ``group`` and ``other``, whose
    windows are within a day of each other (undated mentions pair with all)."""
    tagged = [(i, 0) for i in group] + ([(j, 1) for j in other] if other is not None else [])
    undated = [(i, t) for i, t in tagged if items[i].date_start is None]
    dated = sorted(((i, t) for i, t in tagged if items[i].date_start is not None),
                   key=lambda it: items[it[0]].date_start)  # type: ignore[arg-type, return-value]
    cross = other is not None

    def wanted(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return (a[1] != b[1] if cross else True) and _mergeable(items[a[0]], items[b[0]])

    for a, b in itertools.combinations(undated, 2):
        if wanted(a, b):
            yield a[0], b[0]
    for a in undated:
        for b in dated:
            if wanted(a, b):
                yield a[0], b[0]
    # Sweep over the windows in start order; "open" holds those that may still overlap.
    open_: list[tuple[int, int]] = []
    for b in dated:
        reach = items[b[0]].date_start - _ONE_DAY  # type: ignore[operator]
        open_ = [a for a in open_ if _window_end(items[a[0]]) >= reach]
        for a in open_:
            if wanted(a, b):
                yield a[0], b[0]
        open_.append(b)


def _window_end(f: MentionFeatures) -> dt.date:
    return f.date_end or f.date_start  # type: ignore[return-value]


class _AnchorIndex:
    """Anchor clusters by (country, year), by (country, city) and by country, split by the
    datasets they hold.

    A weak dataset row can never join a cluster that already holds a row of its dataset, so
    those clusters are not even looked at: a coarse GTD row of Iraq in 2014 would otherwise
    be compared with every one of the thousands of GTD anchors of that year.
    """

    def __init__(self, items: Sequence[MentionFeatures], anchor_groups: list[list[int]]) -> None:
        self.by_year: dict[tuple, dict[frozenset[str], set[int]]] = defaultdict(lambda: defaultdict(set))
        self.by_city: dict[tuple, dict[frozenset[str], set[int]]] = defaultdict(lambda: defaultdict(set))
        self.by_country: dict[str | None, dict[frozenset[str], set[int]]] = defaultdict(lambda: defaultdict(set))
        for g, members in enumerate(anchor_groups):
            datasets = frozenset(items[m].dataset for m in members if items[m].dataset)
            for m in members:
                f = items[m]
                if f.date_start:
                    self.by_year[(f.country, f.date_start.year)][datasets].add(g)
                for name in (f.city, f.locality):
                    if name:
                        self.by_city[(f.country, name)][datasets].add(g)
                self.by_country[f.country][datasets].add(g)

    @staticmethod
    def _open_to(split: dict[frozenset[str], set[int]] | None, dataset: str | None) -> set[int]:
        if not split:
            return set()
        out: set[int] = set()
        for datasets, groups in split.items():
            if dataset is None or dataset not in datasets:
                out |= groups
        return out

    def year(self, country: str | None, year: int, dataset: str | None) -> set[int]:
        return self._open_to(self.by_year.get((country, year)), dataset)

    def city(self, country: str | None, name: str, dataset: str | None) -> set[int]:
        return self._open_to(self.by_city.get((country, name)), dataset)

    def country(self, country: str | None, dataset: str | None) -> set[int]:
        return self._open_to(self.by_country.get(country), dataset)


def cluster(items: Sequence[MentionFeatures], constraints: Constraints | None = None) -> tuple[list[list[int]], list[int]]:
    """Cluster ``items`` (indexes into it); returns (incident clusters, unresolved indexes).

    Clusters are sorted by their smallest member key and members by key, so the output is
    canonical for a given set of mentions.
    """
    constraints = constraints or Constraints()
    clusters = _Clusters(items, constraints)
    index_of = {f.key: i for i, f in enumerate(items)}

    # Analysts' merges first: they win over every automatic judgement.
    for group in constraints.must_link:
        present = [index_of[k] for k in group if k in index_of]
        for a, b in itertools.pairwise(present):
            clusters.union(a, b)

    strong = [i for i, f in enumerate(items) if f.is_strong]
    weak = [i for i, f in enumerate(items) if not f.is_strong]
    _greedy(clusters, strong, _anchor_pairs(items, strong), LINK_SCORE)

    # References: attach to the single best-matching anchor cluster.
    anchor_groups = sorted(clusters.groups(strong), key=lambda g: min(items[m].key for m in g))
    index = _AnchorIndex(items, anchor_groups)
    unattached = []
    for w in sorted(weak, key=lambda i: items[i].key):
        if clusters.find(w) != w or len(clusters.members[w]) > 1:
            continue  # tied to others by an analyst's merge: already placed
        f = items[w]
        if f.date_start is not None:
            candidates = set()
            for year in range(f.date_start.year, f.date_end.year + 1):  # type: ignore[union-attr]
                candidates |= index.year(f.country, year, f.dataset)
        elif f.city or f.locality:
            # Undated: only clusters at the same named place (a country-wide scan would be
            # both slow and a guess), or, with a site but no town, the whole country.
            candidates = index.city(f.country, f.city, f.dataset) if f.city else index.country(f.country, f.dataset)
            if f.locality:
                candidates |= index.city(f.country, f.locality, f.dataset)
        else:
            candidates = set()
        scored = []
        for g in candidates:
            members = anchor_groups[g]
            root = clusters.find(members[0])
            if not clusters.can_merge(root, clusters.find(w)):
                continue
            scored.append((max(clusters.verdict(w, m).score for m in members), g))
        scored.sort(key=lambda s: (-s[0], min(items[m].key for m in anchor_groups[s[1]])))
        if scored and scored[0][0] >= ATTACH_SCORE and (len(scored) == 1 or scored[0][0] - scored[1][0] >= ATTACH_MARGIN):
            clusters.union(clusters.find(anchor_groups[scored[0][1]][0]), w)
        else:
            unattached.append(w)

    # Leftovers: references that matched nothing cluster among themselves.
    _greedy(clusters, unattached, _weak_pairs(items, unattached), LINK_SCORE)

    incidents, unresolved = [], []
    for group in clusters.groups(range(len(items))):
        group.sort(key=lambda i: items[i].key)
        if any(items[i].is_strong or items[i].is_identifiable for i in group):
            incidents.append(group)
        else:
            unresolved.extend(group)
    incidents.sort(key=lambda g: items[g[0]].key)
    return incidents, sorted(unresolved, key=lambda i: items[i].key)

