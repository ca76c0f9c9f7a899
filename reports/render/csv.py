"""CSV rendering: UTF-8, a header row, ISO 8601 dates, safe to open in a spreadsheet.

Layout for multi-table reports: the main table goes to the output file and every other
table to a sibling file named ``<stem>.<table>.csv``; ``report.csv`` of a summary comes with
``report.by_month.csv``, ``report.by_admin1.csv`` and ``report.by_claimant.csv``. Each file
is one rectangular table that ``pandas.read_csv`` or a spreadsheet opens as is.

Values: dates as ``YYYY-MM-DD``, timestamps as ``YYYY-MM-DDTHH:MM:SS+00:00`` (UTC), missing
values as empty cells, integers without a decimal point, booleans as ``true``/``false``.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and some also after a leading tab or carriage return) as a formula, so a news title like
``=HYPERLINK("http://evil", "click")`` could act when an analyst opens the file. Every *text*
cell starting with one of those characters (or their full-width forms) is prefixed with a
single quote, the OWASP-recommended neutralisation. Numbers are never touched: a negative
number in a numeric column stays a number, and a text cell that is a plain number ("-12",
"+3.5") is left alone too, since a spreadsheet reads it as that number and nothing else.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from reports.document import ReportDocument

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """``text`` made inert for spreadsheets (see the module docstring)."""
    if not text:
        return text
    stripped = text.lstrip(" ")
    if stripped[:1] in DANGEROUS_FIRST and not _PLAIN_NUMBER.fullmatch(text.strip()):
        return "'" + text
    return text


_TRIGGERS = frozenset((*DANGEROUS_FIRST, " "))


def _cell(value: Any) -> Any:
    """One value of an object column (text, or a stray bool/date/number)."""
    if value is None:
        return None
    if isinstance(value, str):
        return neutralise(value) if value[:1] in _TRIGGERS else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value != value:  # NaN
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value  # a number in a mixed column: numeric, never prefixed


def _column(series: pd.Series) -> list[Any]:
    """``series`` as the values to write. Vectorised where pandas can; a 200,000-row list must be quick."""
    missing = series.isna().to_numpy()
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        text = series.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    elif pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = series.dropna()
        date_only = bool((values == values.dt.normalize()).all())
        text = series.dt.strftime("%Y-%m-%d" if date_only else "%Y-%m-%dT%H:%M:%S")
    elif pd.api.types.is_bool_dtype(series.dtype):
        text = series.map({True: "true", False: "false"})
    elif pd.api.types.is_integer_dtype(series.dtype):
        return [None if m else v for v, m in zip(series.astype(object).tolist(), missing, strict=True)]
    elif pd.api.types.is_float_dtype(series.dtype):
        return [None if m else (int(v) if v.is_integer() else v)
                for v, m in zip(series.astype(float).tolist(), missing, strict=True)]
    else:
        return [_cell(v) for v in series.astype(object).tolist()]
    return [None if m else v for v, m in zip(text.astype(object).tolist(), missing, strict=True)]


def write_frame(frame: pd.DataFrame, out: io.TextIOBase) -> None:
    """One table: header row, then the rows, values formatted as the module docstring says."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    if len(frame):
        writer.writerows(zip(*(_column(frame[c]) for c in frame.columns), strict=True))


def sibling_path(output: Path, key: str) -> Path:
    """``out/report.csv`` + ``by_month`` -> ``out/report.by_month.csv``."""
    return output.with_name(f"{output.stem}.{key}.csv")


def render_csv(document: ReportDocument, output: Path | None) -> list[Path]:
    """Write the document's tables; ``output`` None means stdout (main table only). Returns files written."""
    keys = list(document.data)
    if output is None:
        write_frame(document.data[keys[0]], sys.stdout)
        return []
    written = []
    for n, key in enumerate(keys):
        path = output if n == 0 else sibling_path(output, key)
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_frame(document.data[key], handle)
        written.append(path)
    return written
