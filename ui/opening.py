"""Opening a case file without freezing the window, even when it must be upgraded first.

`casefile.open` is usually a quick schema check, but an old file is migrated on open
(building a search index over a million incidents takes a while). The open runs on a
short-lived thread; the event loop keeps running, and a busy dialog says what is
happening if it takes more than a moment. The worker cannot do this: it belongs to the
case file already open.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

import casefile
from casefile import CaseFile

FAST_PATH_S = 0.05  # most opens finish within this; no dialog, no nested loop
POLL_MS = 30
SHOW_AFTER_MS = 300


def open_case_file(path: Path, *, create: bool = True, parent: QWidget | None = None) -> CaseFile:
    """Open with the exclusive lock, off the UI thread; raises what `casefile.open` raises."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["case"] = casefile.open(path, create=create, exclusive=True)
        except BaseException as exc:  # handed back to the caller on the main thread
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="casefile-open", daemon=True)
    thread.start()
    thread.join(FAST_PATH_S)
    if thread.is_alive():
        _wait_with_dialog(thread, path, parent)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    case = outcome["case"]
    assert isinstance(case, CaseFile)
    return case


def _wait_with_dialog(thread: threading.Thread, path: Path, parent: QWidget | None) -> None:
    dialog = QProgressDialog(f"Opening {path.name}…", "", 0, 0, parent)
    dialog.setWindowTitle("Casefile")
    dialog.setLabelText(f"Opening {path.name}…\nAn older case file is brought up to date first.")
    dialog.setCancelButton(None)  # a half-done upgrade is rolled back, but cannot be stopped
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setAccessibleName("Opening the case file")
    later = QTimer(dialog, singleShot=True, interval=SHOW_AFTER_MS)
    later.timeout.connect(dialog.show)
    later.start()
    loop = QEventLoop()
    timer = QTimer(interval=POLL_MS)
    timer.timeout.connect(lambda: loop.quit() if not thread.is_alive() else None)
    timer.start()
    loop.exec()
    timer.stop()
    dialog.reset()
    dialog.deleteLater()
