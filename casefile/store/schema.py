"""Bringing a case file's schema up to date: create, upgrade with a backup, refuse newer."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from casefile import errors

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_MAGIC = b"SQLite format 3\x00"
# The newest migration in migrations/versions (a test keeps the two equal). Knowing it
# lets a file that is up to date open without importing Alembic, a tenth of a second.
HEAD = "0006"


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


def check_header(path: Path) -> None:
    """Refuse a file that is not an SQLite database before SQLite touches it."""
    if not path.exists():
        return
    if path.is_dir():
        raise errors.NotACaseFile(f"{path.name} is a folder, not a case file")
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_MAGIC))
    if header and header != SQLITE_MAGIC:
        raise errors.NotACaseFile(f"{path.name} is not a case file")


def current_revision(connection: Connection) -> str | None:
    """The schema revision recorded in the file, or None for an empty file."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def prepare(engine: Engine, path: Path, *, target: str = "head") -> str:
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
        backup(path, suffix=f".before-upgrade-{revision}.bak")
    _upgrade(engine, path, target)
    return wanted


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


def backup(path: Path, *, suffix: str) -> Path:
    """Copy a live case file consistently (SQLite's backup API honours the WAL)."""
    target = path.with_name(path.name + suffix)
    source = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target
