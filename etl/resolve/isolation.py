"""Which dataset rows could any other source's mention be the same attack as?

Rows of one dataset are never merged with each other (each row is one event), so a dataset
row can only join an incident through a mention of *another* source: a news report or a row
of another dataset. When every such mention of its country is certainly a different attack
(:func:`etl.resolve.match.compare` vetoes the pair: another town, dates more than a day
apart, incompatible attack types ...), the row is an incident of its own, and it cannot
change the resolution of anything else either: it is never merged, and it is never a
candidate a reference could attach to (a vetoed candidate is skipped). Resolution can then
give it its own incident without clustering it, which is what makes importing hundreds of
thousands of rows fast. ``tests/test_resolve_equivalence.py`` checks this against the plain
clustering.

:class:`Neighbours` indexes mentions by source, country and date, so that the question is
answered by looking only at the few mentions whose dates could overlap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from etl.resolve.features import MentionFeatures
from etl.resolve.match import compare

_ONE_DAY = dt.timedelta(days=1)
#: Windows longer than this are not indexed day by day (a year-long GTD window, say).
_DAYS_INDEXED = 62


class _Bucket:
    """The mentions of one source class: by (country, day), by (country, month), and the rest by country."""

    __slots__ = ("by_day", "by_month", "wide", "everything")

    def __init__(self) -> None:
        self.by_day: dict[tuple[str | None, dt.date], list[MentionFeatures]] = defaultdict(list)
        self.by_month: dict[tuple[str | None, int, int], list[MentionFeatures]] = defaultdict(list)
        self.wide: dict[str | None, list[MentionFeatures]] = defaultdict(list)  # undated or multi-year
        self.everything: dict[str | None, list[MentionFeatures]] = defaultdict(list)

    def add(self, f: MentionFeatures) -> None:
        self.everything[f.country].append(f)
        start, end = f.date_start, f.date_end or f.date_start
        if start is None or end is None:
            self.wide[f.country].append(f)
        elif start == end:
            self.by_day[(f.country, start)].append(f)
        elif (end - start).days <= 400:
            for year, month in _months(start, end):
                self.by_month[(f.country, year, month)].append(f)
        else:
            self.wide[f.country].append(f)

    def candidates(self, f: MentionFeatures) -> Iterable[MentionFeatures]:
        """A superset of the mentions of f's country whose windows reach within a day of f's."""
        start, end = f.date_start, f.date_end or f.date_start
        if start is None or end is None or (end - start).days > _DAYS_INDEXED:
            yield from self.everything.get(f.country, ())
            return
        day = start - _ONE_DAY
        while day <= end + _ONE_DAY:
            yield from self.by_day.get((f.country, day), ())
            day += _ONE_DAY
        for year, month in _months(start - _ONE_DAY, end + _ONE_DAY):
            yield from self.by_month.get((f.country, year, month), ())
        yield from self.wide.get(f.country, ())


def _months(start: dt.date, end: dt.date) -> Iterable[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _class(f: MentionFeatures) -> str | None:
    """The source class: a dataset's name, or None for every news source (news merges with news)."""
    return f.dataset


class Neighbours:
    """Mentions of several sources, to ask whether a dataset row could meet any of another source."""

    def __init__(self, features: Iterable[MentionFeatures] = ()) -> None:
        self._buckets: dict[str | None, _Bucket] = {}
        self.extend(features)

    def extend(self, features: Iterable[MentionFeatures]) -> None:
        for f in features:
            bucket = self._buckets.get(_class(f))
            if bucket is None:
                bucket = self._buckets[_class(f)] = _Bucket()
            bucket.add(f)

    def has_others(self, country: str | None, dataset: str | None) -> bool:
        """Whether any mention of ``country`` from another source than ``dataset`` is indexed."""
        return any(
            country in bucket.everything for source, bucket in self._buckets.items()
            if source is None or source != dataset
        )

    def interacts(self, f: MentionFeatures) -> bool:
        """True when a mention of another source than ``f``'s dataset might be the same attack.

        "Might" means: same country block, and :func:`~etl.resolve.match.compare` does not
        veto the pair. For a news mention (no dataset) every other source counts, other news
        included.
        """
        start, end = f.date_start, f.date_end or f.date_start
        for source, bucket in self._buckets.items():
            if source is not None and source == f.dataset:
                continue
            for other in bucket.candidates(f):
                if other is f or other.key == f.key:
                    continue
                if start is not None and other.date_start is not None:
                    other_end = other.date_end or other.date_start
                    if other_end < start - _ONE_DAY or other.date_start > end + _ONE_DAY:  # type: ignore[operator]
                        continue  # compare() vetoes windows more than a day apart
                if not compare(f, other).veto:
                    return True
        return False


__all__ = ["Neighbours"]
