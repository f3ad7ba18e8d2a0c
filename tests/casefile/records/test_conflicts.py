"""The edit-conflict check: an editor's base against the incident stored now, without Qt."""

from __future__ import annotations

from datetime import date

import pytest

from casefile import errors
from casefile.records import conflicts
from casefile.records.incidents import IncidentData


def incident(title: str = "Before") -> IncidentData:
    return IncidentData(title=title, event_date=date(2025, 12, 23), id="i-1")


def test_the_same_incident_is_no_conflict() -> None:
    base = conflicts.base_of(incident())
    conflicts.check(incident(), base)
    assert not conflicts.changed(incident(), base)


def test_a_change_elsewhere_is_refused_with_the_stored_version() -> None:
    base = conflicts.base_of(incident())
    with pytest.raises(conflicts.ChangedElsewhere) as raised:
        conflicts.check(incident("After"), base)
    assert raised.value.current is not None and raised.value.current.title == "After"
    assert isinstance(raised.value, errors.CasefileError)
    assert "changed elsewhere" in str(raised.value)


def test_a_deletion_elsewhere_is_a_conflict_and_said_so() -> None:
    base = conflicts.base_of(incident())
    with pytest.raises(conflicts.ChangedElsewhere) as raised:
        conflicts.check(None, base)
    assert raised.value.current is None
    assert conflicts.describe(None, dirty=False).startswith("This incident was deleted")
    assert "Save records your version" in conflicts.describe(None, dirty=True)
    # An editor whose incident was already gone when it loaded sees nothing new.
    conflicts.check(None, None)
