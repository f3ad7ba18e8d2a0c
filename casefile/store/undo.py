"""Undo and redo held by the core: named steps, capped, and a new action clears redo."""

from __future__ import annotations

from dataclasses import dataclass

from casefile import errors
from casefile.store.changes import Changes, RowChange
from casefile.store.transaction import Transactions, apply_rows

UNDO_LIMIT = 100


@dataclass(frozen=True)
class Step:
    """One undoable action: its name and the rows it wrote, in order."""

    name: str
    rows: tuple[RowChange, ...]


class UndoStack:
    """Undo and redo of operations, replaying their row changes inversely or again."""

    def __init__(self, limit: int = UNDO_LIMIT):
        self.limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    def record(self, changes: Changes) -> None:
        """Remember a completed operation; a new action clears what could be redone."""
        if not changes.rows:
            return
        self._undo.append(Step(changes.name, changes.rows))
        del self._undo[: -self.limit]
        self._redo.clear()

    def clear(self) -> None:
        """Forget all steps (after an import or upgrade that cannot be undone row by row)."""
        self._undo.clear()
        self._redo.clear()

    @property
    def undo_name(self) -> str | None:
        """The name of the step Undo would revert, if any."""
        return self._undo[-1].name if self._undo else None

    @property
    def redo_name(self) -> str | None:
        """The name of the step Redo would apply again, if any."""
        return self._redo[-1].name if self._redo else None

    def undo(self, transactions: Transactions) -> Changes:
        """Revert the last step; returns what changed (empty if there was nothing)."""
        if not self._undo:
            return Changes()
        step = self._undo.pop()
        rows = [row.inverse() for row in reversed(step.rows)]
        try:
            with transactions.transaction(f"Undo {step.name}") as tx:
                applied = apply_rows(tx.session, rows)
        except errors.Conflict as exc:
            # The step can never apply now: it is dropped, and what follows it can't redo.
            self._redo.clear()
            raise errors.Conflict(exc.reason, action=f"Undo {step.name}") from exc
        except BaseException:
            self._undo.append(step)
            raise
        # Redo must expect the versions the undo wrote, not those of the first write.
        self._redo.append(Step(step.name, tuple(r.inverse() for r in reversed(applied))))
        return tx.changes

    def redo(self, transactions: Transactions) -> Changes:
        """Apply again the last undone step."""
        if not self._redo:
            return Changes()
        step = self._redo.pop()
        try:
            with transactions.transaction(f"Redo {step.name}") as tx:
                applied = apply_rows(tx.session, list(step.rows))
        except errors.Conflict as exc:
            self._redo.clear()
            raise errors.Conflict(exc.reason, action=f"Redo {step.name}") from exc
        except BaseException:
            self._redo.append(step)
            raise
        self._undo.append(Step(step.name, tuple(applied)))
        return tx.changes
