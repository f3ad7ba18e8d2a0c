"""CaseFile: the one object a caller holds; every operation on a case file goes through it."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from casefile import errors, opening, outputs
from casefile.protect import bulk_history, history
from casefile.protect.protection import Protection
from casefile.records import incidents, listing, markings, values
from casefile.records.attachments import Attachments
from casefile.records.incidents import IncidentData, Links
from casefile.records.register import SourceRegister
from casefile.search import hits as search
from casefile.search.finder import Finder
from casefile.search.hit import Hit
from casefile.search.saved import SavedSearches
from casefile.store import db, locking
from casefile.store.changes import Changes
from casefile.store.models import Actor, Incident, IncidentTag
from casefile.store.operations import Operations
from casefile.store.settings import Settings
from casefile.store.transaction import Transactions
from casefile.store.undo import UndoStack

if TYPE_CHECKING:
    # Imported where used: import, export, reports, places and checks are not needed to
    # open a file and list it, and loading them cost the app's start a tenth of a second.

    from casefile import sitrep
    from casefile.exchange import export, importing
    from casefile.exchange.bundles import Bundles
    from casefile.exchange.imported import ImportSummary
    from casefile.exchange.mappings import Mappings
    from casefile.places.atlas import Places
    from casefile.sitrep.options import StoredReports

Progress = Callable[[int, int], None]


class CaseFile:
    """An open case file. Use `casefile.open(path)` to get one; close it when done."""

    def __init__(
        self,
        path: Path,
        *,
        author: str | None = None,
        exclusive: bool = False,
        passphrase: str | None = None,
        readonly: bool = False,
        lock: locking.CaseLock | None = None,
    ):
        self.path = path
        self.readonly = readonly
        self.author = author or _user()
        store = opening.open_store(
            path, exclusive=exclusive, passphrase=passphrase, readonly=readonly, lock=lock
        )
        self._lock = store.lock
        self.engine = store.engine
        self._key = store.key
        self.recovery_key = store.recovery_key
        """Set once, for a case just created encrypted: show it to the user, once."""
        self.warnings = store.warnings
        self.revision = store.revision
        self.transactions = Transactions(self.engine, path)
        self.undo_stack = UndoStack()
        search.install(self.transactions)
        history.install(self.transactions, self.author)
        bulk_history.install(self.transactions, self.author)
        self._ops = Operations(self.transactions, self.undo_stack, self.author)
        self.sources = SourceRegister(self._ops)
        """Sources, their reports and citations: `cf.sources.add(...)`, `.cite(...)`."""
        self.links = Links(self._ops)
        """Links between incidents: `cf.links.add(a, b, kind="duplicate")`, `.of(id)`."""
        self.attachments = Attachments(self._ops)
        """Files stored in the case: `cf.attachments.add(path, incident_id=...)`."""
        self.saved_searches = SavedSearches(self._ops)
        """Named searches to rerun: `cf.saved_searches.save(name=..., query=...)`."""
        self.find = Finder(self._ops, self._read_rows)
        """Pages of a search, counts, facets, map points: `cf.find.search_page(query)`."""
        self.protect = Protection(self._ops, self.engine, path, self._key, self.warnings)
        """Encryption, backups, history, integrity: `cf.protect.verify()`, `.backup()`."""
        self.settings = Settings(self._ops)
        """Facts stored about the case file, by key: `cf.settings.get(key)`, `.set(key, value)`."""

    @cached_property
    def reports(self) -> StoredReports:
        """Stored report definitions to reissue: `cf.reports.save(options)`."""
        from casefile.sitrep.options import StoredReports

        return StoredReports(self._ops)

    @cached_property
    def bundles(self) -> Bundles:
        """Exchange by file: `cf.bundles.write(path, key=...)`, `.read(path, ...)`."""
        from casefile.exchange.bundles import Bundles

        return Bundles(self._ops, self.path)

    @cached_property
    def mappings(self) -> Mappings:
        """Saved column mappings for imports: `cf.mappings.save(name, {column: field})`."""
        from casefile.exchange.mappings import Mappings

        return Mappings(self._ops)

    @cached_property
    def places(self) -> Places:
        """Places in any script, reverse lookup, the case's own: `cf.places.suggest(text)`."""
        from casefile.places.atlas import Places

        return Places(self._ops)

    # --- life cycle ----------------------------------------------------------------------

    def close(self) -> None:
        """Release the file; the object cannot be used afterwards."""
        self.engine.dispose()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            locking.release(self._lock)
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
        return self._ops.read()

    def _read_rows(self) -> Connection:
        """A connection for reads of plain rows (use `with`), lighter than a Session.

        A Session cost 0.2 ms to open and close here, a thirtieth of a search. Each
        statement reads what is committed when it runs: for a search that is enough, as its
        first statement only decides whether to rank.
        """
        return self.engine.connect().execution_options(**{db.EACH_STATEMENT: True})

    def _run(self, name: str, operation: Callable[[Session], Any]) -> Changes:
        return self._ops.run(name, operation)

    # --- incidents -----------------------------------------------------------------------

    def add_incident(self, **fields: Any) -> Changes:
        """Add an incident from keyword fields (see `IncidentData`); `.created` is its id."""
        data = values.build(IncidentData, fields)
        data.id = None
        return self.save_incident(data, name="Add incident")

    def save_incident(self, data: IncidentData, *, name: str | None = None) -> Changes:
        """Insert or overwrite a whole incident, as the editor holds it."""
        if not isinstance(data, IncidentData):
            raise errors.Invalid({"data": "must be an IncidentData"})
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
        with self._read_rows() as connection:
            return listing.count(connection)

    def list_incidents(self, **window: Any) -> list[listing.IncidentRow]:
        """A sorted window of incident rows: order_by, descending, offset, limit."""
        with self._read_rows() as connection:
            return listing.page(connection, **window)

    def incident_rows(self, ids: list[str]) -> list[listing.IncidentRow]:
        """List rows for the given incident ids (e.g. search hits), in the order given."""
        with self._read_rows() as connection:
            return listing.rows_by_id(connection, ids)

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

    # --- import, export, search, report -------------------------------------------------

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
        from casefile.exchange import importing
        from casefile.exchange import mapping as exchange_mapping

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

    def preview_import(self, path: Path | str) -> importing.Preview:
        """The first rows of a file to import and the format it was taken for."""
        from casefile.exchange import importing

        return importing.preview(Path(path))

    def mark(self, record_id: str, *, tlp: str | None) -> Changes:
        """Give an incident, source report or attachment its own TLP marking (None: the case's)."""
        return self._run("Change marking", lambda s: markings.mark(s, record_id, tlp))

    def load_demo(self) -> Changes:
        """Enter the demo case's incidents, sources and reports, as one undoable change."""
        from casefile.exchange import demo

        return self._run("Load demo case", demo.load)

    def export(
        self, path: Path | str, *, format: str = "csv", bom: bool = True, max_tlp: str = "AMBER"
    ) -> export.Exported:
        """Write the incidents marked up to `max_tlp` as ACLED CSV, JSON or GeoJSON.

        CSV is UTF-8 with a byte-order mark unless `bom` is False. Never over the case file.
        The result says how many were written and how many were left out for their marking.
        """
        from casefile.exchange import export

        # The shared output rules first: no device, FIFO, folder, companion or other case.
        target = outputs.check_target(path, protect=[self.path])
        with self._read() as session:
            return export.write(
                session, target, format=format, bom=bom, case_path=self.path, max_tlp=max_tlp
            )

    def search(self, query: str, *, limit: int = 50, offset: int = 0, **filters: Any) -> list[Hit]:
        """Incidents matching the query text and filters, best first, with snippets.

        The text takes words (each also matching as a prefix), "quoted phrases", OR and
        -word; any script finds any other (Хоруғ finds Khorugh). Filters: start, end
        (dates), event_type, sub_event_type, country, admin1, actor, reliability, status,
        tags (a value or a list: any of them), min_killed. See `casefile.search`.
        """
        with self._read_rows() as connection:
            return search.search(connection, query, limit=limit, offset=offset, **filters)

    def write_report(
        self,
        path: Path | str,
        options: sitrep.ReportOptions | None = None,
        *,
        report_id: str | None = None,
        progress: Progress | None = None,
        **changes: Any,
    ) -> Path:
        """Write a PDF report: from `options`, or the stored report `report_id`, with changes.

        Changes are fields of `sitrep.ReportOptions`; one given as None keeps its value
        (`sitrep.options.merged`). `progress(done, total)` may raise `errors.Cancelled` to
        stop; nothing is written then."""
        from casefile.sitrep import options as sitrep_options
        from casefile.sitrep import writer

        with self._read() as session:
            base = sitrep_options.get(session, report_id) if report_id else options
            wanted = sitrep_options.merged(base, **changes)
            return writer.write_report(
                session, Path(path), wanted, progress=progress, protect=[self.path]
            )

    def report_pdf(
        self, options: sitrep.ReportOptions, *, progress: Progress | None = None
    ) -> bytes:
        """A PDF report in memory: a preview, an e-mail's attachment (see `write_report`)."""
        from casefile.sitrep import writer

        with self._read() as session:
            return writer.render(session, options, progress=progress)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"
