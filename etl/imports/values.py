"""Parsing the cells of dataset rows: unknown codes, counts, coordinates and dates.

The datasets write "unknown" in many ways: GTD uses -9 and -99 (and, in text columns,
"Unknown"), exports from statistics packages leave "." or "NA", spreadsheets leave the cell
empty. All of them become ``None`` here, never a number: a missing ``nkill`` is not 0.
A value that is neither a known unknown nor valid raises :class:`RowError`, so the row is
rejected with a reason instead of loading a wrong number.

Dates are returned as *windows*: ``(date_start, date_end, precision)``, the first and last
day the event can have happened on and the calendar unit the dataset knows it to
(``day``, ``month`` or ``year``). See ``docs/imports.md`` for each dataset's precision codes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: Cell values that mean "unknown" in every dataset (compared after stripping, case-folded).
UNKNOWN_VALUES = frozenset({"", "-9", "-99", "-9.0", "-99.0", ".", "unknown", "na", "n/a", "nan", "null", "none"})

#: GTD's "unknown" numeric codes (also written as floats by some exports).
UNKNOWN_NUMBERS = frozenset({-9, -99})


class RowError(ValueError):
    """A row that cannot be loaded; the message is the reason stored in ``rejected_records``."""


def clean(value: str | None) -> str | None:
    """The cell's text, or None when it is one of the :data:`UNKNOWN_VALUES`."""
    if not value:
        return None
    text = value.strip()
    if len(text) <= 7 and text.casefold() in UNKNOWN_VALUES:
        return None
    return text


def parse_count(value: str | None, column: str) -> int | None:
    """A non-negative whole number (casualties, flags), or None when unknown.

    "54", "54.0" and " 54 " are 54; "", "-9", "-99", "." and "Unknown" are None. A negative
    number other than the unknown codes, a fraction or text is an error naming the column.
    """
    if value and value.isdigit():
        return int(value)  # the common case: a plain non-negative integer
    text = clean(value)
    if text is None:
        return None
    try:
        number = float(text.replace(",", "")) if not text.isdigit() else int(text)
    except ValueError:
        raise RowError(f"{column} is not a number: {value.strip()!r}") from None
    if isinstance(number, float):
        if number != number or number in (float("inf"), float("-inf")):
            raise RowError(f"{column} is not a number: {value.strip()!r}")
        if not number.is_integer():
            raise RowError(f"{column} is not a whole number: {value.strip()!r}")
        number = int(number)
    if number in UNKNOWN_NUMBERS:
        return None
    if number < 0:
        raise RowError(f"negative count {column}={value.strip()}")
    return number


def parse_flag(value: str | None, column: str) -> bool | None:
    """GTD-style 1/0 flags: 1 -> True, 0 -> False, -9/empty -> None."""
    number = parse_count(value, column)
    if number is None:
        return None
    if number not in (0, 1):
        raise RowError(f"{column} must be 0 or 1, not {value.strip()!r}")
    return bool(number)


def parse_code(value: str | None, column: str) -> int | None:
    """A small integer code (precision codes, violence types), None when unknown."""
    return parse_count(value, column)


def parse_coordinate(value: str | None, column: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180) in decimal degrees, None when unknown."""
    text = clean(value)
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowError(f"{column} is not a number: {value.strip()!r}") from None
    if not -limit <= number <= limit:
        raise RowError(f"{column} {number} is out of range (-{limit:g}..{limit:g})")
    return number


# -- dates -------------------------------------------------------------------------------

DateWindow = tuple[dt.date, dt.date, str]


def day_window(day: dt.date) -> DateWindow:
    return day, day, "day"


def month_window(year: int, month: int) -> DateWindow:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), "month"


def year_window(year: int) -> DateWindow:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _year(value: str | None, column: str) -> int | None:
    number = parse_count(value, column)
    if number is None:
        return None
    if not 1000 <= number <= 2999:
        raise RowError(f"unparseable date: {column}={value.strip()!r} is not a year")
    return number


def gtd_window(iyear: str | None, imonth: str | None, iday: str | None) -> DateWindow:
    """The date window of GTD's iyear/imonth/iday, where 0 means "unknown".

    Day 0 gives the whole month (precision ``month``), month 0 the whole year (``year``).
    The eventid's leading digits are deliberately not used: START assigns them when the
    record is created, and for day-0 events they carry a made-up "00" day.
    """
    year = _year(iyear, "iyear")
    if year is None:
        raise RowError("unparseable date: iyear is missing")
    month = parse_count(imonth, "imonth") or 0
    day = parse_count(iday, "iday") or 0
    if not 0 <= month <= 12:
        raise RowError(f"unparseable date: imonth={month} is not a month")
    if month == 0:
        return year_window(year)
    if day == 0:
        return month_window(year, month)
    try:
        return day_window(dt.date(year, month, day))
    except ValueError:
        raise RowError(f"unparseable date: {year}-{month:02d}-{day:02d} does not exist") from None


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$")


def parse_iso_date(value: str | None, column: str) -> dt.date | None:
    """``YYYY-MM-DD``, optionally followed by a time (UCDP's CSV writes ``2016-01-01 00:00:00.000``)."""
    text = clean(value)
    if text is None:
        return None
    found = _iso_date(text, value, column)
    if found is None:
        raise RowError(f"unparseable date: {column}={value.strip()!r}")
    return found


def _iso_date(text: str, value: str, column: str) -> dt.date | None:
    """``text`` as an ISO date if it is written as one (None if not; RowError if impossible)."""
    match = _ISO_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        raise RowError(f"unparseable date: {column}={value.strip()!r}") from None


#: Excel's day zero: serial 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was.
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_serial_to_date(serial: float) -> dt.date:
    """An Excel serial day number (e.g. 39711 = 2008-09-20) as a date."""
    if not 1 <= serial < 2958466:
        raise ValueError(f"{serial} is not an Excel date serial")
    whole = int(serial)
    if whole < 61:  # before Excel's fictitious 1900-02-29 the epoch is one day later
        return _EXCEL_EPOCH + dt.timedelta(days=whole + 1)
    return _EXCEL_EPOCH + dt.timedelta(days=whole)


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",  # 14 January 2023 (ACLED export tool)
    "%d-%B-%Y",  # 01-January-2015 (older ACLED files)
    "%d-%b-%Y",
    "%d %b %Y",
    "%d-%b-%y",  # 01-Jan-15 (spreadsheets re-saved by users)
    "%d/%m/%Y",  # day first: ACLED's convention
    "%B %d, %Y",
)


def parse_flexible_date(value: str | None, column: str, formats: tuple[str, ...] = _DATE_FORMATS) -> dt.date | None:
    """A date in any of ``formats`` (tried in order), an ISO timestamp, or an Excel serial."""
    text = clean(value)
    if text is None:
        return None
    found = _iso_date(text, value, column)
    if found is not None:
        return found
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        try:
            return excel_serial_to_date(float(text))
        except ValueError:
            pass
    raise RowError(f"unparseable date: {column}={value.strip()!r}")


_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH = r"(?P<{0}>" + "|".join(sorted((m for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_APPROX_PATTERNS = [
    # September 18-24, 2016 / September 18 - 24, 2016
    re.compile(r"^" + _MONTH.format("m1") + r"\s+(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2}),?\s+(?P<y>\d{4})$", re.I),
    # September 28 - October 2, 2016
    re.compile(
        r"^" + _MONTH.format("m1") + r"\s+(?P<d1>\d{1,2})\s*[-–]\s*" + _MONTH.format("m2")
        + r"\s+(?P<d2>\d{1,2}),?\s+(?P<y>\d{4})$",
        re.I,
    ),
    # September 18, 2016
    re.compile(r"^" + _MONTH.format("m1") + r"\s+(?P<d1>\d{1,2}),?\s+(?P<y>\d{4})$", re.I),
]


def parse_gtd_approxdate(text: str | None) -> tuple[dt.date, dt.date] | None:
    """The window an ``approxdate`` like "September 18-24, 2016" states, or None.

    GTD's approxdate is free text ("early September 2016", "between 9/18/2016 and 9/24/2016",
    "September 18-24, 2016"); only the unambiguous day forms are read. The caller uses the
    result only when it narrows the iyear/imonth window, never to contradict it.
    """
    value = clean(text)
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value.strip().rstrip("."))
    for pattern in _APPROX_PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts["y"])
        m1 = _MONTHS[parts["m1"].casefold()]
        m2 = _MONTHS[parts["m2"].casefold()] if parts.get("m2") else m1
        d1 = int(parts["d1"])
        d2 = int(parts["d2"]) if parts.get("d2") else d1
        try:
            start, end = dt.date(year, m1, d1), dt.date(year, m2, d2)
        except ValueError:
            return None
        return (start, end) if start <= end else None
    return None


def window_precision(start: dt.date, end: dt.date) -> str:
    """The calendar unit a window is known to: one day, within a month, or coarser."""
    if start == end:
        return "day"
    if (end - start).days <= 31:
        return "month"
    return "year"
