"""Room in the case file for each change, taken before the change commits.

SQLite copies committed pages from the -wal into the case file at a checkpoint (after each
change, and when the last connection closes). It writes them in page order: first over
pages the file already has, then past its end. On a full disk the writes past the end fail
after the others were made, and the .casefile alone is left half old, half new: unreadable
without its -wal, which a copy to a USB stick leaves behind. So before each commit the
file is made as long as the database will then be; when the disk cannot give that room
the commit fails and rolls back, and a checkpoint never has to grow the file.

SQLite reads the database's length from its header and ignores the room past it; the next
complete checkpoint cuts the file back to that length.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sqlalchemy import Connection, Engine, event

from casefile import errors

_ZEROS = bytes(1 << 16)


class Room:
    """Grows one case file ahead of its checkpoints, through a handle held until disposal.

    The handle stays open while SQLite has the file open: closing any handle on a file
    drops every POSIX lock this process holds on it, SQLite's among them.
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def reserve(self, size: int) -> None:
        """Make the file at least `size` bytes long, its blocks allocated (OSError if not)."""
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        have = os.fstat(self._fd).st_size
        if size <= have:
            return
        try:
            os.posix_fallocate(self._fd, have, size - have)
        except AttributeError:  # no posix_fallocate (macOS, Windows): write the zeros
            self._write_zeros(have, size)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                raise
            self._write_zeros(have, size)

    def _write_zeros(self, start: int, end: int) -> None:
        assert self._fd is not None
        while start < end:
            start += os.pwrite(self._fd, _ZEROS[: min(len(_ZEROS), end - start)], start)

    def close(self) -> None:
        """Let go of the handle (call once SQLite's connections are closed)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def install(engine: Engine, path: Path) -> Room:
    """Reserve room before every commit on `engine`; the handle closes when it is disposed."""
    room = Room(path)

    def before_commit(connection: Connection) -> None:
        raw = connection.connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            page_size = cursor.execute("PRAGMA page_size").fetchone()[0]
        finally:
            cursor.close()
        try:
            room.reserve(int(pages) * int(page_size))
        except OSError as exc:
            raise errors.DiskFull(
                f"{path.name} cannot be written: the disk is full ({exc.strerror}); "
                "nothing was changed"
            ) from exc

    event.listen(engine, "commit", before_commit)
    event.listen(engine, "engine_disposed", lambda _engine: room.close())
    return room
