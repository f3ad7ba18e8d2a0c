"""A report's options and the analyst's text as one plain value, checked and stored as a row."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.records import taxonomy
from casefile.search import filters as search_filters
from casefile.store.changes import Changes
from casefile.store.models import Report
from casefile.store.operations import Operations

TEMPLATES = {"sitrep": "Situation report", "flash": "Flash report"}
DEFAULT_TLP = "TLP:AMBER"
# The filters a report accepts are the search filters, so a saved search can become a report;
# the period is the report's own.
FILTER_KEYS = tuple(
    f.name for f in dataclasses.fields(search_filters.Filters) if f.name not in ("start", "end")
)
# Kept in the row's JSON column; the rest have columns of their own.
# A key missing from an older report's JSON takes the field's default.
_IN_JSON = (
    "originator",
    "recipients",
    "tlp",
    "start",
    "end",
    "filters",
    "incident_id",
    "photos",
    "drafts",
)


@dataclass
class ReportOptions:
    """Everything a report is made from besides the case data: reissue it from this alone."""

    template: str = "sitrep"
    title: str = ""
    number: str = ""
    originator: str = ""
    recipients: list[str] = field(default_factory=list)
    tlp: str = DEFAULT_TLP
    start: date | None = None
    end: date | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    incident_id: str | None = None
    bluf: str = ""
    key_judgments: str = ""
    outlook: str = ""
    photos: bool = False
    # Draft incidents (not yet reviewed) are reported, marked as drafts, unless left out.
    drafts: bool = True
    issued_at: datetime | None = None
    id: str | None = None

    @property
    def heading(self) -> str:
        """The title, or the template's name when the analyst gave none."""
        return self.title.strip() or TEMPLATES.get(self.template, "Report")

    def judgments(self) -> list[str]:
        """Key judgments, one per non-empty line, bullets stripped."""
        return [
            line.strip().lstrip("-•*").strip()
            for line in self.key_judgments.splitlines()
            if line.strip().lstrip("-•*").strip()
        ]


def validate(options: ReportOptions) -> dict[str, str]:
    """Every problem with the options, by field name; empty when a report can be written."""
    problems: dict[str, str] = {}
    if options.template not in TEMPLATES:
        problems["template"] = f"Unknown template {options.template!r}; use sitrep or flash."
    if options.tlp not in taxonomy.TLP:
        problems["tlp"] = f"Unknown marking {options.tlp!r}; use one of {', '.join(taxonomy.TLP)}."
    if options.start and options.end and options.start > options.end:
        problems["end"] = "The period ends before it starts."
    if options.template == "flash" and not options.incident_id:
        problems["incident_id"] = "A flash report is about one incident; choose it."
    if len(options.title) > 500:
        problems["title"] = "Keep the title under 500 characters."
    unknown = set(options.filters) - set(FILTER_KEYS)
    if unknown:
        problems["filters"] = f"Unknown filter(s): {', '.join(sorted(unknown))}."
    else:
        try:
            search_filters.Filters.of(**options.filters)
        except errors.Invalid as exc:
            problems["filters"] = str(exc)
    return problems


def check(options: ReportOptions) -> None:
    """Raise `Invalid` with every problem if the options cannot make a report."""
    problems = validate(options)
    if problems:
        raise errors.Invalid(problems)


def with_changes(options: ReportOptions, **changes: Any) -> ReportOptions:
    """A copy with some fields changed; unknown names are an error, not ignored."""
    unknown = set(changes) - {f.name for f in dataclasses.fields(ReportOptions)}
    if unknown:
        raise errors.Invalid({name: "unknown report option" for name in sorted(unknown)})
    return dataclasses.replace(options, **changes)


def merged(stored: ReportOptions | None, **changes: Any) -> ReportOptions:
    """Stored options (or the defaults) with changes: a change of None keeps the stored value.

    The one way a report is made from a stored one and what the user gave: the command line
    (to write and to `--save`) and `CaseFile.write_report` both use it.
    """
    return with_changes(
        stored or ReportOptions(), **{k: v for k, v in changes.items() if v is not None}
    )


# --- Stored definitions ------------------------------------------------------------------


def _json(options: ReportOptions) -> dict[str, Any]:
    values = {name: getattr(options, name) for name in _IN_JSON}
    for key in ("start", "end"):
        values[key] = values[key].isoformat() if values[key] else None
    return values


def store(session: Session, options: ReportOptions) -> Report:
    """Insert or update the stored definition of a report."""
    check(options)
    row = _by_uuid(session, options.id) if options.id else Report()
    row.template, row.title, row.number = options.template, options.heading, options.number
    row.bluf, row.key_judgments, row.outlook = options.bluf, options.key_judgments, options.outlook
    row.options = _json(options)
    row.issued_at = options.issued_at
    session.add(row)
    return row


def load(row: Report) -> ReportOptions:
    """The options a stored report was made from."""
    stored: dict[str, Any] = dict(row.options or {})
    for key in ("start", "end"):
        stored[key] = date.fromisoformat(stored[key]) if stored.get(key) else None
    known: dict[str, Any] = {k: v for k, v in stored.items() if k in _IN_JSON}
    return ReportOptions(
        template=row.template,
        title=row.title,
        number=row.number,
        bluf=row.bluf,
        key_judgments=row.key_judgments,
        outlook=row.outlook,
        issued_at=row.issued_at,
        id=row.uuid,
        **known,
    )


def get(session: Session, report_id: str) -> ReportOptions:
    """A stored report's options by id, or `NotFound`."""
    return load(_by_uuid(session, report_id))


def all_reports(session: Session) -> list[ReportOptions]:
    """Every stored report, newest first."""
    rows = session.scalars(select(Report).order_by(Report.created_at.desc(), Report.id.desc()))
    return [load(row) for row in rows]


def _by_uuid(session: Session, report_id: str) -> Report:
    row = session.scalar(select(Report).where(Report.uuid == report_id))
    if row is None:
        raise errors.NotFound(f"No report {report_id}")
    return row


class StoredReports:
    """A case's stored reports (`cf.reports`): options and text kept to reissue or revise."""

    def __init__(self, ops: Operations):
        self._ops = ops

    def save(self, options: ReportOptions) -> Changes:
        """Store a report's options and text; `.created` names a newly stored report."""
        label = "Save report" if options.id is None else "Revise report"
        changes = self._ops.run(label, lambda s: store(s, options))
        # The transaction names only incidents and sources as created; a report is ours to name.
        made = next(
            (
                c.after["uuid"]
                for c in changes.rows
                if c.table == "report" and c.before is None and c.after
            ),
            None,
        )
        return dataclasses.replace(changes, created=made) if made else changes

    def all(self) -> list[ReportOptions]:
        """Every stored report definition, newest first."""
        with self._ops.read() as session:
            return all_reports(session)

    def get(self, report_id: str) -> ReportOptions:
        """A stored report definition."""
        with self._ops.read() as session:
            return get(session, report_id)
