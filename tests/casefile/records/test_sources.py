"""Sources, their reports, citations with credibility grades, and attachments."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import errors


def _source_and_report(cf: casefile.CaseFile) -> tuple[str, str]:
    source = cf.add_source(name="Al Jazeera", kind="news", reliability="B").created or ""
    report = (
        cf.add_source_report(
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
    changes = cf.cite(incident_id=incident, report_id=report, credibility=2)
    assert incident in changes.incidents
    cited = cf.cited_reports(incident)
    assert [c.grade for c in cited] == ["B2"]
    assert cf.list_incidents()[0].source_count == 1
    cf.uncite(incident_id=incident, report_id=report)
    assert cf.cited_reports(incident) == []
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
        cf.add_source(**fields)
    assert field in raised.value.errors
    assert cf.list_sources() == []


def test_source_names_are_unique(cf: casefile.CaseFile) -> None:
    cf.add_source(name="SCNS")
    with pytest.raises(errors.Invalid):
        cf.add_source(name=" SCNS ")


def test_report_dates_must_make_sense(cf: casefile.CaseFile) -> None:
    source = cf.add_source(name="SCNS").created or ""
    with pytest.raises(errors.Invalid) as raised:
        cf.add_source_report(
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
        cf.cite(incident_id=incident, report_id=report, credibility=7)


def test_deleting_a_source_removes_its_citations(cf: casefile.CaseFile) -> None:
    source, report = _source_and_report(cf)
    incident = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created or ""
    cf.cite(incident_id=incident, report_id=report, credibility=3)
    cf.delete_source(source)
    assert cf.cited_reports(incident) == []
    assert cf.list_incidents()[0].source_count == 0
    assert cf.verify() == []


def test_attachments_keep_bytes_and_sha256(cf: casefile.CaseFile, tmp_path: Path) -> None:
    _, report = _source_and_report(cf)
    photo = tmp_path / "crater.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    cf.attach(photo, report_id=report)
    cf.attach(data=photo.read_bytes(), filename="copy.jpg", report_id=report)
    listed = cf.list_attachments(report_id=report)
    assert [a.filename for a in listed] == ["crater.jpg", "copy.jpg"]
    assert listed[0].sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert listed[0].media_type == "image/jpeg"
    info, content = cf.attachment_content(listed[0].id)
    assert content == photo.read_bytes() and info.size == len(content)
    cf.delete_attachment(listed[0].id)
    assert len(cf.list_attachments(report_id=report)) == 1


def test_attach_bad_input(cf: casefile.CaseFile, tmp_path: Path) -> None:
    incident = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created or ""
    with pytest.raises(errors.CaseFileNotFound):
        cf.attach(tmp_path / "missing.pdf", incident_id=incident)
    with pytest.raises(errors.Invalid):
        cf.attach(tmp_path, incident_id=incident)
    with pytest.raises(errors.Invalid):
        cf.attach(data=b"x", filename="a.txt")
    with pytest.raises(errors.NotFound):
        cf.attach(data=b"x", filename="a.txt", incident_id="no-such-id")
    assert cf.list_attachments(incident_id=incident) == []


def test_citing_incidents_newest_first_with_grades(cf: casefile.CaseFile) -> None:
    _, report = _source_and_report(cf)
    older = cf.add_incident(title="Older", event_date=date(2025, 11, 1)).created or ""
    newer = cf.add_incident(title="Newer", event_date=date(2025, 12, 1)).created or ""
    cf.add_incident(title="Not citing", event_date=date(2025, 12, 2))
    cf.cite(incident_id=older, report_id=report, credibility=4)
    cf.cite(incident_id=newer, report_id=report, credibility=2)
    citing = cf.citing_incidents(report_id=report)
    assert [(row.title, grade) for row, grade in citing] == [("Newer", "B2"), ("Older", "B4")]
    cf.uncite(incident_id=newer, report_id=report)
    assert [row.id for row, _ in cf.citing_incidents(report_id=report)] == [older]
    with pytest.raises(errors.NotFound):
        cf.citing_incidents(report_id="no-such-report")
