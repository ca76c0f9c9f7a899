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


def _anchor_pairs(items: Sequence[MentionFeatures], indexes: list[int]) -> Iterable[tuple[int, int]]:
    by_day: dict[tuple[str | None, object], list[int]] = defaultdict(list)
    for i in indexes:
        by_day[(items[i].country, items[i].date_start)].append(i)
    for (country, day), here in by_day.items():
        yield from itertools.combinations(here, 2)
        nxt = by_day.get((country, day + _ONE_DAY)) if day is not None else None  # type: ignore[operator]
        if nxt:
            yield from itertools.product(here, nxt)


def _weak_pairs(items: Sequence[MentionFeatures], indexes: list[int]) -> Iterable[tuple[int, int]]:
    by_country: dict[str | None, list[int]] = defaultdict(list)
    for i in indexes:
        by_country[items[i].country].append(i)
    for here in by_country.values():
        yield from itertools.combinations(here, 2)


def _candidate_anchor_clusters(
    items: Sequence[MentionFeatures], anchor_groups: list[list[int]]
) -> tuple[dict[tuple, set[int]], dict[tuple, set[int]], dict[str | None, set[int]]]:
    """Anchor clusters indexed by (country, year), by (country, city) and by country."""
    by_year: dict[tuple, set[int]] = defaultdict(set)
    by_city: dict[tuple, set[int]] = defaultdict(set)
    by_country: dict[str | None, set[int]] = defaultdict(set)
    for g, members in enumerate(anchor_groups):
        for m in members:
            f = items[m]
            if f.date_start:
                by_year[(f.country, f.date_start.year)].add(g)
            for name in (f.city, f.locality):
                if name:
                    by_city[(f.country, name)].add(g)
            by_country[f.country].add(g)
    return by_year, by_city, by_country


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
    by_year, by_city, by_country = _candidate_anchor_clusters(items, anchor_groups)
    unattached = []
    for w in sorted(weak, key=lambda i: items[i].key):
        if clusters.find(w) != w or len(clusters.members[w]) > 1:
            continue  # tied to others by an analyst's merge: already placed
        f = items[w]
        if f.date_start is not None:
            candidates = set()
            for year in range(f.date_start.year, f.date_end.year + 1):  # type: ignore[union-attr]
                candidates.update(by_year.get((f.country, year), ()))
        elif f.city or f.locality:
            # Undated: only clusters at the same named place (a country-wide scan would be
            # both slow and a guess), or, with a site but no town, the whole country.
            candidates = set(by_city.get((f.country, f.city), ())) if f.city else set(by_country.get(f.country, ()))
            if f.locality:
                candidates |= by_city.get((f.country, f.locality), set())
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

