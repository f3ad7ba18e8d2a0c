"""Drafts on disk: saved atomically, listed per case file, discarded after use."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from casefile.records.drafts import Drafts
from casefile.records.incidents import IncidentData


def test_save_list_and_discard(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "drafts")
    data = IncidentData(title="Drone strike", event_date=date(2025, 11, 26)).to_dict()
    drafts.save(tmp_path / "a.casefile", "new-1", data)
    [found] = drafts.pending(tmp_path / "a.casefile")
    assert found.key == "new-1"
    assert found.title == "Drone strike"
    assert found.incident_id is None
    assert IncidentData.from_dict(found.data).event_date == date(2025, 11, 26)
    drafts.discard(tmp_path / "a.casefile", "new-1")
    assert drafts.pending(tmp_path / "a.casefile") == []


def test_drafts_of_other_cases_are_kept_apart(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path)
    drafts.save(tmp_path / "a.casefile", "x", {"title": "A"})
    assert drafts.pending(tmp_path / "b.casefile") == []


def test_saving_again_overwrites_and_leaves_no_temp_files(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path)
    drafts.save(tmp_path / "a.casefile", "x", {"title": "first"})
    drafts.save(tmp_path / "a.casefile", "x", {"title": "second"})
    assert [d.title for d in drafts.pending(tmp_path / "a.casefile")] == ["second"]
    assert len(list(tmp_path.iterdir())) == 1


def test_a_damaged_draft_is_skipped(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path)
    file = drafts.save(tmp_path / "a.casefile", "x", {"title": "ok"})
    file.write_text("{not json", encoding="utf-8")
    assert drafts.pending(tmp_path / "a.casefile") == []


def test_missing_folder_means_no_drafts(tmp_path: Path) -> None:
    assert Drafts(tmp_path / "nowhere").pending(tmp_path / "a.casefile") == []
