"""`cf.settings`: facts stored about a case file, kept across opens and undone like any change."""

from __future__ import annotations

from pathlib import Path

import casefile


def test_a_setting_is_stored_replaced_and_undone(case_path: Path) -> None:
    with casefile.open(case_path) as cf:
        assert cf.settings.get("region") is None
        assert cf.settings.get("region", "none yet") == "none yet"
        cf.settings.set("region", "Khatlon")
        cf.settings.set("region", "GBAO")
        assert cf.undo_name == "Change setting"
        cf.undo()
        assert cf.settings.get("region") == "Khatlon"
    with casefile.open(case_path, readonly=True) as cf:
        assert cf.settings.get("region") == "Khatlon"
