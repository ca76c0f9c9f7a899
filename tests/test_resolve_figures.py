"""The reconciliation rule for casualty figures (pure), with properties checked by Hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.resolve.figures import ReportedFigure, reconcile_figures


def f(low: int, day: int, qualifier: str = "exact", *, primary: bool = True, high: int | None = None,
      current: bool = True, population: str = "total", month: int = 2, year: int = 2026) -> ReportedFigure:
    return ReportedFigure(low, high, qualifier, dt.datetime(year, month, day, tzinfo=dt.UTC), primary, current,
                          population, f"k{low}-{day}")


ATTACK = dt.date(2026, 2, 6)


def test_rising_toll_latest_report_wins_and_early_partial_counts_leave_the_range() -> None:
    figures = [f(24, 6, "at_least"), f(31, 6, "at_least"), f(31, 7), f(36, 7), f(35, 8), f(38, 10),
               f(31, 11, "at_least")]
    result = reconcile_figures(figures, ATTACK)
    assert (result.best, result.low, result.high) == (38, 31, 38)


def test_a_later_report_repeating_an_old_toll_is_stale() -> None:
    result = reconcile_figures([f(31, 6), f(36, 7), f(31, 9)], ATTACK)
    assert result.best == 36


def test_retrospective_reports_years_later_do_not_set_best_but_widen_the_range() -> None:
    figures = [f(40, 20, "at_least", month=9, year=2008), f(53, 21, month=9, year=2008),
               f(60, 6, "at_least", month=5, year=2010), f(63, 7, primary=False)]
    result = reconcile_figures(figures, dt.date(2008, 9, 20))
    assert (result.best, result.low, result.high) == (53, 53, 63)


def test_more_than_is_a_lower_bound_and_earlier_tolls_in_the_text_are_not_current() -> None:
    figures = [f(169, 6), f(160, 7, "more_than"), f(33, 7, current=False)]
    result = reconcile_figures(figures, ATTACK)
    assert (result.best, result.low, result.high) == (169, 169, 169)


def test_only_references_and_ranges() -> None:
    result = reconcile_figures([f(10, 6, "range", high=14, primary=False)], ATTACK)
    assert (result.best, result.low, result.high) == (12, 10, 14)


def test_total_preferred_over_population_splits() -> None:
    result = reconcile_figures([f(5, 6, population="perpetrators"), f(20, 6)], ATTACK)
    assert result.best == 20
    assert reconcile_figures([f(5, 6, population="perpetrators")], ATTACK).best is None


def test_no_figures() -> None:
    assert reconcile_figures([], ATTACK).best is None


figure = st.builds(
    f,
    low=st.integers(0, 500),
    day=st.integers(1, 28),
    qualifier=st.sampled_from(["exact", "at_least", "more_than", "about", "up_to"]),
    primary=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(figure, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_best_is_within_range_and_independent_of_order(figures: list[ReportedFigure], rnd) -> None:  # noqa: ANN001
    result = reconcile_figures(figures, ATTACK)
    assert result.low <= result.best <= result.high
    assert min(x.low for x in figures) <= result.low and result.high <= max(x.top for x in figures)
    shuffled = list(figures)
    rnd.shuffle(shuffled)
    again = reconcile_figures(shuffled, ATTACK)
    assert (again.best, again.low, again.high) == (result.best, result.low, result.high)
