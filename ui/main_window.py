"""The main window: incident list, search box, detail pane, status bar and every command."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile import CasefileError, errors, paths, places
from casefile.records.listing import IncidentRow
from casefile.store.changes import Changes
from ui import map_dock, settings
from ui.actions import Actions
from ui.detail_pane import DetailPane
from ui.errors import log_file, show_problem, show_unexpected
from ui.file_commands import FileCommands
from ui.idle_lock import IdleLock
from ui.incident_table import FirstPage, IncidentTableModel
from ui.list_header import ListHeader
from ui.match_cell import MatchDelegate
from ui.painted import AfterPaint
from ui.protect_commands import ProtectCommands
from ui.saved_searches import SavedSearchMenus
from ui.task_progress import TaskProgress
from ui.window_editors import WindowEditors
from ui.window_search import ROWS_PER_PAGE, WindowSearch
from ui.worker import Task, Worker

# What the window offers while its case file is still opening (issue #16): the rest waits.
BEFORE_OPEN = frozenset({"quit", "about", "open_log", "find", "toggle_filters"})


class MainWindow(FileCommands, ProtectCommands, WindowSearch, WindowEditors, QMainWindow):
    """One open case file; `case_opened` fires after switching to another file.

    Given a worker whose case file is still opening (`Worker.open_later`) and the `first`
    page read without it, the window shows that page at once and offers only BEFORE_OPEN
    until the case file is open; `ready` fires then.
    """

    case_opened = Signal(object)  # Worker
    ready = Signal()  # the case file is open: every command is offered

    def __init__(
        self,
        worker: Worker,
        parent: QWidget | None = None,
        *,
        first: FirstPage | None = None,
        path: Path | None = None,
    ):
        """`first` and `path` (the file's): the first page and its name, before it is open."""
        super().__init__(parent)
        self.worker = worker
        self._first = first
        self._path = path
        self._waiting: list[QAction] = []
        self.windows: list[QWidget] = []
        self._select_after_load: str | None = None
        self._build()
        self.actions = Actions(self, self.table)
        self.saved_searches = SavedSearchMenus(
            self.actions.menus["&Search"], self, lambda: self.worker, self._apply_saved
        )
        self.map_dock = map_dock.install(self, self.actions.menus["&View"])
        self._restore_layout()
        self.idle = IdleLock(self)
        self.attach(worker)

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self._build_search()

        self.table = QTableView(self)
        self.table.setAccessibleName("Incidents")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.doubleClicked.connect(lambda _index: self.on_edit_incident())
        self.table.setItemDelegateForColumn(1, MatchDelegate(self.table))  # a hit's snippet
        header = self.table.horizontalHeader()
        header.sectionClicked.connect(lambda _section: header.setSortIndicatorShown(True))
        self.list_header = ListHeader(self.table)
        rows = self.table.verticalHeader()
        rows.hide()
        # Fixed heights: the view never measures a million rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self._row_height(1))

        left = QWidget(self)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.result_label)
        layout.addWidget(self.table)
        self.result_label.hide()

        self.detail = DetailPane(self.worker, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.filter_dock)

        self.progress = TaskProgress(self)
        self.file_label = QLabel(self)
        self.count_label = QLabel(self)
        self.crypt_label = QLabel(self)
        for label, name in (
            (self.file_label, "Case file"),
            (self.count_label, "Number of incidents"),
            (self.crypt_label, "Encryption"),
        ):
            label.setAccessibleName(name)
            label.setContentsMargins(8, 0, 8, 0)
        bar = self.statusBar()
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.file_label)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.crypt_label)

    def _row_height(self, lines: int) -> int:
        return self.table.fontMetrics().height() * lines + 8

    def _fit_rows(self) -> None:
        # Two lines while the list shows search hits' snippets under their titles.
        lines = 2 if self.model.searching and self.model.shows_matches else 1
        self.table.verticalHeader().setDefaultSectionSize(self._row_height(lines))

    def _restore_layout(self) -> None:
        self.resize(1200, 760)
        self.splitter.setSizes([870, 330])  # the list wide enough for its columns and the title
        for name, restore in (
            ("window", self.restoreGeometry),
            ("state", self.restoreState),
            ("splitter", self.splitter.restoreState),
        ):
            state = settings.load_state(name)
            if state is not None:
                restore(state)

    def _setup_columns(self) -> None:
        self.list_header.setup()  # see ui/list_header.py

    # --- the open case file --------------------------------------------------------------

    def attach(self, worker: Worker) -> None:
        """Show the case file this worker holds: new model, fresh detail pane, labels."""
        self.worker = worker
        first, self._first = self._first, None
        self.model = IncidentTableModel(worker, page_size=ROWS_PER_PAGE, first=first)
        self.model.total_changed.connect(self._show_count)
        self.model.loaded.connect(self._fit_rows)
        self.model.loaded.connect(self.list_header.fit)  # the columns fit what is listed
        self.model.loaded.connect(self._after_load)
        self.model.listing_changed.connect(self._fit_rows)  # a later page may bring snippets
        self.model.listing_changed.connect(self._show_found)
        self._listed = False  # the reads the first view does not need wait for its rows
        self.model.loaded.connect(self._first_loaded)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        self._setup_columns()
        self.table.setSortingEnabled(True)  # sorts by the indicator, which is the first load
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail.set_worker(worker)
        worker.started.connect(self.progress.track)
        worker.changed.connect(self._changed)
        worker.failed.connect(self._failed)
        worker.idle.connect(self._update_undo)
        if not self.model.counted:  # else the first page, read at once, brought its count
            self.count_label.setText("counting…")
        self.search_box.clear()
        self.filter_panel.clear()
        self.map_dock.attach(worker)
        if worker.is_open:
            self._show_case()
            return
        # Opening still: the same labels as a plain case's (the look is for those only),
        # and the commands that need the case wait for it.
        path = self._path or Path()
        self._label_file(path.name, path, "not encrypted")
        offered = {getattr(self.actions, name) for name in BEFORE_OPEN}
        self._waiting = [a for a in self.actions.all() if a not in offered and a.isEnabled()]
        for action in self._waiting:
            action.setEnabled(False)
        worker.opened.connect(lambda: self._opened(worker))

    def _opened(self, worker: Worker) -> None:
        if worker is self.worker:  # not replaced meanwhile (its open failed, another was)
            self._show_case()
            self.ready.emit()

    def _show_case(self) -> None:
        for action in self._waiting:
            action.setEnabled(True)
        self._waiting = []
        case = self.worker.case
        state = "encrypted" if case.protect.encrypted else "not encrypted"
        self._label_file(case.name, case.path, f"{state}, read-only" if case.readonly else state)
        self._update_undo()
        self._fill_recent(settings.add_recent(case.path))
        self.idle.restart()  # input is watched for an encrypted case only

    def _label_file(self, name: str, path: Path, state: str) -> None:
        self.setWindowTitle(f"{name} — Casefile")
        self.file_label.setText(name)
        self.file_label.setToolTip(str(path))
        self.crypt_label.setText(state)

    # --- reacting to the worker ----------------------------------------------------------

    def _first_loaded(self) -> None:
        # The saved searches and the filter counts are read once the list has its rows
        # (after its paint): on the one worker, ahead of them, they held the first page
        # back, and their first ORM query configured every mapper (issue #16).
        if not self._listed:
            self._listed = True
            AfterPaint(self.table.viewport(), self._read_after_list)

    def _read_after_list(self) -> None:
        if self.worker.stopped:
            return  # the window closed meanwhile (or quit right after the paint)
        self.saved_searches.reload()
        self._refresh_facets(
            self.search_box.text().strip(), self.filter_panel.filters(), self._search_generation
        )

    def _show_count(self, total: int) -> None:
        self.count_label.setText(f"{total:,} incident{'s' if total != 1 else ''}")
        self.detail.set_case_empty(total == 0)

    def _after_load(self) -> None:
        # Keep the shown incident selected wherever the reload put it.
        saved, self._select_after_load = self._select_after_load, None
        wanted = saved or self.detail.incident_id
        if wanted is None:
            return
        row = self.model.row_of(wanted)
        if row is not None:
            if self.current_id() != wanted:
                self.table.selectRow(row)
            hit = self.model.hit(wanted) if self.model.searching else None
            if hit != self.detail.hit:
                self.detail.show_incident(wanted, hit)  # the match shown must be this search's
            return
        self.table.selectionModel().clearSelection()
        if saved is not None:
            self.detail.show_incident(saved)
        elif self.model.searching:
            self.detail.show_incident(None)  # not among the hits: the pane must not say it is

    def _changed(self, changes: Changes, initiator: object) -> None:
        self._update_undo()
        if "saved_search" in changes.tables and initiator is not self.saved_searches:
            self.saved_searches.reload()  # an undo or redo put one back or took it away
        if self.model.searching and changes.incidents:
            self._run_search(again=True)  # hits may have gained or lost the words
        elif changes.incidents:
            self._refresh_facets("", {}, self._search_generation)

    def _failed(self, task: Task[Any], exc: BaseException) -> None:
        if isinstance(exc, errors.Cancelled):
            self.statusBar().showMessage(
                f"{task.label or 'Task'} cancelled; nothing was changed", 8000
            )
        elif isinstance(exc, CasefileError):
            show_problem(exc, self, task.label or "Casefile")
        else:
            show_unexpected(task.label or "An operation", exc, self)

    def _update_undo(self) -> None:
        if not self.worker.is_open:
            return  # undo and redo wait, disabled, for the case file
        case = self.worker.case
        for action, name, verb in (
            (self.actions.undo, case.undo_name, "Undo"),
            (self.actions.redo, case.redo_name, "Redo"),
        ):
            action.setText(f"&{verb} {name}" if name else f"&{verb}")
            action.setEnabled(name is not None)

    def _selection_changed(self) -> None:
        incident_id = self.current_id()
        if incident_id != self.detail.incident_id:
            hit = self.model.hit(incident_id) if incident_id else None
            self.detail.show_incident(incident_id, hit)

    def current_id(self) -> str | None:
        """The id of the selected incident, if its row is loaded."""
        row = self.selected_row()
        return row.id if row else None

    def selected_row(self) -> IncidentRow | None:
        """The selected incident's list row, if loaded."""
        selected = self.table.selectionModel().selectedRows()
        return self.model.row_at(selected[0].row()) if selected else None

    # --- commands (Actions calls on_<name>; also WindowSearch's and WindowEditors') ------

    def on_refresh(self) -> None:
        """Count and load the list again."""
        self.model.refresh()

    def on_undo(self) -> None:
        """Undo the last change, in the core."""
        if self.worker.case.undo_name:
            self.worker.run(lambda case, task: case.undo(), label="Undoing", initiator=self)

    def on_redo(self) -> None:
        """Redo the last undone change."""
        if self.worker.case.redo_name:
            self.worker.run(lambda case, task: case.redo(), label="Redoing", initiator=self)

    def on_quit(self) -> None:
        """Close the window, which ends the app."""
        self.close()

    def on_open_log(self) -> None:
        """Show the folder holding the log."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.log_dir())))

    def on_about(self) -> None:
        """Name, purpose and where the log is."""
        QMessageBox.about(
            self,
            "About Casefile",
            "<b>Casefile</b><p>Offline case files of security incidents, their graded "
            f"sources and situation reports.</p><p>{escape(places.ATTRIBUTION)}</p>"
            f"<p>Log: {log_file()}</p>",
        )

    # --- closing -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Keep the layout; ask before abandoning a running task."""
        if self.progress.tasks:
            answer = QMessageBox.question(
                self, "Casefile", "A task is still running. Cancel it and quit?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            for task in self.progress.tasks:
                task.cancel()
        for window in self.open_windows():
            if not window.close():
                event.ignore()
                return
        self.stop_counting()  # quitting waits for the worker: a count must not hold it
        settings.save_state("window", self.saveGeometry())
        settings.save_state("state", self.saveState())
        settings.save_state("splitter", self.splitter.saveState())
        settings.save_state("columns", self.table.horizontalHeader().saveState())
        event.accept()
