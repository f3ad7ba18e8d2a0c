"""An incident's casualty totals: the one rule the list, reports, exports and verify all use.

A casualty kind's total is the overall row (no group) when there is one; otherwise the sum of
the rows broken down by group or nationality. An overall row is never added to its groups:
"12 killed in all, 4 of them Chinese nationals" is 12, not 16. With several overall rows
(not made by the editor, but possible in an import) the first in order counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from casefile.store.models import Casualty


class Counted(Protocol):
    """A casualty row as the editor, the ORM and plain values all have it."""

    @property
    def kind(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def low(self) -> int | None: ...
    @property
    def best(self) -> int: ...
    @property
    def high(self) -> int | None: ...


def total(rows: Iterable[Counted], kind: str) -> tuple[int, int, int]:
    """Low, best and high of a casualty kind: the overall row, else the sum of the groups."""
    counts = [c for c in rows if c.kind == kind]
    overall = [c for c in counts if not c.group]
    use = overall[:1] or counts
    return (
        sum(c.low or 0 for c in use),
        sum(c.best for c in use),
        sum(c.high or 0 for c in use),
    )


def best_sql(
    incident_id: ColumnElement[Any] | InstrumentedAttribute[int], kind: str
) -> ColumnElement[int]:
    """`total(...)[1]` as SQL for one incident, to check the stored figure against.

    The overall row first in order, else the sum of every row of the kind (then all are
    groups), else 0.
    """
    of_kind = (Casualty.incident_id == incident_id, Casualty.kind == kind)
    overall = (
        select(Casualty.best)
        .where(*of_kind, Casualty.group == "")
        .order_by(Casualty.position, Casualty.id)
        .limit(1)
        .scalar_subquery()
    )
    summed = select(func.sum(Casualty.best)).where(*of_kind).scalar_subquery()
    return func.coalesce(overall, summed, 0)
