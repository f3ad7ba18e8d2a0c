"""The one place engines are made, connection pragmas, and SQLite error translation.

Everything SQLite-specific about *connections* lives here (SQLCipher's part in cipher.py
beside it), so that a server database could replace it later.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Select, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from casefile import errors
from casefile.store import cipher, reading, room
from casefile.store.uri import file_uri

BUSY_TIMEOUT_MS = 5000
# An execution option: a transaction that will write takes the write lock when it begins.
WRITE = "casefile_write"
# Execution option of a reader whose statements need no common snapshot: each reads what
# is committed when it runs, and no BEGIN and ROLLBACK are sent (0.1 ms, a search's 2%).
EACH_STATEMENT = "casefile_each_statement"


def make_engine(path: Path | str, *, readonly: bool = False, key: bytes | None = None) -> Engine:
    """Create the engine for a case file: plain SQLite, or SQLCipher when given its key.

    `key` is the raw 32-byte database key (casefile.protect.keys unwraps it from the
    passphrase or the recovery key); it is kept in the pool's creator, never in a URL.
    """
    path = Path(path)
    # Reading makes no file beside the case, nor changes one (see casefile.store.reading).
    read = reading.plan(path) if readonly else reading.Reading(path, "")
    uri = file_uri(read.path, f"mode={'ro' if readonly else 'rwc'}{read.parameters}")
    # Pooled connections: opening one costs more than a typical search (schema parse,
    # pragmas), and the pool hands each to one thread at a time.
    if key is None:

        def connect_plain() -> object:
            # Not a URL SQLAlchemy parses: it would decode the path's escapes (file_uri).
            return sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )

        engine = create_engine("sqlite+pysqlite://", creator=connect_plain, poolclass=QueuePool)
    else:

        def connect() -> object:
            raw = cipher.dbapi.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            cipher.key_connection(raw, key)
            return raw

        # sqlcipher3 is pysqlite with SQLCipher built in: the same dialect, given the
        # module so its errors are wrapped like sqlite3's; the same pool as a plain file.
        # hide_parameters: an error's message (which may reach the log) must not carry
        # the text of an encrypted case.
        engine = create_engine(
            "sqlite+pysqlite://",
            module=cipher.dbapi,
            creator=connect,
            poolclass=QueuePool,
            hide_parameters=True,
        )
    if not readonly:
        event.listen(engine, "connect", _set_pragmas)
        room.install(engine, path)
    else:
        event.listen(engine, "connect", _set_read_pragmas)
        event.listen(engine, "engine_disposed", lambda _engine: read.done())
    event.listen(engine, "begin", _begin)
    return engine


def _begin(connection: Connection) -> None:
    # pysqlite's own transaction handling leaves DDL outside the transaction, which would
    # make a failed migration half-applied; so BEGIN is ours. A writer takes the lock at
    # BEGIN, which lets a busy file wait its turn instead of failing mid-transaction.
    options = connection.get_execution_options()
    if options.get(EACH_STATEMENT, False):
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE, False) else "BEGIN")


# Page cache for one bulk write: with the default 2 MB, each insert into the random UUID
# indexes of a large table read its page again, and an import of 100,000 incidents built
# its search index twice as slowly. 64 MB did better still but took the import past its
# 200 MB memory budget (the search index gathers up to 128 MB before writing).
BULK_CACHE_KB = 16 * 1024


@contextmanager
def bulk_cache(connection: Connection) -> Iterator[None]:
    """A larger page cache on this connection for the block, the usual one after."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


def driver_rows(
    connection: Connection, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
) -> Iterator[tuple[Any, ...]]:
    """The rows of a query run on the driver's own cursor, as plain tuples.

    For reads of many rows or many parameters (an import's): no compiling per call, no
    row objects. It runs in the connection's transaction, but flushes no ORM session.
    """
    raw = connection.connection.driver_connection
    assert raw is not None  # an open connection always has its driver's
    rows: Iterator[tuple[Any, ...]] = raw.execute(sql, params)
    return rows


def query_rows(connection: Connection, query: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a Core query run on the driver's own cursor, as the driver gives them.

    No result processing: a date is its stored text, a JSON column its JSON. For readers
    of whole tables that read each column their own way (verify's). Plain bound values
    only (an IN list would need SQLAlchemy's expanding of it).
    """
    compiled = query.compile(dialect=connection.dialect)
    values = compiled.construct_params()
    if compiled.positiontup is None:
        return driver_rows(connection, str(compiled), values)
    return driver_rows(connection, str(compiled), [values[name] for name in compiled.positiontup])


def marks(count: int) -> str:
    """The placeholders of an IN list of `count` values: "?, ?, ?"."""
    return ", ".join("?" * count)


# SQLite calls the stop check after this many steps of its virtual machine: about a
# millisecond of work here, and a Python call each time costs little beside it.
_CHECK_EVERY = 20_000


@contextmanager
def stoppable(connection: Connection, should_stop: Callable[[], bool] | None) -> Iterator[None]:
    """Abort the connection's statements (raising `errors.Cancelled`) once `should_stop()`.

    For long reads a newer request makes useless (facet counts over a million incidents
    take seconds). `should_stop` is called on the thread running the statement. SQLite's
    drivers (sqlite3, and sqlcipher3 for an encrypted case) offer the hook; elsewhere the
    statements run to the end.
    """
    raw = connection.connection.dbapi_connection
    hook = getattr(raw, "set_progress_handler", None)
    if should_stop is None or hook is None:
        yield
        return
    hook(lambda: 1 if should_stop() else 0, _CHECK_EVERY)
    try:
        yield
    except DBAPIError as exc:
        if should_stop():
            raise errors.Cancelled() from exc
        raise
    finally:
        hook(None, 0)


# A log past this size after a commit (a large import or bundle) is emptied at once: the
# next opening checks every frame of a log left beside the case (store.wal), a second or
# more for each hundred megabytes.
LOG_LIMIT = 32 * 1024 * 1024


def settle(engine: Engine, path: Path | str) -> None:
    """Copy committed changes from the write-ahead log into the case file itself.

    Analysts copy a .casefile to a USB stick while the app is open; without this the
    newest changes would sit in the -wal file beside it and be left behind. PASSIVE
    never waits for readers: what it cannot copy now, a later commit or closing does.
    A log grown past `LOG_LIMIT` is emptied too (TRUNCATE, which waits for readers up to
    the busy timeout). A full disk or a failed write is reported: the change is
    committed, but the case file alone does not hold it yet.
    """
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            if _log_size(path) > LOG_LIMIT:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.rollback()
    except DBAPIError as exc:
        if _primary(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return  # copied on the next try
        name = Path(path).name
        raise errors.DiskFull(
            f"The change was saved only in {name}-wal, not yet in {name} itself "
            f"({exc.orig}); free some space and keep both files together"
        ) from exc


def _log_size(path: Path | str) -> int:
    try:
        return os.stat(f"{path}-wal").st_size
    except OSError:
        return 0


def _primary(exc: DBAPIError) -> int | None:
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


# Text another tool wrote as invalid UTF-8 is read with replacement characters (U+FFFD)
# rather than failing the whole list, export or report; verify names the record.
# A partial of the builtin keeps decoding in C.
decode_text = functools.partial(str, encoding="utf-8", errors="replace")


def _set_read_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # no implicit BEGIN; see _begin
    dbapi_conn.text_factory = decode_text
    dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_conn.execute("PRAGMA query_only = ON")  # a second guard: no statement writes


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # no implicit BEGIN; see _begin
    dbapi_conn.text_factory = decode_text
    # Foreign keys are off by default in SQLite and must be enabled per connection.
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
    except (sqlite3.DatabaseError, cipher.Error):
        # A read-only medium cannot switch to WAL; reading still works.
        pass
    finally:
        cur.close()


_KNOWN = {
    sqlite3.SQLITE_BUSY: errors.CaseFileBusy,
    sqlite3.SQLITE_LOCKED: errors.CaseFileBusy,
    sqlite3.SQLITE_READONLY: errors.ReadOnly,
    sqlite3.SQLITE_FULL: errors.DiskFull,
    sqlite3.SQLITE_CORRUPT: errors.Corrupt,
    sqlite3.SQLITE_NOTADB: errors.NotACaseFile,
    sqlite3.SQLITE_CANTOPEN: errors.CaseFileNotFound,
    sqlite3.SQLITE_PERM: errors.ReadOnly,
}

_MESSAGES = {
    errors.CaseFileBusy: (
        "is in use by another program (or another Casefile window); close it and try again"
    ),
    errors.ReadOnly: "cannot be written: the file or its folder is read-only",
    errors.DiskFull: "cannot be written: the disk is full",
    errors.Corrupt: "is damaged; restore it from a backup copy",
    errors.NotACaseFile: "is not a case file",
    errors.CaseFileNotFound: "cannot be opened",
}


def translate(exc: BaseException, path: Path | str) -> errors.CasefileError | None:
    """Turn a known SQLite environment failure into a user error, or None for a bug."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error | cipher.Error):
        return None
    code: int | None = getattr(orig, "sqlite_errorcode", None)
    # Extended result codes carry the primary code in the low byte.
    cls = None if code is None else _KNOWN.get(code & 0xFF)
    if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR:
        return _io_error(code, path)
    if cls is None:
        text = str(orig).lower()
        if "locked" in text or "busy" in text:
            cls = errors.CaseFileBusy
        elif "readonly" in text or "read-only" in text:
            cls = errors.ReadOnly
        elif "not a database" in text or "file is encrypted" in text:
            cls = errors.NotACaseFile
        elif "disk is full" in text or "database or disk is full" in text:
            cls = errors.DiskFull
        elif "malformed" in text:
            cls = errors.Corrupt
        else:
            return None
    return cls(f"{Path(path).name} {_MESSAGES[cls]}")


# A write past what the disk (or the process's file size limit, EFBIG) allows is an
# SQLITE_IOERR other than a failed read; SQLITE_FULL only covers some of them.
_IOERR_READ = {sqlite3.SQLITE_IOERR_READ, sqlite3.SQLITE_IOERR_SHORT_READ}


def _io_error(code: int, path: Path | str) -> errors.CasefileError:
    name = Path(path).name
    if code in _IOERR_READ:
        return errors.Corrupt(
            f"{name} could not be read (a disk error); copy it to another disk and try again"
        )
    return errors.DiskFull(f"{name} {_MESSAGES[errors.DiskFull]} (or failing: a disk I/O error)")
