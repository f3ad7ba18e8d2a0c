"""Two handles on one case: a version per record refuses an undo over another's change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import errors


def test_undo_over_another_handles_change_is_refused(case_path: Path) -> None:
    with casefile.open(case_path) as a, casefile.open(case_path) as b:
        incident = a.add_incident(title="Old title", event_date=date(2025, 1, 1)).created or ""
        a.update_incident(incident, title="A's title")
        b.update_incident(incident, narrative="B's narrative")
        with pytest.raises(errors.Conflict, match="Undo Edit incident was not made"):
            a.undo()
        kept = b.get_incident(incident)
        assert (kept.title, kept.narrative) == ("A's title", "B's narrative")
        assert a.undo_name == "Add incident" and a.redo_name is None


def test_undo_and_redo_go_back_and_forth_on_ones_own_changes(cf: casefile.CaseFile) -> None:
    incident = cf.add_incident(title="One", event_date=date(2025, 1, 1)).created or ""
    cf.update_incident(incident, title="Two", tags=["x"])
    for _ in range(3):
        cf.undo()
        assert cf.get_incident(incident).title == "One"
        cf.redo()
        assert cf.get_incident(incident).title == "Two"
    cf.update_incident(incident, title="Three")
    cf.undo()
    cf.undo()
    assert cf.get_incident(incident).title == "One"


def test_undoing_a_delete_then_redoing_it(cf: casefile.CaseFile) -> None:
    incident = cf.add_incident(title="One", event_date=date(2025, 1, 1)).created or ""
    cf.delete_incident(incident)
    cf.undo()
    assert cf.get_incident(incident).title == "One"
    cf.redo()
    assert cf.count_incidents() == 0


def test_an_undo_of_a_record_deleted_elsewhere_is_refused(case_path: Path) -> None:
    with casefile.open(case_path) as a, casefile.open(case_path) as b:
        incident = a.add_incident(title="One", event_date=date(2025, 1, 1)).created or ""
        a.update_incident(incident, title="Two")
        b.delete_incident(incident)
        with pytest.raises(errors.Conflict):
            a.undo()
        assert b.count_incidents() == 0
