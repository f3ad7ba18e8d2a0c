"""Backups of a case file: consistent copies by SQLite's online backup API, kept in rotation.

Automatic backups go to the user's data folder (backups/<case key>/), a chosen number
kept per case; `casefile backup` can also write one anywhere. A backup of an encrypted
case is encrypted with the same key and salt, and its key file is copied beside it, so
the passphrase of the day (or the recovery key) opens it. A backup is marked in SQLite's
application_id header field; `restore` accepts only a file so marked that opens and is
sound, and keeps the current file aside until the restored one is in place.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from casefile import errors, outputs, paths
from casefile.protect import keys
from casefile.records.drafts import case_key
from casefile.store import cipher, locking

MARK = 0x43464231  # "CFB1": application_id of a Casefile backup
KEEP = 5
SUFFIX = ".casefile"
DAILY = timedelta(days=1)


def folder(case_path: Path) -> Path:
    """Where the automatic backups of a case file are kept."""
    return paths.data_dir() / "backups" / f"{Path(case_path).stem}-{case_key(case_path)}"


def write(engine: Engine, case_path: Path, key: bytes | None, target: Path) -> Path:
    """Write a backup of the open case (its engine) to `target`, atomically."""
    target = outputs.check_target(target, protect=[case_path])
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    salt = cipher.file_salt(case_path) if key is not None else b""
    try:
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            cipher.backup(raw, partial, key, salt=salt, stamp=MARK)
            connection.rollback()
        if key is not None:
            shutil.copyfile(keys.key_file(case_path), keys.key_file(target))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def existing(case_path: Path) -> list[Path]:
    """The automatic backups of a case file, oldest first."""
    found = folder(case_path).glob(f"*{SUFFIX}")
    return sorted(found, key=lambda p: p.name)


def rotate(engine: Engine, case_path: Path, key: bytes | None, *, keep: int = KEEP) -> Path:
    """Write a new automatic backup and delete the oldest beyond `keep`."""
    where = folder(case_path)
    where.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    made = write(engine, case_path, key, where / f"{stamp}{SUFFIX}")
    for old in existing(case_path)[: -max(1, keep)]:
        old.unlink(missing_ok=True)
        keys.key_file(old).unlink(missing_ok=True)
    return made


def due(case_path: Path, *, every: timedelta = DAILY) -> bool:
    """Whether the newest automatic backup is older than `every` (or there is none)."""
    found = existing(case_path)
    if not found:
        return True
    made = datetime.fromtimestamp(found[-1].stat().st_mtime, UTC)
    return datetime.now(UTC) - made >= every


def restore(case_path: Path, backup: Path, secret: str | None) -> None:
    """Put a backup in the place of a case file (closed); the current file is kept aside
    until the restored one is in place, and put back if anything fails."""
    backup, case_path = Path(backup).expanduser(), Path(case_path).expanduser()
    if not backup.is_file():
        raise errors.CaseFileNotFound(f"{backup} does not exist")
    _check_backup(backup, secret)
    lock = locking.take(case_path)
    aside = case_path.with_name(case_path.name + ".before-restore")
    aside_key = keys.key_file(aside)
    temp = case_path.with_name(f".{case_path.name}.restoring")
    try:
        shutil.copyfile(backup, temp)
        _sync(temp)
        for side in ("-wal", "-shm"):
            case_path.with_name(case_path.name + side).unlink(missing_ok=True)
        had = case_path.exists()
        if had:
            os.replace(case_path, aside)
        if keys.key_file(case_path).exists():
            os.replace(keys.key_file(case_path), aside_key)
        try:
            if keys.key_file(backup).exists():
                shutil.copyfile(keys.key_file(backup), keys.key_file(case_path))
            os.replace(temp, case_path)
        except BaseException:
            if had:
                os.replace(aside, case_path)
            if aside_key.exists():
                os.replace(aside_key, keys.key_file(case_path))
            raise
        aside.unlink(missing_ok=True)
        aside_key.unlink(missing_ok=True)
    finally:
        temp.unlink(missing_ok=True)
        locking.release(lock)


def _check_backup(backup: Path, secret: str | None) -> None:
    key = keys.unlock(backup, secret) if cipher.is_encrypted(backup) else None
    if key is None and not _plain_sqlite(backup):
        raise errors.NotACaseFile(f"{backup.name} is not a Casefile backup")
    connection = cipher.connect(backup, key)
    try:
        mark = connection.execute("PRAGMA application_id").fetchone()[0]
        if mark != MARK:
            raise errors.NotACaseFile(f"{backup.name} is not a Casefile backup")
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise errors.Corrupt(f"{backup.name} is damaged; choose another backup")
    except cipher.Error as exc:
        raise errors.NotACaseFile(f"{backup.name} is not a Casefile backup") from exc
    finally:
        connection.close()


def _plain_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(cipher.SQLITE_MAGIC)) == cipher.SQLITE_MAGIC


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
