"""The declarative base, the columns every record shares, and the date and time column types.

Every table carries a UUID (the identity used across case files) and created/updated
timestamps, so that exchange bundles can merge by UUID later. Integer keys are local.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

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
            raise errors.damaged_date(value) from exc

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
