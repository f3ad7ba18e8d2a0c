"""Sources, their reports, citations with credibility grades, and attachments."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import errors


def _source_and_report(cf: casefile.CaseFile) -> tuple[str, str]:
    source = cf.sources.add(name="Al Jazeera", kind="news", reliability="B").created or ""
    report = (
        cf.sources.add_report(
            source_id=source,
            title="Border report",
            url="https://example.org/a",
            published=date(2025, 12, 1),
            accessed=date(2025, 12, 2),
            language="en",
        ).created
        or ""
    )
    return source, report


def test_cite_grades_and_counts(cf: casefile.CaseFile) -> None:
    _, report = _source_and_report(cf)
    incident = cf.add_incident(title="Drone strike", event_date=date(2025, 11, 26)).created or ""
    changes = cf.sources.cite(incident_id=incident, report_id=report, credibility=2)
    assert incident in changes.incidents
    cited = cf.sources.cited_by(incident)
    assert [c.grade for c in cited] == ["B2"]
    assert cf.list_incidents()[0].source_count == 1
    cf.sources.uncite(incident_id=incident, report_id=report)
    assert cf.sources.cited_by(incident) == []
    assert cf.list_incidents()[0].source_count == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "X", "reliability": "G"}, "reliability"),
        ({"name": "X", "kind": "oracle"}, "kind"),
        ({"name": "X", "url": "ftp://x"}, "url"),
    ],
)
def test_source_rules(cf: casefile.CaseFile, fields: dict[str, str], field: str) -> None:
    with pytest.raises(errors.Invalid) as raised:
        cf.sources.add(**fields)
    assert field in raised.value.errors
    assert cf.sources.all() == []


def test_source_names_are_unique(cf: casefile.CaseFile) -> None:
    cf.sources.add(name="SCNS")
    with pytest.raises(errors.Invalid):
        cf.sources.add(name=" SCNS ")


def test_report_dates_must_make_sense(cf: casefile.CaseFile) -> None:
    source = cf.sources.add(name="SCNS").created or ""
    with pytest.raises(errors.Invalid) as raised:
        cf.sources.add_report(
            source_id=source,
            title="Statement",
            published=date(2025, 12, 24),
            accessed=date(2025, 12, 1),
        )
    assert "accessed" in raised.value.errors


def test_credibility_out_of_range_is_refused(cf: casefile.CaseFile) -> None:
    _, report = _source_and_report(cf)
    incident = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created or ""
    with pytest.raises(errors.Invalid):
        cf.sources.cite(incident_id=incident, report_id=report, credibility=7)


def test_deleting_a_source_removes_its_citations(cf: casefile.CaseFile) -> None:
    source, report = _source_and_report(cf)
    incident = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created or ""
    cf.sources.cite(incident_id=incident, report_id=report, credibility=3)
    cf.sources.delete(source)
    assert cf.sources.cited_by(incident) == []
    assert cf.list_incidents()[0].source_count == 0
    assert cf.protect.verify() == []


def test_attachments_keep_bytes_and_sha256(cf: casefile.CaseFile, tmp_path: Path) -> None:
    _, report = _source_and_report(cf)
    photo = tmp_path / "crater.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    cf.attachments.add(photo, report_id=report)
    cf.attachments.add(data=photo.read_bytes(), filename="copy.jpg", report_id=report)
    listed = cf.attachments.of(report_id=report)
    assert [a.filename for a in listed] == ["crater.jpg", "copy.jpg"]
    assert listed[0].sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert listed[0].media_type == "image/jpeg"
    info, content = cf.attachments.content(listed[0].id)
    assert content == photo.read_bytes() and info.size == len(content)
    cf.attachments.delete(listed[0].id)
    assert len(cf.attachments.of(report_id=report)) == 1


def test_attach_bad_input(cf: casefile.CaseFile, tmp_path: Path) -> None:
    incident = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created or ""
    with pytest.raises(errors.CaseFileNotFound):
        cf.attachments.add(tmp_path / "missing.pdf", incident_id=incident)
    with pytest.raises(errors.Invalid):
        cf.attachments.add(tmp_path, incident_id=incident)
    with pytest.raises(errors.Invalid):
        cf.attachments.add(data=b"x", filename="a.txt")
    with pytest.raises(errors.NotFound):
        cf.attachments.add(data=b"x", filename="a.txt", incident_id="no-such-id")
    assert cf.attachments.of(incident_id=incident) == []


def test_citing_incidents_newest_first_with_grades(cf: casefile.CaseFile) -> None:
    _, report = _source_and_report(cf)
    older = cf.add_incident(title="Older", event_date=date(2025, 11, 1)).created or ""
    newer = cf.add_incident(title="Newer", event_date=date(2025, 12, 1)).created or ""
    cf.add_incident(title="Not citing", event_date=date(2025, 12, 2))
    cf.sources.cite(incident_id=older, report_id=report, credibility=4)
    cf.sources.cite(incident_id=newer, report_id=report, credibility=2)
    citing = cf.sources.citing(report_id=report)
    assert [(row.title, grade) for row, grade in citing] == [("Newer", "B2"), ("Older", "B4")]
    cf.sources.uncite(incident_id=newer, report_id=report)
    assert [row.id for row, _ in cf.sources.citing(report_id=report)] == [older]
    with pytest.raises(errors.NotFound):
        cf.sources.citing(report_id="no-such-report")
