"""PDF rendering with reportlab platypus.

What every PDF has: the title, the filters used, the generation time and database, page
numbers "Page N of M" in the footer, tables that split across pages with their header row
repeated, and charts drawn by matplotlib.

Safety: every string from the database goes through :func:`markup`, which escapes ``<``,
``>`` and ``&`` (reportlab paragraphs are a small XML dialect, so a title such as
``<font size=40>`` would otherwise change the layout or raise a parse error), removes
control characters, and wraps characters the main font lacks in a ``<font>`` tag of a
fallback font (see :mod:`reports.render.fonts`). Right-to-left text is shaped first
(:mod:`reports.render.scripts`).
"""

from __future__ import annotations

import functools
import io
import logging
import numbers
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reports.document import Chart, Note, ReportDocument
from reports.document import Table as TableBlock
from reports.render.fonts import dejavu_dir, fallback_font_files
from reports.render.scripts import ARABIC_RE, visual

log = logging.getLogger(__name__)

FONT, FONT_BOLD, FONT_ITALIC = "IDB-Sans", "IDB-Sans-Bold", "IDB-Sans-Oblique"
MARGIN = 16 * mm
SIDE_BY_SIDE_COLUMNS = 3  # incidents per side-by-side table; more incidents -> several tables
rl_config.useA85 = 0  # binary image streams: smaller files, and no slow pure-Python ASCII85 encoding
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# -- fonts and safe markup ----------------------------------------------------------------


class _Fonts:
    def __init__(self) -> None:
        directory = dejavu_dir()
        for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                           (FONT_ITALIC, "DejaVuSans-Oblique.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(directory / file)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)
        self.main = set(pdfmetrics.getFont(FONT).face.charToGlyph)
        self._fallbacks: list[tuple[str, set[int]]] | None = None
        self.warned: set[str] = set()

    @property
    def fallbacks(self) -> list[tuple[str, set[int]]]:
        """Fallback fonts, parsed on first need (most reports never need one)."""
        if self._fallbacks is not None:
            return self._fallbacks
        self._fallbacks = []
        for n, path in enumerate(p for p in fallback_font_files() if p.suffix.lower() == ".ttf"):
            name = f"IDB-Fallback-{n}"
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # noqa: BLE001 - reportlab raises plain errors for unusable fonts
                log.warning("cannot use font %s in PDFs: %s", path, exc)
                continue
            self._fallbacks.append((name, set(pdfmetrics.getFont(name).face.charToGlyph)))
        return self._fallbacks

    def font_for(self, char: str) -> str:
        code = ord(char)
        if char.isspace():
            return FONT
        if code < 0x0590 and code in self.main:  # Latin, Greek, Cyrillic...: the main font
            return FONT
        if ARABIC_RE.match(char):  # a font made for the script shapes a whole word consistently
            for name, cmap in self.fallbacks:
                if code in cmap:
                    return name
        if code in self.main:
            return FONT
        for name, cmap in self.fallbacks:
            if code in cmap:
                return name
        if char not in self.warned:
            self.warned.add(char)
            log.warning("no font has a glyph for %r (U+%04X); it shows as a box. Set INCIDENTDB_PDF_FONTS "
                        "to a TrueType font that has it", char, code)
        return FONT


@functools.cache
def fonts() -> _Fonts:
    return _Fonts()


def markup(value: Any) -> str:
    """Paragraph markup that draws ``value`` literally (escaped, shaped, with font fallback)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    text = _CONTROL.sub("", str(value)).replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    text = visual(text)
    registry = fonts()
    out: list[str] = []
    run, current = "", FONT
    for char in text:
        font = registry.font_for(char)
        if font != current and run:
            out.append(_run(run, current))
            run = ""
        current = font
        run += char
    if run:
        out.append(_run(run, current))
    return "".join(out).replace("\n", "<br/>")


def _run(text: str, font: str) -> str:
    escaped = escape(text)
    return escaped if font == FONT else f'<font name="{font}">{escaped}</font>'


# -- styles -------------------------------------------------------------------------------


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, textColor=colors.HexColor("#333333"),
                                   spaceAfter=6),
        # No keepWithNext: it would glue a heading to a whole table and push a long table to
        # the next page instead of splitting it; _story uses CondPageBreak instead.
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10,
                             spaceAfter=4),
        "body": base,
        "note": ParagraphStyle("note", parent=base, fontName=FONT_ITALIC, fontSize=8, leading=10,
                               textColor=colors.HexColor("#444444"), spaceBefore=2, spaceAfter=4),
        "empty": ParagraphStyle("empty", parent=base, fontName=FONT_BOLD, fontSize=13, leading=16, spaceBefore=14),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.2),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=7.5, leading=9.2),
        "meta": ParagraphStyle("meta", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#333333")),
    }


# -- page numbers -------------------------------------------------------------------------


class _NumberedCanvas(pdfcanvas.Canvas):
    """Defers each page until the end so the footer can say "Page N of M"."""

    footer_text = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(FONT, 7.5)
        self.setFillColor(colors.HexColor("#555555"))
        self.drawRightString(width - MARGIN, 9 * mm, f"Page {self._pageNumber} of {total}")
        self.drawString(MARGIN, 9 * mm, self.footer_text[:110])
        self.restoreState()


# -- blocks -------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """Display text of a table value: thousands separators for numbers, "—" for missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{int(value):,}" if float(value).is_integer() else f"{float(value):,.2f}"
    return str(value)


def _table(frame: pd.DataFrame, width: float, block: TableBlock) -> Table:
    s = styles()
    header = [Paragraph(markup(str(c)), s["head"]) for c in frame.columns]
    rows = [header]
    numeric = set(block.numeric)
    for record in frame.itertuples(index=False, name=None):
        row = []
        for column, value in zip(frame.columns, record, strict=True):
            style = s["cell_right"] if column in numeric else s["cell"]
            row.append(Paragraph(markup(cell_text(value)), style))
        rows.append(row)
    weights = block.widths or tuple(1.0 for _ in frame.columns)
    total = sum(weights)
    widths = [width * w / total for w in weights]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b7bf")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe7ef")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f8fa")]),
    ]
    if block.first_column_is_header:
        commands.append(("BACKGROUND", (0, 1), (0, -1), colors.HexColor("#eef2f6")))
    table.setStyle(TableStyle(commands))
    return table


def _side_by_side_tables(block: TableBlock, width: float) -> list[Any]:
    frame = block.frame
    first, incidents = frame.columns[0], list(frame.columns[1:])
    flowables: list[Any] = []
    for start in range(0, len(incidents), SIDE_BY_SIDE_COLUMNS):
        chunk = incidents[start:start + SIDE_BY_SIDE_COLUMNS]
        sub = TableBlock(block.key, block.title, frame[[first, *chunk]],
                         widths=(1.0, *([2.1] * len(chunk))), first_column_is_header=True)
        flowables += [_table(sub.frame, width * (0.25 + 0.25 * len(chunk)) if len(chunk) < 3 else width, sub),
                      Spacer(1, 4)]
    return flowables


def _chart(block: Chart, width: float) -> list[Any]:
    """The chart image, preceded by its heading, both moved to a new page if the image does not fit."""
    from reports.charts import render_png

    heading = Paragraph(markup(block.title), styles()["h2"])
    if block.frame.empty:
        return [heading, Paragraph(markup("No data to chart."), styles()["note"])]
    png, (w_in, h_in) = render_png(block.kind, block.frame)
    height = width * h_in / w_in
    return [CondPageBreak(height + 30), heading, Image(io.BytesIO(png), width=width, height=height)]


def _story(document: ReportDocument, width: float) -> list[Any]:
    s = styles()
    story: list[Any] = [Paragraph(markup(document.title), s["title"])]
    if document.subtitle:
        story.append(Paragraph(markup(document.subtitle), s["subtitle"]))
    meta = [[Paragraph(markup(k), s["head"]), Paragraph(markup(v), s["cell"])] for k, v in document.filters]
    generated = document.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    meta.append([Paragraph("Generated", s["head"]),
                 Paragraph(markup(f"{generated} by {document.generator}"
                                  + (f" from {document.source_label}" if document.source_label else "")),
                           s["cell"])])
    table = Table(meta, colWidths=[width * 0.18, width * 0.82], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [table, Spacer(1, 6)]
    for block in document.blocks:
        if isinstance(block, Note):
            if block.heading:
                story.append(Paragraph(markup(block.heading), s["h2"]))
            style = s["empty"] if document.empty_message and block.text == document.empty_message else s["note"]
            story.append(Paragraph(markup(block.text), style))
            continue
        if isinstance(block, Chart):
            story += _chart(block, width)
            if block.note:
                story.append(Paragraph(markup(block.note), s["note"]))
            continue
        # a heading never ends a page: start a new page unless a few table rows fit below it
        story += [CondPageBreak(40 * mm), Paragraph(markup(block.title), s["h2"])]
        if block.key == "side_by_side":
            story += _side_by_side_tables(block, width)
        elif block.frame.empty:
            story.append(Paragraph(markup("None reported."), s["note"]))
        else:
            story.append(_table(block.frame, width, block))
        if block.note:
            story.append(Paragraph(markup(block.note), s["note"]))
    return story


def render_pdf(document: ReportDocument, output: Path | io.BytesIO, *, landscape_pages: bool = False) -> int:
    """Write ``document`` as a PDF; returns the number of pages."""
    pagesize = landscape(A4) if landscape_pages else A4
    target = str(output) if isinstance(output, Path) else output
    doc = SimpleDocTemplate(
        target, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=18 * mm,
        title=document.title, author=document.generator, subject=document.subtitle or document.title,
        creator=document.generator,
    )
    width = pagesize[0] - 2 * MARGIN
    story = _story(document, width)

    class Canvas(_NumberedCanvas):
        footer_text = f"{visual(document.title)} · generated {document.generated_at:%Y-%m-%d %H:%M} UTC"

    doc.build(story, canvasmaker=Canvas)
    return doc.page
