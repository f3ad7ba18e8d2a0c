"""Sources (publishers, graded A–F) and their reports, as plain values and operations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.records import taxonomy, values
from casefile.store.models import Citation, Incident, Source, SourceReport


@dataclass
class SourceData:
    """A publisher or organisation and its Admiralty reliability grade."""

    name: str
    kind: str = "other"
    reliability: str = "F"
    country_code: str | None = None
    url: str | None = None
    notes: str = ""
    id: str | None = None


@dataclass
class SourceReportData:
    """One item from a source: title, link, dates, language and an excerpt."""

    source_id: str
    title: str
    url: str | None = None
    published: date | None = None
    accessed: date | None = None
    language: str | None = None
    excerpt: str = ""
    tlp: str | None = None  # its own TLP marking; None: the case's
    id: str | None = None


def validate_source(data: SourceData) -> dict[str, str]:
    """Problems with a source, by field."""
    problems = _typed(
        data,
        text=("name", "kind", "reliability", "notes"),
        optional=("country_code", "url", "id"),
    )
    if problems:
        return problems
    if not data.name.strip():
        problems["name"] = "A source needs a name."
    if data.reliability not in taxonomy.RELIABILITY:
        problems["reliability"] = "Reliability is graded A to F."
    if data.kind not in taxonomy.SOURCE_KINDS:
        problems["kind"] = f"Unknown kind of source {data.kind!r}."
    if data.url and not data.url.startswith(("http://", "https://")):
        problems["url"] = "A link starts with http:// or https://."
    return problems


def validate_report(data: SourceReportData) -> dict[str, str]:
    """Problems with a source report, by field."""
    problems = _typed(
        data, text=("source_id", "title", "excerpt"), optional=("url", "language", "id")
    )
    for name in ("published", "accessed"):
        problem = values.date_problem(getattr(data, name), optional=True)
        if problem:
            problems[name] = problem
    if problems:
        return problems
    if not data.title.strip():
        problems["title"] = "A report needs a title."
    if data.url and not data.url.startswith(("http://", "https://")):
        problems["url"] = "A link starts with http:// or https://."
    if data.published and data.accessed and data.accessed < data.published:
        problems["accessed"] = "It cannot have been accessed before it was published."
    if data.tlp is not None and data.tlp not in taxonomy.TLP:
        problems["tlp"] = f"Unknown marking {data.tlp!r}; use one of {', '.join(taxonomy.TLP)}."
    return problems


def _typed(data: object, *, text: tuple[str, ...], optional: tuple[str, ...]) -> dict[str, str]:
    """Type problems of text fields, by field (see `values`)."""
    found = {n: values.text_problem(getattr(data, n)) for n in text}
    found.update({n: values.text_problem(getattr(data, n), optional=True) for n in optional})
    return {n: problem for n, problem in found.items() if problem}


def _raise_if(problems: dict[str, str]) -> None:
    if problems:
        raise errors.Invalid(problems)


def by_uuid(session: Session, model: type[Any], uuid: str, what: str) -> Any:
    row = session.scalar(select(model).where(model.uuid == uuid))
    if row is None:
        raise errors.NotFound(f"No {what} {uuid}")
    return row


def store_source(session: Session, data: SourceData) -> Source:
    """Insert or update a source."""
    _raise_if(validate_source(data))
    data = dataclasses.replace(data, name=" ".join(data.name.split()))
    _raise_if(validate_source(data))
    clash = session.scalar(select(Source).where(Source.name == data.name))
    if clash is not None and clash.uuid != data.id:
        raise errors.Invalid({"name": f"There is already a source called {data.name!r}."})
    row = by_uuid(session, Source, data.id, "source") if data.id else Source()
    for name in ("name", "kind", "reliability", "country_code", "url", "notes"):
        setattr(row, name, getattr(data, name))
    session.add(row)
    return row


def store_report(session: Session, data: SourceReportData) -> SourceReport:
    """Insert or update a source report."""
    _raise_if(validate_report(data))
    source = by_uuid(session, Source, data.source_id, "source")
    row = by_uuid(session, SourceReport, data.id, "source report") if data.id else SourceReport()
    row.source = source
    for name in ("title", "url", "published", "accessed", "language", "excerpt", "tlp"):
        setattr(row, name, getattr(data, name))
    row.title = row.title.strip()
    session.add(row)
    return row


def source_data(row: Source) -> SourceData:
    """The plain value of a source."""
    return SourceData(
        id=row.uuid,
        name=row.name,
        kind=row.kind,
        reliability=row.reliability,
        country_code=row.country_code,
        url=row.url,
        notes=row.notes,
    )


def report_data(row: SourceReport) -> SourceReportData:
    """The plain value of a source report."""
    return SourceReportData(
        id=row.uuid,
        source_id=row.source.uuid,
        title=row.title,
        url=row.url,
        published=row.published,
        accessed=row.accessed,
        language=row.language,
        excerpt=row.excerpt,
        tlp=row.tlp,
    )


def remove_source(session: Session, source_id: str) -> None:
    """Delete a source with its reports and their citations."""
    row = by_uuid(session, Source, source_id, "source")
    incidents = {c.incident for r in row.reports for c in r.citations}
    session.delete(row)
    session.flush()
    _recount(session, incidents)


def remove_report(session: Session, report_id: str) -> None:
    """Delete one source report and its citations."""
    row = by_uuid(session, SourceReport, report_id, "source report")
    incidents = {c.incident for c in row.citations}
    session.delete(row)
    session.flush()
    _recount(session, incidents)


def _recount(session: Session, incidents: set[Incident]) -> None:
    for incident in incidents:
        incident.source_count = (
            session.scalar(
                select(func.count())
                .select_from(Citation)
                .where(Citation.incident_id == incident.id)
            )
            or 0
        )


def cite(
    session: Session, *, incident_id: str, report_id: str, credibility: int, note: str = ""
) -> Citation:
    """Link a source report to an incident with a credibility grade (1–6), or regrade it."""
    values.check(
        [
            ("incident_id", values.text_problem(incident_id)),
            ("report_id", values.text_problem(report_id)),
            ("credibility", values.int_problem(credibility)),
            ("note", values.text_problem(note)),
        ]
    )
    if credibility not in taxonomy.CREDIBILITY:
        raise errors.Invalid({"credibility": "Credibility is graded 1 to 6."})
    incident = by_uuid(session, Incident, incident_id, "incident")
    report = by_uuid(session, SourceReport, report_id, "source report")
    citation = session.scalar(
        select(Citation).where(Citation.incident_id == incident.id, Citation.report_id == report.id)
    )
    if citation is None:
        citation = Citation(incident=incident, report=report)
        session.add(citation)
    citation.credibility = credibility
    citation.note = note
    session.flush()
    _recount(session, {incident})
    return citation


def uncite(session: Session, *, incident_id: str, report_id: str) -> None:
    """Remove a report's link to an incident."""
    incident = by_uuid(session, Incident, incident_id, "incident")
    report = by_uuid(session, SourceReport, report_id, "source report")
    citation = session.scalar(
        select(Citation).where(Citation.incident_id == incident.id, Citation.report_id == report.id)
    )
    if citation is not None:
        session.delete(citation)
        session.flush()
        _recount(session, {incident})


def all_sources(session: Session) -> list[SourceData]:
    """Every source, by name."""
    return [source_data(r) for r in session.scalars(select(Source).order_by(Source.name))]


def reports_of(session: Session, source_id: str) -> list[SourceReportData]:
    """A source's reports, oldest first."""
    source = by_uuid(session, Source, source_id, "source")
    return [report_data(r) for r in source.reports]


@dataclass(frozen=True)
class CitedReport:
    """A report cited by an incident, with its source's grade and the combined Admiralty code."""

    report: SourceReportData
    source: SourceData
    credibility: int
    note: str

    @property
    def grade(self) -> str:
        """Admiralty code such as "B2"."""
        return taxonomy.admiralty(self.source.reliability, self.credibility)


def cited_by(session: Session, incident_id: str) -> list[CitedReport]:
    """The reports an incident cites, with their grades."""
    incident = by_uuid(session, Incident, incident_id, "incident")
    return [
        CitedReport(
            report=report_data(c.report),
            source=source_data(c.report.source),
            credibility=c.credibility,
            note=c.note,
        )
        for c in incident.citations
    ]
