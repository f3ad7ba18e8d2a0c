"""Verify: the stored killed figure is checked by the one casualty rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import update

import casefile
from casefile.records.incidents import CasualtyCount
from casefile.store.models import Incident


def test_a_killed_figure_out_of_step_with_its_rows_is_found(cf: casefile.CaseFile) -> None:
    cf.add_incident(
        title="Ambush on the Vanj road",
        event_date=date(2025, 11, 3),
        casualties=[
            CasualtyCount("killed", 3, group="Tajik border guards", nationality="TJ"),
            CasualtyCount("killed", 2, group="Chinese nationals", nationality="CN"),
        ],
    )
    cf.add_incident(
        title="Drone strike on the mine",
        event_date=date(2025, 11, 4),
        casualties=[CasualtyCount("killed", 7), CasualtyCount("killed", 4, group="miners")],
    )
    assert cf.protect.verify() == []
    with cf.transactions.session() as session:
        session.execute(update(Incident).where(Incident.title.like("Ambush%")).values(killed=3))
        session.commit()
    problems = cf.protect.verify()
    assert problems[0] == "incident 'Ambush on the Vanj road': killed total is out of step"
    # The history names the same write, made outside the app's transactions.
    assert problems[1:] and "changed outside the app: killed" in problems[1]


def test_an_encrypted_case_verifies_read_only(tmp_path: Path) -> None:
    # The search index's own check needs a plain copy, which an encrypted case cannot give:
    # it was a TypeError (exit 70) before.
    path = tmp_path / "locked.casefile"
    with casefile.open(path, passphrase="correct horse battery") as cf:
        cf.add_incident(title="Sealed", event_date=date(2025, 1, 1))
    with casefile.open(path, passphrase="correct horse battery", readonly=True) as cf:
        assert cf.protect.verify() == []
