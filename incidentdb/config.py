"""Configuration: where the database is, and the ``incidentdb.toml`` file.

The database URL is taken from, in order:

1. the ``--database`` option of the command;
2. the ``INCIDENTDB_DATABASE_URL`` environment variable;
3. ``[database] url`` in the configuration file (``incidentdb.toml`` in the working
   directory, or the file given with ``--config``);
4. the default, a SQLite file ``incidentdb.db`` in the working directory.

A bare file path (``data/incidents.db``) means a SQLite file; ``postgresql://`` and
``postgres://`` URLs use the psycopg 3 driver.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentdb.errors import ConfigError

if TYPE_CHECKING:  # SQLAlchemy is imported when a URL is made (not by `incidentdb extract`)
    from sqlalchemy.engine import URL

ENV_DATABASE_URL = "INCIDENTDB_DATABASE_URL"
DEFAULT_CONFIG_FILE = "incidentdb.toml"
DEFAULT_SQLITE_FILE = "incidentdb.db"


@dataclass(frozen=True)
class Config:
    """The parsed configuration file (empty when there is none)."""

    path: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def database_url(self) -> str | None:
        return (self.data.get("database") or {}).get("url")

    def section(self, name: str) -> Any:
        return self.data.get(name)


def load_config(path: str | Path | None = None) -> Config:
    """Read ``path`` (must exist) or ``./incidentdb.toml`` (optional)."""
    explicit = path is not None
    candidate = Path(path) if explicit else Path.cwd() / DEFAULT_CONFIG_FILE
    if not candidate.exists():
        if explicit:
            raise ConfigError(f"configuration file {candidate} does not exist")
        return Config()
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{candidate}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{candidate}: cannot read: {exc.strerror}") from exc
    database = data.get("database", {})
    if not isinstance(database, dict) or not isinstance(database.get("url", ""), str):
        raise ConfigError(f"{candidate}: [database] must be a table with a string 'url'")
    return Config(path=candidate, data=data)


def normalize_database_url(value: str) -> URL:
    """Turn what a user may type into a SQLAlchemy URL.

    ``incidents.db`` -> ``sqlite:///incidents.db``; ``postgresql://u@h/db`` and
    ``postgres://...`` -> ``postgresql+psycopg://...``.
    """
    text = value.strip()
    if not text:
        raise ConfigError("the database URL is empty")
    if "://" not in text:
        text = "sqlite:///" + text
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(
            f"cannot parse database URL {value!r}",
            hint="use sqlite:///path/to/file.db or postgresql://user@host:5432/dbname",
        ) from exc
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"unsupported database {url.get_backend_name()!r} in {value!r}",
            hint="incidentdb supports SQLite and PostgreSQL",
        )
    return url


def resolve_database_url(option: str | None = None, config: Config | None = None) -> URL:
    """The database URL by the precedence documented in this module."""
    for candidate in (option, os.environ.get(ENV_DATABASE_URL), config.database_url if config else None):
        if candidate:
            return normalize_database_url(candidate)
    return normalize_database_url(DEFAULT_SQLITE_FILE)
