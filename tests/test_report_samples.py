"""The README's main job ends with a comparison of three Islamabad attacks: it must work on
the bundled sample reports, loaded by ``incidentdb etl run``, on both backends."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from reports.frames import read_frame
from reports.incidents import resolve_incidents
from reports.views import INCIDENT_SUMMARY
from tests.conftest import REPO_ROOT

PHRASES = ("Marriott 2008", "Islamabad court November 2025", "Islamabad imambargah February 2026")
CONFIG = REPO_ROOT / "incidentdb.toml"


def test_the_readme_comparison_works_on_the_bundled_samples(cli, engine, tmp_path) -> None:  # noqa: ANN001
    if not CONFIG.is_file() or not (REPO_ROOT / "examples").is_dir():
        pytest.skip("the bundled sample reports are not on this branch")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert " ".join(f'"{p}"' for p in PHRASES) in readme, "the README's main command uses other phrases"
    loaded = cli("--config", str(CONFIG), "etl", "run")
    assert loaded.exit_code == 0, loaded.output

    ids = resolve_incidents(engine, PHRASES)
    with engine.connect() as conn:
        incidents = read_frame(conn, select(INCIDENT_SUMMARY).where(INCIDENT_SUMMARY.c.incident_id.in_(ids)))
    incidents = incidents.set_index("incident_id").loc[ids]
    assert incidents["date_start"].dt.date.astype(str).tolist() == ["2008-09-20", "2025-11-11", "2026-02-06"]
    assert set(incidents["city"]) == {"Islamabad"}

    out = tmp_path / "out" / "islamabad-comparison.pdf"
    result = cli("report", "compare", *PHRASES, "--format", "pdf", "--output", str(out))
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for row in incidents.itertuples():
        assert row.slug.replace("-", "") in text.replace("-", "").replace(" ", "")
        if not pd.isna(row.killed_best):
            assert f"{int(row.killed_best)}" in text
        for claimant in (row.claimed_by or "").split("; "):
            assert claimant in text
    assert f"Page 1 of {len(reader.pages)}" in text
