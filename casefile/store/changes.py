"""What an operation changed: the rows it wrote, and the records named for the views.

Apart from the transaction helper (casefile.store.transaction), with no SQLAlchemy here:
the app's views name these before the case file is open (issue #16).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class RowChange:
    """One row written: `before` is None for an insert, `after` None for a delete."""

    table: str
    key: Row
    before: Row | None
    after: Row | None
    # `after` was read back from the database once every write of the transaction was
    # done: a commit hook need not read the row again.
    stored: bool = field(default=False, compare=False)

    def inverse(self) -> RowChange:
        """The change that undoes this one."""
        return RowChange(self.table, self.key, self.after, self.before)


@dataclass(frozen=True)
class Changes:
    """What an operation changed, by UUID, so each view refreshes only what it must."""

    name: str = ""
    incidents: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    source_reports: frozenset[str] = frozenset()
    tables: frozenset[str] = frozenset()
    created: str | None = None
    deleted: frozenset[str] = frozenset()
    rows: tuple[RowChange, ...] = field(default=(), repr=False)

    def __bool__(self) -> bool:
        return bool(self.rows)
