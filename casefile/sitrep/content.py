"""What a report says, gathered from the case file as plain values before any layout."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.records import markings, taxonomy, totals, wording
from casefile.records.markings import Withheld
from casefile.sitrep import filters, photos, records, timeline
from casefile.sitrep.options import ReportOptions
from casefile.sitrep.photos import Photo
from casefile.sitrep.records import CitationRecord, IncidentRecord
from casefile.sitrep.timeline import Bar
from casefile.store.models import Citation, Incident, SourceReport

UNSPECIFIED = "Not specified"
DRAFT = "draft"  # the status of an incident not yet reviewed (taxonomy.STATUSES)


@dataclass(frozen=True)
class Cite:
    """A numbered reference [n] to the annex, with the Admiralty grade of this account."""

    number: int
    grade: str


@dataclass
class IncidentView:
    """One incident as the report shows it."""

    id: str
    event_date: date
    event_time: time | None
    title: str
    event_type: str
    place: str
    short_place: str
    killed: int
    injured: int
    narrative: str
    actors: list[str]
    casualties: list[str]
    claim: str
    status: str
    cites: list[Cite] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    latitude: float | None = None  # for the map (see `maps`)
    longitude: float | None = None
    kind: str = ""  # the event type, for the map's colours

    @property
    def draft(self) -> bool:
        """Whether the incident is a draft, not yet reviewed: the report marks it so."""
        return self.status == DRAFT


@dataclass(frozen=True)
class SourceEntry:
    """One source report in the annex."""

    number: int
    source: str
    grade: str
    title: str
    url: str | None
    published: date | None
    accessed: date | None
    drafts_only: bool = False  # cited by draft incidents only


@dataclass
class Figures:
    """Key figures for the period and the one before it."""

    incidents: int = 0
    killed: int = 0
    injured: int = 0
    by_group: list[tuple[str, int, int]] = field(default_factory=list)
    by_type: list[tuple[str, int, int, int]] = field(default_factory=list)
    previous: tuple[int, int, int] = (0, 0, 0)
    # How much of the above comes from draft incidents: incidents, killed, injured, and
    # incidents by event type.
    drafts: tuple[int, int, int] = (0, 0, 0)
    draft_types: dict[str, int] = field(default_factory=dict)


@dataclass
class ReportData:
    """Everything a template lays out."""

    options: ReportOptions
    start: date
    end: date
    incidents: list[IncidentView]
    sources: list[SourceEntry]
    figures: Figures
    timeline: list[Bar]
    bucket: str
    suspected: list[tuple[str, str, int, int]]  # actor, likelihood, incidents, drafts of them
    withheld: Withheld = field(default_factory=Withheld)
    drafts_left_out: int = 0  # draft incidents the report was asked to leave out


def gather(session: Session, options: ReportOptions) -> ReportData:
    """Read the incidents a report covers and work out its figures, sources and charts.

    Nothing marked above the report's own marking is read: not an incident, not a report
    it cites. How many were left out is kept to be said in the report.
    """
    case = markings.case_marking(session)
    left_out = 0
    shown = markings.within(Incident.tlp, case, options.tlp)
    cited = markings.within(SourceReport.tlp, case, options.tlp)
    if options.template == "flash":
        one = select(Incident).where(Incident.uuid == options.incident_id)
        rows = records.incidents(session, one.where(shown), cited)
        if not rows:
            _refuse_flash(session, options)
        withheld = _withheld(session, one, rows, cited)
    else:
        period = filters.selected(options.start, options.end, options.filters)
        if not options.drafts:
            left_out = _drafts_in(session, period.where(shown))
            period = period.where(Incident.status != DRAFT)
        rows = records.incidents(session, period.where(shown), cited)
        withheld = _withheld(session, period, rows, cited)
    start = options.start or (rows[0].event_date if rows else date.today())
    end = options.end or (rows[-1].event_date if rows else start)
    if options.template == "flash":
        start = end = rows[0].event_date
    sources, numbers = _annex(rows)
    views = [_view(row, numbers) for row in rows]
    if options.photos:
        found = photos.of_incidents(session, [row.id for row in rows])
        for row, view in zip(rows, views, strict=True):
            view.photos = found.get(row.id, [])
    figures = _figures(rows, views)
    kept = shown if options.drafts else shown & (Incident.status != DRAFT)
    figures.previous = _previous(session, start, end, options.filters, kept)
    bucket = timeline.bucket_for(start, end)
    dated = ((v.event_date, v.draft) for v in views)
    bars = timeline.bars(
        dated, start, end, bucket, cut_start=bool(options.start), cut_end=bool(options.end)
    )
    return ReportData(
        options=options,
        start=start,
        end=end,
        incidents=views,
        sources=sources,
        figures=figures,
        timeline=bars,
        bucket=bucket,
        suspected=_suspected(rows),
        withheld=withheld,
        drafts_left_out=left_out,
    )


def _drafts_in(session: Session, every: Select[Any]) -> int:
    """How many draft incidents a query selects (those a report leaves out when asked)."""
    drafts = every.where(Incident.status == DRAFT).order_by(None).subquery()
    return session.scalar(select(func.count()).select_from(drafts)) or 0


def _refuse_flash(session: Session, options: ReportOptions) -> None:
    marked = session.scalar(select(Incident.tlp).where(Incident.uuid == options.incident_id))
    exists = session.scalar(select(Incident.id).where(Incident.uuid == options.incident_id))
    if exists is None:
        raise errors.NotFound(f"No incident {options.incident_id}")
    raise errors.CasefileError(
        f"The incident is marked {marked or markings.case_marking(session)}, above this "
        f"report's {options.tlp}: a flash report on it needs that marking or higher"
    )


def _withheld(
    session: Session, every: Select[Any], rows: list[IncidentRecord], cited: ColumnElement[bool]
) -> Withheld:
    """How many incidents the query holds beyond `rows`, and citations of reports above."""
    found = Withheld()
    total = session.scalar(select(func.count()).select_from(every.order_by(None).subquery()))
    if total and total > len(rows):
        found.add("incidents", total - len(rows))
    if rows:
        ids = [row.id for row in rows]
        hidden = session.scalar(
            select(func.count(func.distinct(Citation.report_id)))
            .join(SourceReport, SourceReport.id == Citation.report_id)
            .where(Citation.incident_id.in_(ids), ~cited)
        )
        if hidden:
            found.add("source reports", hidden)
    return found


def _annex(rows: list[IncidentRecord]) -> tuple[list[SourceEntry], dict[int, int]]:
    """Number source reports in order of first citation; the best credibility is shown."""
    numbers: dict[int, int] = {}
    best: dict[int, CitationRecord] = {}
    reviewed: set[int] = set()  # reports a reviewed incident cites
    for row in rows:
        for citation in sorted(row.citations, key=lambda c: c.report.published or date.min):
            key = citation.report_id
            numbers.setdefault(key, len(numbers) + 1)
            if row.status != DRAFT:
                reviewed.add(key)
            if key not in best or citation.credibility < best[key].credibility:
                best[key] = citation
    entries = []
    for key, number in numbers.items():
        report = best[key].report
        entries.append(
            SourceEntry(
                number=number,
                source=report.source.name,
                grade=taxonomy.admiralty(report.source.reliability, best[key].credibility),
                title=report.title,
                url=report.url,
                published=report.published,
                accessed=report.accessed,
                drafts_only=key not in reviewed,
            )
        )
    return entries, numbers


def _best(row: IncidentRecord, kind: str) -> int:
    return totals.total(row.casualties, kind)[1]


def _casualty_line(c: Any) -> str:
    spread = f" ({c.low}–{c.high})" if (c.low, c.high) != (c.best, c.best) else ""
    who = c.group or "in all"
    return f"{c.best}{spread} {c.kind}, {who}"


def _actor_line(a: Any) -> str:
    role = taxonomy.ACTOR_ROLES.get(a.role, a.role).lower()
    if a.likelihood:
        role = f"{role}: {a.likelihood}"
    return f"{a.actor.name} ({role})"


def _view(row: IncidentRecord, numbers: dict[int, int]) -> IncidentView:
    cites = sorted(
        (
            Cite(
                numbers[c.report_id], taxonomy.admiralty(c.report.source.reliability, c.credibility)
            )
            for c in row.citations
        ),
        key=lambda c: c.number,
    )
    return IncidentView(
        id=row.uuid,
        event_date=row.event_date,
        event_time=row.event_time,
        title=row.title,
        event_type=row.sub_event_type or row.event_type or "Not coded",
        place=wording.place_line(row),
        short_place=wording.short_place(row),
        killed=_best(row, "killed"),
        injured=_best(row, "injured"),
        narrative=row.narrative,
        actors=[_actor_line(a) for a in row.actors],
        casualties=[_casualty_line(c) for c in row.casualties],
        claim=taxonomy.CLAIM_STATUSES.get(row.claim_status, row.claim_status),
        status=row.status,
        cites=cites,
        latitude=row.latitude,
        longitude=row.longitude,
        kind=row.event_type or "",
    )


def _by_group(rows: list[IncidentRecord], views: list[IncidentView]) -> list[tuple[str, int, int]]:
    """Killed and injured by group or nationality; what no group accounts for is 'not specified'."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, view in zip(rows, views, strict=True):
        for column, kind in enumerate(("killed", "injured")):
            groups = [c for c in row.casualties if c.kind == kind and c.group]
            for c in groups:
                label = c.group + (f" ({c.nationality})" if c.nationality else "")
                table[label][column] += c.best
            rest = (view.killed, view.injured)[column] - sum(c.best for c in groups)
            if rest > 0:
                table[UNSPECIFIED][column] += rest
    ordered = sorted(table.items(), key=lambda kv: (kv[0] == UNSPECIFIED, -kv[1][0], kv[0]))
    return [(label, k, i) for label, (k, i) in ordered if k or i]


def _figures(rows: list[IncidentRecord], views: list[IncidentView]) -> Figures:
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    draft_types: Counter[str] = Counter()
    for row, view in zip(rows, views, strict=True):
        entry = by_type[row.event_type or "Not coded"]
        entry[0] += 1
        entry[1] += view.killed
        entry[2] += view.injured
        if view.draft:
            draft_types[row.event_type or "Not coded"] += 1
    drafts = [v for v in views if v.draft]
    return Figures(
        incidents=len(views),
        killed=sum(v.killed for v in views),
        injured=sum(v.injured for v in views),
        by_group=_by_group(rows, views),
        by_type=sorted(
            ((t, n, k, i) for t, (n, k, i) in by_type.items()), key=lambda x: (-x[1], x[0])
        ),
        drafts=(len(drafts), sum(v.killed for v in drafts), sum(v.injured for v in drafts)),
        draft_types=dict(draft_types),
    )


def _previous(
    session: Session, start: date, end: date, wanted: dict[str, Any], shown: ColumnElement[bool]
) -> tuple[int, int, int]:
    """Incidents, killed and injured in the period of equal length just before this one."""
    length = (end - start).days + 1
    try:
        before_end = start - timedelta(days=1)
        before_start = before_end - timedelta(days=length - 1)
    except OverflowError:  # a period starting in year 1 (a crafted file) has no "before"
        return 0, 0, 0
    rows = records.incidents(session, filters.selected(before_start, before_end, wanted, shown))
    return len(rows), sum(_best(r, "killed") for r in rows), sum(_best(r, "injured") for r in rows)


def _suspected(rows: list[IncidentRecord]) -> list[tuple[str, str, int, int]]:
    """Suspected actors with the ICD 203 term the analyst gave, how many incidents and how
    many of those are drafts."""
    counts: Counter[tuple[str, str]] = Counter()
    drafts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        for a in row.actors:
            if a.role == taxonomy.SUSPECTED:
                key = (a.actor.name, a.likelihood or "not assessed")
                counts[key] += 1
                drafts[key] += row.status == DRAFT
    return [(name, term, n, drafts[name, term]) for (name, term), n in counts.most_common()]
