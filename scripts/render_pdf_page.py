#!/usr/bin/env python3
"""Render one page of a PDF to PNG, for a visual check or the README picture.

Usage:
    python scripts/render_pdf_page.py out/islamabad-comparison.pdf docs/images/compare-page1.png
    python scripts/render_pdf_page.py report.pdf page2.png --page 2 --dpi 110

Uses ``pdftoppm`` (poppler-utils: ``apt-get install -y poppler-utils``, ``brew install
poppler``) when it is on PATH, else ``pypdfium2`` if installed (``pip install pypdfium2``).
The README picture of the comparison's first page is made with ``make``-free one-liner::

    incidentdb report compare "Marriott 2008" "Islamabad court November 2025" \\
        "Islamabad imambargah February 2026" -o out/islamabad-comparison.pdf &&
    python scripts/render_pdf_page.py out/islamabad-comparison.pdf docs/images/compare-page1.png
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def render_with_pdftoppm(pdf: Path, png: Path, page: int, dpi: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(prefix)], check=True)
        shutil.move(str(prefix.with_suffix(".png")), png)


def render_with_pdfium(pdf: Path, png: Path, page: int, dpi: int) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    document[page - 1].render(scale=dpi / 72).to_pil().save(png)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--page", type=int, default=1, help="1-based page number (default 1)")
    parser.add_argument("--dpi", type=int, default=100, help="resolution (default 100)")
    args = parser.parse_args(argv)
    if not args.pdf.is_file():
        print(f"error: {args.pdf} does not exist", file=sys.stderr)
        return 1
    args.png.parent.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm"):
        render_with_pdftoppm(args.pdf, args.png, args.page, args.dpi)
    else:
        try:
            render_with_pdfium(args.pdf, args.png, args.page, args.dpi)
        except ImportError:
            print("error: neither pdftoppm (poppler-utils) nor pypdfium2 is installed", file=sys.stderr)
            return 1
    print(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
