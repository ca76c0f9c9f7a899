"""Reading dataset files: physical line numbers, encodings, compressed and .xlsx inputs."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from etl.imports.readers import detect_encoding, open_table
from incidentdb.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_rows_carry_the_physical_line_they_start_on(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "a.csv",
        'id,notes,n\r\n1,"one line",1\r\n2,"two\nlines",2\r\n\r\n3,"three\r\nphysical\r\nlines",3\r\n4,x,4\r\n',
    )
    with open_table(path) as table:
        rows = list(table.rows)
    assert [(r.line, r.fields[0]) for r in rows] == [(2, "1"), (3, "2"), (6, "3"), (9, "4")]
    assert rows[2].fields[1] == "three\r\nphysical\r\nlines"
    assert rows[2].text == '3,"three\r\nphysical\r\nlines",3\r\n'


def test_fixture_line_numbers_count_the_newlines_inside_quoted_notes() -> None:
    with open_table(FIXTURES / "acled_legacy.csv") as table:
        assert [r.line for r in table.rows] == [2, 5, 6]


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")]
)
def test_encoding_detection(tmp_path: Path, encoding: str, expected: str) -> None:
    path = _write(tmp_path / "e.csv", "id,city\n1,Yopougon café — São Paulo\n", encoding)
    with open_table(path) as table:
        assert table.encoding == expected
        assert table.header == ["id", "city"]  # no BOM left in the first column name
        assert next(table.rows).fields[1] == "Yopougon café — São Paulo"


def test_latin1_is_the_last_resort(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes(b"id,city\n1,caf\xe9 \x81\n")  # 0x81 is undefined in cp1252
    assert detect_encoding(lambda: path.open("rb")) == "latin-1"
    with open_table(path) as table:
        assert next(table.rows).fields[1] == "café \x81"


def test_a_given_encoding_is_used(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.csv", "id,city\n1,café\n", "cp1252")
    with open_table(path, encoding="latin-1") as table:
        assert table.encoding == "latin-1"
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        open_table(path, encoding="klingon")


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"empty\.csv is empty \(no header line\)"):
        open_table(_write(tmp_path / "empty.csv", ""))
    with pytest.raises(InputError, match="blank.csv is empty"):
        open_table(_write(tmp_path / "blank.csv", "\n\n"))
    with open_table(_write(tmp_path / "header.csv", "id,name\n")) as table:
        assert list(table.rows) == []
    with pytest.raises(InputError, match="no such file"):
        open_table(tmp_path / "missing.csv")


def test_gzip_and_zip(tmp_path: Path) -> None:
    data = "id,name\n1,a\n2,b\n"
    gz = tmp_path / "d.csv.gz"
    gz.write_bytes(gzip.compress(data.encode()))
    with open_table(gz) as table:
        assert [r.fields for r in table.rows] == [["1", "a"], ["2", "b"]]
    archive = tmp_path / "ged.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ged/GEDEvent.csv", data)
    with open_table(archive) as table:
        assert [r.line for r in table.rows] == [2, 3]
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as z:
        z.writestr("a.csv", data)
        z.writestr("b.csv", data)
    with pytest.raises(InputError, match="expected one CSV or .xlsx file in the archive, found a.csv, b.csv"):
        open_table(two)


def test_xlsx_cells_read_as_a_csv_export_would_write_them() -> None:
    with open_table(FIXTURES / "gtd_sample.xlsx") as table:
        assert table.sheet == "Data" and table.encoding is None
        rows = list(table.rows)
    columns = [c.lower() for c in table.header]
    first = dict(zip(columns, rows[0].fields, strict=True))
    assert rows[0].line == 2
    assert first["eventid"] == "200809200001"
    assert first["latitude"] == "33.716095"
    assert first["nkill"] == "55"
    kidnapping = dict(zip(columns, rows[3].fields, strict=True))
    assert kidnapping["resolution"] == "2011-03-28"  # an Excel date cell


def test_xlsx_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="has no sheet 'Nope' \\(sheets: Data\\)"):
        open_table(FIXTURES / "gtd_sample.xlsx", sheet="Nope")
    broken = _write(tmp_path / "broken.xlsx", "not a workbook")
    with pytest.raises(InputError, match="is not a readable .xlsx workbook"):
        open_table(broken)
