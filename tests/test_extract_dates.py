"""Date expressions anchored on the publication date (etl.extract.dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.extract.dates import find_dates

SAT = dt.date(2025, 3, 8)  # a Saturday


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("the attack on Friday", "2025-03-07", "day"),
        ("on Saturday morning", "2025-03-08", "day"),
        ("Thursday's bombing", "2025-03-06", "day"),
        ("during Friday prayers", "2025-03-07", "day"),
        ("on Tuesday (March 4)", "2025-03-04", "day"),
        ("on TUESDAY (march 4)", "2025-03-04", "day"),  # used to raise: the month read in any case
        ("on 6 Feb 2025", "2025-02-06", "day"),
        ("on February 6", "2025-02-06", "day"),
        ("on December 24", "2024-12-24", "day"),
        ("03/01/2025: Gunmen attacked", "2025-03-01", "day"),
        ("A November 2024 attack", "2024-11", "month"),
        ("last November", "2024-11", "month"),
        ("In October, a bomber struck", "2024-10", "month"),
        ("the 2016 church bombing", "2016", "year"),
        ("yesterday's blast", "2025-03-07", "day"),
        ("today's attack", "2025-03-08", "day"),
    ],
)
def test_resolution(text: str, value: str, precision: str) -> None:
    found = find_dates(text, SAT)
    assert found, text
    assert (found[0].value, found[0].precision) == (value, precision)


def test_no_anchor_means_no_relative_dates() -> None:
    assert find_dates("on Friday, last November", None) == []
    assert [d.value for d in find_dates("on 6 Feb 2025", None)] == ["2025-02-06"]


def test_future_explicit_dates_are_dropped() -> None:
    assert find_dates("the summit on 19 February 2026", dt.date(2026, 2, 11)) == []


def test_times_are_not_dates() -> None:
    assert [d.text for d in find_dates("at 12:39pm on May 5", SAT)] == ["May 5"]


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from([
        "on Monday", "on Friday", "Sunday's attack", "last March", "in December", "on 3 January",
        "on July 14", "the 2010 bombing", "yesterday", "a day earlier", "12/31/2020",
    ]),
)
def test_never_after_publication(anchor: dt.date, text: str) -> None:
    for found in find_dates(text, anchor):
        assert found.value <= anchor.isoformat()[: len(found.value)]
