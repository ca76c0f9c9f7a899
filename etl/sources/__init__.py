"""Sources: JSONL feeds, folders of .txt/.html reports, RSS/Atom feeds (by file or URL).

Each source module has one job: turn a container into :class:`~etl.sources.base.Item` and
:class:`~etl.sources.base.Rejected` records. :func:`etl.sources.open_source` picks the module
for a configured source.
"""

from etl.sources.base import Item, Rejected, SourceError

__all__ = ["Item", "Rejected", "SourceError"]
