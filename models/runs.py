"""Runs of the ETL and the importers, and the records they could not load."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, IntPK, LongText, Timestamp
from models.vocab import RUN_STATUSES, sql_in


class EtlRun(Base):
    """One ``incidentdb etl run`` or ``incidentdb import``, with what it saw and did."""

    __tablename__ = "etl_runs"
    __table_args__ = (
        CheckConstraint(sql_in("status", RUN_STATUSES), name="status"),
        Index(None, "started_at"),
        {"comment": "one row per ETL or import run, with its counts"},
    )

    id: Mapped[IntPK]
    command: Mapped[str] = mapped_column(String(40), comment="etl, import-gtd, import-ucdp, import-acled")
    arguments: Mapped[str | None] = mapped_column(String(4000), comment="sources or files the run read")
    started_at: Mapped[Timestamp]
    finished_at: Mapped[Timestamp | None]
    status: Mapped[str] = mapped_column(String(10), default="running")
    documents_seen: Mapped[int] = mapped_column(default=0)
    documents_new: Mapped[int] = mapped_column(default=0)
    documents_updated: Mapped[int] = mapped_column(default=0)
    documents_unchanged: Mapped[int] = mapped_column(default=0)
    documents_rejected: Mapped[int] = mapped_column(default=0)
    incidents_created: Mapped[int] = mapped_column(default=0)
    incidents_updated: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(String(4000), comment="summary or the error that stopped it")
    hostname: Mapped[str | None] = mapped_column(String(200))
    pid: Mapped[int | None]


class RejectedRecord(Base):
    """An input record that could not be loaded, kept with the reason for review."""

    __tablename__ = "rejected_records"
    __table_args__ = {"comment": "bad input records with the error; the run went on without them"}

    id: Mapped[IntPK]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("etl_runs.id", ondelete="SET NULL"), index=True)
    source_name: Mapped[str | None] = mapped_column(String(300), comment="configured source or dataset")
    input_name: Mapped[str | None] = mapped_column(String(2000), comment="file path or URL")
    line_number: Mapped[int | None] = mapped_column(comment="1-based line (or row) in the input")
    record_id: Mapped[str | None] = mapped_column(String(1000), comment="the record's own id, when it has one")
    raw_payload: Mapped[LongText | None] = mapped_column(comment="the record as read")
    error: Mapped[str] = mapped_column(String(4000))
    created_at: Mapped[CreatedAt]
    resolved_at: Mapped[Timestamp | None] = mapped_column(comment="set when an analyst has dealt with it")
