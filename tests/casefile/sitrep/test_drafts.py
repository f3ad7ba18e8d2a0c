"""Draft incidents in reports: counted and marked wherever they appear, or left out on request."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

import casefile
from casefile import ActorRole, CasualtyCount
from casefile.sitrep import ReportOptions, content

PERIOD = dict(start=date(2025, 11, 1), end=date(2025, 12, 31))
# A draft's title in each script the reports print: the mark must read beside every one.
TITLES = {
    "latin": "Armed clash near the Panj crossing",
    "cyrillic": "Нападение на пограничный пост",
    "arabic": "حمله بر پاسگاه مرزی در بدخشان",
    "chinese": "中国公民在塔吉克斯坦边境遇袭",
}


@pytest.fixture
def drafts(cf: casefile.CaseFile) -> dict[str, str]:
    """Four drafts (one per script) and one reviewed incident, each citing its own report."""
    source = cf.sources.add(name="Asia-Plus", reliability="B", kind="news").created
    ids = {}
    for week, (key, title) in enumerate([*TITLES.items(), ("reviewed", "Reviewed clash")]):
        ids[key] = cf.add_incident(
            title=title,
            event_date=date(2025, 11, 3) + timedelta(weeks=week),
            event_type="Battles",
            country_code="TJ",
            latitude=37.5,
            longitude=71.5 + week / 10,
            status="reviewed" if key == "reviewed" else "draft",
            casualties=[CasualtyCount(kind="killed", best=1)],
            actors=[ActorRole(name="ISKP", role="suspected", likelihood="likely")],
        ).created
        report = cf.sources.add_report(source_id=source, title=f"On {key}").created
        cf.sources.cite(incident_id=ids[key], report_id=report, credibility=2)
    return ids


def _gather(cf: casefile.CaseFile, **options: object) -> content.ReportData:
    with cf._read() as session:
        return content.gather(session, ReportOptions(**{**PERIOD, **options}))  # type: ignore[arg-type]


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_drafts_are_counted_and_said_to_be_drafts(
    cf: casefile.CaseFile, drafts: dict[str, str]
) -> None:
    data = _gather(cf)
    assert data.figures.incidents == 5 and data.figures.drafts == (4, 4, 0)
    assert data.figures.draft_types == {"Battles": 4}
    assert [v.draft for v in data.incidents] == [True, True, True, True, False]
    assert [s.drafts_only for s in data.sources] == [True, True, True, True, False]
    assert data.suspected == [("ISKP", "likely", 5, 4)]
    assert sum(bar.drafts for bar in data.timeline) == 4


def test_left_out_drafts_are_not_counted_anywhere_and_the_header_says_so(
    cf: casefile.CaseFile, drafts: dict[str, str], tmp_path: Path
) -> None:
    # The period before holds a draft too: the change is counted like with like.
    cf.add_incident(title="Earlier draft", event_date=date(2025, 10, 1), status="draft")
    data = _gather(cf, drafts=False)
    assert [v.id for v in data.incidents] == [drafts["reviewed"]]
    assert data.figures.drafts == (0, 0, 0) and data.drafts_left_out == 4
    assert data.figures.previous == (0, 0, 0)
    assert [s.title for s in data.sources] == ["On reviewed"]
    out = cf.write_report(tmp_path / "reviewed.pdf", ReportOptions(**PERIOD, drafts=False))
    text = _text(out)
    assert "4 draft incidents (not yet reviewed) left out" in text
    assert "DRAFT" not in text and "Panj" not in text


def test_every_place_a_draft_appears_marks_it(
    cf: casefile.CaseFile, drafts: dict[str, str], tmp_path: Path
) -> None:
    out = cf.write_report(tmp_path / "sitrep.pdf", ReportOptions(**PERIOD))
    text = _text(out)
    assert "4 of the 5 incidents are drafts, not yet reviewed" in text  # the header
    assert "Incidents, of which 4 drafts" in text  # the key figures
    assert "Killed, 4 of them in drafts" in text
    assert "5 (4 draft)" in text  # by event type, and the attribution table
    assert "Shaded rows marked DRAFT" in text and text.count("DRAFT\n") >= 4  # chronology
    assert "Cited by draft incidents only" in text  # the annex
    assert "Draft, not yet reviewed" in text  # the map's legend
    assert "DRAFT · 03 Nov 2025 — Armed clash near the Panj crossing" in text
    assert "DRAFT · 10 Nov 2025 — Нападение на пограничный пост" in text
    assert text.count("DRAFT · ") == 4  # each draft's heading, whatever its script
    assert "01 Dec 2025 — Reviewed clash" in text and "DRAFT · 01 Dec" not in text
    outline = [item.title for item in PdfReader(out).outline if not isinstance(item, list)]
    nested = [i.title for item in PdfReader(out).outline if isinstance(item, list) for i in item]
    assert sum(title.startswith("DRAFT · ") for title in outline + nested) == 4


@pytest.mark.parametrize("script", list(TITLES))
def test_a_flash_report_on_a_draft_says_it_is_one(
    cf: casefile.CaseFile, drafts: dict[str, str], tmp_path: Path, script: str
) -> None:
    options = ReportOptions(template="flash", incident_id=drafts[script], drafts=False)
    text = _text(cf.write_report(tmp_path / "flash.pdf", options))
    assert "DRAFT: the incident is not yet reviewed" in text
    assert "DRAFT · " in text


def test_a_flash_report_on_a_reviewed_incident_says_nothing_of_drafts(
    cf: casefile.CaseFile, drafts: dict[str, str], tmp_path: Path
) -> None:
    options = ReportOptions(template="flash", incident_id=drafts["reviewed"])
    assert "DRAFT" not in _text(cf.write_report(tmp_path / "flash.pdf", options))


def test_the_chart_covers_the_period_only(
    cf: casefile.CaseFile, drafts: dict[str, str], tmp_path: Path
) -> None:
    data = _gather(cf)
    assert data.bucket == "week" and data.timeline[0].first == date(2025, 11, 1)
    text = _text(cf.write_report(tmp_path / "sitrep.pdf", ReportOptions(**PERIOD)))
    assert "1–2 Nov (partial)" in text and "29–31 Dec (partial)" in text
    assert "27 Oct" not in text
    # Without a period the data's range is binned in whole weeks.
    whole = _gather(cf, start=None, end=None)
    assert whole.timeline[0].first == date(2025, 11, 3) and not whole.timeline[0].partial


def test_the_demo_roll_up_is_marked_in_the_demo_report(
    demo_cf: casefile.CaseFile, tmp_path: Path
) -> None:
    text = _text(demo_cf.write_report(tmp_path / "demo.pdf", ReportOptions(**PERIOD)))
    assert "1 of the 4 incidents is a draft" in text and "Incidents, of which 1 draft" in text
    assert "DRAFT · 01 Nov 2025 — Armed infiltrations" in text
