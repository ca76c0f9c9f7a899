"""Dataset layouts: which columns a file must have, and a fast view of one row's cells.

Each dataset module declares a :class:`Dataset`: its source name, id column, the columns a
file must have to be read as that dataset (checked before anything is written), aliases
for columns that older releases name differently, and its transform. Column names are
matched case-insensitively (ACLED's older files are upper-case, GTD mixes both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from etl.imports.records import ImportRecord
from incidentdb.errors import InputError


class RowView:
    """The cells of one row, by lower-case column name, without building a dict per row."""

    __slots__ = ("fields", "index")

    def __init__(self, index: dict[str, int], fields: list[str]) -> None:
        self.index = index
        self.fields = fields

    def get(self, name: str, default: str | None = None) -> str | None:
        position = self.index.get(name)
        if position is None:
            return default
        return self.fields[position]

    def __getitem__(self, name: str) -> str:
        return self.fields[self.index[name]]

    def __contains__(self, name: str) -> bool:
        return name in self.index


Transform = Callable[[RowView, "TransformOptions"], ImportRecord]


@dataclass(frozen=True)
class TransformOptions:
    """Per-import switches a transform may consult."""

    all_event_types: bool = False


@dataclass(frozen=True)
class Dataset:
    key: str  # gtd | ucdp | acled (the crosswalk scope and the CLI subcommand)
    source_name: str  # the Source row's name: GTD, UCDP GED, ACLED
    label: str  # for messages: "Global Terrorism Database (GTD)"
    url: str
    id_column: str
    required: tuple[str, ...]
    transform: Transform
    version: str  # bump when the transform's output for the same row changes
    aliases: dict[str, str] = field(default_factory=dict)  # older column name -> current name

    @property
    def command(self) -> str:
        return f"import-{self.key}"

    def column_index(self, columns: Iterable[str]) -> dict[str, int]:
        """Position of each (lower-case) column, with old names also under their new name."""
        index: dict[str, int] = {}
        for position, name in enumerate(columns):
            index.setdefault(name, position)
        for old, new in self.aliases.items():
            if old in index and new not in index:
                index[new] = index[old]
        return index

    def missing_columns(self, columns: Iterable[str]) -> list[str]:
        index = self.column_index(columns)
        return [name for name in self.required if name not in index]


def check_layout(dataset: Dataset, columns: list[str], path: str, others: Iterable[Dataset]) -> dict[str, int]:
    """The column index of a file in ``dataset``'s layout, or an :class:`InputError`.

    The error names the missing columns and, when the file is another dataset's layout,
    the command that reads it: an ACLED export given to ``import gtd`` is refused before
    anything is written.
    """
    missing = dataset.missing_columns(columns)
    if not missing:
        duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
        if duplicates:
            raise InputError(f"{path}: duplicate column names {', '.join(duplicates)}; each column must be named once")
        return dataset.column_index(columns)
    hint = None
    for other in others:
        if other.key != dataset.key and not other.missing_columns(columns):
            article = "an" if other.label[0] in "AEIO" else "a"
            hint = f"it looks like {article} {other.label} file: use `incidentdb import {other.key}`"
            break
    if hint is None:
        hint = f"expected the {dataset.label} codebook layout; see docs/imports.md"
    shown = ", ".join(missing)
    raise InputError(f"{path} is not a {dataset.label} file: missing columns {shown}", hint=hint)
