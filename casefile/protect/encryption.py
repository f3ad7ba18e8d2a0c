"""Encrypting, decrypting and rekeying a case file, and the key a case file opens with.

Each conversion writes a whole new file beside the case (SQLCipher's sqlcipher_export),
syncs it and swaps it in with one atomic rename: a crash leaves the old file or the new
one, never half of each, and no plaintext temporary file is written when encrypting.
The case must not be open elsewhere meanwhile (the same lock the app takes).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from casefile import errors
from casefile.protect import backups, keys
from casefile.store import cipher, locking

MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class Opening:
    """How to open a case file: its key (None: plain), and a new case's recovery key."""

    key: bytes | None
    recovery: str | None = None


def opening(path: Path, passphrase: str | None) -> Opening:
    """The key a case file opens with; a missing or empty file is created encrypted when a
    passphrase is given (its recovery key is then returned, to be shown once)."""
    if cipher.is_encrypted(path):
        return Opening(keys.unlock(path, passphrase))
    if passphrase and (not path.exists() or path.stat().st_size == 0):
        check_passphrase(passphrase)
        new = keys.new_key()
        return Opening(new.key, new.recovery)
    return Opening(None)


def remember(path: Path, key: bytes, passphrase: str) -> None:
    """Write the key file of a newly created encrypted case file."""
    keys.write_entries(path, [keys.wrap(key, passphrase, cipher.file_salt(path))])


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect anything."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise errors.Invalid({"passphrase": f"use at least {MIN_PASSPHRASE} characters"})


def derived_key(key: bytes, purpose: str) -> bytes:
    """A key for another use (drafts, backups' names) derived from the database key."""
    return hmac.new(key, f"casefile {purpose}".encode(), hashlib.sha256).digest()


def encrypt(path: Path, passphrase: str) -> str:
    """Encrypt a plain case file with a passphrase; returns the recovery key (show it once)."""
    _exists(path)
    if cipher.is_encrypted(path):
        raise errors.CasefileError(f"{path.name} is already encrypted")
    check_passphrase(passphrase)
    new = keys.new_key()
    with _exclusive(path), _temporary(path) as temp:
        cipher.export(path, None, temp, new.key)
        keys.write_entries(path, [keys.wrap(new.key, passphrase, cipher.file_salt(temp))])
        _swap(temp, path)
    _drop_plain_copies(path)
    return new.recovery


def _drop_plain_copies(path: Path) -> None:
    """Delete the plain copies Casefile itself made of a case now encrypted.

    The automatic backups and the copies kept before an upgrade would otherwise give the
    case away; they are replaced by the next (encrypted) backup.
    """
    copies = [*backups.existing(path), *path.parent.glob(f"{path.name}.before-upgrade-*")]
    for copy in copies:
        if not cipher.is_encrypted(copy):
            copy.unlink(missing_ok=True)


def decrypt(path: Path, secret: str | None) -> None:
    """Turn an encrypted case file back into a plain one (its passphrase or recovery key)."""
    _exists(path)
    if not cipher.is_encrypted(path):
        raise errors.CasefileError(f"{path.name} is not encrypted")
    key = keys.unlock(path, secret)
    with _exclusive(path), _temporary(path) as temp:
        cipher.export(path, key, temp, None)
        _swap(temp, path)
    keys.key_file(path).unlink(missing_ok=True)


def rekey(path: Path, secret: str | None, passphrase: str, *, new_recovery: bool) -> str | None:
    """Change the passphrase, and with `new_recovery` the database and recovery keys too.

    Returns the new recovery key, or None when only the passphrase changed.
    """
    _exists(path)
    if not cipher.is_encrypted(path):
        raise errors.CasefileError(f"{path.name} is not encrypted; encrypt it first")
    key = keys.unlock(path, secret)
    check_passphrase(passphrase)
    with _exclusive(path):
        if not new_recovery:
            keys.write_entries(path, [keys.wrap(key, passphrase, cipher.file_salt(path))])
            return None
        new = keys.new_key()
        with _temporary(path) as temp:
            cipher.export(path, key, temp, new.key)
            entry = keys.wrap(new.key, passphrase, cipher.file_salt(temp))
            # Old entries stay until the swap: a crash before it leaves the old pair working.
            keys.write_entries(path, [entry, *keys.read_entries(path)])
            _swap(temp, path)
        keys.write_entries(path, [entry])
        return new.recovery


def _exists(path: Path) -> None:
    if not path.is_file():
        raise errors.CaseFileNotFound(f"{path} does not exist")


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    lock = locking.take(path)
    try:
        yield
    finally:
        locking.release(lock)


@contextmanager
def _temporary(path: Path) -> Iterator[Path]:
    temp = path.with_name(f".{path.name}.converting")
    for side in (temp, *_side_files(temp)):
        side.unlink(missing_ok=True)
    try:
        yield temp
    finally:
        for side in (temp, *_side_files(temp)):
            side.unlink(missing_ok=True)


def _side_files(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))


def _swap(temp: Path, path: Path) -> None:
    # The export checkpointed and closed the source, so its -wal is empty or gone; a stale
    # one must not be read against the new file (or hold old plaintext pages).
    for side in _side_files(path):
        side.unlink(missing_ok=True)
    os.replace(temp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)  # the rename itself reaches the disk
    finally:
        os.close(fd)
