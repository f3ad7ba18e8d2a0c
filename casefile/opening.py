"""Opening a case file's store: its lock, the checks on the file, its key, engine and schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from casefile import errors
from casefile.protect import encryption
from casefile.store import creation, db, locking, schema, wal


@dataclass
class Store:
    """What opening a case file gives the `CaseFile` built over it."""

    engine: Engine
    key: bytes | None  # the database key of an encrypted case
    recovery_key: str | None  # set once, for a case just created encrypted
    warnings: list[str]  # what the check of a log left beside the file found
    revision: str  # the schema's, after any upgrade
    lock: locking.CaseLock | None


def open_store(
    path: Path,
    *,
    exclusive: bool,
    passphrase: str | None,
    readonly: bool,
    lock: locking.CaseLock | None,
) -> Store:
    """Lock (when `exclusive`), check, decrypt, create or upgrade a case file; its engine.

    A failure raises the error that says why, with the lock let go (a lock handed over
    included) and nothing left open.
    """
    engine: Engine | None = None
    try:
        if lock is None and exclusive and not readonly:
            lock = locking.take(path)
        if readonly and not path.exists():
            raise errors.CaseFileNotFound(f"{path} does not exist")
        # A folder or a FIFO is refused before anything reads it.
        exists = schema.check_file(path)
        opening = encryption.opening(path, passphrase)
        if not exists and not readonly:
            creation.create(path, key=opening.key)  # whole, or nothing at `path`
        if opening.key is None:
            schema.check_header(path)
        warnings = wal.check_log(path, readonly=readonly)
        engine = db.make_engine(path, key=opening.key, readonly=readonly)
        revision = _prepared(engine, path, readonly=readonly, key=opening.key)
        if opening.recovery is not None and passphrase:
            encryption.remember(path, opening.key, passphrase)  # type: ignore[arg-type]
    except BaseException:
        if engine is not None:
            engine.dispose()  # its private copy or its handle on the file go too
        if lock is not None:
            locking.release(lock)
        raise
    return Store(engine, opening.key, opening.recovery, warnings, revision, lock)


def _prepared(engine: Engine, path: Path, *, readonly: bool, key: bytes | None) -> str:
    """The schema's revision, checked (reading) or brought up to date (writing)."""
    try:
        if readonly:
            return schema.check_readable(engine, path)
        return schema.prepare(engine, path, key=key)
    except DBAPIError as exc:
        raise db.translate(exc, path) or exc from exc
    except UnicodeDecodeError as exc:  # names in a garbled schema are not text
        raise errors.Corrupt(f"{path.name} is damaged; restore it from a backup copy") from exc
