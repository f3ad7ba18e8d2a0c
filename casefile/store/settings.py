"""`cf.settings`: facts stored about a case file, by key."""

from __future__ import annotations

from casefile.store.changes import Changes
from casefile.store.models import Setting
from casefile.store.operations import Operations


class Settings:
    """Facts stored about a case file: `cf.settings.get(key)`, `.set(key, value)`."""

    def __init__(self, ops: Operations):
        self._ops = ops

    def get(self, key: str, default: str | None = None) -> str | None:
        """A fact stored about this case file."""
        with self._ops.read() as session:
            row = session.get(Setting, key)
            return row.value if row else default

    def set(self, key: str, value: str) -> Changes:
        """Store a fact about this case file."""
        return self._ops.run("Change setting", lambda s: s.merge(Setting(key=key, value=value)))
