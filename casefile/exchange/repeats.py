"""The rows an import has met, by key: a row sharing a key with an earlier one is rejected.

A key is a UUID, an ACLED id or an import key. Rows matched to incidents the case already
had keep their keys here, in a dict (an import of changes is small). Rows added are not
kept by key: each batch asks the case about its keys anyway (`BulkWriter._existing`), and
finds there the incidents this import added, known by their database key; so only the
line each came from is kept, in an array, 8 bytes an incident where a dict of its keys
took some 300 and grew with the file.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from typing import Any

Key = tuple[str, str]
_NONE = -1  # in `lines`: a key this import did not give an incident


class Repeats:
    """The keys and lines of one import's rows, for finding a row that repeats one."""

    def __init__(self) -> None:
        self.matched: dict[Key, int] = {}  # keys of rows matched to incidents the case had
        self.batch: dict[Key, int] = {}  # keys of this batch's rows to add, not yet written
        self.first: int | None = None  # the first incident key this import gave out
        self.lines = array("q")  # the line of each incident added, by key - first

    def start_batch(self) -> None:
        """The last batch's rows are written: the case answers for them now."""
        self.batch.clear()

    def earlier(self, keys: list[Key], existing: Mapping[Key, tuple[Any, ...]]) -> int | None:
        """The line of an earlier row sharing one of these keys (the first key's that
        does, in order), or None. `existing`: the incidents found under the keys, as
        (id, ...), this batch's rows to add not yet among them."""
        for key in keys:
            line = self.matched.get(key)
            if line is None:
                line = self.batch.get(key)
            if line is None and key in existing:
                line = self._added_line(existing[key][0])
            if line is not None:
                return line
        return None

    def note_matched(self, keys: list[Key], line: int) -> None:
        """A row matched to an incident the case had (skipped, updated or rejected)."""
        for key in keys:
            self.matched[key] = line

    def note_fresh(self, keys: list[Key], line: int) -> None:
        """A row of this batch to be added."""
        for key in keys:
            self.batch[key] = line

    def note_added(self, incident_id: int, line: int) -> None:
        """The incident a row became (keys are given out in rising order)."""
        if self.first is None:
            self.first = incident_id
        at = incident_id - self.first
        if at >= len(self.lines):
            self.lines.extend([_NONE] * (at - len(self.lines) + 1))
        self.lines[at] = line

    def clear(self) -> None:
        """Forget everything (the import has written its rows)."""
        self.matched.clear()
        self.batch.clear()
        self.lines = array("q")

    def _added_line(self, incident_id: int) -> int | None:
        if self.first is None:
            return None
        at = incident_id - self.first
        if 0 <= at < len(self.lines) and self.lines[at] != _NONE:
            return self.lines[at]
        return None
