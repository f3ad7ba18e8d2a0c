"""Screenshots of the main window, its map, the incident editor and the source register.

Run by `make screenshots` under Xvfb (QT_QPA_PLATFORM=xcb xvfb-run -a ...): loads the demo
case into a temporary case file, shows each window at a fixed size, waits until its data
has arrived, and saves QWidget.grab() to docs/screenshots/*.png. The search shot is taken
from the screen instead, so that an open drop-down list (a separate window) is in it. Text is
in the bundled Noto Sans, so the pictures do not change with the fonts a machine has.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import casefile  # noqa: E402 - after the path is set, so a checkout runs without install
from ui.app import application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.worker import Worker  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)
DIALOG_SIZE = (1000, 720)


def settle(ms: int = 200) -> None:
    """Let queued events, paints and worker callbacks run for a while."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(ready: Callable[[], bool], timeout: float = 20.0) -> None:
    """Process events until `ready()` holds; fail loudly rather than shoot a half-drawn window."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish loading")
        settle(50)


def shoot(widget: QWidget, name: str, worker: Worker, *, from_screen: bool = False) -> Path:
    """Save a settled widget as docs/screenshots/NAME.png; `from_screen` takes popups too."""
    wait_until(lambda: not worker.busy)
    settle(400)
    path = OUT / f"{name}.png"
    if not picture(widget, from_screen).save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def picture(widget: QWidget, from_screen: bool) -> QPixmap:
    """The widget as drawn, or its part of the screen with any popup open over it."""
    if not from_screen:
        return widget.grab()
    frame = widget.frameGeometry()  # no window manager under Xvfb: no frame around it either
    return widget.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())


def choose(combo: QComboBox, value: str) -> None:
    """Pick a filter value as a user would, by its value rather than its label with a count."""
    index = combo.findData(value)
    if index < 0:
        raise LookupError(f"{value!r} is not among {combo.accessibleName()}'s values")
    combo.setCurrentIndex(index)


def main_window(window: MainWindow) -> None:
    """The list with an incident selected and its details shown."""
    window.resize(*SIZE)
    window.show()
    wait_until(lambda: window.model.rowCount() > 0 and not window.worker.busy)
    window.table.selectRow(0)
    wait_until(lambda: window.detail.incident_id is not None and not window.worker.busy)
    shoot(window, "main-window", window.worker)
    search(window)
    window.on_show_all()


def search(window: MainWindow) -> None:
    """A search narrowed by two ticked values of a filter, its list of values dropped down."""
    panel = window.filter_panel
    window.filter_dock.show()
    window.search_box.setText("border")
    kinds = panel.combos["event_type"]
    wait_until(lambda: kinds.count() > 2)
    choose(kinds, "Battles")
    wait_until(lambda: window.result_label.text().endswith("with 1 filter"))
    kinds.choose(["Battles", "Violence against civilians"])  # as if ticked in the list
    wait_until(lambda: window.model.rowCount() > 2 and not window.worker.busy)
    window.table.selectRow(0)
    wait_until(lambda: window.detail.incident_id is not None and not window.worker.busy)
    kinds.showPopup()
    kinds.view().setCurrentIndex(kinds.model().index(3, 0))  # as if hovering a value
    shoot(window, "main-window-search", window.worker, from_screen=True)
    kinds.hidePopup()


def map_view(window: MainWindow) -> None:
    """The map beside the list, an incident picked."""
    window.resize(*SIZE)
    window.show()
    window.filter_dock.hide()
    window.map_dock.show()
    window.resizeDocks([window.map_dock], [620], Qt.Orientation.Horizontal)
    wait_until(lambda: window.map_dock.view.markers is not None and not window.worker.busy)
    window.table.selectRow(0)
    wait_until(lambda: window.detail.incident_id is not None and not window.worker.busy)
    shoot(window, "map", window.worker)
    window.map_dock.hide()


def editor(window: MainWindow) -> None:
    """The incident editor on the selected incident."""
    from ui.incident_editor import IncidentEditor

    window.table.selectRow(0)
    wait_until(lambda: window.current_id() is not None)
    dialog = IncidentEditor(window.worker, window.current_id(), window)
    dialog.resize(*DIALOG_SIZE)
    dialog.show()
    shoot(dialog, "incident-editor", window.worker)
    dialog.reject()


def register(window: MainWindow) -> None:
    """The source register with its first source chosen."""
    from ui.source_register import SourceRegister

    dialog = SourceRegister(window.worker, window)
    dialog.resize(*DIALOG_SIZE)
    dialog.show()
    wait_until(lambda: not window.worker.busy)
    sources = getattr(dialog, "sources", None)
    if (
        sources is not None
        and hasattr(sources, "topLevelItemCount")
        and sources.topLevelItemCount()
    ):
        sources.setCurrentItem(sources.topLevelItem(0))
    wait_until(lambda: not window.worker.busy)
    reports = dialog.reports_pane.reports
    if reports.topLevelItemCount():
        reports.setCurrentItem(reports.topLevelItem(0))  # a filled form says more than a blank
    shoot(dialog, "source-register", window.worker)
    dialog.close()


def main() -> int:
    """Make every screenshot; 0 on success."""
    app: QApplication = application(smoke=True)  # throwaway settings: a default layout
    app.setFont(QFont("Noto Sans", app.font().pointSize()))  # bundled: the same on any machine
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Border incidents.casefile"
        with casefile.open(path, author="analyst") as cf:
            cf.load_demo()
        case = casefile.open(path, exclusive=True)
        worker = Worker(case)
        window = MainWindow(worker)
        try:
            main_window(window)
            map_view(window)
            editor(window)
            register(window)
        finally:
            window.close()
            worker.shutdown()
            case.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
