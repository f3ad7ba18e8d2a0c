"""Tables of an incident and its parts: actors and their roles, casualties, tags, links."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.store.models.base import Base, Record, SafeDate

if TYPE_CHECKING:
    # Relationships run both ways; SQLAlchemy finds the other side by name when mapping.
    from casefile.store.models.sources import Attachment, Citation


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
