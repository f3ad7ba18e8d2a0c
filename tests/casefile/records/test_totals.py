"""The casualty total: one rule, in Python and in the SQL verify checks the stored figure with."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

import casefile
from casefile.records import totals
from casefile.records.incidents import CasualtyCount
from casefile.store.models import Casualty, Incident

K = "killed"
CASES = {
    "nothing": [],
    "an overall row": [CasualtyCount(K, 6, 4, 9)],
    "groups only": [
        CasualtyCount(K, 3, 1, 5, "Chinese nationals"),
        CasualtyCount(K, 2, group="Tajik guards"),
    ],
    "overall row and its groups": [
        CasualtyCount(K, 2, group="Chinese nationals", nationality="CN"),
        CasualtyCount(K, 12, 10, 14),
        CasualtyCount(K, 4, group="Tajik guards", nationality="TJ"),
    ],
    "two overall rows (an import)": [CasualtyCount(K, 5), CasualtyCount(K, 7)],
    "other kinds alongside": [CasualtyCount("injured", 8), CasualtyCount(K, 1, group="driver")],
}
EXPECTED = {
    "nothing": (0, 0, 0),
    "an overall row": (4, 6, 9),
    "groups only": (3, 5, 7),
    "overall row and its groups": (10, 12, 14),
    "two overall rows (an import)": (5, 5, 5),
    "other kinds alongside": (1, 1, 1),
}


@pytest.mark.parametrize("name", CASES)
def test_the_overall_row_else_the_sum_of_the_groups(name: str) -> None:
    assert totals.total(CASES[name], K) == EXPECTED[name]


def test_the_sql_rule_gives_what_the_python_rule_gives(cf: casefile.CaseFile) -> None:
    # Rows go in directly, as an import or an older version might have written them.
    with cf.transactions.session() as session:
        ids = {}
        for name, rows in CASES.items():
            incident = Incident(title=name, event_date=date(2025, 11, 1))
            incident.casualties = [
                Casualty(
                    kind=c.kind,
                    group=c.group,
                    nationality=c.nationality,
                    low=c.low,
                    best=c.best,
                    high=c.high,
                    position=i,
                )
                for i, c in enumerate(rows)
            ]
            session.add(incident)
            session.flush()
            ids[name] = incident.id
        for name, incident_id in ids.items():
            sql = session.scalar(
                select(totals.best_sql(Incident.id, K)).where(Incident.id == incident_id)
            )
            assert sql == totals.total(CASES[name], K)[1] == EXPECTED[name][1], name
        session.rollback()
