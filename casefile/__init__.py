"""Casefile: offline case files of security incidents, their graded sources and reports.

import casefile
with casefile.open("border.casefile") as cf:
    cf.search("drone strike")
"""

from __future__ import annotations

from pathlib import Path

from casefile.case import CaseFile
from casefile.errors import CasefileError
from casefile.records.incidents import ActorRole, CasualtyCount, CitationRef, IncidentData
from casefile.records.sources import SourceData, SourceReportData
from casefile.store.transaction import Changes

__all__ = [
    "ActorRole",
    "CaseFile",
    "CasefileError",
    "CasualtyCount",
    "Changes",
    "CitationRef",
    "IncidentData",
    "SourceData",
    "SourceReportData",
    "open",
]

SUFFIX = ".casefile"


def open(
    path: Path | str,
    *,
    create: bool = True,
    author: str | None = None,
    exclusive: bool = False,
    readonly: bool = False,
) -> CaseFile:
    """Open a case file, creating it if missing (unless create=False) and upgrading it if old.

    `exclusive` refuses a file another Casefile window holds open. `readonly` changes no
    byte of the file and leaves nothing beside it: a missing, damaged or old file is refused.
    """
    path = Path(path).expanduser()
    if not path.exists():
        if not create or readonly:
            raise _errors.CaseFileNotFound(f"{path} does not exist")
        if not path.parent.is_dir():
            raise _errors.CaseFileNotFound(f"The folder {path.parent} does not exist")
    return CaseFile(path, author=author, exclusive=exclusive, readonly=readonly)


from casefile import errors as _errors  # noqa: E402 - after open() to keep the API first
