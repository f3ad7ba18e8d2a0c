"""A new case file, built whole under another name beside its place and renamed into it.

SQLite makes a database file at the first connection and writes its schema afterwards; on
a full disk that left a 4 KB stub that opened as "not a case file". Built aside, a failure
leaves nothing where the case was to be, and a success puts there a complete file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text

from casefile import errors
from casefile.store import db, schema

_LEFTOVERS = ("", "-wal", "-shm", "-journal")


def create(path: Path, *, key: bytes | None = None) -> None:
    """Make an empty case file at the newest schema at `path` (encrypted with `key`).

    The file is complete on its own (no -wal beside it) and synced before it is renamed
    into place; on any failure nothing is left at `path` nor beside it.
    """
    try:
        handle, name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name[:60]}.", suffix=".creating"
        )
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    os.close(handle)  # SQLite takes an empty file for a new database
    temp = Path(name)
    try:
        _build(temp, key)
        _place(temp, path)
    except (errors.DiskFull, errors.ReadOnly, errors.Corrupt, errors.CaseFileBusy) as exc:
        _remove(temp)
        # The message names the file the user asked for, not our temporary one.
        raise type(exc)(str(exc).replace(temp.name, path.name)) from exc
    except BaseException:
        _remove(temp)
        raise


def _remove(temp: Path) -> None:
    for suffix in _LEFTOVERS:
        temp.with_name(temp.name + suffix).unlink(missing_ok=True)


def _build(temp: Path, key: bytes | None) -> None:
    engine = db.make_engine(temp, key=key)
    try:
        schema.prepare(engine, temp, key=key)
    except Exception as exc:
        raise db.translate(exc, temp) or exc from exc
    finally:
        engine.dispose()  # the last connection closes: its log is checked in and removed
    log = temp.with_name(temp.name + "-wal")
    if log.exists() and log.stat().st_size > 0:
        # The close could not copy the log into the file: the file alone is not whole.
        raise errors.DiskFull(f"{temp.name} cannot be written: the disk is full")
    with open(temp, "rb+") as fh:
        os.fsync(fh.fileno())


def _place(temp: Path, path: Path) -> None:
    """Rename `temp` to `path`, never over a file that appeared there meanwhile."""
    try:
        os.link(temp, path)  # fails if the name is taken, where a rename would replace
    except FileExistsError as exc:
        raise errors.CasefileError(f"{path.name} already exists; choose a new file name") from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links (FAT on a USB stick): check, then rename.
        if path.exists():
            raise errors.CasefileError(
                f"{path.name} already exists; choose a new file name"
            ) from exc
        os.replace(temp, path)
    else:
        temp.unlink()
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # The rename is durable once the folder is synced (where folders can be opened).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def removed_if_left_empty(path: Path) -> Iterator[None]:
    """Remove the case file the block creates at `path` if the block fails leaving it empty.

    A command that creates a case to fill it (an import, the demo) and fails, on a full
    disk or a rejected file, leaves no empty case to be taken for its result.
    """
    path = Path(path)
    new = not path.exists()
    try:
        yield
    except BaseException:
        if new:
            remove_if_empty(path)
        raise


def remove_if_empty(path: Path) -> None:
    """Remove the case file at `path` if it holds no incident (one a failed command made)."""
    if not path.is_file():
        return
    with contextlib.suppress(Exception):  # what stops the check keeps the file
        engine = db.make_engine(path, readonly=True)
        try:
            with engine.connect() as connection:
                count = connection.scalar(text("SELECT count(*) FROM incident"))
        finally:
            engine.dispose()
        if count == 0:
            _remove(path)
