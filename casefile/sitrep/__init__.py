"""PDF situation and flash reports: options in, a marked, bookmarked, multi-script PDF out.

`write_report` is the entry point. Content is gathered first (`content`), then a
template (`sitrep` or `flash`) lays it out with shared `blocks`, the stylesheet
(`styles`) and page furniture (`templates`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from casefile.sitrep import content, flash, sitrep, styles, templates
from casefile.sitrep.options import ReportOptions, check, with_changes

__all__ = ["ReportOptions", "build", "write_report"]

Story = Callable[[content.ReportData, datetime, float], list[Flowable]]
STORIES: dict[str, Story] = {"sitrep": sitrep.story, "flash": flash.story}


def write_report(
    session: Session, path: Path, options: ReportOptions | None = None, **changes: Any
) -> Path:
    """Write the PDF for the options (with any changes); nothing is left behind on failure."""
    options = with_changes(options or ReportOptions(), **changes)
    check(options)
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=path.parent)
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    os.close(handle)
    try:
        build(session, Path(temporary), options)
        # mkstemp makes the file private; a report is an ordinary document.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def build(session: Session, path: Path, options: ReportOptions) -> None:
    """Gather the report's content and lay it out into `path`."""
    styles.stylesheet()
    data = content.gather(session, options)
    issued = options.issued_at or datetime.now(UTC)
    furniture = templates.Furniture(options.tlp, options.number, options.heading)
    document = templates.ReportDocument(
        path, furniture, title=options.heading, author=options.originator or "Casefile",
        subject=f"{STORY_NAMES[options.template]}, {options.tlp}",
        keywords=_keywords(data), creator="Casefile",
    )
    document.render(STORIES[options.template](data, issued, document.width))


STORY_NAMES = {"sitrep": sitrep.KIND, "flash": flash.KIND}


def _keywords(data: content.ReportData) -> list[str]:
    words = [data.options.tlp, STORY_NAMES[data.options.template]]
    words += sorted({v.event_type for v in data.incidents})[:10]
    return words
