"""SQLCipher, the encrypted SQLite: keyed connections, and copying a file into or out of it.

Everything SQLCipher-specific lives here (and the engine in db.py), so the rest of the core
runs the same SQL on an encrypted case file as on a plain one. Keys are raw 32-byte keys
(`PRAGMA key = "x'…'"`): SQLCipher's own passphrase derivation would run again on every
pooled connection, and the passphrase is handled one level up (casefile.protect.keys).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import sqlcipher3

from casefile.store.uri import file_uri

KEY_BYTES = 32
SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLCipher writes a random salt where SQLite writes its magic string; the salt tells one
# encrypted file from another, so a key file can name the database it opens.
SALT_BYTES = 16
KEY_FILE_SUFFIX = ".key"  # NAME.casefile.key: the wrapped key (casefile.protect.keys)
MIN_PAGE = 512  # SQLite's smallest page size: a database is a whole number of pages

Error = sqlcipher3.Error
dbapi = sqlcipher3


def pragma_key(key: bytes, salt: bytes = b"") -> str:
    """The statement that keys a connection with a raw key (no passphrase derivation).

    A new file given `salt` takes it instead of a random one (a backup keeps its case's).
    """
    if len(key) != KEY_BYTES or len(salt) not in (0, SALT_BYTES):
        raise ValueError("a database key is 32 bytes, a salt 16")
    return f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\""


def key_connection(connection: sqlcipher3.Connection, key: bytes, salt: bytes = b"") -> None:
    """Key a fresh connection; SQLCipher's own error log stays quiet on a wrong key."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(pragma_key(key, salt))


def is_encrypted(path: Path) -> bool:
    """True for a file that looks like an SQLCipher database: whole pages, no SQLite magic.

    Anything else that is not plain SQLite (a text file, say) is left for the header
    check to call "not a case file".
    """
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            return False  # a folder, a FIFO (reading it would wait forever), a device
        size = found.st_size
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    whole_pages = size >= MIN_PAGE and size % MIN_PAGE == 0
    return whole_pages and head != SQLITE_MAGIC


def file_salt(path: Path) -> bytes:
    """The first bytes of an encrypted file: SQLCipher's salt, not secret."""
    with path.open("rb") as fh:
        return fh.read(SALT_BYTES)


def opens_with(path: Path, key: bytes) -> bool:
    """Whether `key` decrypts the file (read-only check; the file is not changed)."""
    connection = sqlcipher3.connect(file_uri(path, "mode=ro"), uri=True)
    try:
        key_connection(connection, key)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        connection.close()


def export(source: Path, source_key: bytes | None, target: Path, target_key: bytes | None) -> None:
    """Copy a whole database into a new file with another key (None: plain SQLite).

    SQLCipher's sqlcipher_export writes every table, index and the schema version into
    the attached file. The target is synced before the caller swaps it in.
    """
    connection = sqlcipher3.connect(source.as_posix(), isolation_level=None)
    try:
        if source_key is not None:
            key_connection(connection, source_key)
        else:
            connection.execute("PRAGMA cipher_log_level = NONE")
        # Fold the write-ahead log in, so nothing committed is left behind in it.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        attach_key = f"x'{target_key.hex()}'" if target_key is not None else ""
        connection.execute("ATTACH DATABASE ? AS target KEY ?", (target.as_posix(), attach_key))
        connection.execute("SELECT sqlcipher_export('target')")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"PRAGMA target.user_version = {int(version)}")
        connection.execute("DETACH DATABASE target")
    finally:
        connection.close()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup(
    connection: object, target: Path, key: bytes | None, *, salt: bytes = b"", stamp: int = 0
) -> None:
    """Copy a live database (the open connection, WAL included) into `target`.

    SQLite's online backup API; on an encrypted connection the copy is keyed the same,
    with the case's salt when given (so the case's key file opens the copy too). `stamp`
    goes in the copy's application_id, which marks a file as a Casefile backup.
    """
    if key is None and isinstance(connection, sqlite3.Connection):
        dest: sqlite3.Connection | sqlcipher3.Connection = sqlite3.connect(target)
    else:
        dest = sqlcipher3.connect(target.as_posix())
        if key is not None:
            key_connection(dest, key, salt)
    try:
        connection.backup(dest)  # type: ignore[attr-defined]
        if stamp:
            dest.execute(f"PRAGMA application_id = {int(stamp)}")
            dest.commit()
    finally:
        dest.close()


def connect(path: Path, key: bytes | None, *, readonly: bool = True) -> sqlcipher3.Connection:
    """A bare connection to a file, plain or keyed (for checks outside an engine)."""
    mode = "ro" if readonly else "rw"
    connection = sqlcipher3.connect(file_uri(path, f"mode={mode}"), uri=True)
    if key is not None:
        key_connection(connection, key)
    else:
        connection.execute("PRAGMA cipher_log_level = NONE")
    return connection
