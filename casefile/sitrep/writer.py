"""Writing a report: gather the content, pick the template's story, lay it out."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from casefile import outputs
from casefile.sitrep import bidi, content, flash, sitrep, styles, templates
from casefile.sitrep.options import ReportOptions, check, with_changes

Story = Callable[[content.ReportData, datetime, float], list[Flowable]]
Progress = Callable[[int, int], None]
STORIES: dict[str, Story] = {"sitrep": sitrep.story, "flash": flash.story}


def write_report(
    session: Session,
    path: Path,
    options: ReportOptions | None = None,
    *,
    progress: Progress | None = None,
    protect: Iterable[Path] = (),
    **changes: Any,
) -> Path:
    """Write the PDF for the options (with any changes); nothing is left behind on failure.

    `progress(done, total)` is called as the layout goes on; if it raises (a cancel),
    the partial file is removed and the exception goes on up. `protect` names case files
    the report may not be written over (see `casefile.outputs`).
    """
    options = with_changes(options or ReportOptions(), **changes)
    check(options)
    path = Path(path)
    with outputs.replacing(path, protect=protect) as partial:
        build(session, partial, options, progress)
    return path


def render(
    session: Session, options: ReportOptions | None = None, *, progress: Progress | None = None
) -> bytes:
    """The PDF for the options, in memory: an encrypted case's preview never touches a disk."""
    options = options or ReportOptions()
    check(options)
    pdf = io.BytesIO()
    build(session, pdf, options, progress)
    return pdf.getvalue()


def build(
    session: Session,
    path: Path | IO[bytes],
    options: ReportOptions,
    progress: Progress | None = None,
) -> None:
    """Gather the report's content and lay it out into `path` (a file or a binary stream)."""
    styles.stylesheet()
    options = _printable(options)
    data = content.gather(session, options)
    issued = options.issued_at or datetime.now(UTC)
    furniture = templates.Furniture(options.tlp, options.number, options.heading)
    document = templates.ReportDocument(
        path,
        furniture,
        title=options.heading,
        author=options.originator or "Casefile",
        subject=f"{STORY_NAMES[options.template]}, {options.tlp}",
        keywords=_keywords(data),
        creator="Casefile",
        progress=progress,
    )
    document.render(STORIES[options.template](data, issued, document.width))


STORY_NAMES = {"sitrep": sitrep.KIND, "flash": flash.KIND}


def _printable(options: ReportOptions) -> ReportOptions:
    """The options as the report prints them: text without bidi marks (see bidi)."""
    texts = ("title", "number", "originator", "bluf", "key_judgments", "outlook")
    plain: dict[str, Any] = {name: bidi.without_marks(getattr(options, name)) for name in texts}
    recipients = [bidi.without_marks(r) for r in options.recipients]
    return dataclasses.replace(options, recipients=recipients, **plain)


def _keywords(data: content.ReportData) -> list[str]:
    words = [data.options.tlp, STORY_NAMES[data.options.template]]
    words += sorted({v.event_type for v in data.incidents})[:10]
    return words
