"""Incident photos for reports, downscaled and recompressed so a PDF stays small enough to send."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.store.models import Attachment, Blob

# About 150 dpi across half an A4 column: sharp on screen, tens of KB each.
MAX_PIXELS = 900
QUALITY = 70
PER_INCIDENT = 3


@dataclass(frozen=True)
class Photo:
    """A downscaled JPEG with its pixel size and caption."""

    jpeg: bytes
    width: int
    height: int
    caption: str


def downscale(data: bytes, caption: str = "") -> Photo | None:
    """The image at most MAX_PIXELS on its long side, as JPEG; None if it is not an image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((MAX_PIXELS, MAX_PIXELS))
            rgb = image.convert("RGB")
    except (UnidentifiedImageError, OSError):
        return None
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=QUALITY, optimize=True)
    return Photo(out.getvalue(), rgb.width, rgb.height, caption)


def of_incidents(session: Session, incident_ids: list[int]) -> dict[int, list[Photo]]:
    """Up to PER_INCIDENT photos for each incident, keyed by local incident id."""
    found: dict[int, list[Photo]] = {}
    query = (
        select(Attachment.incident_id, Attachment.caption, Blob.data)
        .join(Blob, Blob.sha256 == Attachment.sha256)
        .where(Attachment.incident_id.in_(incident_ids), Attachment.media_type.like("image/%"))
        .order_by(Attachment.incident_id, Attachment.id)
    )
    for incident_id, caption, data in session.execute(query):
        if incident_id is None:  # never: the query reads incidents' photos only
            continue
        if len(found.setdefault(incident_id, [])) < PER_INCIDENT:
            photo = downscale(data, caption)
            if photo is not None:
                found[incident_id].append(photo)
    return found
