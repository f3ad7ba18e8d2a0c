"""The main window's search: the search box, one worker call per keystroke, the result line
and the Filters panel's counts.

A mixin of `MainWindow`, kept apart so that each module holds one idea. A search returns
its first hits with their list rows in one call; the facet counts are asked for only once
those rows are shown, and a count still under way stops when the user types on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QWidget
from shiboken6 import isValid

from casefile import CasefileError
from casefile.search.hit import MAX_HITS
from casefile.search.query import MIN_PREFIX, ends_short
from ui.errors import show_unexpected
from ui.filter_panel import Counts, FilterPanel, read_counts
from ui.lifetime import run_for
from ui.row_pages import PAGE_SIZE
from ui.worker import Task, Worker

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from casefile.search.results import Cursor, SearchPage
    from casefile.search.saved import SavedSearchData
    from ui.incident_table import IncidentTableModel
    from ui.saved_searches import SavedSearchMenus

SEARCH_DELAY_MS = 200
# Rows per page of the list, and hits per page of a search: the first page comes with the
# search, the next as the user scrolls near the end; more at once would keep the worker busy.
ROWS_PER_PAGE = PAGE_SIZE


def found_text(text: str, filters: dict[str, Any], listed: int, total: int) -> str:
    """The result line: how many were found for the text and filters, and how many are listed."""
    what = f" for “{text}”" if text else ""
    if filters:
        what += f" with {len(filters)} filter{'s' if len(filters) != 1 else ''}"
    if not total:
        hint = f"; words match from their first {MIN_PREFIX} letters on" if ends_short(text) else ""
        return f"Nothing found{what}{hint}"
    if total > listed:
        return f"{total:,} found{what}; the best {listed:,} listed"
    return f"{total:,} found{what}"


def _more(case: Any, cursor: Cursor, limit: int) -> SearchPage:
    """The next page of a search, from where its order left off (run on the worker)."""
    return cast("SearchPage", case.find.search_more(cursor, limit=limit))


class WindowSearch:
    """Search box, result line and facet counts; the window supplies the list and panel."""

    worker: Worker
    model: IncidentTableModel
    table: QTableView
    saved_searches: SavedSearchMenus
    _listed: bool

    def _build_search(self) -> None:
        """Make the search box, its result line, the pause timer and the Filters dock."""
        parent = cast("QWidget", self)
        self._search_generation = 0
        self._listed = False  # the list has its first rows (set by the window on each file)
        self._counts_wanted = 0  # a facet count under way stops when this moves on
        self._found_for: tuple[str, dict[str, Any]] | None = None  # listed: text, filters
        self.search_box = QLineEdit(parent)
        self.search_box.setPlaceholderText("Search incidents (Ctrl+F)")
        self.search_box.setAccessibleName("Search incidents")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._search_later)
        self.search_box.returnPressed.connect(self._run_search)
        self.result_label = QLabel(parent)
        self.result_label.setAccessibleName("Search results")
        self._search_timer = QTimer(parent, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.filter_panel = FilterPanel(parent)
        self.filter_panel.changed.connect(self._search_later)
        self.filter_dock = QDockWidget("Filters", parent)
        self.filter_dock.setObjectName("filters")  # saveState restores it by this name
        self.filter_dock.setWidget(self.filter_panel)
        self.filter_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.filter_dock.visibilityChanged.connect(self._filters_shown)

    def _search_later(self) -> None:
        self._search_timer.start()

    def _run_search(self, *, again: bool = False) -> None:
        """Search for the text and filters; `again` (after a change) loads as many as before.

        One worker call brings the hits and their rows; the facet counts follow them.
        """
        self._search_timer.stop()
        self._search_generation += 1
        self._counts_wanted += 1  # a count under way would hold this search back: stop it
        generation = self._search_generation
        text = self.search_box.text().strip()
        filters = self.filter_panel.filters()
        if not text and not filters:
            self._found_for = None
            self.result_label.hide()
            self.table.horizontalHeader().setSortIndicatorShown(True)
            self.model.show_all()  # queued first: the counts come after the rows
            self._refresh_facets(text, filters, generation)
            return

        # After a change, as many as were loaded: the user's place and selection stay listed.
        first = min(max(self.model.page_size, self.model.loaded_hits if again else 0), MAX_HITS)

        def search(case: Any, task: Task[Any]) -> SearchPage:
            return cast("SearchPage", case.find.search_page(text, limit=first, **filters))

        def done(page: SearchPage) -> None:
            if not isValid(self) or generation != self._search_generation or task.cancelled:
                return  # the user typed on (a newer search is coming) or cancelled
            self._found_for = (text, filters)
            self.result_label.show()
            header = self.table.horizontalHeader()
            # After a change the hits stay in the column order the user chose; a new
            # search comes best match first.
            by_column = again and self.model.searching and header.isSortIndicatorShown()
            header.setSortIndicatorShown(by_column)
            self.model.show_search(page, fetch=_more, by_relevance=not by_column)
            self._show_found()
            self._refresh_facets(text, filters, generation)  # after the rows are shown

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, CasefileError):
                show_unexpected("Searching", exc)
            elif isValid(self) and generation == self._search_generation:
                # A query still being typed is often unfinished: say so quietly, no dialog.
                self._found_for = None  # pages of the hits still listed keep the line as is
                self.result_label.setText(f"Cannot search for “{text}”: {exc}")
                self.result_label.show()

        task = self.worker.run(search, label="Searching", done=done, error=failed, initiator=self)

    def _show_found(self) -> None:
        if self._found_for is not None and self.model.searching:
            text, filters = self._found_for
            listed, found = self.model.listed, self.model.found
            self.result_label.setText(found_text(text, filters, listed, found))

    def _refresh_facets(self, text: str, filters: dict[str, Any], generation: int) -> None:
        self._counts_wanted += 1  # any count under way is now of no use
        if not self.filter_dock.isVisible():
            return  # counted when the panel is shown: over a large case they take a while
        if not self._listed:
            return  # counted once the list has its first rows (MainWindow._first_loaded)
        wanted = self._counts_wanted

        def superseded() -> bool:
            # Read on the worker thread: an int, so no lock is needed.
            return wanted != self._counts_wanted

        def facets(case: Any, task: Task[Any]) -> Counts | None:
            # Stopped when superseded, or the searches typed meanwhile would queue behind it.
            return read_counts(case, text, filters, superseded)

        def done(found: Counts | None) -> None:
            if found is not None and generation == self._search_generation:
                self.filter_panel.show_counts(*found)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, CasefileError):  # an unfinished query: its search says so
                show_unexpected("Counting filter values", exc)

        # No label: a background read, not a task to show or to ask about on quitting.
        run_for(cast("QWidget", self), self.worker, facets, label="", done=done, error=failed)

    def stop_counting(self) -> None:
        """Stop a filter count under way or queued (quitting waits for the worker)."""
        self._counts_wanted += 1

    def _filters_shown(self, visible: bool) -> None:
        if not visible:
            self._counts_wanted += 1  # nobody will see the counts
        else:
            self._refresh_facets(
                self.search_box.text().strip(),
                self.filter_panel.filters(),
                self._search_generation,
            )

    def _apply_saved(self, saved: SavedSearchData) -> None:
        self.search_box.blockSignals(True)  # one search for text and filters, not two
        self.search_box.setText(saved.query)
        self.search_box.blockSignals(False)
        self.filter_panel.set_filters(saved.filters)
        self._run_search()

    # --- commands (Actions calls on_<name>) ----------------------------------------------

    def on_find(self) -> None:
        """Focus the search box."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def on_show_all(self) -> None:
        """Clear the search and its filters and list every incident."""
        self.search_box.clear()
        self.filter_panel.clear()
        self._run_search()

    def on_toggle_filters(self) -> None:
        """Show or hide the filter panel."""
        self.filter_dock.setVisible(not self.filter_dock.isVisible())

    def on_clear_filters(self) -> None:
        """Forget every filter; the text stays."""
        self.filter_panel.clear()
        self._run_search()

    def on_save_search(self) -> None:
        """Keep the search text and filters under a name, asked for."""
        self.saved_searches.save(self.search_box.text().strip(), self.filter_panel.filters())
