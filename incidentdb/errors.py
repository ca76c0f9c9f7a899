"""Errors that the command line reports as one clear line (no traceback without --debug)."""

from __future__ import annotations


class IncidentDBError(Exception):
    """An error the user can act on. ``hint`` says what to try."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(IncidentDBError):
    """The configuration file or environment is invalid."""


class DatabaseError(IncidentDBError):
    """The database is unreachable, at the wrong revision, or refused an operation."""


class ReadOnlyViolation(IncidentDBError):
    """``incidentdb sql`` was asked to change the database."""


class InputError(IncidentDBError):
    """An input file or feed cannot be read at all (as opposed to one bad record in it)."""
