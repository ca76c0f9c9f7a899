"""Reading dataset files as streams of rows: CSV (plain, .gz or .zip) and .xlsx.

Files are never loaded whole: CSV is read line by line through the ``csv`` module and .xlsx
through openpyxl's read-only mode, so memory stays flat whatever the file size.

Every row carries the *physical* line it starts on. That is what an analyst sees in an
editor, and it differs from the row index as soon as a quoted NOTES or summary cell spans
several lines. For .xlsx files the "line" is the worksheet row number.

Encodings: files are checked as UTF-8 first (with or without a byte-order mark); if that
fails, as Windows-1252 (how Excel on Windows saves CSV, and how START's GTD CSV is encoded),
and finally as Latin-1, which accepts any byte. The encoding used is reported.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import json
import logging
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from incidentdb.errors import InputError

log = logging.getLogger(__name__)

#: Encodings tried in order when none is given.
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")

# NOTES and summaries can be long; the csv module's default limit (128 KiB) is too small
# for a cell that swallowed the rest of a file through an unbalanced quote.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(slots=True)
class RawRow:
    """One record as read: its fields, where it starts, and its text (for rejections)."""

    line: int
    fields: list[str]
    text: str
    error: str | None = None  # set when the record could not even be split into fields


@dataclass
class Table:
    """An opened input: its header and a one-pass iterator over its rows."""

    path: Path
    header: list[str]
    rows: Iterator[RawRow]
    encoding: str | None
    size: int  # bytes (CSV) or rows (xlsx), for progress
    kind: str  # "csv" or "xlsx"
    sheet: str | None = None
    progress: _Progress = field(default_factory=lambda: _Progress())
    _closers: list[Any] = field(default_factory=list, repr=False)

    @property
    def columns(self) -> list[str]:
        """The header folded for matching: stripped and lower-case (GTD has INT_LOG, ACLED EVENT_DATE)."""
        return [normalize_column(name) for name in self.header]

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer.close()
        self._closers.clear()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class _Progress:
    done: int = 0


def normalize_column(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def open_table(path: str | Path, *, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Open a CSV (``.csv``, ``.csv.gz``, ``.zip`` with one CSV) or ``.xlsx`` file."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a file")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty (no header line)", hint="is it the right file?")
    suffix = "".join(path.suffixes[-2:]).lower() if path.suffix.lower() == ".gz" else path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, sheet)
    if suffix == ".xls":
        raise InputError(f"{path}: the old .xls format is not supported", hint="save it as .xlsx or CSV")
    if suffix == ".zip":
        return _open_zip(path, encoding, sheet)
    return _open_csv(path, _opener(path), encoding)


def _opener(path: Path):  # noqa: ANN202 - returns a zero-argument callable giving a binary stream
    if path.suffix.lower() == ".gz":
        return lambda: gzip.open(path, "rb")
    return lambda: open(path, "rb")  # noqa: SIM115 - closed by the Table


def _open_zip(path: Path, encoding: str | None, sheet: str | None) -> Table:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path} is not a readable zip archive ({exc})") from None
    members = [
        m for m in archive.infolist()
        if not m.is_dir() and m.filename.lower().endswith((".csv", ".xlsx")) and not m.filename.startswith("__MACOSX")
    ]
    if len(members) != 1:
        names = ", ".join(m.filename for m in members) or "none"
        archive.close()
        raise InputError(f"{path}: expected one CSV or .xlsx file in the archive, found {names}")
    member = members[0]
    if member.filename.lower().endswith(".xlsx"):
        archive.close()
        raise InputError(f"{path}: unzip it first and import {member.filename}")
    table = _open_csv(path, lambda: archive.open(member), encoding, size=member.file_size)
    table._closers.insert(0, archive)
    return table


def detect_encoding(open_binary, *, block: int = 1 << 20) -> str:  # noqa: ANN001
    """The first of :data:`ENCODINGS` that decodes the whole stream without error."""
    for name in ENCODINGS[:-1]:
        decoder = codecs.getincrementaldecoder(name)()
        try:
            with open_binary() as stream:
                while chunk := stream.read(block):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return name
        except UnicodeDecodeError:
            continue
    return ENCODINGS[-1]


def _open_csv(path: Path, open_binary, encoding: str | None, size: int | None = None) -> Table:  # noqa: ANN001
    if encoding is None:
        encoding = detect_encoding(open_binary)
        if encoding != "utf-8-sig":
            log.warning("%s is not valid UTF-8; read as %s", path.name, _encoding_label(encoding))
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", hint="try utf-8, cp1252 or latin-1") from None
    binary = open_binary()
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    progress = _Progress()
    buffer: list[str] = []

    def lines() -> Iterator[str]:
        for line in text:
            buffer.append(line)
            progress.done += len(line)
            yield line

    source = lines()
    reader = csv.reader(source)
    try:
        header = next(reader)
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        text.close()
        raise InputError(f"{path} is empty (no header line)") from None
    except UnicodeDecodeError as exc:
        text.close()
        raise InputError(f"{path} is not valid {encoding}: {exc.reason} at byte {exc.start}") from None
    except csv.Error as exc:
        text.close()
        raise InputError(f"{path}: cannot read the header line: {exc}") from None
    buffer.clear()

    def rows() -> Iterator[RawRow]:
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                lines_read = list(buffer)
                buffer.clear()
                start = reader.line_num - len(lines_read) + 1
                yield RawRow(start, [], "".join(lines_read), error=f"malformed CSV: {exc}")
                continue
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path} is not valid {encoding} after line {reader.line_num}: {exc.reason}",
                    hint="give the right --encoding",
                ) from None
            lines_read = list(buffer)
            buffer.clear()
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue  # blank line
            start = reader.line_num - len(lines_read) + 1
            yield RawRow(start, fields, "".join(lines_read))

    table = Table(
        path=path,
        header=header,
        rows=rows(),
        encoding=encoding,
        size=size if size is not None else _file_size(path),
        kind="csv",
        progress=progress,
    )
    table._closers.append(text)
    return table


def _file_size(path: Path) -> int:
    if path.suffix.lower() == ".gz":
        return 0  # unknown uncompressed size: the progress bar shows rows instead
    return path.stat().st_size


def _encoding_label(name: str) -> str:
    return {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252 (cp1252)", "latin-1": "Latin-1 (ISO-8859-1)"}.get(name, name)


def encoding_label(name: str | None) -> str:
    """How the summary names an encoding ("UTF-8", "Windows-1252 (cp1252)")."""
    return _encoding_label(name) if name else "xlsx (no text encoding)"


# -- .xlsx ---------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a declared dependency
        raise InputError("reading .xlsx needs openpyxl (pip install openpyxl)") from exc
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for broken files
        raise InputError(f"{path} is not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    if sheet is not None and sheet not in workbook.sheetnames:
        names = ", ".join(workbook.sheetnames)
        workbook.close()
        raise InputError(f"{path} has no sheet {sheet!r} (sheets: {names})")
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    iterator = worksheet.iter_rows(values_only=True)
    header: list[str] | None = None
    line = 0
    for values in iterator:
        line += 1
        if values and any(v not in (None, "") for v in values):
            header = [cell_text(v) for v in values]
            break
    if header is None:
        workbook.close()
        raise InputError(f"{path} is empty (sheet {worksheet.title!r} has no header row)")
    while header and not header[-1].strip():
        header.pop()
    width = len(header)
    progress = _Progress()
    first_data_line = line + 1

    def rows() -> Iterator[RawRow]:
        for number, values in enumerate(iterator, start=first_data_line):
            progress.done += 1
            if not values or all(v in (None, "") for v in values):
                continue
            fields = [cell_text(v) for v in values]
            if len(fields) > width and not any(f.strip() for f in fields[width:]):
                fields = fields[:width]
            elif len(fields) < width:
                fields += [""] * (width - len(fields))
            yield RawRow(number, fields, json.dumps(fields, ensure_ascii=False))

    table = Table(
        path=path,
        header=header,
        rows=rows(),
        encoding=None,
        size=max((worksheet.max_row or 0) - line, 0),
        kind="xlsx",
        sheet=worksheet.title,
        progress=progress,
    )
    table._closers.append(workbook)
    return table


def read_header(path: str | Path, **kwargs: Any) -> list[str]:
    """Just the header of a file (used to suggest the right importer for a file)."""
    with open_table(path, **kwargs) as table:
        return table.header


__all__ = ["RawRow", "Table", "cell_text", "detect_encoding", "encoding_label", "open_table", "read_header"]
