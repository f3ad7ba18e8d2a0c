"""The history check reads rows and their last states side by side, in order of UUID."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile.protect import history_check, stored_states


@pytest.fixture
def five(cf: casefile.CaseFile, case_path: Path) -> list[str]:
    """Five incidents, their UUIDs in the order the check reads them; the case closed."""
    for n in range(5):
        cf.add_incident(title=f"Incident {n}", event_date=date(2025, 3, 1 + n))
    cf.close()
    with sqlite3.connect(case_path) as shell:
        uuids = [u for (u,) in shell.execute("SELECT uuid FROM incident ORDER BY uuid")]
    shell.close()
    return uuids


def _tamper(case_path: Path, *statements: str) -> list[str]:
    with sqlite3.connect(case_path) as shell:
        for statement in statements:
            shell.execute(statement)
    shell.close()
    with casefile.open(case_path) as opened:
        return opened.protect.verify()


def test_a_sound_case_has_no_problems(five: list[str], case_path: Path) -> None:
    assert _tamper(case_path) == []


def test_rows_deleted_and_added_at_either_end_and_between_are_each_named(
    five: list[str], case_path: Path
) -> None:
    first, _, middle, _, last = five
    planted = []
    for number, uuid in enumerate(("0" * 8, "z" * 8, middle + "x"), start=101):
        planted += [
            f"CREATE TEMP TABLE t{number} AS SELECT * FROM incident WHERE uuid = '{middle}'",
            f"UPDATE t{number} SET id = {number}, uuid = '{uuid}', title = 'Planted {uuid}'",
            f"INSERT INTO incident SELECT * FROM t{number}",
        ]
    problems = _tamper(
        case_path,
        *planted,
        f"DELETE FROM incident WHERE uuid IN ('{first}', '{last}')",
        f"UPDATE incident SET title = 'Changed' WHERE uuid = '{middle}'",
    )
    assert f"incident {first} was deleted outside the app" in problems
    assert f"incident {last} was deleted outside the app" in problems
    assert f"incident 'Changed' ({middle}) was changed outside the app: title" in problems
    for uuid in ("0" * 8, "z" * 8, middle + "x"):
        assert f"incident 'Planted {uuid}' ({uuid}) was added outside the app" in problems
    assert len([p for p in problems if p.startswith("incident ")]) == 6


def test_past_the_limit_the_rest_are_counted(five: list[str], case_path: Path) -> None:
    problems = _tamper(case_path, "UPDATE incident SET title = title || '!'")
    assert len(problems) == 5  # under the limit: each named
    limit = history_check.ROW_LIMIT
    with sqlite3.connect(case_path) as shell:
        for n in range(limit):
            shell.execute("INSERT INTO setting (key, value) VALUES (?, 'x')", (f"planted {n}",))
    shell.close()
    problems = _tamper(case_path)  # 5 changed before, and 20 settings planted
    assert len(problems) == limit + 1
    assert problems[-1] == "… and 5 more records changed outside the app"


def test_a_row_of_a_table_with_no_history_at_all_is_named(five: list[str], case_path: Path) -> None:
    problems = _tamper(
        case_path,
        "INSERT INTO actor (id, name, uuid, created_at, updated_at, version)"
        " VALUES (1, 'Planted', 'p-1', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 1)",
    )
    assert problems == ["actor 'Planted' (p-1) was added outside the app"]


_AWKWARD_TITLE = 'Ḳhōst "raid" 50%s \\ 1.5'


@pytest.mark.parametrize("batch", [2, 1000])
def test_a_chain_of_awkward_text_replays_and_an_edit_to_it_breaks_it(
    cf: casefile.CaseFile, case_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(stored_states, "BATCH", batch)  # entries read across batches, or not
    for n in range(3):
        added = cf.add_incident(title=f"{_AWKWARD_TITLE} {n}", event_date=date(2025, 3, 1))
        assert added.created is not None
        cf.update_incident(
            added.created, narrative="line\nnext, \u2028 «quoted»", latitude=0.1, longitude=-1e-7
        )
    cf.close()
    assert _tamper(case_path) == []
    with sqlite3.connect(case_path) as shell:
        (seq,) = shell.execute("SELECT max(seq) FROM history WHERE changes LIKE '%«%'").fetchone()
    shell.close()
    problems = _tamper(
        case_path, f"UPDATE history SET changes = replace(changes, '«', '<') WHERE seq = {seq}"
    )
    assert problems == [f"history: entry {seq} was altered, or one before it removed"]
