"""Casualty figures of an incident: low, best and high, overall or by group and nationality."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from casefile.records import taxonomy
from casefile.records.incidents import CasualtyCount
from ui.row_table import Choice, Column, RowsTable

KINDS: list[Choice] = [(kind.capitalize(), kind) for kind in taxonomy.CASUALTY_KINDS]


def _number(value: object) -> int:
    try:
        return max(0, int(str(value)))
    except ValueError:
        return 0


def _set_kind(count: CasualtyCount, value: object) -> None:
    count.kind = str(value)


def _set_group(count: CasualtyCount, value: object) -> None:
    count.group = str(value or "").strip()


def _set_nationality(count: CasualtyCount, value: object) -> None:
    text = str(value or "").strip().upper()
    count.nationality = text or None


def _set_low(count: CasualtyCount, value: object) -> None:
    count.low = _number(value)


def _set_best(count: CasualtyCount, value: object) -> None:
    best = _number(value)
    # A bare figure moves the range with it, so typing only "best" never fails low ≤ best ≤ high.
    if count.low == count.best or (count.low or 0) > best:
        count.low = best
    if count.high == count.best or (count.high or 0) < best:
        count.high = best
    count.best = best


def _set_high(count: CasualtyCount, value: object) -> None:
    count.high = _number(value)


COLUMNS: list[Column[CasualtyCount]] = [
    Column("Kind", lambda c: c.kind, _set_kind, choices=lambda c: KINDS),
    Column("Group (empty for the total)", lambda c: c.group, _set_group),
    Column("Nationality (ISO)", lambda c: c.nationality, _set_nationality),
    Column("Low", lambda c: c.low, _set_low),
    Column("Best", lambda c: c.best, _set_best),
    Column("High", lambda c: c.high, _set_high),
]


class CasualtyTable(RowsTable):
    """Killed, injured and abducted, each as a total and broken down by group."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            COLUMNS,
            lambda: CasualtyCount(kind="killed", best=0),
            name="Casualties",
            item="figure",
            parent=parent,
        )
        self.fit_columns([12, 30, 16, 8, 8, 8])
