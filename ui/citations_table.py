"""The source reports an incident cites, each with a credibility grade and its Admiralty code."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from casefile.records import taxonomy
from casefile.records.incidents import CitationRef
from ui.row_table import Choice, Column, RowsTable

CREDIBILITY: list[Choice] = [(f"{k} – {v}", k) for k, v in taxonomy.CREDIBILITY.items()]


@dataclass(frozen=True)
class ReportChoice:
    """A report as the picker shows it: its source, the source's reliability, its title."""

    id: str
    source: str
    reliability: str
    title: str

    @property
    def label(self) -> str:
        """What the picker shows, e.g. "SCNS (B) — Attack on border post"."""
        return f"{self.source} ({self.reliability}) — {self.title}"


class CitationsTable(RowsTable):
    """Citations: pick a report across all sources, grade it 1–6, see the code A1…F6."""

    def __init__(self, parent: QWidget | None = None):
        self.reports: dict[str, ReportChoice] = {}
        columns: list[Column[CitationRef]] = [
            Column("Report", lambda c: c.report_id, _set_report, choices=self._report_choices),
            Column(
                "Credibility",
                lambda c: c.credibility,
                _set_credibility,
                choices=lambda c: CREDIBILITY,
            ),
            Column("Grade", self.grade),
            Column("Note", lambda c: c.note, _set_note),
        ]
        super().__init__(
            columns, self._new_citation, name="Citations", item="citation", parent=parent
        )
        self.fit_columns([50, 28, 7])

    def set_reports(self, reports: list[ReportChoice]) -> None:
        """The reports that can be cited; refreshes labels and grades."""
        self.reports = {r.id: r for r in reports}
        self.model.layoutChanged.emit()

    def _report_choices(self, citation: CitationRef) -> list[Choice]:
        return [(r.label, r.id) for r in self.reports.values()]

    def grade(self, citation: CitationRef) -> str:
        """The Admiralty code of a citation, e.g. "B2"."""
        report = self.reports.get(citation.report_id)
        return taxonomy.admiralty(report.reliability if report else None, citation.credibility)

    def _new_citation(self) -> CitationRef | None:
        cited = {c.report_id for c in self.model.rows()}
        free = [r for r in self.reports.values() if r.id not in cited]
        return CitationRef(report_id=free[0].id) if free else None


def _set_report(citation: CitationRef, value: object) -> None:
    citation.report_id = str(value or "")


def _set_credibility(citation: CitationRef, value: object) -> None:
    citation.credibility = int(str(value))


def _set_note(citation: CitationRef, value: object) -> None:
    citation.note = str(value or "")
