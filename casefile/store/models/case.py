"""Tables of the case's own: settings, saved searches, stored reports, added places, history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casefile.store.models.base import Base, Record, UTCDateTime


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


class HistoryEntry(Base):
    """One change to one record, append-only and hash-chained (casefile.protect.history)."""

    __tablename__ = "history"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete, baseline
    table_name: Mapped[str] = mapped_column(String(40))
    record: Mapped[str] = mapped_column(Text, index=True)  # the row's uuid (or key)
    incident: Mapped[str | None] = mapped_column(String(36), index=True)
    changes: Mapped[str] = mapped_column(Text)  # JSON {field: [old, new]}
    state: Mapped[str | None] = mapped_column(String(64))  # hash of the row after; None: gone
    hash: Mapped[str] = mapped_column(String(64))
