"""Pure unit tests of the dataset cell parsers: unknown codes, counts, dates and windows."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.imports.values import (
    RowError,
    clean,
    excel_serial_to_date,
    gtd_window,
    parse_coordinate,
    parse_count,
    parse_flag,
    parse_flexible_date,
    parse_gtd_approxdate,
    parse_iso_date,
    window_precision,
)


@pytest.mark.parametrize("value", ["", "  ", "-9", "-99", ".", "Unknown", "unknown", "NA", "n/a", None, "-9.0"])
def test_unknown_codes_are_null(value: str | None) -> None:
    assert clean(value) is None
    assert parse_count(value, "nkill") is None


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("54", 54), (" 54 ", 54), ("54.0", 54), ("1,200", 1200)])
def test_counts(value: str, expected: int) -> None:
    assert parse_count(value, "nkill") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [("-5", "negative count nkill=-5"), ("4.5", "nkill is not a whole number: '4.5'"), ("many", "nkill is not a number")],
)
def test_bad_counts_name_the_column(value: str, message: str) -> None:
    with pytest.raises(RowError, match=message):
        parse_count(value, "nkill")


def test_flags() -> None:
    assert parse_flag("1", "suicide") is True
    assert parse_flag("0", "suicide") is False
    assert parse_flag("-9", "suicide") is None
    with pytest.raises(RowError, match="suicide must be 0 or 1"):
        parse_flag("2", "suicide")


def test_coordinates() -> None:
    assert parse_coordinate("33.716095", "latitude", 90) == pytest.approx(33.716095)
    assert parse_coordinate("", "latitude", 90) is None
    with pytest.raises(RowError, match="latitude 123.0 is out of range"):
        parse_coordinate("123", "latitude", 90)


def test_gtd_window_uses_zero_as_unknown() -> None:
    assert gtd_window("2008", "9", "20") == (dt.date(2008, 9, 20), dt.date(2008, 9, 20), "day")
    assert gtd_window("2016", "9", "0") == (dt.date(2016, 9, 1), dt.date(2016, 9, 30), "month")
    assert gtd_window("2015", "0", "0") == (dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year")
    with pytest.raises(RowError, match="2010-02-31 does not exist"):
        gtd_window("2010", "2", "31")
    with pytest.raises(RowError, match="iyear is missing"):
        gtd_window("", "2", "3")
    with pytest.raises(RowError, match="imonth=13 is not a month"):
        gtd_window("2010", "13", "3")


@given(st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2100, 12, 31)), st.booleans(), st.booleans())
def test_gtd_window_always_contains_the_day(day: dt.date, day_unknown: bool, month_unknown: bool) -> None:
    month = "0" if month_unknown else str(day.month)
    start, end, precision = gtd_window(str(day.year), month, "0" if day_unknown or month_unknown else str(day.day))
    assert start <= day <= end
    assert precision == ("year" if month_unknown else "month" if day_unknown else "day")


@given(st.integers(min_value=0, max_value=10**7))
def test_counts_round_trip(number: int) -> None:
    assert parse_count(str(number), "n") == number
    assert parse_count(f"{number}.0", "n") == number


def test_excel_serials() -> None:
    assert excel_serial_to_date(39711) == dt.date(2008, 9, 20)
    assert excel_serial_to_date(1) == dt.date(1900, 1, 1)
    assert excel_serial_to_date(61) == dt.date(1900, 3, 1)


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2999, 12, 31)))
def test_excel_serials_round_trip(day: dt.date) -> None:
    assert excel_serial_to_date((day - dt.date(1899, 12, 30)).days) == day


@pytest.mark.parametrize(
    "text", ["2015-01-01", "01-January-2015", "1 January 2015", "01/01/2015", "01-Jan-15", "2015-01-01 00:00:00.000"]
)
def test_flexible_dates(text: str) -> None:
    assert parse_flexible_date(text, "event_date") == dt.date(2015, 1, 1)


def test_flexible_dates_reject_impossible_days() -> None:
    with pytest.raises(RowError, match="unparseable date: event_date='31 February 2024'"):
        parse_flexible_date("31 February 2024", "event_date")


def test_iso_dates_with_time() -> None:
    assert parse_iso_date("2016-01-01 00:00:00.000", "date_start") == dt.date(2016, 1, 1)
    with pytest.raises(RowError, match="unparseable date: date_start='2016-13-01'"):
        parse_iso_date("2016-13-01", "date_start")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("September 18-24, 2016", (dt.date(2016, 9, 18), dt.date(2016, 9, 24))),
        ("september 28 - October 2, 2016", (dt.date(2016, 9, 28), dt.date(2016, 10, 2))),
        ("Sep 5, 2016", (dt.date(2016, 9, 5), dt.date(2016, 9, 5))),
        ("early September 2016", None),
        ("September 31, 2016", None),
        ("", None),
    ],
)
def test_gtd_approxdate(text: str, expected: tuple[dt.date, dt.date] | None) -> None:
    assert parse_gtd_approxdate(text) == expected


def test_window_precision() -> None:
    day = dt.date(2016, 1, 10)
    assert window_precision(day, day) == "day"
    assert window_precision(day, day + dt.timedelta(days=6)) == "month"
    assert window_precision(day, day + dt.timedelta(days=100)) == "year"


def test_gtd_resolution_forms() -> None:
    from etl.imports.gtd import RESOLUTION_FORMATS

    for text in ("39711", "2008-09-20", "9/20/2008", "09/20/2008 00:00:00"[:10]):
        assert parse_flexible_date(text, "resolution", RESOLUTION_FORMATS) == dt.date(2008, 9, 20)
