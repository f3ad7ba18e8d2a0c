"""The history of a bulk import, written from its insert batches, equals the read-back one."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import casefile
from casefile.exchange import importing
from casefile.protect import bulk_history, history
from casefile.store.models import Base, HistoryEntry, Incident

HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)


def _csv(path: Path, rows: int) -> Path:
    """Rows that fill every kind of column: associated actors, casualties, tags, sources,
    coordinates given and left out, text beyond ASCII."""
    lines = [HEADER]
    for n in range(rows):
        where = "37.5,68" if n % 3 else ","
        lines.append(
            f"TJK{n},{1 + n % 28} March 2020,2020,{1 + n % 3},Political violence,Battles,"
            f"Armed clash,Military Forces of Tajikistan,{'Police' if n % 2 else ''},1,"
            f"Unidentified Armed Group,,3,13,{'Civilian targeting' if n % 4 == 0 else ''},762,"
            f"Central Asia,Tajikistan,Khatlon,Кулоб,,Place {n},{where},{1 + n % 3},"
            f"{'ASIA-Plus; Tolo News' if n % 2 else 'Xinhua'},National,"
            f'"Clash {n}, «quoted» ""text""",{n % 3},{"curfew" if n % 5 == 0 else ""},'
            f"{1585000000 + n}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports past a tiny log limit: too big to undo, recorded in bulk."""
    real = importing.run
    monkeypatch.setattr(importing, "run", lambda *a, **k: real(*a, **{**k, "log_limit": 10}))


def _entries(cf: casefile.CaseFile) -> list[tuple[Any, ...]]:
    with cf.transactions.session() as session:
        query = select(
            HistoryEntry.action,
            HistoryEntry.table_name,
            HistoryEntry.record,
            HistoryEntry.changes,
            HistoryEntry.state,
            HistoryEntry.incident,
        ).where(HistoryEntry.action == "import")
        return [tuple(row) for row in session.execute(query)]


def _read_back(cf: casefile.CaseFile, tables: set[str]) -> list[tuple[Any, ...]]:
    """The entries the same rows make read back through SQLAlchemy, one by one."""
    with cf.transactions.session() as session:
        incidents = {i: u for i, u in session.execute(select(Incident.id, Incident.uuid))}
        found = []
        for name in sorted(tables):
            for row in session.execute(select(Base.metadata.tables[name])).mappings():
                values = dict(row)
                parent = incidents.get(values.get("incident_id"))
                incident = values["uuid"] if name == "incident" else parent
                key = history.record_key(values, name)
                found.append(("import", name, key, "{}", history.state_hash(values), incident))
        return found


def _named_path(cf: casefile.CaseFile, tables: set[str]) -> list[tuple[Any, ...]]:
    """What the path for rows named by key (read back at commit) writes for the same rows."""
    with cf.transactions.session() as session:
        ids = {
            name: list(session.execute(select(Base.metadata.tables[name].c.id)).scalars())
            for name in sorted(tables)
        }
        return [
            (action, table, record, history.encode(changes), state, incident)
            for action, table, record, changes, state, incident in bulk_history.named_rows(
                session, ids
            )
        ]


@pytest.mark.usefixtures("bulk")
def test_bulk_entries_equal_those_read_back(cf: casefile.CaseFile, tmp_path: Path) -> None:
    summary = cf.import_file(_csv(tmp_path / "big.csv", 60))
    assert summary.added == 60 and not summary.undoable
    entries = _entries(cf)
    tables = {entry[1] for entry in entries}
    assert {"incident", "incident_actor", "casualty", "citation", "actor", "source"} <= tables
    assert Counter(entries) == Counter(_read_back(cf, tables)) == Counter(_named_path(cf, tables))
    # One entry a row: no table fell back to reading its rows again.
    assert len({(e[1], e[2]) for e in entries}) == len(entries)
    assert cf.protect.verify() == []


@pytest.mark.usefixtures("bulk")
def test_a_bulk_imported_row_changed_behind_the_apps_back_is_named(
    cf: casefile.CaseFile, case_path: Path, tmp_path: Path
) -> None:
    cf.import_file(_csv(tmp_path / "big.csv", 30))
    assert cf.protect.verify() == []
    cf.close()
    with sqlite3.connect(case_path) as shell:
        shell.execute("UPDATE incident_actor SET note = 'forged' WHERE id = 3")
    shell.close()
    with casefile.open(case_path) as opened:
        (problem,) = opened.protect.verify()
    assert "incident_actor" in problem and "changed outside the app" in problem


@pytest.mark.usefixtures("bulk")
def test_a_table_whose_states_do_not_check_is_read_back(
    cf: casefile.CaseFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bulk_history._converter

    def wrong_for_reals(column: Any) -> Any:
        return (lambda v: "wrong") if column.name == "latitude" else real(column)

    monkeypatch.setattr(bulk_history, "_converter", wrong_for_reals)
    cf.import_file(_csv(tmp_path / "big.csv", 30))
    assert cf.protect.verify() == []  # the incidents' states came from the rows as stored
    entries = _entries(cf)
    assert len({(e[1], e[2]) for e in entries if e[1] != "incident"}) == len(
        [e for e in entries if e[1] != "incident"]
    )
