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
from casefile.sitrep import filters, photos, records
from casefile.sitrep.options import ReportOptions
from casefile.sitrep.photos import Photo
from casefile.sitrep.records import CitationRecord, IncidentRecord
from casefile.store.models import Citation, Incident, SourceReport

UNSPECIFIED = "Not specified"


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


@dataclass
class Figures:
    """Key figures for the period and the one before it."""

    incidents: int = 0
    killed: int = 0
    injured: int = 0
    by_group: list[tuple[str, int, int]] = field(default_factory=list)
    by_type: list[tuple[str, int, int, int]] = field(default_factory=list)
    previous: tuple[int, int, int] = (0, 0, 0)


@dataclass
class ReportData:
    """Everything a template lays out."""

    options: ReportOptions
    start: date
    end: date
    incidents: list[IncidentView]
    sources: list[SourceEntry]
    figures: Figures
    timeline: list[tuple[date, int]]
    bucket: str
    suspected: list[tuple[str, str, int]]
    withheld: Withheld = field(default_factory=Withheld)


def gather(session: Session, options: ReportOptions) -> ReportData:
    """Read the incidents a report covers and work out its figures, sources and charts.

    Nothing marked above the report's own marking is read: not an incident, not a report
    it cites. How many were left out is kept to be said in the report.
    """
    case = markings.case_marking(session)
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
    figures.previous = _previous(session, start, end, options.filters, shown)
    bucket = bucket_for(start, end)
    return ReportData(
        options=options,
        start=start,
        end=end,
        incidents=views,
        sources=sources,
        figures=figures,
        timeline=_timeline(views, start, end, bucket),
        bucket=bucket,
        suspected=_suspected(rows),
        withheld=withheld,
    )


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
    for row in rows:
        for citation in sorted(row.citations, key=lambda c: c.report.published or date.min):
            key = citation.report_id
            numbers.setdefault(key, len(numbers) + 1)
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
    )


def _by_group(rows: list[IncidentRecord]) -> list[tuple[str, int, int]]:
    """Killed and injured by group or nationality; what no group accounts for is 'not specified'."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for column, kind in enumerate(("killed", "injured")):
            groups = [c for c in row.casualties if c.kind == kind and c.group]
            for c in groups:
                label = c.group + (f" ({c.nationality})" if c.nationality else "")
                table[label][column] += c.best
            rest = _best(row, kind) - sum(c.best for c in groups)
            if rest > 0:
                table[UNSPECIFIED][column] += rest
    ordered = sorted(table.items(), key=lambda kv: (kv[0] == UNSPECIFIED, -kv[1][0], kv[0]))
    return [(label, k, i) for label, (k, i) in ordered if k or i]


def _figures(rows: list[IncidentRecord], views: list[IncidentView]) -> Figures:
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row, view in zip(rows, views, strict=True):
        entry = by_type[row.event_type or "Not coded"]
        entry[0] += 1
        entry[1] += view.killed
        entry[2] += view.injured
    return Figures(
        incidents=len(views),
        killed=sum(v.killed for v in views),
        injured=sum(v.injured for v in views),
        by_group=_by_group(rows),
        by_type=sorted(
            ((t, n, k, i) for t, (n, k, i) in by_type.items()), key=lambda x: (-x[1], x[0])
        ),
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


def bucket_for(start: date, end: date) -> str:
    """Days for a month or so, weeks up to a year, months up to six, years beyond."""
    days = (end - start).days
    if days > 6 * 366:
        return "year"
    return "day" if days <= 45 else ("week" if days <= 366 else "month")


def _bucket_start(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())  # weeks start on Monday
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    return day


def _next(day: date, bucket: str) -> date:
    if bucket == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    if bucket == "year":
        return day.replace(year=day.year + 1)
    return day + timedelta(days=7 if bucket == "week" else 1)


def _timeline(
    views: list[IncidentView], start: date, end: date, bucket: str
) -> list[tuple[date, int]]:
    """Incidents per day, week, month or year, empty buckets included.

    A period of centuries (a crafted date in year 1) would give thousands of bars: then
    only the years that have incidents are listed.
    """
    counts = Counter(_bucket_start(v.event_date, bucket) for v in views)
    if bucket == "year" and end.year - start.year > MAX_BARS:
        return sorted(counts.items())
    out = []
    day = _bucket_start(start, bucket)
    while day <= end:
        out.append((day, counts.get(day, 0)))
        try:
            day = _next(day, bucket)
        except (OverflowError, ValueError):
            break  # the last day a date can hold

    return out


MAX_BARS = 120


def _suspected(rows: list[IncidentRecord]) -> list[tuple[str, str, int]]:
    """Suspected actors with the ICD 203 term the analyst gave, and how many incidents."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        for a in row.actors:
            if a.role == taxonomy.SUSPECTED:
                counts[(a.actor.name, a.likelihood or "not assessed")] += 1
    return [(name, term, n) for (name, term), n in counts.most_common()]
