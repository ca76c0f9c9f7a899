#!/usr/bin/env python3
"""Build a scratch database with the test factory's sample incidents and write the comparison PDF.

Until the bundled sample data and ``incidentdb etl run`` land, this gives the README picture
something realistic to show:

    python scripts/sample_comparison.py out/islamabad-comparison.pdf &&
    python scripts/render_pdf_page.py out/islamabad-comparison.pdf docs/images/compare-page1.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from incidentdb import migrate  # noqa: E402
from incidentdb.cli import main as cli  # noqa: E402
from incidentdb.db import make_engine  # noqa: E402
from tests.factories import populate_sample  # noqa: E402


def main() -> int:
    output = sys.argv[1] if len(sys.argv) > 1 else "out/islamabad-comparison.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/sample.db"
        engine = make_engine(url)
        migrate.upgrade(engine)
        populate_sample(engine)
        engine.dispose()
        cli(["--database", url, "report", "compare", "Marriott 2008", "Islamabad court November 2025",
             "Islamabad imambargah February 2026", "--format", "pdf", "--output", output], standalone_mode=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
