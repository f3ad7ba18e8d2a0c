"""Rules the database itself enforces, beneath validation, and what every table carries."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

import casefile
from casefile import errors
from casefile.records.incidents import CitationRef, IncidentData
from casefile.store import exchange_tables  # noqa: F401 - its tables join the metadata
from casefile.store.models import (
    Attachment,
    Base,
    Blob,
    Casualty,
    Citation,
    Incident,
    IncidentLink,
    Setting,
    Source,
)


def _incident(session: object) -> Incident:
    row = Incident(title="A", event_date=date(2025, 1, 1))
    session.add(row)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    return row


@pytest.mark.parametrize(
    "make",
    [
        lambda i: Casualty(incident_id=i.id, kind="killed", low=3, best=2, high=4),
        lambda i: Casualty(incident_id=i.id, kind="drowned", low=0, best=0, high=0),
        lambda i: IncidentLink(from_id=i.id, to_id=i.id, kind="duplicate"),
        lambda i: Source(name="X", reliability="Z"),
        lambda i: Incident(title="B", event_date=date(2025, 1, 1), time_precision=5),
        lambda i: Incident(title="B", event_date=date(2025, 1, 1), latitude=120.0),
        lambda i: Incident(title="B", event_date=date(2025, 1, 1), status="final"),
        lambda i: Attachment(filename="a", media_type="x", size=1, sha256="0" * 64),
        lambda i: Citation(incident_id=i.id, report_id=999, credibility=2),
    ],
)
def test_the_database_refuses_broken_rows(cf: casefile.CaseFile, make: object) -> None:
    with pytest.raises(IntegrityError), cf.transactions.transaction("broken") as tx:
        incident = _incident(tx.session)
        tx.session.add(make(incident))  # type: ignore[operator]
    assert cf.count_incidents() == 0


def test_every_record_table_has_uuid_and_timestamps() -> None:
    # Content-, key- and record-addressed: the blob's hash, a setting's key, a record's UUID.
    exempt = {Blob.__tablename__, Setting.__tablename__, "merge_base", "sent_digest"}
    for table in Base.metadata.sorted_tables:
        if table.name in exempt:
            continue
        assert {"uuid", "created_at", "updated_at"} <= set(table.c.keys()), table.name


def test_updated_at_moves_on_edit(cf: casefile.CaseFile) -> None:
    created = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created or ""
    first = cf.get_incident(created)
    cf.update_incident(created, title="B")
    second = cf.get_incident(created)
    assert second.created_at == first.created_at
    assert second.updated_at and first.updated_at and second.updated_at > first.updated_at


def test_a_failing_operation_rolls_back_whole(cf: casefile.CaseFile) -> None:
    data = IncidentData(
        title="Half", event_date=date(2025, 1, 1), citations=[CitationRef(report_id="nope")]
    )
    with pytest.raises(errors.Invalid):
        cf.save_incident(data)
    assert cf.count_incidents() == 0
    assert cf.undo_name is None
