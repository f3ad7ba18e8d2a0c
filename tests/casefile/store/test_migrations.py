"""Migrations that change what the search index holds: an older file is searchable as a new one."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import casefile
from casefile.store import schema
from tests.conftest import downgrade


def _fold_the_old_way(path: Path, incident: int, old: str) -> None:
    """Make the file as revisions before 0004 left it: this incident's title indexed as `old`."""
    with sqlite3.connect(path) as conn:
        columns = "title, narrative, place, actors, tags, reports"
        row = conn.execute(f"SELECT {columns} FROM incident_fts WHERE rowid = ?", (incident,))
        kept = row.fetchone()
        conn.execute("DELETE FROM incident_fts WHERE rowid = ?", (incident,))
        conn.execute(
            f"INSERT INTO incident_fts(rowid, {columns}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (incident, old, *kept[1:]),
        )


def test_romanised_letters_are_reindexed_as_they_now_fold(case_path: Path) -> None:
    with casefile.open(case_path) as cf:
        cf.add_incident(title="Raid in Šamsiddin Šohin", event_date=date(2025, 1, 1))
        cf.add_incident(title="Raid in Khorugh", event_date=date(2025, 1, 2))
        assert len(cf.search("Shamsiddin")) == 1
    downgrade(case_path, "0003")
    _fold_the_old_way(case_path, 1, "raid in samsiddin sohin")
    with casefile.open(case_path) as cf:
        assert cf.revision == schema.HEAD
        assert [hit.title for hit in cf.search("Shamsiddin")] == ["Raid in Šamsiddin Šohin"]
        assert [hit.title for hit in cf.search("Šamsiddin")] == ["Raid in Šamsiddin Šohin"]
        assert cf.protect.verify() == []
