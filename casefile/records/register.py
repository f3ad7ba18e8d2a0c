"""The source register (`cf.sources`): sources, their reports, and the citations that grade them."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from sqlalchemy import select

from casefile import errors
from casefile.records import listing, sources, taxonomy, values
from casefile.records.sources import CitedReport, SourceData, SourceReportData
from casefile.store.changes import Changes
from casefile.store.models import Citation, Incident, Source, SourceReport
from casefile.store.operations import Operations

Value = TypeVar("Value", SourceData, SourceReportData)


def _replaced(data: Value, fields: dict[str, Any]) -> Value:
    """`data` with some fields changed; a name that is not a field is refused, naming it."""
    known = {f.name for f in dataclasses.fields(data)} - {"id"}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise errors.Invalid({name: "unknown field" for name in unknown})
    return dataclasses.replace(data, **fields)


class SourceRegister:
    """Sources with their reliability grades, their reports, and citations from incidents."""

    def __init__(self, ops: Operations):
        self._ops = ops

    # --- sources -------------------------------------------------------------------------

    def add(self, **fields: Any) -> Changes:
        """Add a source (publisher or organisation) with its reliability grade A–F."""
        data = values.build(SourceData, fields)
        return self._ops.run("Add source", lambda s: sources.store_source(s, data))

    def update(self, source_id: str, **fields: Any) -> Changes:
        """Change fields of a source."""
        data = _replaced(self.get(source_id), fields)
        return self._ops.run("Edit source", lambda s: sources.store_source(s, data))

    def get(self, source_id: str) -> SourceData:
        """A source as a plain value."""
        with self._ops.read() as session:
            return sources.source_data(sources.by_uuid(session, Source, source_id, "source"))

    def all(self) -> list[SourceData]:
        """Every source, by name."""
        with self._ops.read() as session:
            return sources.all_sources(session)

    def delete(self, source_id: str) -> Changes:
        """Delete a source with its reports and their citations."""
        return self._ops.run("Delete source", lambda s: sources.remove_source(s, source_id))

    # --- reports -------------------------------------------------------------------------

    def add_report(self, **fields: Any) -> Changes:
        """Add one report (article, statement, advisory) from a source."""
        data = values.build(SourceReportData, fields)
        return self._ops.run("Add source report", lambda s: sources.store_report(s, data))

    def update_report(self, report_id: str, **fields: Any) -> Changes:
        """Change fields of a source report."""
        data = _replaced(self.get_report(report_id), fields)
        return self._ops.run("Edit source report", lambda s: sources.store_report(s, data))

    def get_report(self, report_id: str) -> SourceReportData:
        """A source report as a plain value."""
        with self._ops.read() as session:
            row = sources.by_uuid(session, SourceReport, report_id, "source report")
            return sources.report_data(row)

    def reports(self, source_id: str) -> list[SourceReportData]:
        """A source's reports, oldest first."""
        with self._ops.read() as session:
            return sources.reports_of(session, source_id)

    def delete_report(self, report_id: str) -> Changes:
        """Delete a source report and its citations."""
        return self._ops.run("Delete source report", lambda s: sources.remove_report(s, report_id))

    # --- citations -----------------------------------------------------------------------

    def cite(
        self, *, incident_id: str, report_id: str, credibility: int, note: str = ""
    ) -> Changes:
        """Link a source report to an incident with a credibility grade 1–6."""
        return self._ops.run(
            "Cite source",
            lambda s: sources.cite(
                s, incident_id=incident_id, report_id=report_id, credibility=credibility, note=note
            ),
        )

    def uncite(self, *, incident_id: str, report_id: str) -> Changes:
        """Remove a source report's link to an incident."""
        link = dict(incident_id=incident_id, report_id=report_id)
        return self._ops.run("Remove citation", lambda s: sources.uncite(s, **link))

    def cited_by(self, incident_id: str) -> list[CitedReport]:
        """The reports an incident cites, with Admiralty grades."""
        with self._ops.read() as session:
            return sources.cited_by(session, incident_id)

    def citing(self, report_id: str) -> list[tuple[listing.IncidentRow, str]]:
        """The incidents citing a source report, newest first, each with its Admiralty grade."""
        with self._ops.read() as session:
            report = sources.by_uuid(session, SourceReport, report_id, "source report")
            query = (
                select(Incident.uuid, Citation.credibility)
                .join(Citation, Citation.incident_id == Incident.id)
                .where(Citation.report_id == report.id)
                .order_by(Incident.event_date.desc(), Incident.id.desc())
            )
            grades = {
                uuid: taxonomy.admiralty(report.source.reliability, credibility)
                for uuid, credibility in session.execute(query)
            }
            rows = listing.rows_by_id(session.connection(), list(grades))
            return [(row, grades[row.id]) for row in rows]
