"""Rows read as stored give the very values and states that a read through SQLAlchemy gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

import casefile
from casefile.protect import history, stored_states
from casefile.protect.history import plain

# Stored values another tool could have written, each still readable by SQLAlchemy.
_AWKWARD = [
    "title = 'Ḳhōst \"raid\" 50%s %', narrative = 'tab\there\nnew line, \u2028 and \\'",
    "latitude = 1e-7, longitude = -0.0, admin2 = NULL, killed = 2.0",
    "location = X'4142', admin1 = 42, admin2 = 1.5",  # a blob and numbers in text columns
    'import_codes = \'{"z": {"a": [1, 2.5, null]}, "é": "q\\"%", "n": 3}\'',
    "event_time = '12:30:00.000500', reported_date = NULL",
    "created_at = '2025-01-01 00:00:00.000000', updated_at = '2025-01-01 10:00:00+02:00'",
    "updated_at = '2025-06-30T23:59:59.999999', import_codes = 'null'",
]


def _through_sqlalchemy(session: Session, table: Table) -> list[tuple[Any, ...]]:
    names = stored_states.keys(table)
    found = []
    for mapped in session.execute(select(table).order_by(table.c.uuid)).mappings():
        values = dict(mapped)
        found.append((tuple(plain(values[name]) for name in names), history.state_hash(values)))
    return found


def _compare_every_table(path: Path) -> int:
    compared = 0
    with casefile.open(path) as cf, cf.transactions.session() as session:
        for table in history.tracked_tables():
            if "uuid" not in table.c:
                continue
            read = list(stored_states.rows(session.connection(), table))
            assert read == _through_sqlalchemy(session, table), table.name
            compared += len(read)
    return compared


def test_the_demo_cases_rows_read_as_stored_give_the_same_states(
    demo_cf: casefile.CaseFile,
) -> None:
    path = demo_cf.path
    demo_cf.close()
    assert _compare_every_table(path) > 20


@pytest.mark.parametrize("assignments", _AWKWARD)
def test_awkward_stored_values_give_the_same_states(
    demo_cf: casefile.CaseFile, assignments: str
) -> None:
    path = demo_cf.path
    demo_cf.close()
    with sqlite3.connect(path) as shell:
        shell.execute(f"UPDATE incident SET {assignments} WHERE id = 1")
    shell.close()
    assert _compare_every_table(path) > 20


def test_states_read_across_batches_are_those_of_each_row(
    demo_cf: casefile.CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored_states, "BATCH", 2)
    path = demo_cf.path
    demo_cf.close()
    assert _compare_every_table(path) > 20


def test_a_garbled_date_is_named_as_a_read_through_sqlalchemy_names_it(
    demo_cf: casefile.CaseFile,
) -> None:
    path = demo_cf.path
    demo_cf.close()
    with sqlite3.connect(path) as shell:
        first, second = [u for (u,) in shell.execute("SELECT uuid FROM incident ORDER BY uuid")][:2]
        # The first row's garbled column comes after the second row's in order of name.
        shell.execute(f"UPDATE incident SET event_date = 'bad-1' WHERE uuid = '{first}'")
        shell.execute(f"UPDATE incident SET created_at = 'bad-2' WHERE uuid = '{second}'")
    shell.close()
    with casefile.open(path) as cf:
        problems = cf.protect.verify()
    (named,) = [p for p in problems if "history check" in p]
    assert "'bad-1' is damaged" in named
