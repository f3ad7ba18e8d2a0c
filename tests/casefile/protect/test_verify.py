"""Verify: the stored killed figure is checked by the one casualty rule; text that is not UTF-8."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update

import casefile
from casefile.protect import verify
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


def _valid(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Pieces of UTF-8 text cut anywhere (a sequence left unfinished, or begun mid-way), and bytes.
_PIECES = st.one_of(
    st.none(),
    st.binary(max_size=6),
    st.tuples(st.text(max_size=4), st.integers(0, 12), st.integers(0, 12)).map(
        lambda t: t[0].encode()[t[1] : t[1] + t[2]]
    ),
)


@given(st.lists(st.lists(_PIECES, min_size=1, max_size=4), min_size=1, max_size=4))
def test_a_batch_is_all_utf8_exactly_when_each_of_its_values_is(rows: list[list[Any]]) -> None:
    batch = [("key", *values) for values in rows]
    each = all(_valid(v) for values in rows for v in values if v is not None)
    assert verify._all_utf8(batch) == each
