"""A quick look at a case file with the plain SQLite driver, before SQLAlchemy is loaded.

The app shows a case's first page while the rest of Casefile loads (issue #16). The look
says yes to the plainest case only: a regular SQLite file at the newest schema, with no
log or journal left beside it by a crash. Anything else (a new file, one to upgrade, an
encrypted or a damaged one) is opened the usual way, which explains itself.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from casefile.store.uri import file_uri

SQLITE_MAGIC = b"SQLite format 3\x00"
# The newest migration in migrations/versions (a test keeps the two equal). Knowing it
# lets a file that is up to date open without importing Alembic, a tenth of a second,
# and be looked at without SQLAlchemy.
HEAD = "0008"
# Files beside a case that say a connection ended without closing (or is still open
# elsewhere): the usual open checks them.
_SIDE_FILES = ("-wal", "-journal")
BUSY_TIMEOUT_MS = 50  # how long a read waits for another program's write


def plain_and_current(path: Path) -> bool:
    """Whether a case file is plain SQLite, up to date and closed cleanly (no side files).

    False on any doubt, never an error: the caller then opens the file the usual way.
    """
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode) or found.st_size == 0:
            return False  # a folder or a FIFO is never read: reading a FIFO would wait
        for side in _SIDE_FILES:
            beside = path.with_name(path.name + side)
            if beside.exists() and beside.stat().st_size > 0:
                return False
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC  # not encrypted
    except OSError:
        return False


def connect(path: Path) -> sqlite3.Connection | None:
    """A connection that only reads, to a file `plain_and_current` accepted, when its schema
    is the newest; None otherwise (an upgrade, not a case file, any SQLite error)."""
    try:
        # On the main thread, at start-up: a file another program is writing is not waited
        # for, but left to the usual open.
        connection = sqlite3.connect(
            file_uri(path, "mode=rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error:
        return None
    try:
        connection.execute("PRAGMA query_only = ON")
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        connection.close()
        return None
    if found != [(HEAD,)]:
        connection.close()
        return None
    return connection
