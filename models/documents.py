"""Where the data comes from: sources, their documents, and the HTTP fetch cache."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedAt, IntPK, LongText, Name, Payload, Timestamp, UpdatedAt
from models.vocab import DOCUMENT_KINDS, DOCUMENT_STATUSES, SOURCE_KINDS, sql_in


class Source(Base):
    """A news outlet, a feed, or a dataset (GTD, UCDP GED, ACLED) that documents come from."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint(sql_in("kind", SOURCE_KINDS), name="kind"),
        {"comment": "news outlets, feeds and datasets that documents come from"},
    )

    id: Mapped[IntPK]
    name: Mapped[Name] = mapped_column(unique=True, comment="outlet or dataset name, e.g. Dawn, GTD")
    kind: Mapped[str] = mapped_column(String(20), comment="news, feed, dataset or analyst")
    url: Mapped[str | None] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[CreatedAt]

    documents: Mapped[list[Document]] = relationship(back_populates="source")


class Document(Base):
    """One report (article, wire item, page) or one dataset row, with its text and provenance.

    The natural key is (source, external id): the feed's ``id``, the article URL, the GTD
    ``eventid``, the UCDP ``id`` or the ACLED ``event_id_cnty``. ``content_sha256`` lets the
    ETL skip unchanged texts and recognise syndicated copies.
    """

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("source_id", "external_id"),
        CheckConstraint(sql_in("kind", DOCUMENT_KINDS), name="kind"),
        CheckConstraint(sql_in("status", DOCUMENT_STATUSES), name="status"),
        Index(None, "content_sha256"),
        Index(None, "published_at"),
        {"comment": "reports and dataset rows; unique on (source_id, external_id)"},
    )

    id: Mapped[IntPK]
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="RESTRICT"))
    external_id: Mapped[str] = mapped_column(
        String(1000), comment="the document's id within its source (feed id, URL, dataset row id)"
    )
    kind: Mapped[str] = mapped_column(String(20), default="report", comment="report or dataset_record")
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(1000))
    published_at: Mapped[Timestamp | None] = mapped_column(
        comment="publication time (UTC); date-only inputs are stored at 00:00"
    )
    retrieved_at: Mapped[Timestamp | None] = mapped_column(comment="when incidentdb read it")
    content_sha256: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the text, hex")
    text: Mapped[LongText | None]
    raw_record: Mapped[Payload | None] = mapped_column(
        comment="the original dataset row (column -> value) for dataset_record documents"
    )
    status: Mapped[str] = mapped_column(String(20), default="pending", comment="pending, extracted or failed")
    status_detail: Mapped[str | None] = mapped_column(String(2000), comment="why extraction failed")
    extracted_at: Mapped[Timestamp | None]
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]

    source: Mapped[Source] = relationship(back_populates="documents")


class HttpCacheEntry(Base):
    """Validators of the last fetch of a URL, for conditional GET (ETag / Last-Modified)."""

    __tablename__ = "http_cache"
    __table_args__ = {"comment": "ETag/Last-Modified of fetched feeds and pages, for conditional GET"}

    id: Mapped[IntPK]
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100), comment="the server's header, verbatim")
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    status_code: Mapped[int | None]
    fetched_at: Mapped[Timestamp | None]
