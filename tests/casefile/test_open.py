"""Opening case files: creation, refusal of bad or newer files, locks, and the upgrade path."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

import casefile
from casefile import errors
from casefile.search import fts
from casefile.store import db, schema


def test_open_creates_a_wal_file_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new.casefile"
    with casefile.open(path) as cf:
        assert cf.revision == schema.head_revision()
        with cf.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == db.BUSY_TIMEOUT_MS
    assert path.exists()


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(errors.CaseFileNotFound):
        casefile.open(tmp_path / "nope.casefile", create=False)
    with pytest.raises(errors.CaseFileNotFound):
        casefile.open(tmp_path / "no-folder" / "x.casefile")


def test_a_text_file_is_not_a_case_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.casefile"
    path.write_text("shopping list")
    with pytest.raises(errors.NotACaseFile):
        casefile.open(path)
    assert path.read_text() == "shopping list"


def test_another_sqlite_database_is_not_a_case_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(errors.NotACaseFile, match="not a case file"):
        casefile.open(path)


def test_a_folder_is_not_a_case_file(tmp_path: Path) -> None:
    with pytest.raises(errors.NotACaseFile):
        casefile.open(tmp_path)


def test_a_newer_file_is_refused_and_left_alone(case_path: Path) -> None:
    with sqlite3.connect(case_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = case_path.read_bytes()
    with pytest.raises(errors.TooNew, match="newer version"):
        casefile.open(case_path)
    assert case_path.read_bytes() == before


def test_exclusive_open_refuses_a_second_window(case_path: Path) -> None:
    with casefile.open(case_path, exclusive=True):
        with pytest.raises(errors.CaseFileBusy, match="already open"):
            casefile.open(case_path, exclusive=True)
        casefile.open(case_path).close()  # the command line may still read it
    casefile.open(case_path, exclusive=True).close()
    assert not case_path.with_name(case_path.name + ".lock").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_gives_a_clear_message(case_path: Path) -> None:
    case_path.chmod(0o444)
    try:
        with pytest.raises(errors.CasefileError), casefile.open(case_path) as cf:
            cf.add_incident(title="A", event_date=date(2025, 1, 1))
    finally:
        case_path.chmod(0o644)


def test_writing_a_read_only_file_is_a_clear_error(case_path: Path) -> None:
    # Root ignores permission bits, so open SQLite read-only to get the real error.
    with casefile.open(case_path) as cf:
        cf.engine.dispose()
        cf.engine = cf.transactions.engine = db.make_engine(case_path, readonly=True)
        with pytest.raises(errors.ReadOnly, match="read-only"):
            cf.add_incident(title="A", event_date=date(2025, 1, 1))
    with casefile.open(case_path) as cf:
        assert cf.count_incidents() == 0


def test_translate_known_sqlite_errors() -> None:
    busy = sqlite3.OperationalError("database is locked")
    assert isinstance(db.translate(busy, "x.casefile"), errors.CaseFileBusy)
    full = sqlite3.OperationalError("database or disk is full")
    assert isinstance(db.translate(full, "x.casefile"), errors.DiskFull)
    assert db.translate(ValueError("bug"), "x.casefile") is None


def test_locked_database_is_reported_not_raised_raw(case_path: Path) -> None:
    holder = sqlite3.connect(case_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with casefile.open(case_path) as cf:
            cf.engine.dispose()
            db_timeout = db.BUSY_TIMEOUT_MS
            db.BUSY_TIMEOUT_MS = 50
            try:
                cf.engine = db.make_engine(case_path)
                cf.transactions.engine = cf.engine
                with pytest.raises(errors.CaseFileBusy):
                    cf.add_incident(title="A", event_date=date(2025, 1, 1))
            finally:
                db.BUSY_TIMEOUT_MS = db_timeout
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _first_version_file(path: Path) -> None:
    """A case file as the first schema version wrote it, with one incident."""
    engine = db.make_engine(path)
    schema.prepare(engine, path, target="0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO incident (uuid, created_at, updated_at, title, event_date,"
                " time_precision, claim_status, narrative, status, killed, source_count)"
                " VALUES ('u-1', '2025-01-01', '2025-01-01', 'Drone strike on gold mine',"
                " '2025-11-26', 1, 'unclaimed',"
                " 'A drone hit the mine', 'draft', 3, 0)"
            )
        )
        conn.execute(  # the killed figure's own row: verify checks the one against the other
            text(
                'INSERT INTO casualty (incident_id, kind, "group", low, best, high, position,'
                " uuid, created_at, updated_at)"
                " SELECT id, 'killed', '', 3, 3, 3, 0, 'c-1', '2025-01-01', '2025-01-01'"
                " FROM incident"
            )
        )
    engine.dispose()


def test_upgrade_from_the_first_schema_version_keeps_data_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.casefile"
    _first_version_file(path)
    with casefile.open(path) as cf:
        assert cf.revision == schema.head_revision()
        assert cf.get_incident("u-1").title == "Drone strike on gold mine"
        assert [h.incident_id for h in cf.search("drone")] == ["u-1"]
        assert cf.protect.verify() == []
    backups = list(tmp_path.glob("old.casefile.before-upgrade-0001.bak"))
    if schema.head_revision() != "0001":
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_every_migration_runs_down_and_up_again(tmp_path: Path) -> None:
    path = tmp_path / "round.casefile"
    casefile.open(path).close()
    engine = db.make_engine(path)
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(schema._config(conn), "base")
    with engine.begin() as conn:
        command.upgrade(schema._config(conn), "head")
    engine.dispose()
    with casefile.open(path) as cf:
        assert cf.protect.verify() == []


def test_a_failed_upgrade_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.casefile"
    _first_version_file(path)

    def fail(_bind: object) -> None:
        raise RuntimeError("migration failed halfway")

    # Revision 0002 creates an index, then fills the search index: fail in between.
    monkeypatch.setattr(fts, "rebuild", fail)
    with pytest.raises(RuntimeError):
        casefile.open(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert "ix_incident_actor_incident" not in indexes
    monkeypatch.undo()
    with casefile.open(path) as cf:
        assert cf.get_incident("u-1").title == "Drone strike on gold mine"


def test_the_known_head_is_the_newest_migration() -> None:
    # A new migration must also move schema.HEAD, or up-to-date files would be upgraded.
    assert schema.head_revision() == schema.HEAD


def test_a_copy_of_the_file_alone_holds_the_latest_change(case_path: Path, tmp_path: Path) -> None:
    # An analyst copies NAME.casefile (not its -wal companion) while the app is open.
    with casefile.open(case_path) as cf:
        cf.add_incident(title="Shooting at the border", event_date=date(2025, 12, 1))
        copy = tmp_path / "stick.casefile"
        copy.write_bytes(case_path.read_bytes())
        with casefile.open(copy, create=False) as stick:
            assert [r.title for r in stick.list_incidents()] == ["Shooting at the border"]
