"""Two handles on one case: a save read before another handle's save is refused by the core."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import errors


def _incident(cf: casefile.CaseFile) -> str:
    return cf.add_incident(title="Old title", event_date=date(2025, 1, 1), tags=["x"]).created or ""


def test_the_version_read_is_the_version_stored(cf: casefile.CaseFile) -> None:
    incident = _incident(cf)
    first = cf.get_incident(incident).version
    cf.update_incident(incident, title="New title")
    assert first is not None and cf.get_incident(incident).version == first + 1


def test_a_save_read_before_another_handles_save_is_refused(case_path: Path) -> None:
    with casefile.open(case_path) as a, casefile.open(case_path) as b:
        incident = _incident(a)
        read_by_a = a.get_incident(incident)
        b.update_incident(incident, narrative="B's narrative")
        read_by_a.title = "A's title"
        with pytest.raises(errors.Conflict, match="The save was not made: “A's title” was changed"):
            a.save_incident(read_by_a)
        kept = b.get_incident(incident)
        assert (kept.title, kept.narrative) == ("Old title", "B's narrative")
        assert a.undo_name == "Add incident"  # nothing was changed, nothing to undo


@pytest.mark.parametrize(
    "change",
    [{"tags": ["x", "y"]}, {"actors": [casefile.ActorRole(name="Border guards")]}],
    ids=["tags", "actors"],
)
def test_a_change_of_only_the_children_moves_the_version(
    case_path: Path, change: dict[str, object]
) -> None:
    with casefile.open(case_path) as a, casefile.open(case_path) as b:
        incident = _incident(a)
        read_by_a = a.get_incident(incident)
        b.update_incident(incident, **change)
        with pytest.raises(errors.Conflict):
            a.save_incident(dataclasses.replace(read_by_a, title="A's title"))
        assert b.get_incident(incident).title == "Old title"


def test_a_save_of_an_incident_deleted_since_it_was_read_is_refused(case_path: Path) -> None:
    with casefile.open(case_path) as a, casefile.open(case_path) as b:
        incident = _incident(a)
        read_by_a = a.get_incident(incident)
        b.delete_incident(incident)
        with pytest.raises(errors.Conflict, match="was deleted elsewhere"):
            a.save_incident(read_by_a)
        assert b.count_incidents() == 0


def test_without_a_version_the_save_goes_over_what_is_stored(case_path: Path) -> None:
    # What the editor's "Overwrite" and "Save mine" send, once the user has chosen.
    with casefile.open(case_path) as a, casefile.open(case_path) as b:
        incident = _incident(a)
        read_by_a = a.get_incident(incident)
        b.update_incident(incident, narrative="B's narrative")
        a.save_incident(dataclasses.replace(read_by_a, title="A's title", version=None))
        assert b.get_incident(incident).title == "A's title"


def test_an_undo_of_a_save_after_another_handles_change_is_refused(case_path: Path) -> None:
    with casefile.open(case_path) as a, casefile.open(case_path) as b:
        incident = _incident(a)
        a.save_incident(dataclasses.replace(a.get_incident(incident), title="A's title"))
        b.update_incident(incident, narrative="B's narrative")
        with pytest.raises(errors.Conflict, match="Undo Edit incident was not made"):
            a.undo()
        kept = b.get_incident(incident)
        assert (kept.title, kept.narrative) == ("A's title", "B's narrative")


def test_a_save_in_step_with_the_store_goes_through(cf: casefile.CaseFile) -> None:
    incident = _incident(cf)
    for n in range(3):
        cf.save_incident(dataclasses.replace(cf.get_incident(incident), title=f"Title {n}"))
    assert cf.get_incident(incident).title == "Title 2"
