"""SQLAlchemy 2.0 declarative models of the incidentdb schema.

Import the tables from here (``from models import Incident``). ``Base.metadata`` is what
Alembic compares the migrations against.

The table modules (and SQLAlchemy) are imported on first use of any name below, all at once,
so that every table is registered with ``Base.metadata`` and every relationship can find its
target class. ``models.vocab`` (the controlled vocabularies, plain Python) does not need them:
the extractor imports it without paying half a second for SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Exported name -> the module that defines it.
_EXPORTS = {
    "NAMING_CONVENTION": "models.base",
    "Base": "models.base",
    "Document": "models.documents",
    "HttpCacheEntry": "models.documents",
    "Source": "models.documents",
    "Attribution": "models.incidents",
    "CasualtyReport": "models.incidents",
    "Incident": "models.incidents",
    "Location": "models.incidents",
    "Mention": "models.incidents",
    "Override": "models.incidents",
    "Actor": "models.reference",
    "ActorAlias": "models.reference",
    "Admin1Division": "models.reference",
    "Country": "models.reference",
    "IncidentSlugAlias": "models.resolution",
    "ResolutionDecision": "models.resolution",
    "ResolutionDecisionMention": "models.resolution",
    "EtlRun": "models.runs",
    "RejectedRecord": "models.runs",
}

__all__ = [
    "NAMING_CONVENTION",
    "Actor",
    "ActorAlias",
    "Admin1Division",
    "Attribution",
    "Base",
    "CasualtyReport",
    "Country",
    "Document",
    "EtlRun",
    "HttpCacheEntry",
    "Incident",
    "IncidentSlugAlias",
    "Location",
    "Mention",
    "Override",
    "RejectedRecord",
    "ResolutionDecision",
    "ResolutionDecisionMention",
    "Source",
]
assert sorted(__all__) == sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import every table module on first use of an exported name (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'models' has no attribute {name!r}")
    for module in dict.fromkeys(_EXPORTS.values()):
        loaded = importlib.import_module(module)
        globals().update({n: getattr(loaded, n) for n, m in _EXPORTS.items() if m == module})
    return globals()[name]


if TYPE_CHECKING:  # for type checkers and editors: the names as if imported eagerly
    from models.base import NAMING_CONVENTION, Base
    from models.documents import Document, HttpCacheEntry, Source
    from models.incidents import Attribution, CasualtyReport, Incident, Location, Mention, Override
    from models.reference import Actor, ActorAlias, Admin1Division, Country
    from models.resolution import IncidentSlugAlias, ResolutionDecision, ResolutionDecisionMention
    from models.runs import EtlRun, RejectedRecord
