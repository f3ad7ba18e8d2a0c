"""Edits that collide: is the incident an editor loaded still the one stored?

An editor keeps its base, the incident as it loaded it (`base_of`). Before a save, and when
the case changes under it, the stored incident is compared with that base (`check`); a
difference is a change made elsewhere (an undo, an import, another window), which the user
must see rather than overwrite unseen.
"""

from __future__ import annotations

from typing import Any

from casefile import errors
from casefile.records.incidents import IncidentData

Base = dict[str, Any] | None  # an incident as `IncidentData.to_dict()`; None: deleted


class ChangedElsewhere(errors.CasefileError):
    """The stored incident is no longer the editor's base (`current` None: deleted)."""

    def __init__(self, current: IncidentData | None):
        super().__init__(describe(current, dirty=True))
        self.current = current


def base_of(data: IncidentData | None) -> Base:
    """What an editor compares: the whole incident as plain values (None once deleted)."""
    return data.to_dict() if data is not None else None


def changed(current: IncidentData | None, base: Base) -> bool:
    """Whether the incident stored now differs from the editor's base."""
    return base_of(current) != base


def check(current: IncidentData | None, base: Base) -> None:
    """Raise `ChangedElsewhere` when the incident stored now is not the editor's base."""
    if changed(current, base):
        raise ChangedElsewhere(current)


def describe(current: IncidentData | None, *, dirty: bool) -> str:
    """What to tell the user about a change made elsewhere."""
    if current is None:
        head = "This incident was deleted elsewhere (Undo in the main window brings it back)."
        tail = " Save records your version again." if dirty else ""
        return head + tail
    return (
        "This incident was changed elsewhere since you opened it. Reload to see the stored "
        "version (your edits here are lost), or keep your version and Save over it."
    )
