"""A bulk import too large to undo is still in the history: verify finds nothing amiss."""

from __future__ import annotations

from pathlib import Path

import casefile
from casefile.exchange import importing

HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)


def _csv(path: Path, rows: int) -> Path:
    lines = [HEADER]
    for n in range(rows):
        lines.append(
            f"TJK{n},21 March 2020,2020,1,Political violence,Battles,Armed clash,"
            f"Military Forces of Tajikistan,,1,Unidentified Armed Group,,3,13,,762,Central Asia,"
            f"Tajikistan,Khatlon,,,Place {n},37.5,68.5,1,ASIA-Plus,National,Clash {n},1,,1585000000"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_import_too_big_to_undo_is_recorded_in_the_history(
    cf: casefile.CaseFile, tmp_path: Path, monkeypatch
) -> None:
    real = importing.run
    monkeypatch.setattr(importing, "run", lambda *a, **k: real(*a, **{**k, "log_limit": 10}))
    summary = cf.import_file(_csv(tmp_path / "big.csv", 40))
    assert summary.added == 40
    assert cf.protect.verify() == []
    again = cf.import_file(_csv(tmp_path / "big.csv", 40))  # the same rows again: updates
    assert again.added == 0
    assert cf.protect.verify() == []
