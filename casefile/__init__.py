"""Casefile: offline case files of security incidents, their graded sources and reports.

import casefile
with casefile.open("border.casefile") as cf:
    cf.search("drone strike")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.errors import CasefileError
from casefile.store.changes import Changes

if TYPE_CHECKING:
    from casefile.case import CaseFile
    from casefile.records.incidents import ActorRole, CasualtyCount, CitationRef, IncidentData
    from casefile.records.sources import SourceData, SourceReportData
    from casefile.store.locking import CaseLock

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


# CaseFile and the records' values are loaded when first asked for: their modules import
# SQLAlchemy and the ORM models (a third of a second), and the app paints a case's first
# page before (issue #16). `from casefile import CaseFile` loads them as it always did.
# The type checker sees the imports above instead, so it still finds a misspelt name.
# `open`'s annotations name types not loaded yet: `typing.get_type_hints(casefile.open)`
# needs them given, as tests/casefile/test_package.py shows.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """CaseFile and the records' values, imported on first use."""
        if name == "CaseFile":
            from casefile import case

            value = case.CaseFile
        elif name in ("ActorRole", "CasualtyCount", "CitationRef", "IncidentData"):
            from casefile.records import incidents

            value = getattr(incidents, name)
        elif name in ("SourceData", "SourceReportData"):
            from casefile.records import sources

            value = getattr(sources, name)
        else:
            raise AttributeError(f"module 'casefile' has no attribute {name!r}")
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """The public names too, loaded or not (`dir(casefile)`, completion in a shell)."""
    return sorted(set(globals()) | set(__all__))


def open(
    path: Path | str,
    *,
    create: bool = True,
    author: str | None = None,
    exclusive: bool = False,
    passphrase: str | None = None,
    readonly: bool = False,
    lock: CaseLock | None = None,
) -> CaseFile:
    """Open a case file, creating it if missing (unless create=False) and upgrading it if old.

    `exclusive` refuses a file another Casefile window holds open; `lock`, a lock this
    process already took on the file (`casefile.store.locking.take`), is held by the case
    from now on instead. `passphrase` (or the recovery key) opens an encrypted file; a file
    created with one is encrypted. `readonly` changes no byte of the file and leaves nothing
    beside it: a missing, damaged or old file is refused.
    """
    from casefile.case import CaseFile

    path = Path(path).expanduser()
    if not path.exists():
        missing = None
        if not create or readonly:
            missing = _errors.CaseFileNotFound(f"{path} does not exist")
        elif not path.parent.is_dir():
            missing = _errors.CaseFileNotFound(f"The folder {path.parent} does not exist")
        if missing is not None:
            if lock is not None:
                from casefile.store import locking

                locking.release(lock)  # the case's to let go of, and there is no case
            raise missing
    return CaseFile(
        path,
        author=author,
        exclusive=exclusive,
        passphrase=passphrase,
        readonly=readonly,
        lock=lock,
    )


from casefile import errors as _errors  # noqa: E402 - after open() to keep the API first
