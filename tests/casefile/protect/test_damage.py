"""Damaged files are reported, never hidden: bad text, flipped pages, writes into damage."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import cli


@pytest.fixture
def case(case_path: Path) -> Path:
    with casefile.open(case_path) as cf:
        for n in range(30):
            cf.add_incident(title=f"Checkpoint {n} fired on", event_date=date(2025, 1, 1 + n))
    return case_path


def test_invalid_utf8_is_read_with_replacements_and_named_by_verify(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    raw = sqlite3.connect(case)
    raw.execute("UPDATE incident SET narrative = CAST(x'41ff42' AS TEXT) WHERE id = 1")
    raw.commit()
    raw.close()
    with casefile.open(case, readonly=True) as cf:
        first = cf.incident_ids()[0]
        assert cf.get_incident(first).narrative == "A\ufffdB"
        assert len(cf.list_incidents(limit=50)) == 30
        problems = cf.protect.verify()
    # Written by another tool, so the history names it too: changed outside the app.
    assert problems[0] == (
        f"incident {first}: narrative is not valid UTF-8 (shown with replacement characters)"
    )
    assert len(problems) == 2 and "changed outside the app: narrative" in problems[1]
    for argv in (
        ["search", str(case), "checkpoint"],
        ["export", str(case), "-o", str(tmp_path / "o.csv")],
    ):
        assert cli.main(argv) == 0
    assert cli.main(["report", str(case), "-o", str(tmp_path / "o.pdf")]) == 0
    capsys.readouterr()


def _flip_page(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    start = (page - 1) * 4096
    for offset in range(start + 8, start + 200, 7):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def _index_page(path: Path, name: str) -> int:
    raw = sqlite3.connect(path)
    page = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    raw.close()
    return int(page[0])


def test_verify_names_a_flipped_index_page_and_writes_are_refused(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    _flip_page(case, _index_page(case, "ix_incident_event_date"))
    before = case.read_bytes()
    assert cli.main(["verify", str(case)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err or "integrity" in err
    csv_file = tmp_path / "acled.csv"
    csv_file.write_text("event_id_cnty,event_date\n")
    assert cli.main(["import", str(case), str(csv_file)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "nothing was written" in err and err.count("\n") == 1
    assert case.read_bytes() == before
