"""``incidentdb report``: exit codes, messages, formats."""

from __future__ import annotations

import pytest

from tests.factories import (  # noqa: F401 - sample_database is a fixture
    G11_COURT,
    MARRIOTT,
    TARLAI_IMAMBARGAH,
    sample_database,
)


@pytest.fixture
def cli(sample_database):  # noqa: ANN001, ANN201, F811 - these tests only read: one database per module
    return sample_database.cli()


@pytest.fixture
def sample(sample_database):  # noqa: ANN001, ANN201, F811
    return sample_database.ids


def test_an_ambiguous_phrase_lists_candidates_and_fails(cli, sample, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "x.pdf"
    result = cli("report", "compare", "Islamabad bombing", "-o", str(out))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("Error: 'Islamabad bombing' matches 3 incidents; give a slug or an id, "
                        "or add words to the phrase")
    assert any(line.startswith(f"  {MARRIOTT.slug}  2008-09-20  Marriott Hotel, Islamabad") and "60 killed" in line
               for line in lines)
    assert any(G11_COURT.slug in line and "12 killed" in line for line in lines)
    assert not out.exists()


def test_no_match_fails_with_one_line(cli, sample, tmp_path) -> None:  # noqa: ANN001
    result = cli("report", "compare", "Atlantis", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no incident matches 'Atlantis'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_format_follows_the_output_suffix(cli, sample, tmp_path) -> None:  # noqa: ANN001
    result = cli("report", "compare", MARRIOTT.slug, G11_COURT.slug, "-o", str(tmp_path / "c.csv"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").startswith("incident_id,label,slug,")
    assert (tmp_path / "c.sources.csv").exists()


def test_markdown_report_escapes_and_writes_charts(cli, sample, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "cmp.md"
    result = cli("report", "compare", "Marriott 2008", "Tarlai Kalan", "--format", "md", "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Comparison: Marriott Hotel 2008 vs Tarlai Kalan 2026")
    assert "| Killed as reported | at least 40 → 53 → 60 | at least 24 → at least 31 → 36 |" in text
    assert "![Killed and wounded" in text and (tmp_path / "cmp_files" / "tolls.png").stat().st_size > 1000
    assert "Private Citizens" not in text  # only the two incidents asked for


def test_csv_to_stdout(cli, sample) -> None:  # noqa: ANN001
    result = cli("report", "summary", "--actor", "Islamic State Khorasan Province", "--role", "claimed",
                 "-f", "csv", "-o", "-")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("incident_id,slug,date_start")
    assert len(lines) == 3 and TARLAI_IMAMBARGAH.slug in result.stdout
    assert "only the main table went to stdout" in result.stderr


def test_bad_filter_values_are_errors(cli, sample, tmp_path) -> None:  # noqa: ANN001
    result = cli("report", "summary", "--country", "Narnia", "--admin1", "Atlantis", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "--country 'Narnia': no such country" in result.stderr
    assert "--admin1 'Atlantis': no first-level division has that name" in result.stderr


def test_bad_dates_are_usage_errors(cli, sample, tmp_path) -> None:  # noqa: ANN001
    result = cli("report", "summary", "--from", "last week", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "'last week' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD" in result.stderr
    result = cli("report", "summary", "--from", "2026", "--to", "2025", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "--from 2026-01-01 is after --to 2025-12-31" in result.stderr


def test_role_needs_an_actor(cli, sample, tmp_path) -> None:  # noqa: ANN001
    result = cli("report", "summary", "--role", "claimed", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1 and "--role needs --actor" in result.stderr


def test_help_has_examples(cli) -> None:  # noqa: ANN001
    for args in (("report", "--help"), ("report", "compare", "--help"), ("report", "summary", "--help")):
        result = cli(*args)
        assert result.exit_code == 0 and "Examples:" in result.output


def test_markdown_escapes_database_text() -> None:
    from reports.render.markdown import escape_md

    assert escape_md("<b>x</b> & [link](http://x) | *bold*") == \
        "&lt;b&gt;x&lt;/b&gt; &amp; \\[link\\]\\(http://x\\) \\| \\*bold\\*"
    assert escape_md("two\nlines") == "two<br>lines"
    assert escape_md(None) == "—" and escape_md(1234) == "1,234"
