"""Damaged and crafted case files, made from one small sound case by a seeded generator."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import casefile
from casefile.store import db, schema

Maker = Callable[[Path, Path], Path]  # (sound case, folder) -> the hostile file
SEED = 20261206


def build_sound(folder: Path) -> Path:
    """A small sound case: incidents, a source, a citation and an attachment."""
    path = folder / "sound.casefile"
    with casefile.open(path) as cf:
        ids = [
            cf.add_incident(
                title=f"Border post {n} fired on",
                event_date=date(2025, 3, 1 + n),
                narrative="Gunfire across the river near Khorugh " * 20,
                tags=["border", f"t{n}"],
            ).created
            or ""
            for n in range(12)
        ]
        source = cf.sources.add(name="Asia-Plus", reliability="B").created or ""
        report = cf.sources.add_report(source_id=source, title="Shots at the border").created
        cf.sources.cite(incident_id=ids[0], report_id=report or "", credibility=2)
        cf.attachments.add(data=os.urandom(20_000), filename="photo.jpg", incident_id=ids[0])
    return path


def _copy(sound: Path, folder: Path, name: str) -> Path:
    target = folder / f"{name}.casefile"
    shutil.copy(sound, target)
    return target


def flipped(seed: int) -> Maker:
    """Flip a few random bytes past the file header (seeded)."""

    def make(sound: Path, folder: Path) -> Path:
        target = _copy(sound, folder, f"flip{seed}")
        data = bytearray(target.read_bytes())
        rng = random.Random(SEED + seed)
        for _ in range(rng.randint(1, 64)):
            data[rng.randrange(100, len(data))] ^= rng.randrange(1, 256)
        target.write_bytes(bytes(data))
        return target

    return make


def truncated(seed: int) -> Maker:
    """Cut the file short at a random length (seeded)."""

    def make(sound: Path, folder: Path) -> Path:
        target = _copy(sound, folder, f"cut{seed}")
        data = target.read_bytes()
        length = random.Random(SEED - seed).randrange(1, len(data))
        target.write_bytes(data[:length])
        return target

    return make


def page_flipped(table: str) -> Maker:
    """Garble the root page of one table or index."""

    def make(sound: Path, folder: Path) -> Path:
        target = _copy(sound, folder, f"page-{table}")
        raw = sqlite3.connect(target)
        (page,) = raw.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        raw.close()
        data = bytearray(target.read_bytes())
        start = (page - 1) * 4096
        for offset in range(start + 8, start + 400, 5):
            data[offset] ^= 0x5A
        target.write_bytes(bytes(data))
        return target

    return make


def sql(name: str, *statements: str) -> Maker:
    """A sound case changed by SQL, as another tool (the sqlite3 shell) could."""

    def make(sound: Path, folder: Path) -> Path:
        target = _copy(sound, folder, name)
        raw = sqlite3.connect(target)
        for statement in statements:
            raw.execute(statement)
        raw.commit()
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
        return target

    return make


def empty(sound: Path, folder: Path) -> Path:
    """A zero-byte file."""
    target = folder / "empty.casefile"
    target.touch()
    return target


def text_file(sound: Path, folder: Path) -> Path:
    """A text file with the suffix."""
    target = folder / "notes.casefile"
    target.write_text("shopping list\n")
    return target


def header_only(sound: Path, folder: Path) -> Path:
    """The SQLite magic followed by noise."""
    target = folder / "noise.casefile"
    target.write_bytes(schema.SQLITE_MAGIC + random.Random(SEED).randbytes(8000))
    return target


def other_database(sound: Path, folder: Path) -> Path:
    """An SQLite database that is not a case file."""
    target = folder / "other.casefile"
    raw = sqlite3.connect(target)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    return target


def old_revision(sound: Path, folder: Path) -> Path:
    """A case file at the first schema revision."""
    target = folder / "old.casefile"
    engine = db.make_engine(target)
    schema.prepare(engine, target, target="0001")
    engine.dispose()
    return target


def folder_named_case(sound: Path, folder: Path) -> Path:
    """A folder with the suffix."""
    target = folder / "dir.casefile"
    target.mkdir()
    return target


def fifo(sound: Path, folder: Path) -> Path:
    """A named pipe with the suffix: opening it for reading would wait forever."""
    target = folder / "p.casefile"
    os.mkfifo(target)
    return target


def damaged_log(how: str) -> Maker:
    """A case whose committed incidents sit in a damaged -wal."""

    def make(sound: Path, folder: Path) -> Path:
        work = folder / f"walwork-{how}"
        work.mkdir()
        base = _copy(sound, work, "base")
        reader = sqlite3.connect(base)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM incident").fetchall()
        with casefile.open(base) as cf:
            cf.add_incident(title="Only in the log", event_date=date(2025, 4, 1))
            target = folder / f"wal-{how}.casefile"
            shutil.copy(base, target)
            log = target.with_name(target.name + "-wal")
            shutil.copy(base.with_name(base.name + "-wal"), log)
        reader.close()
        data = bytearray(log.read_bytes())
        if how == "header":
            data[5] ^= 0xFF
        elif how == "page":
            data[32 + 24 + 100] ^= 0xFF
        else:
            data = data[: len(data) - 700]
        log.write_bytes(bytes(data))
        return target

    return make


MAKERS: dict[str, Maker] = {
    **{f"flip{n}": flipped(n) for n in range(14)},
    **{f"cut{n}": truncated(n) for n in range(8)},
    "page-incident": page_flipped("incident"),
    "page-ix_incident_event_date": page_flipped("ix_incident_event_date"),
    "page-ix_incident_title": page_flipped("ix_incident_title"),
    "page-incident_fts_data": page_flipped("incident_fts_data"),
    "bad-utf8": sql("bad-utf8", "UPDATE incident SET title = CAST(x'41ff42' AS TEXT)"),
    "bad-utf8-narrative": sql(
        "bad-utf8-narrative", "UPDATE incident SET narrative = CAST(x'c3' AS TEXT) WHERE id = 2"
    ),
    "year-1": sql("year-1", "UPDATE incident SET event_date = '0001-01-01' WHERE id = 1"),
    "year-9999": sql("year-9999", "UPDATE incident SET event_date = '9999-12-31' WHERE id = 2"),
    "bad-date": sql("bad-date", "UPDATE incident SET event_date = '2025-13-45' WHERE id = 4"),
    "attachment-escape": sql("attachment-escape", "UPDATE attachment SET filename = '../../x.sh'"),
    "attachment-absolute": sql("attachment-absolute", "UPDATE attachment SET filename = '/tmp/x'"),
    "future-revision": sql("future", "UPDATE alembic_version SET version_num = '9999'"),
    "huge-number": sql("huge", "UPDATE incident SET killed = 9223372036854775807 WHERE id = 3"),
    "empty": empty,
    "text-file": text_file,
    "header-only": header_only,
    "other-database": other_database,
    "old-revision": old_revision,
    "folder": folder_named_case,
    "fifo": fifo,
    "wal-header": damaged_log("header"),
    "wal-page": damaged_log("page"),
    "wal-cut": damaged_log("cut"),
}
