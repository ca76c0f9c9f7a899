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


def _column(series: pd.Series) -> list[Any]:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return [None if pd.isna(v) else v.tz_convert("UTC").isoformat() for v in series]
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = series.dropna()
        date_only = bool((values == values.dt.normalize()).all())
        return [None if pd.isna(v) else (v.date().isoformat() if date_only else v.isoformat()) for v in series]
    if pd.api.types.is_bool_dtype(series.dtype):
        return [None if pd.isna(v) else ("true" if v else "false") for v in series]
    if pd.api.types.is_integer_dtype(series.dtype):
        return [None if pd.isna(v) else int(v) for v in series]
    if pd.api.types.is_float_dtype(series.dtype):
        return [None if pd.isna(v) else (int(v) if float(v).is_integer() else float(v)) for v in series]
    out: list[Any] = []
    for v in series:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out.append(None)
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, int | float):
            out.append(v)  # a number in a mixed column: numeric, never prefixed
        elif hasattr(v, "isoformat"):
            out.append(v.isoformat())
        else:
            out.append(neutralise(str(v)))
    return out


def write_frame(frame: pd.DataFrame, out: io.TextIOBase) -> None:
    """One table: header row, then the rows, values formatted as the module docstring says."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    columns = [_column(frame[c]) for c in frame.columns]
    writer.writerows(zip(*columns, strict=True) if columns and len(frame) else [])


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
