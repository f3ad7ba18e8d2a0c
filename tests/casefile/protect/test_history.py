"""The history: every change recorded field by field, hash-chained, and checked by verify."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import casefile
from casefile import cli
from casefile.protect import history
from casefile.store.changes import RowChange
from tests.conftest import downgrade


def _add(cf: casefile.CaseFile, title: str = "Ambush on the ridge") -> str:
    changes = cf.add_incident(title=title, event_date=date(2025, 3, 1), tags=["ridge"])
    assert changes.created is not None
    return changes.created


def test_every_change_is_recorded_field_by_field(cf: casefile.CaseFile) -> None:
    incident = _add(cf)
    cf.update_incident(incident, title="Ambush at the pass")
    entries = cf.protect.history(incident)
    assert [e.action for e in entries if e.table_name == "incident"] == ["update", "create"]
    update = entries[0]
    assert update.author == "tester" and update.at
    changes = json.loads(update.changes)
    assert changes["title"] == ["Ambush on the ridge", "Ambush at the pass"]
    assert any(e.table_name == "incident_tag" for e in entries)  # its parts too
    cf.delete_incident(incident)
    assert cf.protect.history(incident)[0].action == "delete"
    cf.undo()
    assert cf.protect.history(incident)[0].action == "create"
    assert cf.protect.verify() == []


def test_verify_names_a_record_changed_behind_the_apps_back(
    cf: casefile.CaseFile, case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(cf)
    cf.close()
    with sqlite3.connect(case_path) as shell:
        shell.execute("UPDATE incident SET title = 'Nothing happened'")
    shell.close()
    assert cli.main(["verify", str(case_path)]) == 1
    err = capsys.readouterr().err
    assert "incident 'Nothing happened'" in err and "changed outside the app: title" in err


def test_a_row_added_or_deleted_with_sql_is_named(cf: casefile.CaseFile, case_path: Path) -> None:
    _add(cf)
    _add(cf, "Second")
    cf.close()
    with sqlite3.connect(case_path) as shell:
        shell.execute("DELETE FROM incident_tag")
        shell.execute("INSERT INTO setting (key, value) VALUES ('planted', 'x')")
    shell.close()
    with casefile.open(case_path) as opened:
        problems = opened.protect.verify()
    assert any("incident_tag" in p and "deleted outside the app" in p for p in problems)
    assert any("'planted'" in p and "added outside the app" in p for p in problems)


def test_an_edited_history_entry_breaks_the_chain(cf: casefile.CaseFile, case_path: Path) -> None:
    _add(cf)
    cf.close()
    with sqlite3.connect(case_path) as shell:
        shell.execute("UPDATE history SET author = 'someone else' WHERE seq = 2")
    shell.close()
    with casefile.open(case_path) as opened:
        assert opened.protect.verify() == ["history: entry 2 was altered, or one before it removed"]


def test_a_file_made_before_the_history_gets_a_baseline(
    cf: casefile.CaseFile, case_path: Path
) -> None:
    incident = _add(cf)
    cf.close()
    downgrade(case_path, "0007")  # as a file at the revision before the history looked
    with casefile.open(case_path) as opened:
        assert opened.protect.verify() == []
        assert {e.action for e in opened.protect.history(incident)} == {"baseline"}
        opened.update_incident(incident, title="Changed later")
        assert opened.protect.verify() == []
    with sqlite3.connect(case_path) as shell:
        shell.execute("UPDATE incident SET narrative = 'rewritten', title = 'Forged'")
    shell.close()
    with casefile.open(case_path) as opened:
        (problem,) = opened.protect.verify()
    assert "'Forged'" in problem and "changed outside the app: title" in problem


def test_a_created_row_is_entered_as_its_diff_and_the_hash_of_its_whole_state() -> None:
    after = {
        "id": 7,
        "uuid": "u-7",
        "title": "Raid",
        "event_date": date(2020, 3, 21),
        "created_at": datetime(2026, 12, 6, 7, 0, tzinfo=UTC),
        "codes": {"inter1": 10},
        "note": None,
    }
    change = RowChange("incident", {"id": 7}, None, after)
    [(action, table, record, diff, state, incident)] = list(history._from_rows([change], {}, {}))
    assert (action, table, record, incident) == ("create", "incident", "u-7", "u-7")
    assert diff == {k: [None, history.plain(v)] for k, v in after.items()}
    assert state == history.state_hash(after)
