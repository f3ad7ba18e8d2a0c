"""Bringing a case file's schema up to date: create, upgrade with a backup, refuse newer."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from casefile import errors
from casefile.store import cipher
from casefile.store.glance import HEAD, SQLITE_MAGIC  # kept where the app's first look needs them

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this version of Casefile knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of Casefile knows."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def check_file(path: Path) -> bool:
    """Refuse what is not a regular, non-empty file, without opening it; False if missing.

    The type is checked before anything reads it: reading a FIFO would wait forever.
    """
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise errors.CaseFileNotFound(f"{path.name} cannot be opened: {exc.strerror}") from exc
    if stat.S_ISDIR(found.st_mode):
        raise errors.NotACaseFile(f"{path.name} is a folder, not a case file")
    if not stat.S_ISREG(found.st_mode):
        raise errors.NotACaseFile(f"{path.name} is not a regular file, so not a case file")
    if found.st_size == 0:
        raise errors.NotACaseFile(f"{path.name} is empty, not a case file (it was left as it is)")
    return True


def check_header(path: Path) -> None:
    """Refuse what is not a regular, non-empty SQLite file before SQLite touches it."""
    if not check_file(path):
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except PermissionError as exc:
        raise errors.ReadOnly(f"{path.name} cannot be read: permission denied") from exc
    if header != SQLITE_MAGIC:
        raise errors.NotACaseFile(f"{path.name} is not a case file")


def check_readable(engine: Engine, path: Path) -> str:
    """The revision of a file opened read-only, refusing one that is not up to date.

    Nothing is written: a file that needs an upgrade is said to need one.
    """
    with engine.connect() as connection:
        revision = current_revision(connection)
    if revision is None:
        raise errors.NotACaseFile(f"{path.name} is an SQLite database but not a case file")
    if revision == HEAD:
        return revision
    if revision not in known_revisions():
        raise errors.TooNew(
            f"{path.name} was made by a newer version of Casefile; "
            "update Casefile to open it (the file was left unchanged)"
        )
    raise errors.NeedsUpgrade(
        f"{path.name} was made by an older Casefile and needs an upgrade; "
        "open it in the app or with a command that writes (the file was left unchanged)"
    )


def current_revision(connection: Connection) -> str | None:
    """The schema revision recorded in the file, or None for an empty file."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def prepare(engine: Engine, path: Path, *, target: str = "head", key: bytes | None = None) -> str:
    """Create or upgrade the schema; returns the revision the file is now at."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = current_revision(connection)
    if tables and revision is None:
        raise errors.NotACaseFile(f"{path.name} is an SQLite database but not a case file")
    if revision == HEAD and target == "head":
        return revision
    if revision is not None and revision not in known_revisions():
        raise errors.TooNew(
            f"{path.name} was made by a newer version of Casefile; "
            "update Casefile to open it (the file was left unchanged)"
        )
    wanted = head_revision() if target == "head" else target
    if revision == wanted:
        return revision
    if revision is not None:
        backup(engine, path, suffix=f".before-upgrade-{revision}.bak", key=key)
    _upgrade(engine, path, target)
    # The new schema goes into the file itself now, not only into its -wal: a copy of the
    # .casefile alone taken at this moment is a whole case file.
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.rollback()
    return wanted


def check_current(engine: Engine, path: Path) -> str:
    """For a read-only open: the file's revision, which must be this version's own."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        connection.rollback()
    if revision != HEAD:
        raise errors.ReadOnly(
            f"{path.name} must be brought up to date before it can be opened read-only; "
            "open it for writing first"
        )
    return revision


def _upgrade(engine: Engine, path: Path, target: str) -> None:
    # All migrations run in one transaction, so a failure leaves the file as it was.
    # Foreign keys are off meanwhile (batch mode copies tables; a DROP would cascade),
    # and checked before commit.
    from alembic import command

    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                command.upgrade(_config(connection), target)
                if connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise errors.Corrupt(
                        f"{path.name} has broken links between records; "
                        "restore it from a backup copy (the file was left unchanged)"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def backup(engine: Engine, path: Path, *, suffix: str, key: bytes | None = None) -> Path:
    """Copy a live case file consistently (SQLite's backup API honours the WAL).

    The copy of an encrypted case is encrypted with the same key and salt, its key file
    copied beside it, so the passphrase opens it as it opens the case.
    """
    target = path.with_name(path.name + suffix)
    salt = cipher.file_salt(path) if key is not None else b""
    with engine.connect() as connection:
        cipher.backup(connection.connection.driver_connection, target, key, salt=salt)
        connection.rollback()
    key_file = path.with_name(path.name + cipher.KEY_FILE_SUFFIX)
    if key is not None and key_file.exists():
        shutil.copyfile(key_file, target.with_name(target.name + cipher.KEY_FILE_SUFFIX))
    return target
