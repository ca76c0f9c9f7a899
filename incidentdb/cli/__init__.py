"""The ``incidentdb`` command: one click group, one module per capability.

Subcommands are imported only when used (a lazy group), so ``incidentdb --help`` and
``incidentdb extract`` start fast and do not pay for reportlab, matplotlib or pandas.
Errors the user can act on are printed as one line on stderr with exit code 1 (2 for usage
errors); ``--debug`` shows the traceback as well.
"""

from __future__ import annotations

import importlib
import logging
import sys
import traceback

import click

from incidentdb import __version__
from incidentdb.cli.context import AppContext
from incidentdb.errors import IncidentDBError
from incidentdb.logs import setup_logging

#: command name -> "module:attribute" of the click command, imported on first use.
COMMANDS: dict[str, str] = {
    "db": "incidentdb.cli.db:db",
    "sql": "incidentdb.cli.sql:sql",
    "extract": "incidentdb.cli.extract:extract",
    "eval": "incidentdb.cli.extract:eval_command",
    "etl": "incidentdb.cli.etl:etl",
    "incident": "incidentdb.cli.incident:incident",
    "export": "incidentdb.cli.export:export",
    "import": "incidentdb.cli.imports:import_group",
    "report": "incidentdb.cli.report:report",
}


class _OneLineError(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.obj and ctx.obj.debug) or "--debug" in sys.argv


class LazyGroup(click.Group):
    """A click group whose subcommands live in modules imported on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's signature
        """Report errors as one line (exit 1); tracebacks only with --debug."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, BrokenPipeError):
            raise
        except IncidentDBError as exc:
            if _debug(ctx):
                traceback.print_exc()
            raise _OneLineError(str(exc), exc.exit_code) from exc
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if _debug(ctx):
                traceback.print_exc()
            raise _OneLineError(
                f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)", 1
            ) from exc

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="incidentdb")
@click.option(
    "--database",
    "-d",
    metavar="URL",
    help="Database URL or SQLite file path. Default: $INCIDENTDB_DATABASE_URL, then "
    "[database] url in incidentdb.toml, then ./incidentdb.db.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: ./incidentdb.toml if it exists).",
)
@click.option("--quiet", "-q", is_flag=True, help="Only warnings and errors on stderr; no progress bars.")
@click.option("--verbose", "-v", is_flag=True, help="Debug-level log messages.")
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Log lines as text or as JSON objects (for cron and log collectors).",
)
@click.option("--debug", is_flag=True, help="Show the full traceback of errors.")
@click.pass_context
def main(
    ctx: click.Context,
    database: str | None,
    config_path: str | None,
    quiet: bool,
    verbose: bool,
    log_format: str,
    debug: bool,
) -> None:
    """incidentdb: a terror-incident event database with ETL.

    \b
    Quick start (SQLite file ./incidentdb.db):
      incidentdb db upgrade                       create or migrate the schema
      incidentdb etl run                          load the configured sources
      incidentdb sql "SELECT * FROM incident_summary"
      incidentdb report compare "Marriott 2008" "Islamabad court November 2025" --format pdf -o cmp.pdf

    Run `incidentdb COMMAND --help` for the options and examples of each command.
    """
    setup_logging(level=logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO, fmt=log_format)
    ctx.obj = AppContext(database_option=database, config_path=config_path, quiet=quiet, debug=debug)


def entry_point() -> None:
    """Console-script entry point; a closed pipe (``| head``) is not an error."""
    try:
        main(prog_name="incidentdb")
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
