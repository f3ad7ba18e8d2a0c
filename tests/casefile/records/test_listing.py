"""The incident list's pages: plain SQL in the order the list shows, and no ORM to read it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import errors
from casefile.records import listing
from casefile.records.incidents import CasualtyCount


def _fill(cf: casefile.CaseFile) -> None:
    """Incidents with ties and missing values in every sortable column."""
    for n, (day, kind, place, killed) in enumerate(
        [
            (3, "Battles", "Khorog", 2),
            (1, None, None, 0),
            (3, "Riots", "Murghob", 2),
            (2, "Battles", None, 5),
            (1, "Protests", "Khorog", 0),
        ]
    ):
        cf.add_incident(
            title=f"Incident {n % 3}",
            event_date=date(2025, 12, day),
            event_type=kind,
            location=place,
            casualties=[CasualtyCount(kind="killed", best=killed)] if killed else [],
            status="reviewed" if n % 2 else "draft",
        )


@pytest.mark.parametrize("column", listing.SORT_COLUMNS)
@pytest.mark.parametrize("descending", [True, False])
def test_pages_follow_the_order_search_hits_are_sorted_in(
    cf: casefile.CaseFile, column: str, descending: bool
) -> None:
    # A list sorted by a column reads the same whether it lists pages or search hits.
    _fill(cf)
    every = cf.list_incidents(order_by=column, descending=descending, limit=100)
    paged = [
        row
        for offset in (0, 2, 4)
        for row in cf.list_incidents(order_by=column, descending=descending, offset=offset, limit=2)
    ]
    assert paged == every and len(every) == 5
    in_memory = listing.sort_rows(every, column, descending=descending)
    assert [getattr(r, column) for r in every] == [getattr(r, column) for r in in_memory]


def test_rows_by_id_keep_the_order_given_and_skip_unknown_ids(cf: casefile.CaseFile) -> None:
    _fill(cf)
    ids = [row.id for row in cf.list_incidents()]
    wanted = [ids[3], "no-such-id", ids[0], ids[4]]
    assert [row.id for row in cf.incident_rows(wanted)] == [ids[3], ids[0], ids[4]]
    assert cf.incident_rows([]) == []


def test_rows_by_id_read_more_ids_than_one_statement_binds(cf: casefile.CaseFile) -> None:
    _fill(cf)
    ids = [row.id for row in cf.list_incidents()]
    padded = [f"missing-{n}" for n in range(1200)] + ids[::-1]
    assert [row.id for row in cf.incident_rows(padded)] == ids[::-1]


def test_a_row_reads_as_the_incident_holds_it(cf: casefile.CaseFile) -> None:
    cf.add_incident(
        title="Drone strike",
        event_date=date(2025, 11, 26),
        casualties=[CasualtyCount(kind="killed", best=3)],
    )
    (row,) = cf.list_incidents()
    assert (row.event_date, row.title, row.killed, row.source_count) == (
        date(2025, 11, 26),
        "Drone strike",
        3,
        0,
    )
    assert row.id == cf.incident_ids()[0] and cf.count_incidents() == 1


def test_an_unknown_sort_column_is_refused(cf: casefile.CaseFile) -> None:
    with pytest.raises(errors.Invalid):
        cf.list_incidents(order_by="narrative; DROP TABLE incident")


def test_a_damaged_date_is_reported_as_damage(case_path: Path) -> None:
    with casefile.open(case_path) as cf:
        cf.add_incident(title="Drone strike", event_date=date(2025, 11, 26))
    with sqlite3.connect(case_path) as raw:  # another tool wrote nonsense
        raw.execute("UPDATE incident SET event_date = 'yesterday'")
    raw.close()
    with casefile.open(case_path) as cf, pytest.raises(errors.Corrupt, match="stored date"):
        cf.list_incidents()


def test_the_first_page_is_read_without_configuring_the_orm(case_path: Path) -> None:
    # What the app shows first must not wait for SQLAlchemy to configure every mapper
    # (issue #16); a fresh interpreter, since mappers once configured stay so.
    script = (
        "import sys, casefile\n"
        "from casefile.store.models import Incident\n"
        "with casefile.open(sys.argv[1]) as cf:\n"
        "    cf.count_incidents(); cf.list_incidents(); cf.incident_rows(['x'])\n"
        "print(Incident.__mapper__.configured)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(case_path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
