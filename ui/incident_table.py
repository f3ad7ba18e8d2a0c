"""The incident list as a Qt table model that loads pages lazily through the worker.

Row count comes from one COUNT query; rows come in pages of `PAGE_SIZE` as the view
asks for them, so a case of a million incidents opens and scrolls like an empty one.
In search mode (`SearchResults`) it lists the hits loaded so far and loads the next page
when the view shows rows near the end; each Title cell then also gives its hit
(`HIT_ROLE`), whose snippet the view draws under the title.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from casefile.records import wording
from casefile.records.listing import IncidentRow
from casefile.search.hit import Hit
from casefile.store.changes import Changes
from ui.hit_pages import HitPages
from ui.match_cell import HIT_ROLE, match_tooltip
from ui.row_pages import PAGE_SIZE, RowPages
from ui.search_results import SearchResults
from ui.worker import Task, Worker

if TYPE_CHECKING:
    from casefile import CaseFile

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
LOADING = "Loading…"
# Tables whose changes can alter a listed row (citations move the source count).
LISTED_TABLES = frozenset({"incident", "citation", "casualty"})
# Reads the count and the first page (sort key, descending, how many) without the worker,
# or None if it cannot: the app shows them before the case file is open (issue #16).
FirstPage = Callable[[str, bool, int], tuple[int, list[IncidentRow]] | None]


@dataclass(frozen=True)
class Column:
    """One column: header, the core's sort key, and how a row shows in it."""

    header: str
    sort_key: str
    text: Callable[[IncidentRow], str]
    number: bool = False


COLUMNS = (
    Column("Date", "event_date", lambda r: r.event_date.isoformat()),
    Column("Title", "title", lambda r: r.title),
    Column("Event type", "event_type", lambda r: r.event_type or ""),
    Column("Place", "location", wording.short_place),
    Column("Killed", "killed", lambda r: str(r.killed), number=True),
    Column("Status", "status", lambda r: r.status),
    Column("Sources", "source_count", lambda r: str(r.source_count), number=True),
)


class IncidentTableModel(SearchResults, QAbstractTableModel):
    """Incidents for a QTableView: all of them in pages, or the hits of a search."""

    loaded = Signal()  # the count and first rows are in, after a refresh or a search
    total_changed = Signal(int)  # how many incidents the case file holds
    listing_changed = Signal()  # a page of hits came, or a sort changed how many are listed

    def __init__(
        self,
        worker: Worker,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        first: FirstPage | None = None,
    ):
        """`first` reads the first load, at once, instead of the worker."""
        super().__init__(parent)
        self.worker = worker
        self._first = first
        self.pages: RowPages[IncidentRow] = RowPages(page_size)
        self.sort_key = "event_date"
        self.descending = True
        self.total = 0
        self._counted = False
        self._rows = 0
        self._search: HitPages | None = None
        self._row_of: dict[str, IncidentRow] = {}  # rows of the loaded hits, listed or not yet
        self._by_relevance = False
        self._found: list[IncidentRow] = []
        self._in_flight = False
        self._pump_queued = False
        self._refresh_generation = 0
        worker.changed.connect(self._on_changed)

    # --- what the view asks -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Rows in the list; zero under any parent, as tables have no children."""
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """The fixed columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Column titles; rows have no header."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        """A cell's text; an unloaded row shows a placeholder and asks for its page."""
        if not index.isValid():
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if column.number else Qt.AlignmentFlag.AlignLeft
            return side | Qt.AlignmentFlag.AlignVCenter
        if role == HIT_ROLE:
            return self._matched(index) if column.sort_key == "title" else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if role == Qt.ItemDataRole.DisplayRole and self._search is not None:
            self._near_end(index.row())
        row = self.row_at(index.row())
        if row is None:
            return (
                LOADING
                if column.sort_key == "title" and role == Qt.ItemDataRole.DisplayRole
                else ""
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.sort_key != "title":
                return None
            hit = self._matched(index)
            return _tooltip(row) if hit is None else _match_tooltip(row, hit)
        return column.text(row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by a column: the core re-queries; search hits are sorted in memory.

        A sort over some of the hits would mislead, so the rest (up to MAX_HITS) load
        first: the hits loaded are sorted at once and the others join in one step.
        Column -1 (no sort indicator) shows search hits best first.
        """
        self._by_relevance = column < 0
        if column >= 0:
            self.sort_key = COLUMNS[column].sort_key
            self.descending = order == Qt.SortOrder.DescendingOrder
        if self._search is not None:
            self._sort_hits()
        elif column >= 0:
            self.refresh()

    # --- what the window asks ------------------------------------------------------------

    def row_at(self, row: int) -> IncidentRow | None:
        """The incident row shown at a row number, or None while its page is loading."""
        if self._search is not None:
            return self._found[row] if 0 <= row < len(self._found) else None
        if not 0 <= row < self._rows:
            return None
        found = self.pages.row(row)
        if found is None:
            self._queue_pump()
        return found

    def row_of(self, incident_id: str) -> int | None:
        """Where an incident is shown, if its row is loaded."""
        if self._search is not None:
            rows = self._found
            return next((i for i, r in enumerate(rows) if r.id == incident_id), None)
        return next((i for i, r in self.pages.loaded() if r.id == incident_id), None)

    @property
    def counted(self) -> bool:
        """Whether the list's count and first rows have come (`loaded` has fired)."""
        return self._counted

    @property
    def page_size(self) -> int:
        """Rows per page, of the list and of search hits."""
        return self.pages.page_size

    def refresh(self) -> None:
        """Count again and reload; visible rows keep their places until the new ones arrive."""
        self._refresh_generation += 1
        generation = self._refresh_generation
        # The hits loaded now; those loaded while this runs come with their rows.
        search = self._search
        ids = [hit.incident_id for hit in search.hits] if search is not None else None
        span = self.pages.span(0)
        first, self._first = self._first, None
        read = first(self.sort_key, self.descending, span[1]) if first and ids is None else None
        if read is not None:
            self._apply(*read, None)
            return
        window = {"order_by": self.sort_key, "descending": self.descending}

        def load(case: CaseFile, task: Task[Any]) -> tuple[int, list[IncidentRow]]:
            if ids is not None:
                return case.count_incidents(), case.incident_rows(ids)
            return case.count_incidents(), case.list_incidents(
                **window, offset=span[0], limit=span[1]
            )

        def done(result: tuple[int, list[IncidentRow]]) -> None:
            if generation == self._refresh_generation:
                self._apply(*result, ids)

        self.worker.run(load, done=done, error=self._load_failed, initiator=self)

    # --- loading -------------------------------------------------------------------------

    def _apply(self, total: int, first: list[IncidentRow], ids: list[str] | None) -> None:
        if total != self.total or not self._counted:
            self.total = total
            self._counted = True
            self.total_changed.emit(total)
        if ids is not None:
            self._take_rows(ids, first)
        else:
            self._reset(total, lambda: self._store_first(first))
        self.loaded.emit()

    def _store_first(self, first: list[IncidentRow]) -> None:
        self._found = []
        self.pages.clear()
        self.pages.store(0, first, self.pages.generation)
        self._in_flight = False

    def _reset(self, rows: int, fill: Callable[[], None]) -> None:
        if rows == self._rows:
            # Same length: keep the view's selection and scroll place, repaint the cells.
            fill()
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        fill()
        self.endResetModel()

    def _queue_pump(self) -> None:
        # Views ask for many cells in one paint; gather the misses, load once afterwards.
        if not self._pump_queued:
            self._pump_queued = True
            QTimer.singleShot(0, self._pump)

    def _pump(self) -> None:
        self._pump_queued = False
        if self._search is not None:
            self._load_hits(self._search)
            return
        if self._in_flight:
            return
        page = self.pages.next_wanted()
        if page is None:
            return
        offset, limit = self.pages.span(page)
        generation = self.pages.generation
        window = {"order_by": self.sort_key, "descending": self.descending}
        self._in_flight = True

        def done(rows: list[IncidentRow]) -> None:
            self._in_flight = False
            if self.pages.store(page, rows, generation) and rows:
                last = min(offset + len(rows), self._rows) - 1
                if last >= offset:
                    self.dataChanged.emit(self.index(offset, 0), self.index(last, len(COLUMNS) - 1))
            self._pump()

        self.worker.run(
            lambda case, task: case.list_incidents(**window, offset=offset, limit=limit),
            done=done,
            error=self._load_failed,
            initiator=self,
        )

    def _load_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self._report(exc)

    def _report(self, exc: BaseException) -> None:
        log.error("Loading the incident list failed", exc_info=exc)
        self.worker.failed.emit(Task("Loading the incident list"), exc)

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.incidents or changes.tables & LISTED_TABLES:
            self.refresh()


def _kind(row: IncidentRow) -> str:
    return " – ".join(part for part in (row.event_type, row.sub_event_type) if part)


def _tooltip(row: IncidentRow) -> str:
    kind = _kind(row)
    return f"{row.title}\n{kind}" if kind else row.title


def _match_tooltip(row: IncidentRow, hit: Hit) -> str:
    # Rich text, for the bold words: the title and type are escaped like the snippet.
    kind = f"<br>{escape(_kind(row))}" if _kind(row) else ""
    return f"<p><b>{escape(row.title)}</b>{kind}</p>{match_tooltip(hit)}"
