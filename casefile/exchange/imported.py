"""What an import reads and what it reports: one record per row, and the summary."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casefile.records.incidents import IncidentData


Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500  # rows between progress reports
# Problems kept word for word; past this many the summary only counts them.
KEPT_PROBLEMS = 1000


@dataclass
class Record:
    """An incident read from one row, the line it came from and the sources it cites."""

    line: int
    data: IncidentData
    sources: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    """What an import did: rows added, updated, skipped as already present, and problems.

    `problems` name the line, the column and the reason. With `skip_bad_rows` off, a
    single problem means nothing was imported (`imported` is False).
    """

    added: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)
    format: str = ""
    dialect: str = ""
    imported: bool = True
    undoable: bool = True

    @property
    def errors(self) -> list[str]:
        """The problems (the name older callers use)."""
        return self.problems

    def reject(self, problem: str) -> None:
        """Count a row that cannot be imported, keeping its message (up to a limit)."""
        self.rejected += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(problem)

    def __str__(self) -> str:
        counts = (
            f"{self.added} added, {self.updated} updated, {self.skipped} unchanged, "
            f"{self.rejected} rejected"
        )
        if not self.imported:
            return f"nothing imported: {self.rejected} row{'s' * (self.rejected != 1)} rejected"
        return counts


def row_hash(row: dict[str, str]) -> str:
    """A short fingerprint of a row's cells: an unchanged row is skipped on re-import."""
    text = "\x1f".join(row) + "\x1e" + "\x1f".join(row.values())
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
