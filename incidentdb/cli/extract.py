"""``incidentdb extract`` (reports -> incident mentions, JSON Lines) and ``incidentdb eval``.

Neither command needs a database. Both are thin layers over :mod:`etl.extract`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

#: Scores the extractor must keep on ../shared/corpus (raise them when scores improve).
BASELINE_FILE = Path(__file__).resolve().parents[2] / "etl" / "extract" / "baseline.json"


def _published_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


@click.command(
    "extract",
    epilog="""\b
Examples:
  incidentdb extract ../shared/corpus/documents.jsonl > mentions.jsonl
  incidentdb extract report.txt page.html --published 2026-02-07
  incidentdb extract big-feed.jsonl --jobs 4 | jq .mentions

Exit status: 0 when every input line was extracted; 1 when some lines were skipped
(each is reported on stderr as FILE:LINE: skipped: REASON) or a document failed.""",
)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date for .txt/.html inputs (the anchor for 'on Friday').")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--pretty", is_flag=True, help="Indent the JSON (one document per block instead of per line).")
def extract(inputs: tuple[Path, ...], published: str | None, jobs: int, pretty: bool) -> None:
    """Turn news reports into structured incident mentions (JSON Lines on stdout).

    INPUTS are JSON Lines feeds (id, text, published, title, source, url per line) and/or
    .txt/.html reports. One output object per input document, in input order, with the
    fields of the interchange contract (spec §2): date, place, killed, wounded, attack and
    target type, claims, denials and blame, each with its evidence span.
    """
    from etl.extract import extract_many
    from etl.extract.inputs import BadLine, read_inputs

    anchor = _published_option(published)
    problems = {"bad": 0, "failed": 0}

    def documents() -> Iterator:
        for item in read_inputs(list(inputs), anchor):
            if isinstance(item, BadLine):
                problems["bad"] += 1
                click.echo(str(item), err=True)
                continue
            yield item

    out = sys.stdout
    for result in extract_many(documents(), jobs=jobs):
        if isinstance(result, Exception):
            problems["failed"] += 1
            click.echo(f"extraction failed: {type(result).__name__}: {result}", err=True)
            continue
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2 if pretty else None) + "\n")
        out.flush() if pretty else None
    if problems["bad"] or problems["failed"]:
        click.echo(f"{problems['bad']} line(s) skipped, {problems['failed']} document(s) failed", err=True)
        sys.exit(1)


@click.command(
    "eval",
    epilog="""\b
Examples:
  incidentdb eval ../shared/corpus
  incidentdb eval ../shared/corpus --details | less
  incidentdb eval ../shared/corpus --check-baseline     (CI: exit 1 below the floors)""",
)
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--details", "-v", is_flag=True, help="List every mismatch, document by document.")
@click.option("--check-baseline", is_flag=True, help=f"Exit 1 if a score is below its floor in {BASELINE_FILE.name}.")
@click.option("--update-baseline", is_flag=True, help="Raise the recorded floors to the current scores (never lowers them).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object instead of the table.")
def eval_command(corpus_dir: Path, details: bool, check_baseline: bool, update_baseline: bool, as_json: bool) -> None:
    """Score the extractor against a gold corpus (STEM.txt + STEM.json per document).

    Prints mention precision and recall (all, primary, referenced) and per-field accuracy
    over matched mentions; the last 20 lines are the summary.
    """
    from etl.extract import extract
    from etl.extract.evaluate import check_floors, evaluate, summary_lines

    report = evaluate(corpus_dir, lambda doc: extract(doc).mentions)
    if report.documents == 0:
        raise click.ClickException(f"no gold documents (STEM.json with 'mentions') in {corpus_dir}")
    if as_json:
        click.echo(json.dumps({"documents": report.documents, **report.scores()}, indent=2))
    else:
        if details:
            for line in report.details:
                click.echo(line)
            click.echo("")
        for line in summary_lines(report, str(corpus_dir)):
            click.echo(line)
    floors = json.loads(BASELINE_FILE.read_text("utf-8")) if BASELINE_FILE.exists() else {}
    if update_baseline:
        scores = report.scores()
        raised = {k: max(floors.get(k, 0.0), v) for k, v in scores.items()}
        BASELINE_FILE.write_text(json.dumps(raised, indent=2, sort_keys=True) + "\n", "utf-8")
        click.echo(f"baseline written to {BASELINE_FILE}", err=True)
    if check_baseline:
        failures = check_floors(report, floors)
        for failure in failures:
            click.echo(f"below baseline: {failure}", err=True)
        if failures:
            sys.exit(1)
