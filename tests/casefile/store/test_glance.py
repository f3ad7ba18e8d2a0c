"""The first look at a case file, with the plain driver, says yes only to the plainest case."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import casefile
from casefile.store import glance, locking, schema


def test_an_up_to_date_plain_case_is_accepted(case_path: Path) -> None:
    assert glance.plain_and_current(case_path)
    connection = glance.connect(case_path)
    assert connection is not None
    with pytest.raises(sqlite3.OperationalError):  # the look writes nothing
        connection.execute("DELETE FROM incident")
    connection.close()


def test_head_is_the_schema_s(case_path: Path) -> None:
    assert glance.HEAD == schema.HEAD


def test_an_older_schema_is_refused(case_path: Path) -> None:
    with sqlite3.connect(case_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    connection.close()
    assert glance.connect(case_path) is None


def test_other_sqlite_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.casefile"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    assert glance.plain_and_current(path)
    assert glance.connect(path) is None


def test_what_is_not_plain_sqlite_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.casefile"
    empty.touch()
    text = tmp_path / "text.casefile"
    text.write_text("not a database")
    for path in (empty, text, tmp_path, tmp_path / "missing.casefile"):
        assert not glance.plain_and_current(path)


def test_a_lock_taken_first_is_held_by_the_case_then_released(case_path: Path) -> None:
    lock = locking.take(case_path)
    with casefile.open(case_path, exclusive=True, lock=lock) as cf:
        assert cf.count_incidents() == 0
        with pytest.raises(casefile.errors.CaseFileBusy):
            locking.take(case_path)
    locking.release(locking.take(case_path))  # free again


def test_a_lock_given_for_a_missing_file_is_released(tmp_path: Path) -> None:
    path = tmp_path / "gone.casefile"
    lock = locking.take(path)
    with pytest.raises(casefile.errors.CaseFileNotFound):
        casefile.open(path, create=False, lock=lock)
    locking.release(locking.take(path))


def test_a_case_another_program_is_writing_is_not_waited_for(case_path: Path) -> None:
    connection = glance.connect(case_path)
    assert connection is not None
    # Start-up must not wait seconds on the main thread: the usual open takes it from here.
    assert connection.execute("PRAGMA busy_timeout").fetchone()[0] <= 100
    connection.close()
    writer = sqlite3.connect(case_path, isolation_level=None)
    # Another program writing, in the journal mode that keeps readers out meanwhile.
    writer.execute("PRAGMA journal_mode = DELETE")
    writer.execute("BEGIN EXCLUSIVE")
    try:
        assert glance.connect(case_path) is None
    finally:
        writer.rollback()
        writer.close()
