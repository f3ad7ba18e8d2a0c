"""The main window: list, detail pane, search, status bar, undo, import, files, errors."""

from __future__ import annotations

import csv
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

import casefile
from casefile import errors
from casefile.search.finder import Finder
from casefile.search.hits import Hit
from tests.conftest import add_incidents
from tests.ui.conftest import reload, titles
from ui import main_window as main_window_module
from ui import settings, window_search
from ui.actions import MENUS
from ui.main_window import MainWindow
from ui.match_cell import HIT_ROLE, MatchDelegate
from ui.worker import Task, Worker


def test_status_bar_shows_file_count_and_encryption(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker
) -> None:
    add_incidents(cf, 3)
    window = MainWindow(worker)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded):
        window.show()
    assert window.file_label.text() == "case.casefile"
    assert window.count_label.text() == "3 incidents"
    assert window.crypt_label.text() == "not encrypted"
    assert window.windowTitle().startswith("case.casefile")


def test_an_incident_added_through_the_api_appears(
    qtbot: QtBot, window: MainWindow, worker: Worker
) -> None:
    assert titles(window) == []
    with qtbot.waitSignal(window.model.loaded):
        worker.run(
            lambda case, task: case.add_incident(title="Roadblock", event_date=date(2025, 3, 1))
        )
    assert titles(window) == ["Roadblock"]
    assert window.count_label.text() == "1 incident"


def test_selecting_shows_the_details(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow
) -> None:
    add_incidents(cf, 2)
    reload(qtbot, window)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: "Incident 001" in window.detail.toPlainText())
    assert "Town 1, Tajikistan" in window.detail.toPlainText()
    assert "None cited" in window.detail.toPlainText()


def test_edit_then_undo_and_redo(qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow) -> None:
    [incident] = add_incidents(cf, 1)
    cf.undo_stack.clear()
    reload(qtbot, window)
    assert not window.actions.undo.isEnabled()
    with qtbot.waitSignal(window.model.loaded):
        window.worker.run(lambda case, task: case.update_incident(incident, title="Renamed"))
    assert titles(window) == ["Renamed"]
    assert window.actions.undo.text() == "&Undo Edit incident"
    assert window.actions.undo.shortcut() == QKeySequence("Ctrl+Z")
    with qtbot.waitSignal(window.model.loaded):
        window.actions.undo.trigger()
    assert titles(window) == ["Incident 000"]
    assert window.actions.redo.text() == "&Redo Edit incident"
    assert window.actions.redo.shortcut() == QKeySequence("Ctrl+Shift+Z")
    with qtbot.waitSignal(window.model.loaded):
        window.actions.redo.trigger()
    assert titles(window) == ["Renamed"]


def test_search_box_filters_the_list(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow
) -> None:
    add_incidents(cf, 3)
    cf.add_incident(title="Drone strike near the mine", event_date=date(2025, 6, 1))
    reload(qtbot, window)
    window.actions.find.trigger()
    assert window.search_box.hasFocus() or not window.isActiveWindow()
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        qtbot.keyClicks(window.search_box, "drone")
    assert window.model.searching
    assert titles(window) == ["Drone strike near the mine"]
    assert window.result_label.text() == "1 found for “drone”"
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: "Match" in window.detail.toPlainText())
    assert "<b>Drone</b>" in window.detail.toHtml() or "font-weight" in window.detail.toHtml()
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.clear()
    assert not window.model.searching
    assert len(titles(window)) == 4


def test_the_list_shows_each_hits_matched_words_under_its_title(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow
) -> None:
    add_incidents(cf, 2)
    cf.add_incident(
        title="Raid <b>near</b> the mine & camp",
        event_date=date(2025, 6, 1),
        narrative="Locals said <b>a</b> drone & a truck came at night.",
    )
    reload(qtbot, window)
    one_line = window.table.rowHeight(0)
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("drone")
    cell = window.model.index(0, 1)
    hit = cell.data(HIT_ROLE)
    assert hit.snippet == "Locals said <b>a</b> drone & a truck came at night."
    assert [hit.snippet[start:end] for start, end in hit.highlights] == ["drone"]
    assert window.table.rowHeight(0) > one_line  # room for the snippet under the title
    assert isinstance(window.table.itemDelegateForIndex(cell), MatchDelegate)
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;a&lt;/b&gt; <b>drone</b> &amp; a truck" in tip
    window.table.grab()  # paints the cell
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.clear()
    assert window.model.index(0, 1).data(HIT_ROLE) is None
    assert window.table.rowHeight(0) == one_line
    assert window.model.columnCount() == 7


def search_three(qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow) -> None:
    """Three "gathering" incidents, found by a search whose hits have loaded."""
    add_incidents(cf, 3)
    reload(qtbot, window)
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("gathering")


def test_hits_can_be_sorted_by_a_column_and_keep_their_matches(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow
) -> None:
    search_three(qtbot, cf, window)
    window.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert titles(window) == ["Incident 000", "Incident 001", "Incident 002"]
    hit = window.model.index(0, 1).data(HIT_ROLE)
    assert hit.incident_id == window.model.row_at(0).id  # type: ignore[union-attr]
    assert "Gathering number 0" in hit.snippet


def test_hits_sorted_by_a_column_stay_so_after_a_change(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow
) -> None:
    search_three(qtbot, cf, window)
    header = window.table.horizontalHeader()
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    middle = QPoint(header.sectionViewportPosition(1) + header.sectionSize(1) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert titles(window) == ["Incident 002", "Incident 001", "Incident 000"]
    first = window.model.row_at(2).id  # type: ignore[union-attr]
    window.worker.run(lambda case, task: case.update_incident(first, title="Incident 003"))
    qtbot.waitUntil(lambda: "Incident 003" in titles(window))
    qtbot.waitUntil(lambda: not window.worker.busy)
    assert titles(window) == ["Incident 003", "Incident 002", "Incident 001"]
    assert header.isSortIndicatorShown()
    window.search_box.setText("gathering 00")  # a new search: best match first again
    qtbot.waitUntil(lambda: not window.table.horizontalHeader().isSortIndicatorShown())


def test_every_action_is_in_a_menu_with_its_shortcut(window: MainWindow) -> None:
    in_menus = {
        action.text(): action.shortcut().toString()
        for menu in window.menuBar().findChildren(type(window.actions.recent_menu))
        for action in menu.actions()
    }
    expected = {
        "&New Incident…": "Ctrl+N",
        "&Find…": "Ctrl+F",
        "&Report…": "Ctrl+P",
        "&Import ACLED CSV…": "Ctrl+I",
        "&Delete Incident…": "Del",
        "&Source Register…": "Ctrl+Shift+S",
    }
    for text, shortcut in expected.items():
        assert in_menus[text] == shortcut
    names = {spec.name for specs in MENUS.values() for spec in specs if spec}
    assert {"new_case", "open_case", "save_copy", "undo", "redo", "export"} <= names
    assert window.table.accessibleName() == "Incidents"
    assert window.search_box.accessibleName() == "Search incidents"


def slow_import(path: Path, rows: int) -> Path:
    """An ACLED CSV big enough that importing it takes seconds."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "event_id_cnty",
                "event_date",
                "event_type",
                "sub_event_type",
                "actor1",
                "country",
                "location",
                "fatalities",
                "notes",
            ]
        )
        for n in range(rows):
            out.writerow(
                [
                    f"TJK{n}",
                    "2024-03-01",
                    "Protests",
                    "Peaceful protest",
                    "Protesters (Tajikistan)",
                    "Tajikistan",
                    "Khorog",
                    "0",
                    f"Crowd {n}",
                ]
            )
    return path


def test_cancel_a_long_import(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow, tmp_path: Path
) -> None:
    # Many more rows than are read before the click: the cancel is heard at the next
    # progress report, so however fast imports get, this one is still running then.
    task = window.import_file(slow_import(tmp_path / "big.csv", 50_000))
    qtbot.waitUntil(lambda: window.progress.isVisible() and window.progress.bar.maximum() > 0)
    assert window.progress.label.text() == "Importing big.csv…"
    assert window.progress.current is task
    qtbot.mouseClick(window.progress.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.worker.failed, timeout=20_000) as failed:
        pass
    assert isinstance(failed.args[1], errors.Cancelled)
    qtbot.waitUntil(lambda: not window.progress.isVisible())
    assert "cancelled" in window.statusBar().currentMessage()
    assert cf.count_incidents() == 0


def test_a_slow_operation_reports_progress_and_cancels(qtbot: QtBot, window: MainWindow) -> None:
    def slow(case: object, task: Task[Any]) -> None:
        for step in range(1000):
            task.report(step, 1000)
            time.sleep(0.005)

    task = window.worker.run(slow, label="Counting sheep")
    qtbot.waitUntil(lambda: window.progress.bar.value() > 0)
    started = time.perf_counter()
    window.progress.cancel()
    with qtbot.waitSignal(window.worker.failed) as failed:
        pass
    assert time.perf_counter() - started < 1
    assert isinstance(failed.args[1], errors.Cancelled) and task.cancelled


def test_an_unexpected_error_shows_a_dialog_and_the_app_goes_on(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(
        main_window_module,
        "show_unexpected",
        lambda what, exc, parent=None: shown.append((what, exc)),
    )

    def broken(case: object, task: object) -> None:
        raise ZeroDivisionError("division by zero")

    with qtbot.waitSignal(window.worker.failed):
        window.worker.run(broken, label="Counting casualties")
    assert shown[0][0] == "Counting casualties"
    assert isinstance(shown[0][1], ZeroDivisionError)
    reload(qtbot, window)  # still working


def test_open_another_file_and_the_recent_list(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    other = tmp_path / "other.casefile"
    with casefile.open(other) as cf:
        add_incidents(cf, 2)
    first = window.worker
    assert window.open_case(other)
    assert window.worker is not first
    qtbot.waitUntil(lambda: window.count_label.text() == "2 incidents")
    assert window.file_label.text() == "other.casefile"
    assert [p.name for p in settings.recent_files()] == ["other.casefile", "case.casefile"]
    assert [a.text() for a in window.actions.recent_menu.actions()][:2] == [
        "other.casefile",
        "case.casefile",
    ]
    window.worker.shutdown()
    window.worker.case.close()


def test_a_file_in_use_opens_read_only_with_a_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import opening

    other = tmp_path / "busy.casefile"
    shown: list[str] = []
    monkeypatch.setattr(opening, "tell_read_only", lambda why, parent: shown.append(why))
    with casefile.open(other, exclusive=True):
        assert window.open_case(other)
    assert "already open" in shown[0]
    assert window.file_label.text() == "busy.casefile"
    assert window.crypt_label.text() == "not encrypted, read-only"


def test_save_a_copy(
    qtbot: QtBot,
    cf: casefile.CaseFile,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_incidents(cf, 2)
    target = tmp_path / "copy.casefile"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.actions.save_copy.trigger()
    qtbot.waitUntil(lambda: "Saved a copy" in window.statusBar().currentMessage())
    with casefile.open(target) as copy:
        assert copy.count_incidents() == 2


def test_layout_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(900, 600)
    window.close()
    assert settings.load_state("window") is not None
    assert settings.load_state("columns") is not None


def test_the_short_columns_show_their_values_and_headers_whole(demo_window: MainWindow) -> None:
    table = demo_window.table
    header = table.horizontalHeader()
    for column, name in ((0, "Date"), (4, "Killed"), (5, "Status"), (6, "Sources")):
        width = header.sectionSize(column)
        assert width >= table.sizeHintForColumn(column), name  # "2025-12-23", not "2025-12-…"
        assert width > header.fontMetrics().horizontalAdvance(name), name
    # The column sorted by keeps room for its arrow beside its title.
    assert header.sectionSize(0) >= header.sectionSizeHint(0)


def test_new_case_file_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(tmp_path / "fresh"), ""),
    )
    window.actions.new_case.trigger()
    assert window.worker.case.path == tmp_path / "fresh.casefile"
    qtbot.waitUntil(lambda: window.count_label.text() == "0 incidents")
    qtbot.waitUntil(lambda: not window.worker.busy)
    window.worker.shutdown()
    window.worker.case.close()


def test_a_search_that_cannot_run_says_so_without_a_dialog(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: object, query: str, **options: object) -> list[object]:
        raise errors.Invalid({"query": "unbalanced quote"})

    monkeypatch.setattr(Finder, "search_page", refuse)
    window.search_box.setText('"drone')
    qtbot.waitUntil(lambda: window.result_label.isVisible(), timeout=3000)
    assert "unbalanced quote" in window.result_label.text()


def test_an_empty_case_says_how_to_add_incidents(
    qtbot: QtBot, window: MainWindow, worker: Worker
) -> None:
    assert "no incidents yet" in window.detail.toPlainText()
    assert "Ctrl+N" in window.detail.toPlainText()
    with qtbot.waitSignal(window.model.loaded):
        worker.run(lambda case, task: case.add_incident(title="First", event_date=date(2025, 1, 1)))
    assert window.detail.toPlainText().startswith("Select an incident")


def test_the_detail_pane_follows_the_search(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow
) -> None:
    add_incidents(cf, 2)
    cf.add_incident(title="Drone strike near the mine", event_date=date(2025, 6, 1))
    reload(qtbot, window)
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("drone")
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: "Match" in window.detail.toPlainText())
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.clear()
    qtbot.waitUntil(lambda: "Match" not in window.detail.toPlainText())
    assert "Drone strike near the mine" in window.detail.toPlainText()
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("gathering")
    qtbot.waitUntil(lambda: window.detail.toPlainText().startswith("Select an incident"))


def test_the_result_line_counts_text_and_filters() -> None:
    found = window_search.found_text
    assert found("drone", {}, 1, 1) == "1 found for “drone”"
    assert found("", {"status": "draft"}, 0, 0) == "Nothing found with 1 filter"
    assert found("x", {"a": 1, "b": 2}, 200, 1234) == (
        "1,234 found for “x” with 2 filters; the best 200 listed"
    )
    # A word still being typed matches as a prefix from its third letter: say so.
    assert found("kh", {}, 0, 0) == (
        "Nothing found for “kh”; words match from their first 3 letters on"
    )
    assert found("kh ", {}, 0, 0) == "Nothing found for “kh ”"


# --- search results a page at a time -----------------------------------------------------


@pytest.fixture
def paged_window(
    qtbot: QtBot,
    cf: casefile.CaseFile,
    worker: Worker,
    no_modal_dialogs: None,
    monkeypatch: pytest.MonkeyPatch,
) -> MainWindow:
    """A short main window over 45 "gathering" incidents, listed and searched 20 at a time."""
    monkeypatch.setattr("ui.main_window.ROWS_PER_PAGE", 20)
    add_incidents(cf, 45)
    made = MainWindow(worker)
    qtbot.addWidget(made)
    made.resize(900, 420)  # a few rows in sight, not the half page that asks for the next
    with qtbot.waitSignal(made.model.loaded):
        made.show()
    return made


def scroll_to_end(qtbot: QtBot, window: MainWindow) -> None:
    """Scroll the list to its last row and wait for the next page of hits."""
    with qtbot.waitSignal(window.model.rowsInserted, timeout=3000):
        window.table.scrollToBottom()
        window.table.grab()  # paints the rows now in sight


def assert_listed_best_first(window: MainWindow, best: list[Hit]) -> None:
    """The list holds these hits in this order, each row with its own snippet."""
    model = window.model
    assert model.rowCount() == len(best)
    for row, wanted in enumerate(best):
        incident = model.row_at(row)
        hit = model.index(row, 1).data(HIT_ROLE)
        assert incident is not None and incident.id == wanted.incident_id == hit.incident_id
        number = int(incident.title.split()[1])
        assert hit.snippet == f"Gathering number {number} in the square."


def test_a_search_lists_more_hits_as_the_list_scrolls(
    qtbot: QtBot, cf: casefile.CaseFile, paged_window: MainWindow
) -> None:
    window = paged_window
    best = cf.search("gathering", limit=50)
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("gathering")
    assert window.result_label.text() == "45 found for “gathering”"
    table = window.table
    assert table.rowAt(table.viewport().height() - 1) < 10
    with qtbot.assertNotEmitted(window.model.rowsInserted, wait=50):
        table.grab()
    assert_listed_best_first(window, best[:20])
    scroll_to_end(qtbot, window)
    assert_listed_best_first(window, best[:40])
    scroll_to_end(qtbot, window)
    assert_listed_best_first(window, best)
    assert window.result_label.text() == "45 found for “gathering”"
    table.selectRow(44)
    qtbot.waitUntil(lambda: "Gathering number 0 in the square" in window.detail.toPlainText())
    assert "Match" in window.detail.toPlainText()
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titles(window) == [f"Incident {n:03d}" for n in range(45)]
    assert window.current_id() == best[44].incident_id  # the selection moved with its row
    assert window.result_label.text() == "45 found for “gathering”"


def test_a_change_reloads_as_many_hits_and_a_new_search_drops_older_pages(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker, paged_window: MainWindow
) -> None:
    window = paged_window
    cf.add_incident(title="Drone strike near the mine", event_date=date(2025, 6, 1))
    reload(qtbot, window)
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("gathering")
    scroll_to_end(qtbot, window)
    doomed = window.model.row_at(39).id  # type: ignore[union-attr]
    worker.run(lambda case, task: case.delete_incident(doomed))
    qtbot.waitUntil(lambda: window.result_label.text() == "44 found for “gathering”")
    qtbot.waitUntil(lambda: not worker.busy)
    assert window.model.rowCount() == 40  # as many as were listed: the place stays
    window.on_undo()
    qtbot.waitUntil(lambda: window.result_label.text() == "45 found for “gathering”")
    qtbot.waitUntil(lambda: not worker.busy)
    assert window.model.rowCount() == 40 and window.model.row_of(doomed) == 39
    # A new search queued ahead of a page of this one: the page must never be listed.
    release = threading.Event()
    worker.run(lambda case, task: release.wait(5))
    window.search_box.setText("drone")
    window.search_box.returnPressed.emit()
    with qtbot.assertNotEmitted(window.model.rowsInserted, wait=100):
        window.table.scrollToBottom()
        window.table.grab()
        qtbot.wait(20)  # the page is asked for, behind the search
        with qtbot.waitSignal(window.model.loaded, timeout=3000):
            release.set()
        qtbot.waitUntil(lambda: not worker.busy)
    assert titles(window) == ["Drone strike near the mine"]
    assert window.result_label.text() == "1 found for “drone”"
    assert window.count_label.text() == "46 incidents"


def test_a_change_keeps_a_column_sorted_list_in_place_without_emptying_it(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker, paged_window: MainWindow
) -> None:
    window = paged_window
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("gathering")
    window.table.horizontalHeader().sectionClicked.emit(1)  # as a click on the Title header
    window.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: window.model.rowCount() == 45 and not worker.busy)
    window.table.scrollTo(window.model.index(30, 1))
    place = window.table.verticalScrollBar().value()
    assert place > 0
    counts: list[int] = []
    model = window.model
    for signal in (model.modelReset, model.rowsRemoved, model.rowsInserted, model.layoutChanged):
        signal.connect(lambda *_: counts.append(model.rowCount()))
    last = window.model.row_at(44).id  # type: ignore[union-attr]
    worker.run(lambda case, task: case.update_incident(last, title="Incident 099"))
    qtbot.waitUntil(lambda: window.model.row_at(44).title == "Incident 099")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not worker.busy)
    assert min(counts, default=45) == 45  # never emptied on the way
    assert window.table.verticalScrollBar().value() == place
