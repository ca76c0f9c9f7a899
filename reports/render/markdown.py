"""Markdown rendering: the same blocks as the PDF, as GitHub-flavoured Markdown.

Text from the database is escaped so it cannot add formatting, links or HTML: Markdown
punctuation gets a backslash, ``<``/``>``/``&`` become entities, ``|`` is escaped inside
tables and line breaks become ``<br>``. Charts are written as PNG files in a folder next to
the Markdown file (``report.md`` -> ``report_files/tolls.png``) and linked; when the Markdown
goes to stdout there is nowhere to put them and they are left out with a note.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from reports.document import Chart, Note, ReportDocument, Table

# Characters that can start formatting, links or tables inside a line. "-", "+", "." and "#"
# only matter at the start of a line, which a table cell or list item never is.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()|~])")
_LINE_START = re.compile(r"([#>+\-=]|\d+[.)])")


def escape_md(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if _LINE_START.match(text):  # would start a heading, list or quote when it begins a line
        text = "\\" + text
    return "<br>".join(line.strip() for line in text.replace("\r", "").split("\n"))


def _table(frame: pd.DataFrame, numeric: tuple[str, ...] = ()) -> list[str]:
    header = "| " + " | ".join(escape_md(str(c)) or " " for c in frame.columns) + " |"
    rule = "|" + "|".join("---:" if c in numeric else "---" for c in frame.columns) + "|"
    rows = ["| " + " | ".join(escape_md(v) for v in record) + " |" for record in frame.itertuples(index=False)]
    return [header, rule, *rows]


def render_markdown(document: ReportDocument, output: Path | None) -> list[Path]:
    """Write the Markdown (and chart PNGs beside it); ``output`` None means stdout."""
    lines = [f"# {escape_md(document.title)}", ""]
    if document.subtitle:
        lines += [escape_md(document.subtitle), ""]
    for key, value in document.filters:
        lines.append(f"- **{escape_md(key)}:** {escape_md(value)}")
    generated = document.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    source = f" from {escape_md(document.source_label)}" if document.source_label else ""
    lines += [f"- **Generated:** {generated} by {escape_md(document.generator)}{source}", ""]
    written: list[Path] = []
    assets = output.with_name(f"{output.stem}_files") if output else None
    for block in document.blocks:
        if isinstance(block, Note):
            if block.heading:
                lines += [f"## {escape_md(block.heading)}", ""]
            text = escape_md(block.text)
            lines += [f"**{text}**" if block.text == document.empty_message else f"*{text}*", ""]
            continue
        lines += [f"## {escape_md(block.title)}", ""]
        if isinstance(block, Chart):
            if assets is None:
                lines += ["*(chart not included when writing to standard output)*", ""]
            elif block.frame.empty:
                lines += ["*No data to chart.*", ""]
            else:
                from reports.charts import render_png

                assets.mkdir(parents=True, exist_ok=True)
                png, _ = render_png(block.kind, block.frame)
                path = assets / f"{block.key}.png"
                path.write_bytes(png)
                written.append(path)
                lines += [f"![{escape_md(block.title)}]({assets.name}/{path.name})", ""]
        elif isinstance(block, Table):
            lines += [*(_table(block.frame, block.numeric) if not block.frame.empty else ["*None reported.*"]), ""]
        if block.note:
            lines += [f"*{escape_md(block.note)}*", ""]
    text = "\n".join(lines).rstrip() + "\n"
    if output is None:
        sys.stdout.write(text)
        return written
    output.write_text(text, encoding="utf-8")
    return [output, *written]
