"""Keys given out by the bulk inserter: UUIDs that follow one another in every index."""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from datetime import datetime
from pathlib import Path

import casefile
from casefile.exchange import inserts


def test_uuids_are_version_7_each_above_the_last() -> None:
    given = inserts.uuids(5000) + inserts.uuids(1) + inserts.uuids(300)
    assert given == sorted(given)
    assert len(set(given)) == len(given)
    for text in given[:10] + given[-10:]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122


def test_uuids_hold_the_time_and_a_count_rising_by_one() -> None:
    before = time.time_ns() // 1_000_000
    given = [uuid.UUID(text).int for text in inserts.uuids(3000)]
    after = time.time_ns() // 1_000_000
    counts = [(value >> 64 & 0xFFF) << 30 | (value >> 32 & 0x3FFFFFFF) for value in given]
    assert all(before <= value >> 80 <= after for value in given)
    assert counts == list(range(counts[0], counts[0] + 3000))


def test_no_uuids_asked_none_given() -> None:
    assert inserts.uuids(0) == []


def test_rows_stamped_with_the_import_time_store_it_as_a_bound_time_would(
    cf: casefile.CaseFile, case_path: Path, tmp_path: Path
) -> None:
    """The import's time is written into the INSERT: the text sqlite3 stores for it."""
    source = tmp_path / "a.csv"
    source.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,source\n"
        "A1,2020-03-01,Battles,Armed clash,Police,Tajikistan,Xinhua\n"
        "A2,2020-03-02,Battles,Armed clash,Army,Tajikistan,Xinhua\n",
        encoding="utf-8",
    )
    cf.import_file(source)
    assert cf.protect.verify() == []
    with contextlib.closing(sqlite3.connect(case_path)) as shell:
        stamps = {
            text
            for table in ("incident", "incident_actor", "actor", "source", "source_report")
            for row in shell.execute(f"SELECT created_at, updated_at FROM {table}")
            for text in row
        }
    (stamp,) = stamps
    assert stamp == datetime.fromisoformat(stamp).isoformat(" ")
