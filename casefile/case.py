"""CaseFile: the one object a caller holds; every operation on a case file goes through it."""

from __future__ import annotations

import dataclasses
import getpass
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casefile import errors, sitrep
from casefile.exchange import demo, export, importing
from casefile.exchange import mapping as exchange_mapping
from casefile.exchange.imported import ImportSummary
from casefile.protect import verify
from casefile.records import attachments, incidents, listing, sources, taxonomy
from casefile.records.incidents import IncidentData
from casefile.records.sources import SourceData, SourceReportData
from casefile.search import facets
from casefile.search import hits as search
from casefile.search import saved as saved_searches
from casefile.sitrep import options as sitrep_options
from casefile.store import db, schema
from casefile.store.models import (
    Actor,
    Citation,
    Incident,
    IncidentTag,
    Setting,
    Source,
    SourceReport,
)
from casefile.store.transaction import Changes, Transactions
from casefile.store.undo import UndoStack

Progress = Callable[[int, int], None]


class CaseFile:
    """An open case file. Use `casefile.open(path)` to get one; close it when done."""

    def __init__(self, path: Path, *, author: str | None = None, exclusive: bool = False):
        self.path = path
        self.author = author or _user()
        self._lock = _take_lock(path) if exclusive else None
        try:
            schema.check_header(path)
            self.engine = db.make_engine(path)
            try:
                self.revision = schema.prepare(self.engine, path)
            except DBAPIError as exc:
                raise db.translate(exc, path) or exc from exc
        except BaseException:
            self._release()
            raise
        self.transactions = Transactions(self.engine, path)
        self.undo_stack = UndoStack()
        search.install(self.transactions)

    # --- life cycle ----------------------------------------------------------------------

    def close(self) -> None:
        """Release the file; the object cannot be used afterwards."""
        self.engine.dispose()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            Path(self._lock.lock_file).unlink(missing_ok=True)
            self._lock = None

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> str:
        """The file name, for titles and messages."""
        return self.path.name

    def _read(self) -> Session:
        return self.transactions.session()

    def _read_rows(self) -> Connection:
        """A connection for reads of plain rows (use `with`), lighter than a Session.

        A Session cost 0.2 ms to open and close here, a thirtieth of a search. Each
        statement reads what is committed when it runs: for a search that is enough, as its
        first statement only decides whether to rank.
        """
        return self.engine.connect().execution_options(**{db.EACH_STATEMENT: True})

    def _run(self, name: str, operation: Callable[[Session], Any]) -> Changes:
        with self.transactions.transaction(name) as tx:
            operation(tx.session)
        self.undo_stack.record(tx.changes)
        return tx.changes

    # --- incidents -----------------------------------------------------------------------

    def add_incident(self, **fields: Any) -> Changes:
        """Add an incident from keyword fields (see `IncidentData`); `.created` is its id."""
        data = IncidentData(**fields)
        data.id = None
        return self.save_incident(data, name="Add incident")

    def save_incident(self, data: IncidentData, *, name: str | None = None) -> Changes:
        """Insert or overwrite a whole incident, as the editor holds it."""
        label = name or ("Add incident" if data.id is None else "Edit incident")
        return self._run(label, lambda s: incidents.store(s, data, author=self.author))

    def update_incident(self, incident_id: str, **fields: Any) -> Changes:
        """Change some fields of an incident, leaving the rest as they are."""
        data = self.get_incident(incident_id)
        unknown = set(fields) - set(IncidentData.__dataclass_fields__)
        if unknown:
            raise errors.Invalid({k: "unknown field" for k in sorted(unknown)})
        for key, value in fields.items():
            setattr(data, key, value)
        return self.save_incident(data, name="Edit incident")

    def get_incident(self, incident_id: str) -> IncidentData:
        """An incident with everything it holds, as a plain value."""
        with self._read() as session:
            return incidents.to_data(incidents.load(session, incident_id))

    def delete_incident(self, incident_id: str) -> Changes:
        """Delete an incident with its actors, casualties, citations, attachments and links."""
        return self._run("Delete incident", lambda s: incidents.remove(s, incident_id))

    def link_incidents(self, from_id: str, to_id: str, *, kind: str, note: str = "") -> Changes:
        """Mark two incidents as duplicates, part of a series, or related."""
        return self._run(
            "Link incidents", lambda s: incidents.link(s, from_id, to_id, kind=kind, note=note)
        )

    def unlink_incidents(self, from_id: str, to_id: str) -> Changes:
        """Remove the links between two incidents."""
        return self._run("Unlink incidents", lambda s: incidents.unlink(s, from_id, to_id))

    def incident_links(self, incident_id: str) -> list[tuple[str, str, str]]:
        """(kind, other id, other title) for each link of an incident."""
        with self._read() as session:
            return incidents.links(session, incident_id)

    def actor_names(self) -> list[str]:
        """Every actor name known to the case, for completion in the editor."""
        with self._read() as session:
            return list(session.scalars(select(Actor.name).order_by(Actor.name)))

    def tag_names(self) -> list[str]:
        """Every tag used in the case, for completion in the editor."""
        with self._read() as session:
            query = select(IncidentTag.tag).distinct().order_by(IncidentTag.tag)
            return list(session.scalars(query))

    def count_incidents(self) -> int:
        """How many incidents the case holds."""
        with self._read() as session:
            return listing.count(session)

    def list_incidents(self, **window: Any) -> list[listing.IncidentRow]:
        """A sorted window of incident rows: order_by, descending, offset, limit."""
        with self._read() as session:
            return listing.page(session, **window)

    def incident_rows(self, ids: list[str]) -> list[listing.IncidentRow]:
        """List rows for the given incident ids (e.g. search hits), in the order given."""
        with self._read() as session:
            return listing.rows_by_id(session, ids)

    def incident_ids(self, *, start: date | None = None, end: date | None = None) -> list[str]:
        """Ids of the incidents in a period, oldest first."""
        query = select(Incident.uuid).order_by(Incident.event_date, Incident.id)
        if start:
            query = query.where(Incident.event_date >= start)
        if end:
            query = query.where(Incident.event_date <= end)
        with self._read() as session:
            return list(session.scalars(query))

    def iter_incidents(
        self, *, start: date | None = None, end: date | None = None
    ) -> Iterator[IncidentData]:
        """Every incident in a period as a plain value, oldest first."""
        for incident_id in self.incident_ids(start=start, end=end):
            yield self.get_incident(incident_id)

    # --- sources -------------------------------------------------------------------------

    def add_source(self, **fields: Any) -> Changes:
        """Add a source (publisher or organisation) with its reliability grade A–F."""
        data = SourceData(**fields)
        return self._run("Add source", lambda s: sources.store_source(s, data))

    def update_source(self, source_id: str, **fields: Any) -> Changes:
        """Change fields of a source."""
        data = self.get_source(source_id)
        for key, value in fields.items():
            setattr(data, key, value)
        return self._run("Edit source", lambda s: sources.store_source(s, data))

    def get_source(self, source_id: str) -> SourceData:
        """A source as a plain value."""
        with self._read() as session:
            return sources.source_data(sources.by_uuid(session, Source, source_id, "source"))

    def list_sources(self) -> list[SourceData]:
        """Every source, by name."""
        with self._read() as session:
            return sources.all_sources(session)

    def delete_source(self, source_id: str) -> Changes:
        """Delete a source with its reports and their citations."""
        return self._run("Delete source", lambda s: sources.remove_source(s, source_id))

    def add_source_report(self, **fields: Any) -> Changes:
        """Add one report (article, statement, advisory) from a source."""
        data = SourceReportData(**fields)
        return self._run("Add source report", lambda s: sources.store_report(s, data))

    def update_source_report(self, report_id: str, **fields: Any) -> Changes:
        """Change fields of a source report."""
        data = self.get_source_report(report_id)
        for key, value in fields.items():
            setattr(data, key, value)
        return self._run("Edit source report", lambda s: sources.store_report(s, data))

    def get_source_report(self, report_id: str) -> SourceReportData:
        """A source report as a plain value."""
        with self._read() as session:
            row = sources.by_uuid(session, SourceReport, report_id, "source report")
            return sources.report_data(row)

    def list_source_reports(self, source_id: str) -> list[SourceReportData]:
        """A source's reports, oldest first."""
        with self._read() as session:
            return sources.reports_of(session, source_id)

    def delete_source_report(self, report_id: str) -> Changes:
        """Delete a source report and its citations."""
        return self._run("Delete source report", lambda s: sources.remove_report(s, report_id))

    def cite(
        self, *, incident_id: str, report_id: str, credibility: int, note: str = ""
    ) -> Changes:
        """Link a source report to an incident with a credibility grade 1–6."""
        return self._run(
            "Cite source",
            lambda s: sources.cite(
                s, incident_id=incident_id, report_id=report_id, credibility=credibility, note=note
            ),
        )

    def uncite(self, *, incident_id: str, report_id: str) -> Changes:
        """Remove a source report's link to an incident."""
        return self._run(
            "Remove citation",
            lambda s: sources.uncite(s, incident_id=incident_id, report_id=report_id),
        )

    def cited_reports(self, incident_id: str) -> list[sources.CitedReport]:
        """The reports an incident cites, with Admiralty grades."""
        with self._read() as session:
            return sources.cited_by(session, incident_id)

    def citing_incidents(self, *, report_id: str) -> list[tuple[listing.IncidentRow, str]]:
        """The incidents citing a source report, newest first, each with its Admiralty grade."""
        with self._read() as session:
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
            return [(row, grades[row.id]) for row in listing.rows_by_id(session, list(grades))]

    # --- attachments ---------------------------------------------------------------------

    def attach(
        self,
        path: Path | str | None = None,
        *,
        data: bytes | None = None,
        filename: str | None = None,
        media_type: str | None = None,
        incident_id: str | None = None,
        report_id: str | None = None,
        caption: str = "",
    ) -> Changes:
        """Store a file (from `path`, or `data` with `filename`) in the case file."""
        if path is not None:
            data = attachments.read_source(path)
            filename = filename or Path(path).name
        if data is None or not filename:
            raise errors.Invalid({"path": "Give a file, or bytes with a file name."})
        content = data
        return self._run(
            "Attach file",
            lambda s: attachments.add(
                s,
                data=content,
                filename=filename or "",
                media_type=media_type,
                incident_id=incident_id,
                report_id=report_id,
                caption=caption,
            ),
        )

    def list_attachments(
        self, *, incident_id: str | None = None, report_id: str | None = None
    ) -> list[attachments.AttachmentInfo]:
        """Attachments of an incident or a source report."""
        with self._read() as session:
            return attachments.list_for(session, incident_id=incident_id, report_id=report_id)

    def attachment_content(self, attachment_id: str) -> tuple[attachments.AttachmentInfo, bytes]:
        """An attachment's description and its bytes."""
        with self._read() as session:
            return attachments.content(session, attachment_id)

    def delete_attachment(self, attachment_id: str) -> Changes:
        """Remove an attachment."""
        return self._run("Remove attachment", lambda s: attachments.remove(s, attachment_id))

    # --- undo ----------------------------------------------------------------------------

    def undo(self) -> Changes:
        """Revert the last change made through this object."""
        return self.undo_stack.undo(self.transactions)

    def redo(self) -> Changes:
        """Apply again the last undone change."""
        return self.undo_stack.redo(self.transactions)

    @property
    def undo_name(self) -> str | None:
        """What Undo would revert, e.g. "Edit incident"."""
        return self.undo_stack.undo_name

    @property
    def redo_name(self) -> str | None:
        """What Redo would apply again."""
        return self.undo_stack.redo_name

    # --- import, export, search, report, verify ------------------------------------------

    def import_file(
        self,
        path: Path | str,
        *,
        progress: Progress | None = None,
        skip_bad_rows: bool = False,
        mapping: str | dict[str, str] | None = None,
    ) -> ImportSummary:
        """Import ACLED or UCDP CSV, Casefile CSV or JSON, or any CSV through a mapping.

        All or nothing: a rejected row (unless `skip_bad_rows`), a broken file or a
        cancel (the progress callback raising `errors.Cancelled`) leaves the case file as
        it was; the summary's problems name each line, column and reason. `mapping` is
        a saved mapping's name or a {column: field} dict.
        """
        column_map = mapping
        if isinstance(mapping, str):
            with self._read() as session:
                column_map = exchange_mapping.load(session, mapping)
        summary, changes = importing.run(
            self.transactions,
            Path(path),
            author=self.author,
            column_map=column_map,  # type: ignore[arg-type]
            skip_bad_rows=skip_bad_rows,
            progress=progress,
        )
        # A modest import is one undo step; a huge one would hold too many rows in memory.
        if summary.undoable:
            self.undo_stack.record(changes)
        elif summary.imported:
            self.undo_stack.clear()
        return summary

    def save_mapping(self, name: str, column_map: dict[str, str]) -> Changes:
        """Keep a column mapping ({column: field}) in the case file for later imports."""
        return self._run(
            f"Save mapping {name}", lambda s: exchange_mapping.save(s, name, column_map)
        )

    def mappings(self) -> list[str]:
        """The names of the saved column mappings."""
        with self._read() as session:
            return exchange_mapping.names(session)

    def load_demo(self) -> str:
        """Enter the demo case (one transaction); says how many records it added."""
        return demo.load(self.transactions)

    def export(self, path: Path | str, *, format: str = "csv", bom: bool = True) -> int:
        """Write every incident as ACLED CSV, JSON or GeoJSON; returns how many.

        CSV is UTF-8 with a byte-order mark unless `bom` is False. Never over the case file.
        """
        with self._read() as session:
            return export.write(session, Path(path), format=format, bom=bom, case_path=self.path)

    def search(
        self, query: str, *, limit: int = 50, offset: int = 0, **filters: Any
    ) -> list[search.Hit]:
        """Incidents matching the query text and filters, best first, with snippets.

        The text takes words (each also matching as a prefix), "quoted phrases", OR and
        -word; any script finds any other (Хоруғ finds Khorugh). Filters: start, end
        (dates), event_type, sub_event_type, country, admin1, actor, reliability, status,
        tags (a value or a list: any of them), min_killed. See `casefile.search`.
        """
        with self._read_rows() as connection:
            return search.search(connection, query, limit=limit, offset=offset, **filters)

    def count_matches(self, query: str, **filters: Any) -> int:
        """How many incidents `search` would find with no limit."""
        with self._read_rows() as connection:
            return search.count(connection, query, **filters)

    def facets(
        self,
        query: str,
        *,
        only: Iterable[str] | None = None,
        should_stop: Callable[[], bool] | None = None,
        **filters: Any,
    ) -> dict[str, list[tuple[Any, int]]]:
        """For each filter, its values among the results and how many each would leave.

        `only` names the facets wanted (default all); see `casefile.facets` for the keys.
        `should_stop`, asked now and then while counting, stops it (`errors.Cancelled`)
        once it says True: over a million incidents the counts take seconds.
        """
        with self._read() as session, db.stoppable(session.connection(), should_stop):
            return facets.facets(session, query, only=only, **filters)

    def country_names(self, codes: Iterable[str]) -> dict[str, str]:
        """The country name written beside each of these ISO codes in the case (if any)."""
        with self._read() as session:
            return facets.country_names(session, codes)

    def search_reports(self, query: str, *, limit: int = 50) -> list[search.ReportHit]:
        """Source reports whose title or excerpt match the query, best first."""
        with self._read() as session:
            return search.search_reports(session, query, limit=limit)

    def save_search(
        self, *, name: str, query: str, filters: dict[str, Any] | None = None
    ) -> Changes:
        """Keep a search under a name (replacing one of that name) to rerun later."""
        return self._run(
            "Save search",
            lambda s: saved_searches.save(s, name=name, query=query, filters=filters or {}),
        )

    def saved_searches(self) -> list[saved_searches.SavedSearchData]:
        """Every saved search, by name."""
        with self._read() as session:
            return saved_searches.all_saved(session)

    def delete_saved_search(self, name_or_id: str) -> Changes:
        """Forget a saved search, by its name or id."""
        return self._run("Delete saved search", lambda s: saved_searches.remove(s, name_or_id))

    def run_saved_search(
        self, name_or_id: str, *, limit: int = 50, offset: int = 0
    ) -> list[search.Hit]:
        """Run a saved search again on the case as it is now."""
        with self._read() as session:
            saved = saved_searches.find(session, name_or_id)
            return search.search(
                session.connection(), saved.query, limit=limit, offset=offset, **saved.filters
            )

    def write_report(
        self,
        path: Path | str,
        *,
        start: date | None = None,
        end: date | None = None,
        report_id: str | None = None,
        progress: Progress | None = None,
        **options: Any,
    ) -> Path:
        """Write a PDF report for the period; `report_id` reissues a stored report.

        Options are the fields of `sitrep.ReportOptions` (template, title, number, tlp,
        originator, recipients, filters, incident_id, bluf, key_judgments, outlook, photos).
        `progress(done, total)` may raise `errors.Cancelled` to stop; nothing is written then.
        """
        with self._read() as session:
            base = sitrep_options.get(session, report_id) if report_id else None
            if start is not None or base is None:
                options["start"] = start
            if end is not None or base is None:
                options["end"] = end
            return sitrep.write_report(session, Path(path), base, progress=progress, **options)

    def save_report(self, options: sitrep_options.ReportOptions) -> Changes:
        """Store a report's options and text so it can be reissued or revised."""
        label = "Save report" if options.id is None else "Revise report"
        changes = self._run(label, lambda s: sitrep_options.store(s, options))
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

    def reports(self) -> list[sitrep_options.ReportOptions]:
        """Every stored report definition, newest first."""
        with self._read() as session:
            return sitrep_options.all_reports(session)

    def get_report(self, report_id: str) -> sitrep_options.ReportOptions:
        """A stored report definition."""
        with self._read() as session:
            return sitrep_options.get(session, report_id)

    def save_copy(self, target: Path | str) -> Path:
        """Write a consistent copy of the case file to `target` (which must not be this file)."""
        target = Path(target).expanduser()
        if target.resolve() == self.path.resolve():
            raise errors.CasefileError("Choose another file name for the copy")
        partial = target.with_name(target.name + ".partial")
        with self.engine.connect() as connection:
            # SQLite's backup API copies a consistent snapshot, WAL included.
            live = connection.connection.driver_connection
            dest = sqlite3.connect(partial)
            try:
                live.backup(dest)  # type: ignore[union-attr]
            finally:
                dest.close()
        partial.replace(target)
        return target

    def verify(self) -> list[str]:
        """Check the file's integrity; returns the problems found (empty when sound)."""
        with self._read() as session:
            return verify.problems(session)

    # --- settings ------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A fact stored about this case file."""
        with self._read() as session:
            row = session.get(Setting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> Changes:
        """Store a fact about this case file."""
        return self._run("Change setting", lambda s: s.merge(Setting(key=key, value=value)))


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def _take_lock(path: Path) -> FileLock:
    lock = FileLock(path.with_name(path.name + ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise errors.CaseFileBusy(
            f"{path.name} is already open in another Casefile window"
        ) from exc
    except OSError as exc:
        raise errors.ReadOnly(f"{path.name} cannot be opened for writing: {exc.strerror}") from exc
    return lock
