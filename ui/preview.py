"""A case's first page, read before the case file is open, so the window shows it at once.

Loading SQLAlchemy and the ORM models takes a third of a second, and opening a case file
needs them. For the plainest case (see `casefile.store.glance`) the app takes the file's
lock as opening it does, reads the count and the first page with the plain driver, and
paints them; the case file is opened afterwards, on the worker, with that same lock
(issue #16). Any other file is opened first, as before.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from casefile import CasefileError
from casefile.records import listing
from casefile.records.listing import IncidentRow
from casefile.store import glance, locking

log = logging.getLogger(__name__)


class Preview:
    """A case file held with its lock, and read once without being opened."""

    def __init__(self, path: Path, lock: locking.CaseLock, connection: sqlite3.Connection):
        self.path = path
        self.lock: locking.CaseLock | None = lock
        self._connection: sqlite3.Connection | None = connection

    def first_page(
        self, order_by: str, descending: bool, limit: int
    ) -> tuple[int, list[IncidentRow]] | None:
        """The count and first rows, read once (the connection then closes); None if they
        cannot be read so, and the worker reads them once the case file is open."""
        connection, self._connection = self._connection, None
        if connection is None:
            return None
        try:
            return listing.first_page(
                connection, order_by=order_by, descending=descending, limit=limit
            )
        except (sqlite3.Error, CasefileError) as exc:  # the open will say what is wrong
            log.info("The first page was left to the worker: %s", exc)
            return None
        finally:
            connection.close()

    def take_lock(self) -> locking.CaseLock:
        """The lock, handed to the case file that opens now (which releases it); once only."""
        lock, self.lock = self.lock, None
        if lock is None:  # a second open of the same look: a bug, even under python -O
            raise RuntimeError(f"the lock on {self.path.name} was handed over already")
        return lock

    def release(self) -> None:
        """Close the connection and let go of the file, if no case file took its lock."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self.lock is not None:
            locking.release(self.lock)
            self.lock = None


def look(path: Path) -> Preview | None:
    """Hold a plain, up-to-date case file and ready its first page; None on any doubt.

    A file another window holds, one to create, upgrade or decrypt, or anything odd is
    left to the usual open, which says what it finds (and shows a locked file read-only).
    """
    path = path.expanduser()
    if not glance.plain_and_current(path):
        return None
    try:
        lock = locking.take(path)
    except CasefileError:
        return None
    # Looked at again now that no other Casefile can be writing it.
    connection = glance.connect(path) if glance.plain_and_current(path) else None
    if connection is None:
        locking.release(lock)
        return None
    return Preview(path, lock, connection)
