"""PDF reports, read back with pypdf: pages, figures, names, page numbers, escaping, Unicode."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from incidentdb.db import session_scope
from reports.render.pdf import FONT, fonts, markup
from reports.render.scripts import visual
from tests.factories import (
    G11_COURT,
    MARRIOTT,
    PESHAWAR_POLICE_LINES,
    TARLAI_IMAMBARGAH,
    IncidentSpec,
    ReportSpec,
    insert_incident,
    insert_many_incidents,
    populate_sample,
    sample_database,  # noqa: F401 - a fixture
)

MALICIOUS = "<b>x</b> & <font size=40>"


def _text(path) -> tuple[int, list[str]]:  # noqa: ANN001
    reader = PdfReader(path)
    return len(reader.pages), [page.extract_text() or "" for page in reader.pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def sample(engine):  # noqa: ANN001, ANN201
    return populate_sample(engine)


@pytest.fixture
def shared_cli(sample_database):  # noqa: ANN001, ANN201, F811 - read-only tests share one database
    return sample_database.cli()


def test_comparison_pdf_has_the_figures_names_and_page_numbers(shared_cli, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "out" / "islamabad.pdf"
    result = shared_cli("report", "compare", "Marriott 2008", "Islamabad court November 2025",
                 "Islamabad imambargah February 2026", "--format", "pdf", "--output", str(out))
    assert result.exit_code == 0, result.output
    pages, texts = _text(out)
    assert pages >= 2
    text = _flat(" ".join(texts))
    for expected in (
        "Comparison: Marriott Hotel 2008 vs G-11 2025 vs Tarlai Kalan 2026",
        "60 (40–60)", "at least 40 → 53 → 60", "266", "12", "27 → 36", "at least 24 → at least 31 → 36", "169",
        "Fedayeen-e-Islam", "Jamaat-ul-Ahrar (claim later denied)", "Islamic State Khorasan Province",
        "India, by Shehbaz Sharif", "Afghanistan, by Khawaja Asif", "Afghanistan, by Mohsin Naqvi (no evidence given)",
        "Religious Figures/Institutions", "Bombing/Explosion", "Tarlai Kalan", "G-11",
        "Killed and wounded", "How each toll moved across reports", "Sources: every report used",
        "Death toll in Islamabad Marriott bombing rises to 60", "https://www.geo.tv/latest/g11-asif-afghanistan",
        "Asked for", "Marriott 2008", "Generated",
    ):
        assert expected in text, expected
    for n, page_text in enumerate(texts, start=1):
        assert f"Page {n} of {pages}" in page_text
    assert PdfReader(out).metadata.title.startswith("Comparison: Marriott Hotel 2008")


def test_markup_in_database_text_is_drawn_literally(cli, engine, sample, tmp_path) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        insert_incident(session, IncidentSpec(
            slug="2024-01-01-markup-test", title=MALICIOUS, date="2024-01-01", country="PK", city="Lahore",
            locality="<para>", reports=[ReportSpec("A & B <i>News</i>", "2024-01-01T09:00", "</td></tr> ]]>",
                                                   killed=4, claimed_by=["<script>alert(1)</script>"])],
        ))
    out = tmp_path / "markup.pdf"
    result = cli("report", "compare", "2024-01-01-markup-test", MARRIOTT.slug, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = _flat(" ".join(_text(out)[1]))
    assert MALICIOUS in text
    assert "A & B <i>News</i>" in text
    assert "</td></tr> ]]>" in text
    assert "<script>alert(1)</script>" in text


def test_markup_escapes_and_strips_control_characters() -> None:
    assert markup("<b>x</b> & <font size=40>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;font size=40&gt;"
    assert markup("a\x00b\x1bc\nd") == "abc<br/>d"
    assert markup(None) == "—"


def test_unicode_names_render(shared_cli, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "peshawar.pdf"
    result = shared_cli("report", "compare", PESHAWAR_POLICE_LINES.slug, TARLAI_IMAMBARGAH.slug, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(_text(out)[1])
    assert "Peshāwar Police Lines mosque bombing" in text
    assert "at least 59 → 100 → 84" in _flat(text)


def test_urdu_text_is_shaped_and_has_glyphs() -> None:
    urdu = "پولیس لائنز"
    shaped = visual(urdu)
    assert 0xFB56 <= ord(shaped[-1]) <= 0xFB59  # a contextual form of the first letter (پ), drawn rightmost
    assert all(0xFB50 <= ord(c) <= 0xFEFF or c == " " for c in shaped)
    registry = fonts()
    if not registry.fallbacks:
        pytest.skip("no Arabic-script font installed (e.g. fonts-noto-core); DejaVu Sans draws most letters")
    assert all(ord(c) in registry.main or registry.font_for(c) != FONT for c in shaped if c != " ")
    assert '<font name="IDB-Fallback-0">' in markup(f"Peshāwar {urdu}")


def test_long_summary_spans_pages_with_repeated_table_headers(cli, engine, tmp_path) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        insert_many_incidents(session, 90)
    out = tmp_path / "long.pdf"
    result = cli("report", "summary", "--from", "2019", "--to", "2023", "-o", str(out), "--title", "Synthetic")
    assert result.exit_code == 0, result.output
    pages, texts = _text(out)
    assert pages >= 3
    listing_pages = [t for t in map(_flat, texts) if re.search(r"(Assault|Explosion|Assassination) in \w+ \(\d+\)", t)]
    assert len(listing_pages) >= 2
    assert all("Attack / target" in t and "Claimed by" in t for t in listing_pages)  # repeated header row
    assert "Dates 2019-01-01 to 2023-12-31" in _flat(texts[0])
    assert "Incidents and deaths per month" in texts[0] + texts[1]
    for n, page_text in enumerate(texts, start=1):
        assert f"Page {n} of {pages}" in page_text


def test_empty_summary_pdf_says_so(shared_cli, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "empty.pdf"
    result = shared_cli("report", "summary", "--country", "IQ", "--actor", "ISKP", "-o", str(out))
    assert result.exit_code == 0
    assert "no incident matches these filters" in result.stderr
    pages, texts = _text(out)
    assert pages == 1
    text = _flat(texts[0])
    assert "No incidents match these filters." in text
    assert "Country Iraq (IQ)" in text and "Page 1 of 1" in text


def test_summary_pdf_of_the_sample(shared_cli, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "pk.pdf"
    result = shared_cli("report", "summary", "--country", "PK", "--from", "2025-11", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = _flat(" ".join(_text(out)[1]))
    assert "3 incidents, 50 killed, 214 wounded" in text
    assert "Totals by month" in text and "Totals by first-level division" in text and "Totals by claimant" in text
    assert G11_COURT.title in text and "November 2025" in text
