"""Integrity checks of a case file: SQLite's own, foreign keys, schema, and Casefile's rules."""

from __future__ import annotations

import operator
import sqlite3
from itertools import chain, islice
from typing import Any

from sqlalchemy import String, Text, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casefile import errors
from casefile.protect import history_check
from casefile.records import attachments, totals
from casefile.search import fts
from casefile.store import cipher, db, schema
from casefile.store.models import Attachment, Base, Blob, Citation, Incident


def problems(session: Session) -> list[str]:
    """Every problem found; an empty list means the file is sound.

    A check that cannot run because the file is damaged says so and the others go on:
    damage is what verify is for, so it is reported, never raised.
    """
    found: list[str] = []
    for check in (_sqlite, _schema, _text, _blobs, _totals, fts.check, history_check.check):
        try:
            found += check(session)
        # Checks that read on the driver's own cursor meet its errors unwrapped.
        except (DBAPIError, sqlite3.Error, cipher.Error, UnicodeDecodeError, errors.Corrupt) as exc:
            session.rollback()
            orig = getattr(exc, "orig", exc)
            found.append(f"the file is damaged where {_NAMES[check]} looks: {orig}")
    return found


def _text(session: Session) -> list[str]:
    """Text that is not valid UTF-8 (written by another tool), named by its record."""
    found: list[str] = []
    connection = session.connection()
    for table in Base.metadata.sorted_tables:
        columns = [c.name for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        label = "uuid" if "uuid" in table.columns else "rowid"
        blobs = ", ".join(f'CAST("{c}" AS BLOB)' for c in columns)
        rows = db.driver_rows(connection, f'SELECT {label}, {blobs} FROM "{table.name}"')
        while batch := list(islice(rows, _TEXT_BATCH)):
            if _all_utf8(batch):
                continue
            for key, *values in batch:
                found += _not_utf8(f"{table.name} {key}", columns, values)
                if len(found) >= 20:
                    return found
    return found


_TEXT_BATCH = 500
_AFTER_KEY = operator.itemgetter(slice(1, None))


def _all_utf8(batch: list[tuple[Any, ...]]) -> bool:
    """Whether every value of a batch (after its key) is valid UTF-8, in one decoding.

    Joined by a NUL: it ends any sequence a value leaves unfinished and begins none, so
    the whole decodes if and only if each value does.
    """
    try:
        b"\0".join(filter(None, chain.from_iterable(map(_AFTER_KEY, batch)))).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _not_utf8(name: str, columns: list[str], values: list[Any]) -> list[str]:
    found = []
    for column, value in zip(columns, values, strict=True):
        if value is None:
            continue
        try:
            bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            found.append(f"{name}: {column} is not valid UTF-8 (shown with replacement characters)")
    return found


def _sqlite(session: Session) -> list[str]:
    """SQLite's integrity check and foreign keys."""
    result = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
    found = [] if result == ["ok"] else [f"SQLite integrity: {line}" for line in result]
    for table, rowid, parent, _ in session.execute(text("PRAGMA foreign_key_check")):
        found.append(f"{table} row {rowid} points to a missing {parent} row")
    return found


def _schema(session: Session) -> list[str]:
    revision = schema.current_revision(session.connection())
    head = schema.head_revision()
    return [] if revision == head else [f"schema is at {revision}, expected {head}"]


def _blobs(session: Session) -> list[str]:
    found = []
    # Each blob is hashed a piece at a time: a 200 MB attachment is never read whole.
    for sha, size in session.execute(select(Blob.sha256, Blob.size)).all():
        if attachments.blob_digest(session, sha) != (sha, size):
            found.append(f"attachment content {sha[:12]}… is damaged")
    for filename, size, blob_size in session.execute(
        select(Attachment.filename, Attachment.size, Blob.size).join(Blob)
    ):
        if size != blob_size:
            found.append(f"attachment {filename} has the wrong size")
    return found


def _totals(session: Session) -> list[str]:
    found = []
    citations = (
        select(Citation.incident_id, func.count().label("n"))
        .group_by(Citation.incident_id)
        .subquery()
    )
    wrong = session.execute(
        select(Incident.title)
        .outerjoin(citations, citations.c.incident_id == Incident.id)
        .where(Incident.source_count != func.coalesce(citations.c.n, 0))
        .limit(20)
    )
    found += [f"incident {title!r}: source count is out of step" for (title,) in wrong]
    # Every incident, by the same rule the editor and the import keep the figure with.
    wrong = session.execute(
        select(Incident.title)
        .where(Incident.killed != totals.best_sql(Incident.id, "killed"))
        .limit(20)
    )
    found += [f"incident {title!r}: killed total is out of step" for (title,) in wrong]
    return found


_NAMES = {
    _sqlite: "SQLite's own check",
    _schema: "the schema check",
    _text: "the text check",
    _blobs: "the attachment check",
    _totals: "the totals check",
    fts.check: "the search index check",
    history_check.check: "the history check",
}
