"""Holding a case file for one process: the lock file beside it.

Apart from the engine (casefile.store.db), with no SQLAlchemy here: the app takes the lock
before it loads the rest, to show a case's first page sooner (issue #16).
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from casefile import errors

CaseLock = FileLock


def take(path: Path) -> CaseLock:
    """Hold a case file for this process alone, or say that another window holds it."""
    # Not thread-local: the app takes it on one thread and lets go of it on another (the
    # worker's case file, or the main thread after an open on its own thread); a
    # thread-local lock's release there did nothing, and its descriptor stayed open.
    lock = FileLock(path.with_name(path.name + ".lock"), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise errors.CaseFileBusy(
            f"{path.name} is already open in another Casefile window"
        ) from exc
    except OSError as exc:
        raise errors.ReadOnly(f"{path.name} cannot be opened for writing: {exc.strerror}") from exc
    return lock


def release(lock: CaseLock) -> None:
    """Let go of a case file taken with `take`."""
    lock.release()
    Path(lock.lock_file).unlink(missing_ok=True)
