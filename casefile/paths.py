"""Where Casefile keeps things: the files it ships, and the user's case file, logs and drafts."""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

APP = "Casefile"
T = TypeVar("T")


def resource(*parts: str) -> Path:
    """A file shipped with Casefile (fonts, the demo case, icons), installed or not.

    The top-level resources/ folder installs as the package `casefile.resources`; both a
    wheel and an editable install put it on the file system, where fonts must be read.
    """
    return Path(str(files("casefile.resources").joinpath(*parts)))


def data_dir() -> Path:
    """The user's data folder for Casefile, created if needed."""
    return platformdirs.user_data_path(APP, appauthor=False, ensure_exists=True)


def default_case_file() -> Path:
    """The case file the app opens when none is named."""
    return data_dir() / "default.casefile"


def cache_dir() -> Path:
    """Where Casefile keeps what it can rebuild (the gazetteer's index); not created here."""
    return platformdirs.user_cache_path(APP, appauthor=False)


def log_dir() -> Path:
    """Where logs go."""
    return platformdirs.user_log_path(APP, appauthor=False, ensure_exists=True)


def log_file() -> Path:
    """The log file the app and the command line write unexpected errors to."""
    return log_dir() / "casefile.log"


def write_cache(path: Path, data: bytes, *, stale: str) -> None:
    """Keep `data` in the cache folder at `path`, removing older copies matching `stale`.

    Written whole or not at all (a temporary file renamed), even with two apps starting at
    once; a cache that cannot be written is simply not kept.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(stale):
            old.unlink(missing_ok=True)  # an older release's copy
        partial = path.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass


def derived(
    shipped: bytes,
    cache: Path | None,
    *,
    kind: str,
    version: int,
    make: Callable[[], Any],
    read: Callable[[Any], T],
    fresh: bool = False,
) -> T:
    """What `make` derives from a shipped file, kept in the cache folder once made.

    The copy (marshal, fast to load) is named by `kind`, the `version` of its shape and the
    hash of the shipped file, so a new release never reads an old copy. `make` returns a
    value marshal can write; `read` turns it, made or cached, into what the caller uses,
    raising ValueError or TypeError for a damaged copy, which is then made again (as with
    `fresh`). A cache that cannot be read or written is passed by.
    """
    if cache is None:
        return read(make())
    digest = hashlib.sha256(shipped).hexdigest()[:16]
    path = cache / f"{kind}-{version}-{digest}.marshal"
    if not fresh:
        try:
            return read(marshal.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError):
            pass  # made below, and written again
    made = make()
    write_cache(path, marshal.dumps(made), stale=f"{kind}-*.marshal")
    return read(made)
