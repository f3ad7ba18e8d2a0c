"""Attachments: files kept inside the case file, content-addressed by SHA-256."""

from __future__ import annotations

import hashlib
import mimetypes
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from casefile import errors, outputs
from casefile.store.changes import Changes
from casefile.store.models import Attachment, Blob, Incident, SourceReport
from casefile.store.operations import Operations

_Owner = TypeVar("_Owner", Incident, SourceReport)

MAX_BYTES = 512 * 1024 * 1024
# Attachments move in pieces of this size: a 200 MB file never sits whole in memory.
CHUNK = 1024 * 1024
Source = Path | bytes


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment's description without its bytes."""

    id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    caption: str


def info(row: Attachment) -> AttachmentInfo:
    """The description of an attachment row."""
    return AttachmentInfo(row.uuid, row.filename, row.media_type, row.size, row.sha256, row.caption)


def check_source(path: Path | str) -> Path:
    """A file to attach, with clear errors for what a user can get wrong."""
    path = Path(path)
    if not path.exists():
        raise errors.CaseFileNotFound(f"{path} does not exist")
    if not path.is_file():
        raise errors.Invalid({"path": f"{path.name} is not a file"})
    if path.stat().st_size > MAX_BYTES:
        raise errors.Invalid({"path": f"{path.name} is larger than 512 MB"})
    return path


def _chunks(source: Source) -> Iterator[bytes]:
    if isinstance(source, bytes):
        for start in range(0, len(source), CHUNK):
            yield source[start : start + CHUNK]
        return
    try:
        with open(source, "rb") as fh:
            while piece := fh.read(CHUNK):
                yield piece
    except PermissionError as exc:
        raise errors.CasefileError(f"{source.name} cannot be read: permission denied") from exc


def _digest(source: Source) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for piece in _chunks(source):
        digest.update(piece)
        size += len(piece)
    return digest.hexdigest(), size


def _raw(session: Session) -> sqlite3.Connection | None:
    """The connection's incremental blob I/O; None under SQLCipher, whose Python module
    (sqlcipher3) lacks `blobopen`: an encrypted case moves an attachment's bytes whole."""
    raw = session.connection().connection.driver_connection
    return raw if isinstance(raw, sqlite3.Connection) else None


def _rowid(session: Session, sha256: str) -> int:
    found = session.execute(text("SELECT rowid FROM blob WHERE sha256 = :s"), {"s": sha256})
    return int(found.scalar_one())


def _store_blob(session: Session, source: Source, digest: str, size: int) -> None:
    """Store the bytes through SQLite's incremental blob I/O, one piece at a time."""
    raw = _raw(session)
    if raw is None:
        data = b"".join(_chunks(source))
        session.execute(insert(Blob).values(sha256=digest, size=size, data=data))
        written = hashlib.sha256(data)
    else:
        session.execute(insert(Blob).values(sha256=digest, size=size, data=func.zeroblob(size)))
        written = hashlib.sha256()
        with raw.blobopen("blob", "data", _rowid(session, digest)) as blob:
            for piece in _chunks(source):
                written.update(piece)
                blob.write(piece)
    if written.hexdigest() != digest:  # the file changed while it was being attached
        raise errors.Invalid({"path": "The file changed while it was being attached; try again."})


def blob_chunks(session: Session, sha256: str) -> Iterator[bytes]:
    """An attachment's stored bytes, a piece at a time."""
    raw = _raw(session)
    if raw is None:
        data = session.execute(select(Blob.data).where(Blob.sha256 == sha256)).scalar_one()
        for start in range(0, len(data), CHUNK):
            yield data[start : start + CHUNK]
        return
    with raw.blobopen("blob", "data", _rowid(session, sha256), readonly=True) as blob:
        while piece := blob.read(CHUNK):
            yield piece


def blob_digest(session: Session, sha256: str) -> tuple[str, int]:
    """The SHA-256 and size of stored bytes, read a piece at a time."""
    digest = hashlib.sha256()
    size = 0
    for piece in blob_chunks(session, sha256):
        digest.update(piece)
        size += len(piece)
    return digest.hexdigest(), size


def add(
    session: Session,
    *,
    source: Source,
    filename: str,
    media_type: str | None = None,
    incident_id: str | None = None,
    report_id: str | None = None,
    caption: str = "",
) -> Attachment:
    """Store bytes once and attach them to an incident or a source report."""
    if (incident_id is None) == (report_id is None):
        raise errors.Invalid({"owner": "Attach to an incident or to a source report."})
    for field, value in (("filename", filename), ("media_type", media_type), ("caption", caption)):
        if value is not None and not isinstance(value, str):
            raise errors.Invalid({field: "must be text"})
    if not str(filename).strip():
        raise errors.Invalid({"filename": "An attachment needs a file name."})
    guessed = mimetypes.guess_type(outputs.safe_name(filename))[0]
    media = media_type or guessed or "application/octet-stream"
    name = outputs.safe_name(filename, media)
    digest, size = _digest(source)
    if size > MAX_BYTES:
        raise errors.Invalid({"path": f"{name} is larger than 512 MB"})
    if session.get(Blob, digest) is None:
        _store_blob(session, source, digest, size)
    row = Attachment(
        filename=name, media_type=media, size=size, sha256=digest, caption=caption or ""
    )
    if incident_id is not None:
        row.incident = _owner(session, Incident, incident_id)
    else:
        row.report = _owner(session, SourceReport, report_id or "")
    session.add(row)
    return row


def _owner(session: Session, model: type[_Owner], uuid: str) -> _Owner:
    owner = session.scalar(select(model).where(model.uuid == str(uuid)))
    if owner is None:
        raise errors.NotFound(f"No {model.__tablename__.replace('_', ' ')} {uuid}")
    return owner


def list_for(
    session: Session, *, incident_id: str | None = None, report_id: str | None = None
) -> list[AttachmentInfo]:
    """The attachments of an incident or a source report."""
    query = select(Attachment).order_by(Attachment.created_at)
    if incident_id is not None:
        query = query.join(Incident).where(Incident.uuid == incident_id)
    if report_id is not None:
        query = query.join(SourceReport).where(SourceReport.uuid == report_id)
    return [info(r) for r in session.scalars(query)]


def _row(session: Session, attachment_id: str) -> Attachment:
    row = session.scalar(select(Attachment).where(Attachment.uuid == str(attachment_id)))
    if row is None:
        raise errors.NotFound(f"No attachment {attachment_id}")
    return row


def content(session: Session, attachment_id: str) -> tuple[AttachmentInfo, bytes]:
    """An attachment's description and bytes (whole: for small files; see `copy_out`)."""
    row = _row(session, attachment_id)
    return info(row), b"".join(blob_chunks(session, row.sha256))


def copy_out(session: Session, attachment_id: str, folder: Path | str | None = None) -> Path:
    """Write an attachment into `folder` (default: a new private one); returns the file.

    The name is the stored one made safe; the file is created new, never through a link
    and never over an existing file, and nothing is written anywhere else.
    """
    row = _row(session, attachment_id)
    place = outputs.private_folder("casefile-open-") if folder is None else Path(folder)
    target, out = outputs.create_new(place, outputs.safe_name(row.filename, row.media_type))
    try:
        with out:
            for piece in blob_chunks(session, row.sha256):
                out.write(piece)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def remove(session: Session, attachment_id: str) -> None:
    """Remove an attachment; its bytes stay until no attachment uses them (see verify)."""
    session.delete(_row(session, attachment_id))


class Attachments:
    """A case's attachments (`cf.attachments`): files stored inside the case file."""

    def __init__(self, ops: Operations):
        self._ops = ops

    def add(
        self,
        path: Path | str | None = None,
        *,
        data: bytes | None = None,
        filename: str | None = None,
        media_type: str | None = None,
        incident_id: str | None = None,
        report_id: str | None = None,
        caption: str = "",
    ) -> Changes:
        """Store a file (from `path`, or `data` with `filename`) in the case file."""
        source: Source | None = data
        if path is not None:
            source = check_source(path)
            filename = filename or Path(path).name
        if source is None or not filename:
            raise errors.Invalid({"path": "Give a file, or bytes with a file name."})
        if not isinstance(source, Path | bytes):
            raise errors.Invalid({"data": "must be bytes"})
        given, name = source, filename
        return self._ops.run(
            "Attach file",
            lambda s: add(
                s,
                source=given,
                filename=name,
                media_type=media_type,
                incident_id=incident_id,
                report_id=report_id,
                caption=caption,
            ),
        )

    def of(
        self, *, incident_id: str | None = None, report_id: str | None = None
    ) -> list[AttachmentInfo]:
        """Attachments of an incident or a source report."""
        with self._ops.read() as session:
            return list_for(session, incident_id=incident_id, report_id=report_id)

    def content(self, attachment_id: str) -> tuple[AttachmentInfo, bytes]:
        """An attachment's description and its bytes."""
        with self._ops.read() as session:
            return content(session, attachment_id)

    def copy_out(self, attachment_id: str, folder: Path | str | None = None) -> Path:
        """Write an attachment out for another program, safely (see `copy_out`)."""
        with self._ops.read() as session:
            return copy_out(session, attachment_id, folder)

    def delete(self, attachment_id: str) -> Changes:
        """Remove an attachment."""
        return self._ops.run("Remove attachment", lambda s: remove(s, attachment_id))
