"""Attachments: files kept inside the case file, content-addressed by SHA-256."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.store.models import Attachment, Blob, Incident, SourceReport
from casefile.store.operations import Operations
from casefile.store.transaction import Changes

_Owner = TypeVar("_Owner", Incident, SourceReport)

MAX_BYTES = 512 * 1024 * 1024


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


def read_source(path: Path | str) -> bytes:
    """Read a file to attach, with clear errors for what a user can get wrong."""
    path = Path(path)
    if not path.exists():
        raise errors.CaseFileNotFound(f"{path} does not exist")
    if not path.is_file():
        raise errors.Invalid({"path": f"{path.name} is not a file"})
    if path.stat().st_size > MAX_BYTES:
        raise errors.Invalid({"path": f"{path.name} is larger than 512 MB"})
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise errors.CasefileError(f"{path.name} cannot be read: permission denied") from exc


def add(
    session: Session,
    *,
    data: bytes,
    filename: str,
    media_type: str | None = None,
    incident_id: str | None = None,
    report_id: str | None = None,
    caption: str = "",
) -> Attachment:
    """Store bytes once and attach them to an incident or a source report."""
    if (incident_id is None) == (report_id is None):
        raise errors.Invalid({"owner": "Attach to an incident or to a source report."})
    name = Path(filename).name.strip()
    if not name:
        raise errors.Invalid({"filename": "An attachment needs a file name."})
    digest = hashlib.sha256(data).hexdigest()
    if session.get(Blob, digest) is None:
        session.add(Blob(sha256=digest, size=len(data), data=data))
    guessed = mimetypes.guess_type(name)[0]
    row = Attachment(
        filename=name,
        media_type=media_type or guessed or "application/octet-stream",
        size=len(data),
        sha256=digest,
        caption=caption,
    )
    if incident_id is not None:
        row.incident = _owner(session, Incident, incident_id)
    else:
        row.report = _owner(session, SourceReport, report_id or "")
    session.add(row)
    return row


def _owner(session: Session, model: type[_Owner], uuid: str) -> _Owner:
    owner = session.scalar(select(model).where(model.uuid == uuid))
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


def content(session: Session, attachment_id: str) -> tuple[AttachmentInfo, bytes]:
    """An attachment's description and bytes."""
    row = session.scalar(select(Attachment).where(Attachment.uuid == attachment_id))
    if row is None:
        raise errors.NotFound(f"No attachment {attachment_id}")
    blob = session.get(Blob, row.sha256)
    assert blob is not None  # the foreign key guarantees it
    return info(row), blob.data


def remove(session: Session, attachment_id: str) -> None:
    """Remove an attachment; its bytes stay until no attachment uses them (see verify)."""
    row = session.scalar(select(Attachment).where(Attachment.uuid == attachment_id))
    if row is None:
        raise errors.NotFound(f"No attachment {attachment_id}")
    session.delete(row)


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
        if path is not None:
            data = read_source(path)
            filename = filename or Path(path).name
        if data is None or not filename:
            raise errors.Invalid({"path": "Give a file, or bytes with a file name."})
        given, name = data, filename
        return self._ops.run(
            "Attach file",
            lambda s: add(
                s,
                data=given,
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

    def delete(self, attachment_id: str) -> Changes:
        """Remove an attachment."""
        return self._ops.run("Remove attachment", lambda s: remove(s, attachment_id))
