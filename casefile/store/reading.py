"""How a read-only command opens a case file so that nothing new appears beside it.

A plain read-only SQLite connection makes the -wal and -shm files of a case in WAL mode
when they are missing (and fails in a read-only folder). Which way is right depends on
what lies beside the case:

- No -wal: no one has the file open (a connection in WAL mode keeps its log until it
  closes). It is read as it is, `immutable`: no lock, no file made.
- A -wal and its -shm: a writer (the app) may have the case open now. SQLite's own
  protocol is then the only correct way: the reader shares the writer's index in the -shm,
  which exists already, and takes the locks that keep a checkpoint from overwriting pages
  it is reading.
- A -wal without its -shm: left by a crash, or copied without its -shm. The changes in the
  log must be read, and SQLite would make the -shm to index them. The case and its log are
  copied into a private folder and read there; the copy is taken again if either changed
  while it was made, and if a -shm appears meanwhile a writer has opened the case and the
  shared protocol above applies. Copying costs the size of the case, only in this case.
  The ways that read in place do not hold: exclusive locking mode (an index in memory,
  no -shm) cannot take its write lock on a read-only handle (SQLITE_IOERR_LOCK); through
  a VFS without locks, or on a read-write handle, SQLite checkpoints the log when it
  closes, and deletes a log it finds empty or damaged; Python 3.11 cannot turn that off.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casefile import errors

_TRIES = 5


@dataclass(frozen=True)
class Reading:
    """The file SQLite is to open, the URI parameters, and what to do once done."""

    path: Path
    parameters: str
    done: Callable[[], None] = lambda: None


def plan(path: Path) -> Reading:
    """How to read `path` without making or changing a file beside it."""
    log = _beside(path, "-wal")
    if not log.exists():
        return Reading(path, "&immutable=1")
    for _ in range(_TRIES):
        if _beside(path, "-shm").exists():
            return Reading(path, "")
        copied = _private_copy(path)
        if copied is not None:
            return copied
    raise errors.CaseFileBusy(
        f"{path.name} kept changing while it was read; close the program writing it, and try again"
    )


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def _private_copy(path: Path) -> Reading | None:
    """The case and its log copied aside as they were at one moment, or None if they
    changed (or a -shm appeared) while being copied."""
    log = _beside(path, "-wal")
    before = (_stamp(path), _stamp(log))
    folder = Path(tempfile.mkdtemp(prefix="casefile-read-"))  # mode 0700: ours alone
    copy = folder / path.name
    try:
        shutil.copyfile(path, copy)
        shutil.copyfile(log, _beside(copy, "-wal"))
    except FileNotFoundError:
        shutil.rmtree(folder, ignore_errors=True)
        return None  # the log was checkpointed away meanwhile: read again
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise errors.DiskFull(
            f"{path.name} has changes in {log.name} that can only be read from a copy, "
            f"and the copy could not be made ({exc.strerror}); open it in the app once"
        ) from exc
    if _beside(path, "-shm").exists() or (_stamp(path), _stamp(log)) != before:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return Reading(copy, "", lambda: shutil.rmtree(folder, ignore_errors=True))
