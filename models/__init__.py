"""SQLAlchemy 2.0 declarative models of the incidentdb schema.

Import the tables from here (``from models import Incident``). ``Base.metadata`` is what
Alembic compares the migrations against.
"""

from models.base import NAMING_CONVENTION, Base
from models.documents import Document, HttpCacheEntry, Source
from models.incidents import Attribution, CasualtyReport, Incident, Location, Mention, Override
from models.reference import Actor, ActorAlias, Admin1Division, Country
from models.resolution import IncidentSlugAlias, ResolutionDecision, ResolutionDecisionMention
from models.runs import EtlRun, RejectedRecord

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
