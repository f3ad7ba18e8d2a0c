"""Writing files safely: never over a case file, a device or a folder, never half a file.

Every command that writes a file (a report, an export, a copy, a draft, an attachment taken
out) goes through here: the target is checked first, the bytes go to a temporary file
beside it, and only a complete file is renamed into place.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from casefile import errors

# The files SQLite and Casefile keep beside a case file while it is open.
COMPANIONS = ("-wal", "-shm", "-journal", ".lock")
MAX_NAME = 120
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]")
_FALLBACK_EXT = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "application/pdf": ".pdf",
    "text/html": ".html",
    "text/plain": ".txt",
}


def companions(case_path: Path | str) -> list[Path]:
    """A case file and the files beside it that belong to it (WAL, shared memory, lock)."""
    path = Path(case_path)
    return [path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)]


def _same(a: Path, b: Path) -> bool:
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return a.expanduser().resolve() == b.expanduser().resolve()


def check_target(target: Path | str, *, protect: Iterable[Path | str] = ()) -> Path:
    """Refuse an output that is a case file (or its companions), a folder or not a file.

    `protect` names the case files involved; the target may not be any of them or the
    files SQLite keeps beside them. Returns the target as a Path.
    """
    if str(target).strip() == "":
        raise errors.Invalid({"output": "Name the file to write."})
    path = Path(target).expanduser()
    for case in protect:
        for kept in companions(case):
            if _same(path, kept):
                what = (
                    "is the case file itself" if kept == Path(case) else "belongs to the case file"
                )
                raise errors.Invalid({"output": f"{path.name} {what}; choose another name"})
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise errors.Invalid({"output": f"{path.name} cannot be written: {exc.strerror}"}) from exc
    if found is not None and stat.S_ISLNK(found.st_mode):
        try:
            found = os.stat(path)
        except OSError:
            found = None  # a dangling link is replaced by the file, not followed
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise errors.Invalid({"output": f"{path.name} is a folder; name a file in it"})
        if not stat.S_ISREG(found.st_mode):
            raise errors.Invalid({"output": f"{path.name} is not a regular file"})
        if _looks_like_case(path):
            raise errors.Invalid(
                {"output": f"{path.name} is a case file; it is never written over"}
            )
    if not path.parent.is_dir():
        raise errors.CaseFileNotFound(f"{path} cannot be written: its folder does not exist")
    return path


def _looks_like_case(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


@contextmanager
def replacing(target: Path | str, *, protect: Iterable[Path | str] = ()) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it over `target` once the block ends.

    On any failure the temporary file is removed and `target` is left as it was.
    """
    path = check_target(target, protect=protect)
    try:
        handle, temp = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name[:60]}.", suffix=".partial"
        )
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    os.close(handle)
    try:
        yield Path(temp)
        with open(temp, "rb+") as fh:
            os.fsync(fh.fileno())  # a full disk shows here, before the old file is gone
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def writing(
    target: Path | str,
    mode: str = "w",
    *,
    protect: Iterable[Path | str] = (),
    encoding: str | None = "utf-8",
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """Open a temporary file beside `target` for writing; it replaces `target` when complete."""
    with replacing(target, protect=protect) as temp:
        if "b" in mode:
            fh: IO[Any] = open(temp, mode)  # noqa: SIM115 - closed below, before the rename
        else:
            fh = open(temp, mode, encoding=encoding, newline=newline)  # noqa: SIM115
        with fh:
            yield fh
            fh.flush()


def safe_name(name: str, media_type: str = "") -> str:
    """A file name that is only a name: no folders, no `..`, no control characters.

    What is left of an unusable name is replaced by `attachment` with an extension
    from the media type.
    """
    text = unicodedata.normalize("NFC", str(name)).replace("\\", "/").split("/")[-1]
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co"))
    text = _UNSAFE.sub("_", text).strip().strip(".").strip()
    if not text or set(text) <= {".", "_", " "}:
        text = "attachment" + _FALLBACK_EXT.get(media_type, "")
    if len(text) > MAX_NAME:
        _, dot, ext = text.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        text = text[: MAX_NAME - len(ext)] + ext
    return text


def private_folder(prefix: str = "casefile-") -> Path:
    """A new folder only this user can enter (mode 0700), made with mkdtemp."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def create_new(folder: Path, name: str) -> tuple[Path, IO[bytes]]:
    """Create `name` (made safe) in `folder` for writing, never following or replacing a link.

    A name already taken gets " (2)", " (3)"... The folder itself may not be a link.
    """
    name = safe_name(name)
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        raise errors.Invalid({"folder": f"{folder} is not a folder that can be written"}) from exc
    try:
        stem, dot, ext = name.rpartition(".")
        if not stem:
            stem, dot, ext = name, "", ""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_BINARY", 0)
        for attempt in range(1, 1000):
            candidate = name if attempt == 1 else f"{stem} ({attempt}){dot}{ext}"
            try:
                fd = os.open(candidate, flags, 0o600, dir_fd=dir_fd)
            except FileExistsError:
                continue
            return folder / candidate, os.fdopen(fd, "wb")
        raise errors.Invalid({"folder": f"{folder} already holds too many files named {name}"})
    finally:
        os.close(dir_fd)
