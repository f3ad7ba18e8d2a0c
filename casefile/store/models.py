"""ORM tables: incidents, actors, casualties, sources, reports, attachments and links.

Every table carries a UUID (the identity used across case files) and created/updated
timestamps, so that exchange bundles can merge by UUID later. Integer keys are local.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from casefile import errors

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    """A fresh random UUID in its canonical text form."""
    return str(uuid_module.uuid4())


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and gives them back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        """Parse stored text ourselves: a garbled value is `Corrupt`, not a ValueError."""
        return _checked(datetime.fromisoformat, lambda v: self.process_result_value(v, dialect))


class SafeDate(TypeDecorator[date]):
    """A date stored as ISO text; a garbled value (another tool, a damaged page) is `Corrupt`."""

    impl = Date
    cache_ok = True

    @property
    def python_type(self) -> type:
        """A date, as for SQLAlchemy's Date (readers of the schema ask for it)."""
        return date

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        """Parse stored text ourselves (SQLAlchemy's parser raises ValueError)."""
        return _checked(date.fromisoformat, lambda v: v)


def _checked(parse: Any, then: Any) -> Any:
    def process(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            return then(value)
        try:
            return then(parse(value))
        except ValueError as exc:
            raise errors.Corrupt(
                f"A stored date {value[:40]!r} is damaged; run casefile verify, or restore "
                "the case from a backup copy"
            ) from exc

    return process


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention for batch migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record:
    """Columns every table shares: local key, UUID and timestamps."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Raised by every ORM write (SQLAlchemy's version counter), so a write or an undo made
    # from an older reading of the row is refused instead of undoing another handle's change.
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Incident(Record, Base):
    """One security event, coded compatibly with ACLED where ACLED has a field."""

    __tablename__ = "incident"
    __table_args__ = (
        CheckConstraint("time_precision BETWEEN 1 AND 3", name="time_precision"),
        CheckConstraint("geo_precision IS NULL OR geo_precision BETWEEN 1 AND 3", name="geo_prec"),
        CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name="longitude"),
        CheckConstraint("status IN ('draft', 'reviewed')", name="status"),
        CheckConstraint("killed >= 0", name="killed"),
        Index("ix_incident_event_date", "event_date"),
        Index("ix_incident_country_admin1", "country_code", "admin1"),
        Index("ix_incident_event_type", "event_type", "sub_event_type"),
        Index("ix_incident_killed", "killed"),
        Index("ix_incident_status", "status"),
        Index("ix_incident_title", "title"),
        Index("ix_incident_location", "location"),
        Index("ix_incident_source_count", "source_count"),
    )

    title: Mapped[str] = mapped_column(String(500))
    event_date: Mapped[date] = mapped_column(SafeDate)
    event_time: Mapped[time | None] = mapped_column(Time)
    time_precision: Mapped[int] = mapped_column(Integer, default=1)
    timezone: Mapped[str | None] = mapped_column(String(64))
    reported_date: Mapped[date | None] = mapped_column(SafeDate)

    disorder_type: Mapped[str | None] = mapped_column(String(64))
    event_type: Mapped[str | None] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(64))

    country_code: Mapped[str | None] = mapped_column(String(2))
    country: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    admin3: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)

    claim_status: Mapped[str] = mapped_column(String(16), default="unknown")
    narrative: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # Best estimate of all killed and the number of citing reports, kept in step by the
    # save operations so that a list of a million incidents sorts on them without a join.
    killed: Mapped[int] = mapped_column(Integer, default=0)
    source_count: Mapped[int] = mapped_column(Integer, default=0)

    acled_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    acled_source: Mapped[str | None] = mapped_column(Text)
    acled_source_scale: Mapped[str | None] = mapped_column(String(100))
    acled_timestamp: Mapped[int | None] = mapped_column(Integer)
    # Where an import found it: UCDP's id or a row hash, and the file's own codes as written.
    import_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    import_codes: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # TLP 2.0 marking; None means the case's own (`markings.case_marking`).
    tlp: Mapped[str | None] = mapped_column(String(20))

    created_by: Mapped[str | None] = mapped_column(String(100))
    updated_by: Mapped[str | None] = mapped_column(String(100))

    actors: Mapped[list[IncidentActor]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="IncidentActor.position"
    )
    casualties: Mapped[list[Casualty]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="Casualty.position"
    )
    tags: Mapped[list[IncidentTag]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="IncidentTag.tag"
    )
    citations: Mapped[list[Citation]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )


class Actor(Record, Base):
    """A named party (armed group, state force, company, community), shared across incidents."""

    __tablename__ = "actor"

    name: Mapped[str] = mapped_column(String(300), unique=True)
    inter_code: Mapped[int | None] = mapped_column(Integer)

    roles: Mapped[list[IncidentActor]] = relationship(back_populates="actor")


class IncidentActor(Record, Base):
    """An actor's part in one incident: perpetrator, target, claimed by or suspected."""

    __tablename__ = "incident_actor"
    __table_args__ = (
        CheckConstraint(
            "role IN ('perpetrator', 'target', 'claimed_by', 'suspected')", name="role"
        ),
        Index("ix_incident_actor_actor", "actor_id", "role"),
        # Loading an incident's actors (and reindexing it for search) looks them up by incident.
        Index("ix_incident_actor_incident", "incident_id"),
    )

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"))
    role: Mapped[str] = mapped_column(String(16))
    # True for ACLED's "associated actor" of a side (assoc_actor_1/2).
    associated: Mapped[bool] = mapped_column(default=False)
    inter_code: Mapped[int | None] = mapped_column(Integer)
    likelihood: Mapped[str | None] = mapped_column(String(32))  # ICD 203 term, for suspicions
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    incident: Mapped[Incident] = relationship(back_populates="actors")
    actor: Mapped[Actor] = relationship(back_populates="roles", lazy="joined")


class Casualty(Record, Base):
    """Killed, injured or abducted: low/best/high, for all or for one group or nationality."""

    __tablename__ = "casualty"
    __table_args__ = (
        CheckConstraint("kind IN ('killed', 'injured', 'abducted')", name="kind"),
        CheckConstraint("low >= 0 AND best >= low AND high >= best", name="range"),
        Index("ix_casualty_incident", "incident_id"),
    )

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    # Empty for a total; otherwise who they were ("Chinese nationals", "Tajik border guards").
    group: Mapped[str] = mapped_column(String(200), default="")
    nationality: Mapped[str | None] = mapped_column(String(2))  # ISO 3166 alpha-2
    low: Mapped[int] = mapped_column(Integer, default=0)
    best: Mapped[int] = mapped_column(Integer, default=0)
    high: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    incident: Mapped[Incident] = relationship(back_populates="casualties")


class IncidentTag(Record, Base):
    """A free tag on an incident."""

    __tablename__ = "incident_tag"
    __table_args__ = (
        UniqueConstraint("incident_id", "tag", name="incident_tag"),
        Index("ix_incident_tag_tag", "tag"),
    )

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(100))

    incident: Mapped[Incident] = relationship(back_populates="tags")


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


class IncidentLink(Record, Base):
    """A relation between two incidents: the same event reported twice, or part of a series."""

    __tablename__ = "incident_link"
    __table_args__ = (
        UniqueConstraint("from_id", "to_id", "kind", name="pair"),
        CheckConstraint("from_id <> to_id", name="not_self"),
        CheckConstraint("kind IN ('duplicate', 'series', 'related')", name="kind"),
    )

    from_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class SavedSearch(Record, Base):
    """A named search: query text and filters, to be rerun."""

    __tablename__ = "saved_search"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    query: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class Report(Record, Base):
    """A situation report's options and the analyst's text, kept so it can be reissued."""

    __tablename__ = "report"

    template: Mapped[str] = mapped_column(String(32), default="sitrep")
    title: Mapped[str] = mapped_column(String(500))
    number: Mapped[str] = mapped_column(String(100), default="")
    options: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    bluf: Mapped[str] = mapped_column(Text, default="")
    key_judgments: Mapped[str] = mapped_column(Text, default="")
    outlook: Mapped[str] = mapped_column(Text, default="")
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Setting(Base):
    """Key/value facts about the case file itself (its name, who made it)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Place(Record, Base):
    """A place the analyst added (a district, a border post, a mine): suggested with the
    gazetteer's. `folded` is the name folded for lookup (casefile.places.gazetteer.key)."""

    __tablename__ = "place"
    __table_args__ = (
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude"),
    )

    name: Mapped[str] = mapped_column(String(200))
    folded: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(100), default="")
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    country_code: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
