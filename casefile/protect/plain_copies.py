"""Plain copies of an encrypted case's content for other programs: where they go, when they go.

A mail program or a picture viewer cannot read an encrypted case, so preparing an e-mail
or opening an attachment makes a plain copy. For an encrypted case such a copy never goes
to the shared temporary folder (other accounts can list it, and it is seldom emptied): it
goes to a private folder (0700) in the user's data folder, one per running app, removed
when the case is closed or locked, and at the next start when the app was killed first.
A held lock file beside each folder tells a running app's folder from a dead one's.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout

from casefile import paths

FOLDER = "plain-copies"
_LOCK = ".lock"


def root() -> Path:
    """The folder holding every running app's plain copies (in the user's data folder)."""
    return paths.data_dir() / FOLDER


def _private(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # mkdir's mode passes through the umask; an old folder may be wider
    return folder


class PlainCopies:
    """The plain copies one running app made of one case; `remove()` deletes them all."""

    def __init__(self, base: Path | None = None):
        self.base = base
        self._folder: Path | None = None
        self._lock: FileLock | None = None
        self.noted = False
        """Whether the user was told that plain copies are made (once per case opened)."""

    @property
    def made(self) -> bool:
        """Whether any copy was made since the last `remove()`."""
        return self._folder is not None

    def folder(self) -> Path:
        """A new private folder for one copy (names are kept, so each copy has its own)."""
        if self._folder is None:
            base = _private(self.base or root())
            folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=base))
            self._lock = FileLock(str(folder) + _LOCK)
            self._lock.acquire()  # held while this app runs: the folder is not a leftover
            self._folder = folder
        return Path(tempfile.mkdtemp(dir=self._folder))

    def remove(self) -> None:
        """Delete every copy made (the case is closed or locked); a file still open in
        another program goes from the folder at once, and from the disk when it is closed."""
        if self._folder is None:
            return
        shutil.rmtree(self._folder, ignore_errors=True)
        if self._lock is not None:
            self._lock.release()
            Path(self._lock.lock_file).unlink(missing_ok=True)
        self._folder, self._lock = None, None


def remove_leftovers(base: Path | None = None) -> int:
    """Delete the copies of apps no longer running (killed, or the power cut); how many."""
    base = base or root()
    if not base.is_dir():
        return 0
    removed = 0
    for folder in base.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        lock = FileLock(str(folder) + _LOCK)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            continue  # a running app's: it removes its own
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        finally:
            lock.release()
            Path(lock.lock_file).unlink(missing_ok=True)
    return removed
