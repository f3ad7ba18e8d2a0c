"""What the app remembers: recent files (written only when they change) and column widths."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ui import settings


def test_recent_files_newest_first_and_reopening_the_top_one_changes_nothing(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a.casefile", tmp_path / "b.casefile"
    for path in (first, second):
        path.touch()
    settings.add_recent(first)
    assert settings.add_recent(second) == [second.resolve(), first.resolve()]
    QSettings().setValue("marker", "kept")  # a write would rewrite the file, not drop this
    written = Path(QSettings().fileName()).stat().st_mtime_ns
    assert settings.add_recent(second) == [second.resolve(), first.resolve()]
    assert Path(QSettings().fileName()).stat().st_mtime_ns == written


def test_column_widths_round_trip_and_a_damaged_value_means_automatic() -> None:
    assert settings.column_widths() == {}
    settings.save_column_widths({"Place": 120, "Event type": 90})
    assert settings.column_widths() == {"Place": 120, "Event type": 90}
    QSettings().setValue(settings.COLUMN_WIDTHS, "{not json")
    assert settings.column_widths() == {}
    QSettings().setValue(settings.COLUMN_WIDTHS, '{"Place": -4, "Date": "wide"}')
    assert settings.column_widths() == {}
