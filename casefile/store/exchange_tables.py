"""Tables of the exchange with headquarters: peers, merge bases, conflicts, bundles received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casefile.store.models import Base, Record, UTCDateTime


class ExchangePeer(Record, Base):
    """Someone bundles are written for (a key or a name): when the last one was written."""

    __tablename__ = "exchange_peer"

    name: Mapped[str] = mapped_column(String(500), unique=True)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SentDigest(Base):
    """What a peer was last sent of a record, so the next bundle holds only what changed."""

    __tablename__ = "sent_digest"

    peer_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_peer.id", ondelete="CASCADE"), primary_key=True
    )
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))


class MergeBase(Base):
    """A record's content digest as last exchanged: what "changed since" is measured from."""

    __tablename__ = "merge_base"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))


class MergeConflict(Record, Base):
    """A record edited on both sides since the last exchange: both versions, to resolve."""

    __tablename__ = "merge_conflict"

    kind: Mapped[str] = mapped_column(String(32))  # incident, source, source_report, ...
    record_uuid: Mapped[str] = mapped_column(String(36), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    ours: Mapped[dict[str, object]] = mapped_column(JSON)
    theirs: Mapped[dict[str, object]] = mapped_column(JSON)
    bundle_id: Mapped[str] = mapped_column(String(36))


class BundleReceived(Record, Base):
    """A bundle imported: its id (so it is never applied twice) and what it did."""

    __tablename__ = "bundle_received"

    bundle_id: Mapped[str] = mapped_column(String(36), unique=True)
    sender: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
