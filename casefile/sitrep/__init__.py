"""PDF situation and flash reports: options in, a marked, bookmarked, multi-script PDF out.

`write_report` is the entry point. Content is gathered first (`content`), then a
template (`sitrep` or `flash`) orders the `sections`, built from shared `blocks`, the
stylesheet (`styles`) and page furniture (`templates`). Text in any script goes through
`fonts` (a font per script run) and, when it runs right to left, `bidi`.
"""

from __future__ import annotations

from typing import Any

from casefile.sitrep.options import ReportOptions

__all__ = ["ReportOptions", "build", "write_report"]


def __getattr__(name: str) -> Any:
    # ReportLab takes a tenth of a second to import: load it when a report is written,
    # not when the app starts.
    if name in ("build", "write_report"):
        from casefile.sitrep import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
