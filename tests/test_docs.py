"""The README is part of the product: its commands must stay true."""

from __future__ import annotations

import re

import click

from incidentdb.cli import main
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _code_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_the_two_quickstart_commands() -> None:
    before_contents = README.split("## Contents")[0]
    blocks = re.findall(r"```sh\n(.*?)```", before_contents, flags=re.S)
    assert len(blocks) == 2
    main_job, tests = (b.strip() for b in blocks)
    assert "pip install" in main_job and "incidentdb db upgrade" in main_job and "incidentdb etl run" in main_job
    assert "pip install" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = _code_blocks()[1].strip()
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_every_command_is_documented() -> None:
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert f"incidentdb {name}" in README, f"`incidentdb {name}` is not in README.md"
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                assert f"incidentdb {name} {sub}" in README, f"`incidentdb {name} {sub}` is not in README.md"
