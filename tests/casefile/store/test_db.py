"""Engines and connections: reading rows on the driver's own cursor."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from casefile.store import db


def test_driver_rows_are_plain_tuples_read_in_the_open_transaction(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "plain.db")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
        connection.execute(text("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')"))
        # Not committed yet: the driver's cursor is the same connection, in its transaction.
        sql = f"SELECT id, name FROM t WHERE id IN ({db.marks(2)}) ORDER BY id"
        assert list(db.driver_rows(connection, sql, [3, 1])) == [(1, "a"), (3, "c")]
        assert list(db.driver_rows(connection, "SELECT count(*) FROM t")) == [(3,)]
    engine.dispose()


def test_marks_are_one_placeholder_a_value() -> None:
    assert db.marks(3) == "?, ?, ?"
    assert db.marks(1) == "?"
    assert db.marks(0) == ""
