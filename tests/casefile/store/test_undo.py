"""Undo and redo held by the core: named steps, a cap, and redo cleared by a new action."""

from __future__ import annotations

from datetime import date

import casefile
from casefile.records.incidents import ActorRole, CasualtyCount


def test_undo_and_redo_an_edit(cf: casefile.CaseFile) -> None:
    created = cf.add_incident(title="Before", event_date=date(2025, 1, 1)).created or ""
    cf.update_incident(created, title="After")
    assert cf.undo_name == "Edit incident"
    changes = cf.undo()
    assert created in changes.incidents
    assert cf.get_incident(created).title == "Before"
    assert cf.redo_name == "Edit incident"
    cf.redo()
    assert cf.get_incident(created).title == "After"


def test_undo_a_delete_restores_children(cf: casefile.CaseFile) -> None:
    created = (
        cf.add_incident(
            title="Clash",
            event_date=date(2025, 12, 23),
            tags=["border post"],
            actors=[ActorRole(name="Border Troops", role="target", inter_code=1)],
            casualties=[CasualtyCount(kind="killed", best=2, group="Tajik border guards")],
        ).created
        or ""
    )
    before = cf.get_incident(created)
    cf.delete_incident(created)
    assert cf.count_incidents() == 0
    cf.undo()
    after = cf.get_incident(created)
    assert after == before
    assert cf.protect.verify() == []


def test_undo_an_add_removes_it(cf: casefile.CaseFile) -> None:
    cf.add_incident(title="A", event_date=date(2025, 1, 1))
    cf.undo()
    assert cf.count_incidents() == 0
    assert cf.undo().rows == ()  # nothing left to undo: an empty change


def test_a_new_action_clears_redo(cf: casefile.CaseFile) -> None:
    cf.add_incident(title="A", event_date=date(2025, 1, 1))
    cf.undo()
    cf.add_incident(title="B", event_date=date(2025, 1, 1))
    assert cf.redo_name is None


def test_the_stack_is_capped(cf: casefile.CaseFile) -> None:
    cf.undo_stack.limit = 2
    for n in range(3):
        cf.add_incident(title=f"I{n}", event_date=date(2025, 1, 1))
    assert cf.undo().name and cf.undo().name
    assert cf.undo_name is None
    assert cf.count_incidents() == 1
