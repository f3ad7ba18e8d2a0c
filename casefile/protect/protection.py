"""`cf.protect`: encryption's state, backups and copies, the history, the integrity checks."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from casefile import errors
from casefile.protect import backups, encryption, history
from casefile.store.models import HistoryEntry
from casefile.store.operations import Operations


class Protection:
    """What keeps a case safe: its key, backups, the history of each incident, verify."""

    def __init__(
        self,
        ops: Operations,
        engine: Engine,
        path: Path,
        key: bytes | None,
        warnings: list[str],
    ):
        self._ops = ops
        self.engine = engine
        self.path = path
        self._key = key
        self.warnings = warnings
        """What opening the file found wrong (a damaged log); verify lists them first."""

    @property
    def encrypted(self) -> bool:
        """Whether the case file is encrypted (SQLCipher)."""
        return self._key is not None

    @property
    def drafts_key(self) -> bytes | None:
        """The key editor drafts of this case are sealed with (None: a plain case)."""
        return None if self._key is None else encryption.derived_key(self._key, "drafts")

    def save_copy(self, target: Path | str) -> Path:
        """Write a consistent copy (encrypted alike, its key file beside) to `target`."""
        return backups.write(self.engine, self.path, self._key, Path(target))

    def backup(self, *, keep: int = backups.KEEP, if_due: bool = False) -> Path | None:
        """Add an automatic backup in the data folder, keeping the newest `keep`.

        With `if_due`, only when the last one is a day old (None when not written).
        """
        if if_due and not backups.due(self.path):
            return None
        return backups.rotate(self.engine, self.path, self._key, keep=keep)

    def history(self, incident_id: str) -> list[HistoryEntry]:
        """An incident's history (its actors, casualties, tags, citations too), newest first."""
        with self._ops.read() as session:
            return history.for_incident(session, incident_id)

    def verify(self) -> list[str]:
        """Check the file's integrity; returns the problems found (empty when sound)."""

        with self._ops.read() as session:
            from casefile.protect import verify  # its checks load when first used

            return [*self.warnings, *verify.problems(session)]

    def quick_check(self) -> None:
        """Refuse (`errors.Corrupt`) a file that fails SQLite's quick integrity check.

        Write commands call it first: writing into a damaged file spreads the damage.
        """
        with self._ops.read() as session:
            try:
                result = [r[0] for r in session.execute(text("PRAGMA quick_check(5)"))]
            except DBAPIError as exc:
                result = [str(exc.orig)]
        if result != ["ok"]:
            first = " ".join(str(result[0]).split())[:160]
            raise errors.Corrupt(
                f"{self.path.name} is damaged ({first}); nothing was written. "
                "Run casefile verify, and restore it from a backup copy"
            )
