"""The casualty reconciliation rule: from a ledger of reported figures to best / low / high.

Every figure any report gave stays in ``casualty_reports``; this module only *derives* the
incident's numbers from them. The rule (documented in docs/etl.md):

* **Which figures count.** The figures each report presents as current (``is_current``;
  earlier tolls quoted in the same text do not count), for the whole population when any
  report gives a total (else victims, else civilians).
* **best** = the figure of the latest report that is not stale. Reports are taken in order of
  their as-of time (publication; dataset rows, which carry a curated final count, come last;
  same-day reports in rising order, since tolls rise). A report is *stale* when its figure is
  below a lower bound an earlier report already established (a later article repeating the
  first-day toll of 31 after 36 was reported is not news). Reports about the attack itself
  (primary mentions) are preferred to passing references, and reports of the news cycle
  (published within 30 days of the attack) to retrospectives written years later. When that
  figure is only a lower bound ("at least 57"), a later report's higher figure replaces it,
  whatever kind of report gave it: the bound itself said the toll was higher.
* **low / high** = the range over all current figures, except lower bounds ("at least 24",
  "more than 160") that another report's figure exceeds: they are partial counts that a
  fuller count superseded, and carry no information beyond it. A range ("10 to 12") gives
  its ends. ``best`` is always inside ``[low, high]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

NEWS_CYCLE = dt.timedelta(days=30)
LOWER_BOUNDS = ("at_least", "more_than")
POPULATION_PREFERENCE = ("total", "victims", "civilians")


@dataclass(frozen=True, slots=True)
class ReportedFigure:
    """One row of the figures ledger, as reconciliation needs it."""

    low: int
    high: int | None
    qualifier: str
    reported_at: dt.datetime | None
    is_primary: bool
    is_current: bool = True
    population: str = "total"
    key: str = ""  # stable tie-breaker (mention key)

    @property
    def point(self) -> int:
        """The single number this figure stands for ("at least 31" -> 31; "10 to 12" -> 11)."""
        if self.qualifier == "range" and self.high is not None:
            return (self.low + self.high) // 2
        return self.low

    @property
    def floor(self) -> int:
        """The lower bound this figure establishes for the true toll."""
        if self.qualifier == "up_to":
            return 0
        if self.qualifier == "about":
            return int(self.low * 0.9)
        return self.low

    @property
    def top(self) -> int:
        return self.high if self.qualifier == "range" and self.high is not None else self.low


@dataclass(frozen=True, slots=True)
class Reconciled:
    best: int | None
    low: int | None
    high: int | None
    used: tuple[ReportedFigure, ...] = ()  # the figures the range was taken over
    best_from: ReportedFigure | None = None


_FAR_FUTURE = dt.datetime.max.replace(tzinfo=dt.UTC)


def _as_of(figure: ReportedFigure) -> dt.datetime:
    if figure.reported_at is None:
        return _FAR_FUTURE
    if figure.reported_at.tzinfo is None:
        return figure.reported_at.replace(tzinfo=dt.UTC)
    return figure.reported_at


def _population(figures: Sequence[ReportedFigure]) -> list[ReportedFigure]:
    current = [f for f in figures if f.is_current]
    for population in POPULATION_PREFERENCE:
        chosen = [f for f in current if f.population == population]
        if chosen:
            return chosen
    return []


def reconcile_figures(figures: Sequence[ReportedFigure], attack_date: dt.date | None = None) -> Reconciled:
    """Best, low and high from the reported figures of one category (killed or wounded)."""
    pool = _population(figures)
    if not pool:
        return Reconciled(None, None, None)

    # best: prefer primary reports, then reports of the news cycle.
    candidates = [f for f in pool if f.is_primary] or pool
    if attack_date is not None:
        limit = dt.datetime.combine(attack_date, dt.time(), tzinfo=dt.UTC) + NEWS_CYCLE
        in_cycle = [f for f in candidates if f.reported_at is None or _as_of(f) <= limit]
        candidates = in_cycle or candidates
    ordered = sorted(candidates, key=lambda f: (_as_of(f), f.point, f.key, f.qualifier, f.high or -1))
    floor = -1
    best_from = None
    for figure in ordered:
        if figure.point >= floor:
            best_from = figure
        floor = max(floor, figure.floor)
    assert best_from is not None
    if best_from.qualifier in LOWER_BOUNDS:
        # "at least 57" says the toll was higher: a later report's higher figure (even a passing
        # reference or a retrospective) that honours the bound is the better estimate.
        later = [f for f in pool if f.qualifier != "up_to" and f.point > best_from.point
                 and _as_of(f) >= _as_of(best_from)]
        if later:
            best_from = max(later, key=lambda f: (_as_of(f), f.point, f.key, f.qualifier))

    # low/high: every figure, minus lower bounds another figure exceeds.
    highest = max(f.top for f in pool)
    used = tuple(f for f in pool if not (f.qualifier in LOWER_BOUNDS and f.low < highest))
    low = min(f.low for f in used)
    high = max(f.top for f in used)
    best = best_from.point
    return Reconciled(best, min(low, best), max(high, best), used, best_from)
