"""Rows of an import that repeat an earlier row's key are rejected, whichever batch it was in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import casefile
from casefile.exchange import importing
from casefile.exchange.repeats import Repeats


def _incident(n: int, **fields: Any) -> dict[str, Any]:
    return {"title": f"Incident {n}", "event_date": "2024-05-01", "id": f"uuid-{n}"} | fields


def _write(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"format": "casefile", "incidents": items, "sources": []}))
    return path


@pytest.fixture(params=[1000, 2], ids=["one batch", "batches of two"])
def batch(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(importing, "BATCH", request.param)
    return int(request.param)


def test_a_repeat_is_rejected_naming_the_line_it_repeats(
    cf: casefile.CaseFile, tmp_path: Path, batch: int
) -> None:
    items = [
        _incident(1, acled_id="A1"),
        _incident(2, import_key="K2"),
        _incident(3),
        _incident(1),  # the same UUID as line 1
        _incident(5, acled_id="A1"),  # another UUID, the ACLED id of line 1
        _incident(6, id=None, import_key="K2"),  # no UUID, the import key of line 2
        _incident(7),
        _incident(7, acled_id="A7"),  # line 7 again, right after it
    ]
    summary = cf.import_file(_write(tmp_path / "repeats.json", items), skip_bad_rows=True)
    assert summary.problems == [
        "line 4: uuid-1 is already on line 1",
        "line 5: uuid-5 is already on line 1",
        "line 6: K2 is already on line 2",
        "line 8: uuid-7 is already on line 7",
    ]
    assert (summary.added, summary.rejected) == (4, 4)
    assert sorted(cf.incident_ids()) == ["uuid-1", "uuid-2", "uuid-3", "uuid-7"]


def test_a_repeat_of_a_row_the_case_had_is_rejected_too(
    cf: casefile.CaseFile, tmp_path: Path, batch: int
) -> None:
    cf.import_file(_write(tmp_path / "first.json", [_incident(1), _incident(2)]))
    items = [
        _incident(1, narrative="changed"),  # updates the case's incident
        _incident(2),  # unchanged: skipped
        _incident(3),
        _incident(1, narrative="again"),
        _incident(2, narrative="again"),
    ]
    summary = cf.import_file(_write(tmp_path / "second.json", items), skip_bad_rows=True)
    assert summary.problems == [
        "line 4: uuid-1 is already on line 1",
        "line 5: uuid-2 is already on line 2",
    ]
    assert (summary.added, summary.updated, summary.skipped) == (1, 1, 1)
    assert cf.get_incident("uuid-1").narrative == "changed"


def test_repeats_find_the_line_of_an_incident_added_by_its_key() -> None:
    repeats = Repeats()
    repeats.note_added(10, 2)
    repeats.note_added(13, 5)  # keys given out to others between
    found = {("uuid", "a"): (10,), ("acled", "b"): (13,), ("uuid", "c"): (12,)}
    assert repeats.earlier([("uuid", "a")], found) == 2
    assert repeats.earlier([("uuid", "c")], found) is None  # not one this import added
    assert repeats.earlier([("uuid", "x"), ("acled", "b")], found) == 5
    assert repeats.earlier([("uuid", "c")], {("uuid", "c"): (9,)}) is None
    repeats.note_matched([("import", "k")], 7)
    repeats.note_fresh([("uuid", "d")], 8)
    assert repeats.earlier([("uuid", "d"), ("import", "k")], {}) == 8
    repeats.start_batch()
    assert repeats.earlier([("uuid", "d"), ("import", "k")], {}) == 7
