"""The runner every capability's operations go through: one transaction each, then undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from casefile.store.changes import Changes
from casefile.store.transaction import Transactions
from casefile.store.undo import UndoStack


class Operations:
    """Runs changes to one case file as named, undoable transactions, and opens its reads."""

    def __init__(self, transactions: Transactions, undo_stack: UndoStack, author: str):
        self.transactions = transactions
        self.undo_stack = undo_stack
        self.author = author

    def run(self, name: str, operation: Callable[[Session], Any]) -> Changes:
        """Run `operation(session)` as one transaction named for undo; returns what changed."""
        with self.transactions.transaction(name) as tx:
            operation(tx.session)
        self.undo_stack.record(tx.changes)
        return tx.changes

    def read(self) -> Session:
        """A session for reads (use `with`); writes go through `run`."""
        return self.transactions.session()
