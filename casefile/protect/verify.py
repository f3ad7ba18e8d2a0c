"""Integrity checks of a case file: SQLite's own, foreign keys, schema, and Casefile's rules."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from casefile.protect import history
from casefile.records import totals
from casefile.search import fts
from casefile.store import schema
from casefile.store.models import Attachment, Blob, Citation, Incident


def problems(session: Session) -> list[str]:
    """Every problem found; an empty list means the file is sound."""
    checks = (_sqlite, _schema, _blobs, _totals, fts.check, history.check)
    return [problem for check in checks for problem in check(session)]


def _sqlite(session: Session) -> list[str]:
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
    for sha, size, data in session.execute(select(Blob.sha256, Blob.size, Blob.data)):
        if hashlib.sha256(data).hexdigest() != sha or len(data) != size:
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
