"""Writing documents and what was extracted from them: mentions, the figures ledger, attributions."""

from etl.load.documents import BatchOutcome, DocumentLoader

__all__ = ["BatchOutcome", "DocumentLoader"]
