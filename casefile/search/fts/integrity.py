"""The index's own check: rows missing or stray, and FTS5's integrity check, read-only too."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casefile.store import cipher

_OUT_OF_STEP = [
    (
        "incident(s) missing from",
        "SELECT count(*) FROM incident WHERE id NOT IN (SELECT rowid FROM incident_fts)",
    ),
    (
        "stale incident row(s) in",
        "SELECT count(*) FROM incident_fts WHERE rowid NOT IN (SELECT id FROM incident)",
    ),
    (
        "source report(s) missing from",
        "SELECT count(*) FROM source_report WHERE id NOT IN (SELECT rowid FROM report_fts)",
    ),
    (
        "stale report row(s) in",
        "SELECT count(*) FROM report_fts WHERE rowid NOT IN (SELECT id FROM source_report)",
    ),
]


def check(session: Session) -> list[str]:
    """Problems with the search index: missing or stray rows, FTS5's own integrity check."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return []
    found = []
    for what, sql in _OUT_OF_STEP:
        count = connection.exec_driver_sql(sql).scalar() or 0
        if count:
            found.append(f"search index: {count} {what} the index")
    raw = connection.connection.driver_connection
    if raw is not None and raw.execute("PRAGMA query_only").fetchone()[0]:
        return found + _check_copy(raw)
    for name in ("incident_fts", "report_fts"):
        try:
            connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
        except DBAPIError as exc:
            found.append(f"search index {name}: {exc.orig}")
    return found


def _check_copy(raw: sqlite3.Connection) -> list[str]:
    """FTS5's integrity check on a private copy, for a file opened read-only.

    The check is an INSERT, which a read-only connection refuses (SQLite 3.44 runs it
    from PRAGMA integrity_check; older ones do not). The copy goes to a new private
    folder, so memory stays small, and is deleted after; `raw` is sqlite3's or
    SQLCipher's connection (whose backup writes only to its own kind).
    """
    found = []
    with tempfile.TemporaryDirectory(prefix="casefile-verify-") as folder:
        if isinstance(raw, sqlite3.Connection):
            copy = sqlite3.connect(Path(folder) / "copy.casefile")
        else:  # an encrypted case's copy is encrypted too, with a key used once
            copy = cipher.dbapi.connect(str(Path(folder) / "copy.casefile"))
            cipher.key_connection(copy, os.urandom(cipher.KEY_BYTES))
        try:
            raw.backup(copy)
            for name in ("incident_fts", "report_fts"):
                try:
                    copy.execute(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
                except (sqlite3.DatabaseError, cipher.Error) as exc:
                    found.append(f"search index {name}: {exc}")
        except (sqlite3.DatabaseError, cipher.Error) as exc:
            found.append(f"search index could not be checked: {exc}")
        finally:
            copy.close()
    return found
