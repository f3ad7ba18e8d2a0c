"""Tables of sources, their reports, the citations that grade them, and attachments."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.store.models.base import Base, Record, SafeDate

if TYPE_CHECKING:
    # Relationships run both ways; SQLAlchemy finds the other side by name when mapping.
    from casefile.store.models.incidents import Incident


class Source(Record, Base):
    """A publisher or organisation, graded for reliability on the Admiralty scale (A–F)."""

    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint("reliability IN ('A', 'B', 'C', 'D', 'E', 'F')", name="reliability"),
    )

    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="other")
    reliability: Mapped[str] = mapped_column(String(1), default="F")
    country_code: Mapped[str | None] = mapped_column(String(2))
    url: Mapped[str | None] = mapped_column(String(2000))
    notes: Mapped[str] = mapped_column(Text, default="")

    reports: Mapped[list[SourceReport]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="SourceReport.published"
    )


class SourceReport(Record, Base):
    """One item from a source: an article, a statement, an advisory."""

    __tablename__ = "source_report"
    __table_args__ = (Index("ix_source_report_source", "source_id"),)

    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[date | None] = mapped_column(SafeDate)
    accessed: Mapped[date | None] = mapped_column(SafeDate)
    language: Mapped[str | None] = mapped_column(String(16))  # BCP 47, e.g. "tg", "fa-AF"
    excerpt: Mapped[str] = mapped_column(Text, default="")
    tlp: Mapped[str | None] = mapped_column(String(20))  # None: the case's marking

    source: Mapped[Source] = relationship(back_populates="reports", lazy="joined")
    citations: Mapped[list[Citation]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )


class Citation(Record, Base):
    """A source report's account of an incident, graded for credibility (1–6)."""

    __tablename__ = "citation"
    __table_args__ = (
        UniqueConstraint("incident_id", "report_id", name="incident_report"),
        CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility"),
        Index("ix_citation_report", "report_id"),
    )

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    report_id: Mapped[int] = mapped_column(ForeignKey("source_report.id", ondelete="CASCADE"))
    credibility: Mapped[int] = mapped_column(Integer, default=6)
    note: Mapped[str] = mapped_column(Text, default="")

    incident: Mapped[Incident] = relationship(back_populates="citations")
    report: Mapped[SourceReport] = relationship(back_populates="citations", lazy="joined")


class Blob(Base):
    """Attachment bytes, stored once per content; the SHA-256 is the identity."""

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(Record, Base):
    """A photo, saved web page or PDF statement, belonging to an incident or a source report."""

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint("(incident_id IS NULL) <> (report_id IS NULL)", name="one_owner"),
        Index("ix_attachment_incident", "incident_id"),
        Index("ix_attachment_report", "report_id"),
    )

    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_report.id", ondelete="CASCADE")
    )
    filename: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"))
    caption: Mapped[str] = mapped_column(Text, default="")
    tlp: Mapped[str | None] = mapped_column(String(20))  # None: the case's marking

    incident: Mapped[Incident | None] = relationship(back_populates="attachments")
    report: Mapped[SourceReport | None] = relationship(back_populates="attachments")
