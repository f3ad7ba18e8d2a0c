"""The incident list while searching: hits loaded a page at a time as the user scrolls.

A mixin of `IncidentTableModel`, kept apart so that each module holds one idea: this one
is the list of a search's hits, best first or sorted by a column in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from casefile.records.listing import IncidentRow, sort_rows
from casefile.search.hit import Hit
from ui.hit_pages import Fetch, HitPages
from ui.worker import Task, Worker

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from casefile import CaseFile
    from casefile.search.results import SearchPage

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex


class SearchResults:
    """Search mode of the incident model; the model supplies the worker, rows and Qt calls."""

    worker: Worker
    sort_key: str
    descending: bool
    listing_changed: SignalInstance
    loaded: SignalInstance
    _found: list[IncidentRow]  # the rows listed, in the order shown
    _rows: int  # the model's row count
    _search: HitPages | None
    _row_of: dict[str, IncidentRow]  # rows of the loaded hits, listed or not yet
    _by_relevance: bool
    layoutAboutToBeChanged: SignalInstance
    layoutChanged: SignalInstance

    if TYPE_CHECKING:

        @property
        def page_size(self) -> int: ...
        def refresh(self) -> None: ...
        def row_at(self, row: int) -> IncidentRow | None: ...
        def index(self, row: int, column: int, parent: Index = ...) -> QModelIndex: ...
        def beginInsertRows(self, parent: Index, first: int, last: int) -> None: ...
        def endInsertRows(self) -> None: ...
        def persistentIndexList(self) -> list[QModelIndex]: ...
        def changePersistentIndexList(self, old: list[Any], new: list[Any]) -> None: ...
        def _reset(self, rows: int, fill: Callable[[], None]) -> None: ...
        def _queue_pump(self) -> None: ...
        def _report(self, exc: BaseException) -> None: ...

    # --- what the window asks ------------------------------------------------------------

    def show_search(
        self, page: SearchPage, *, fetch: Fetch | None = None, by_relevance: bool = True
    ) -> None:
        """Show a search's first page (hits and rows, as they came) instead of every
        incident, best first until a header is clicked; `fetch(case, cursor, limit)` loads
        the next pages as the user scrolls, from where the search's order left off.

        `by_relevance=False` keeps the column order set (a search run again after a change):
        the rest of the hits load, and the rows arrive in that order in one step.
        """
        self._search = HitPages(page, fetch=fetch, page_size=self.page_size)
        self._row_of = {row.id: row for row in page.rows}
        self._by_relevance = by_relevance
        if not by_relevance:
            self._search.want_all()
            self._queue_pump()
        listed = self._ordered(self._loaded_rows())
        self._reset(len(listed), lambda: setattr(self, "_found", listed))
        self.listing_changed.emit()
        self.loaded.emit()

    def show_all(self) -> None:
        """Leave search mode and list every incident again."""
        if self._search is not None:
            self._search = None  # a page still loading finds it gone and is dropped
            self._row_of = {}
            self.refresh()

    @property
    def searching(self) -> bool:
        """Whether the model shows search hits rather than every incident."""
        return self._search is not None

    def hit(self, incident_id: str) -> Hit | None:
        """The search hit for an incident, when showing search results."""
        return self._search.by_id.get(incident_id) if self._search is not None else None

    @property
    def shows_matches(self) -> bool:
        """Whether any loaded hit has matched words to show under its title."""
        return self._search is not None and any(hit.field for hit in self._search.hits)

    @property
    def found(self) -> int:
        """How many incidents the search found (0 when not searching)."""
        return self._search.total if self._search is not None else 0

    @property
    def listed(self) -> int:
        """How many hits the list shows, counting those that scrolling on will load."""
        if self._search is None:
            return 0
        return self._search.reachable if self._by_relevance else len(self._found)

    @property
    def loaded_hits(self) -> int:
        """How many hits are loaded: a search run again after a change loads as many."""
        return len(self._search.hits) if self._search is not None else 0

    # --- for the model -------------------------------------------------------------------

    def _matched(self, index: Index) -> Hit | None:
        """The hit shown at a row, if the search matched its text (filters alone match none)."""
        row = self.row_at(index.row()) if self._search is not None else None
        hit = self.hit(row.id) if row is not None else None
        return hit if hit is not None and hit.field else None

    def _sort_hits(self) -> None:
        """Show the hits in the order now set; a column sort first loads every hit."""
        if self._search is None:
            return
        if not self._by_relevance:
            self._search.want_all()  # sorting some of them would put the wrong ones first
            self._queue_pump()
        self._relist()
        self.listing_changed.emit()

    def _near_end(self, row: int) -> None:
        """The view shows this row: within half a page of the end, load the next page."""
        search = self._search
        if search is None or not self._by_relevance or not search.more:
            return
        if not len(self._found) - max(1, search.page_size // 2) <= row < len(self._found):
            return
        # Until a new search's first rows arrive, the list still shows the last ones.
        if self._found[row].id in search.by_id:
            search.want_page()
            self._queue_pump()

    def _take_rows(self, ids: list[str], rows: list[IncidentRow]) -> None:
        """List fresh rows for the hits with these ids (a refresh after a change)."""
        for incident_id in ids:
            self._row_of.pop(incident_id, None)  # an incident deleted since has no row
        self._row_of.update((row.id, row) for row in rows)
        listed = self._ordered(self._loaded_rows())
        self._reset(len(listed), lambda: setattr(self, "_found", listed))

    def _load_hits(self, search: HitPages) -> None:
        """Load the next page of hits wanted, with their rows, on the worker."""
        load = search.next_load()
        if load is None or search.fetch is None:
            return
        cursor, limit = load
        fetch = search.fetch
        search.loading = True

        def read(case: CaseFile, task: Task[Any]) -> SearchPage | None:
            if search is not self._search:
                return None  # a newer search or the whole list came while this waited
            return fetch(case, cursor, limit)

        def done(page: SearchPage | None) -> None:
            search.loading = False
            if page is None or search is not self._search:
                return  # an older search's page: never listed
            search.add(page)
            self._row_of.update((row.id, row) for row in page.rows)
            # Sorted by a column, the list changes once, when every hit is in.
            if self._by_relevance or search.next_load() is None:
                self._relist()
            self.listing_changed.emit()
            self._load_hits(search)

        def failed(exc: BaseException) -> None:
            search.loading = False
            search.exhausted = True  # one report: a failing query fails again on every scroll
            self._report(exc)
            if search is self._search:
                self._relist()  # sorted by a column, the hits that came wait for the rest
            self.listing_changed.emit()

        self.worker.run(read, done=done, error=failed, initiator=self)

    # --- listing ---------------------------------------------------------------------------

    def _loaded_rows(self) -> list[IncidentRow]:
        """Rows of the loaded hits, best first."""
        hits = self._search.hits if self._search is not None else []
        return [row for hit in hits if (row := self._row_of.get(hit.incident_id))]

    def _ordered(self, rows: list[IncidentRow]) -> list[IncidentRow]:
        """Best-first rows (as `_loaded_rows` gives them) in the order the list shows."""
        if self._by_relevance:
            return rows
        return sort_rows(rows, self.sort_key, descending=self.descending)

    def _relist(self) -> None:
        """List every loaded hit in the order set: new rows added at the end, then moved."""
        rows = self._ordered(self._loaded_rows())
        ids = {row.id for row in rows}
        if any(row.id not in ids for row in self._found):
            # Rows of another search are still listed: start the list afresh.
            self._reset(len(rows), lambda: setattr(self, "_found", rows))
            return
        listed = {row.id for row in self._found}
        new = [row for row in rows if row.id not in listed]
        if new:
            first = len(self._found)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._found = self._found + new
            self._rows = len(self._found)
            self.endInsertRows()
        if [row.id for row in rows] != [row.id for row in self._found]:
            self._move_rows(rows)
        self._found = rows

    def _move_rows(self, rows: list[IncidentRow]) -> None:
        """Reorder the listed rows; the selection and current row follow their incidents."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        at = {row.id: number for number, row in enumerate(rows)}
        after = [self.index(at[self._found[i.row()].id], i.column()) for i in before]
        self._found = rows
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
