"""Analysts' resolution decisions (merges and splits) and the slugs incidents used to have.

Resolution re-clusters mentions from scratch whenever new reports arrive, so an analyst's
"these two incidents are one attack" or "this report is about another attack" cannot be
stored as an incident id: incident rows come and go. A decision is stored instead as
constraints on *mention keys* (``source name | document external id | mention position``),
which survive re-runs and re-extraction of unchanged documents. Resolution reads the active
decisions and honours them (must-link / cannot-link) every time it clusters.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedAt, IntPK

DECISION_KINDS: tuple[str, ...] = ("merge", "split")
DECISION_SIDES: tuple[str, ...] = ("a", "b")


class ResolutionDecision(Base):
    """An analyst's merge of two incidents or split of reports out of an incident."""

    __tablename__ = "resolution_decisions"
    __table_args__ = (
        CheckConstraint("kind IN ('merge', 'split')", name="kind"),
        {"comment": "analysts' merges and splits, honoured by every later resolution"},
    )

    id: Mapped[IntPK]
    kind: Mapped[str] = mapped_column(String(10), comment="merge or split")
    incident_slug: Mapped[str | None] = mapped_column(
        String(200), comment="the incident the analyst acted on (as it was then), for the record"
    )
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[CreatedAt]
    is_active: Mapped[bool] = mapped_column(default=True, comment="false once the analyst withdrew it")

    mentions: Mapped[list[ResolutionDecisionMention]] = relationship(
        back_populates="decision", cascade="all, delete-orphan"
    )


class ResolutionDecisionMention(Base):
    """One mention a decision is about, on side a or b.

    merge: every mention (both sides) belongs to one incident. split: side ``a`` (the reports
    split out) forms its own incident and never joins side ``b`` (the rest).
    """

    __tablename__ = "resolution_decision_mentions"
    __table_args__ = (
        CheckConstraint("side IN ('a', 'b')", name="side"),
        Index(None, "mention_key"),
        {"comment": "mention keys (source|external id|position) a merge or split decision binds"},
    )

    id: Mapped[IntPK]
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("resolution_decisions.id", ondelete="CASCADE"), index=True
    )
    mention_key: Mapped[str] = mapped_column(String(1400), comment="source name|external id|position")
    side: Mapped[str] = mapped_column(String(1), comment="a or b")

    decision: Mapped[ResolutionDecision] = relationship(back_populates="mentions")


class IncidentSlugAlias(Base):
    """A slug an incident used to have, so links and scripts that used it still resolve."""

    __tablename__ = "incident_slug_aliases"
    __table_args__ = {"comment": "earlier slugs of incidents (slugs follow reconciled values)"}

    id: Mapped[IntPK]
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[CreatedAt]
