"""Sources and reports named by an imported file's source column: one report a source and day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

import casefile
from casefile.exchange import cited
from casefile.store.models import Citation, Source, SourceReport

HEADER = "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,source"


def _csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = [HEADER] + [
        f"{key},{day},Battles,Armed clash,Police,Tajikistan,{source}" for key, day, source in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _reports(cf: casefile.CaseFile) -> dict[str, str]:
    with cf.transactions.session() as session:
        query = select(SourceReport.title, Source.name).join(Source)
        return {title: name for title, name in session.execute(query)}


def test_a_source_and_day_is_one_report_cited_by_each_incident(
    cf: casefile.CaseFile, tmp_path: Path
) -> None:
    rows = [
        ("A1", "2020-03-01", "Xinhua;  Tolo  News"),
        ("A2", "2020-03-01", "Xinhua; Xinhua"),
        ("A3", "2020-03-02", "Tolo News"),
    ]
    assert cf.import_file(_csv(tmp_path / "a.csv", rows)).added == 3
    assert _reports(cf) == {
        "Xinhua, 2020-03-01": "Xinhua",
        "Tolo News, 2020-03-01": "Tolo News",
        "Tolo News, 2020-03-02": "Tolo News",
    }
    with cf.transactions.session() as session:
        assert session.scalar(select(func.count()).select_from(Citation)) == 4
    # Another file naming a report already stored cites it rather than adding it again.
    more = [("B1", "2020-03-01", "Xinhua"), ("B2", "2020-03-03", "Xinhua")]
    assert cf.import_file(_csv(tmp_path / "b.csv", more)).added == 2
    assert len(_reports(cf)) == 4
    assert cf.protect.verify() == []


def test_names_and_titles() -> None:
    assert cited.clean_name(" Tolo \t News ") == "Tolo News"
    assert cited.report_title("Xinhua", date(2020, 3, 1)) == "Xinhua, 2020-03-01"
