"""Opening a case file without freezing the window, even when it must be upgraded first.

`casefile.open` is usually a quick schema check, but an old file is migrated on open
(building a search index over a million incidents takes a while). The open runs on a
short-lived thread; the event loop keeps running, and a busy dialog says what is
happening if it takes more than a moment. The worker cannot do this: it belongs to the
case file already open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

import casefile
from casefile import errors
from ui import passphrase as asking

if TYPE_CHECKING:
    from casefile import CaseFile

T = TypeVar("T")
FAST_PATH_S = 0.05  # most opens finish within this; no dialog, no nested loop
POLL_MS = 30
SHOW_AFTER_MS = 300


def open_case_file(
    path: Path,
    *,
    create: bool = True,
    parent: QWidget | None = None,
    passphrase: str | None = None,
    interactive: bool = True,
) -> CaseFile:
    """Open with the exclusive lock, off the UI thread; raises what `casefile.open` raises.

    An encrypted file asks for its passphrase (or recovery key) until it opens or the
    user cancels (`errors.Cancelled`). A file another Casefile window holds is opened
    read-only, and the user told so. Not `interactive` (smoke runs), both are errors.
    """
    readonly = False
    while True:
        try:
            return off_thread(
                lambda given=passphrase, ro=readonly: casefile.open(
                    path,
                    create=create and not ro,
                    exclusive=not ro,
                    passphrase=given,
                    readonly=ro,
                ),
                f"Opening {path.name}…\nAn older case file is brought up to date first.",
                parent,
            )
        except errors.CaseFileBusy as exc:
            if readonly or not interactive:
                raise
            readonly = True
            tell_read_only(str(exc), parent)
        except errors.PassphraseNeeded as exc:
            if not interactive:
                raise
            wrong = isinstance(exc, errors.WrongPassphrase)
            passphrase = asking.ask_passphrase(
                f"{path.name} is encrypted. Type its passphrase (or its recovery key).",
                problem=str(exc) if wrong else "",
                parent=parent,
            )
            if passphrase is None:
                raise errors.Cancelled(f"{path.name} was not opened") from None


def tell_read_only(why: str, parent: QWidget | None) -> None:
    """Say that the file will be opened read-only (tests replace this)."""
    QMessageBox.information(
        parent, "Casefile", f"{why}.\nIt is opened read-only here: changes cannot be saved."
    )


def off_thread(work: Callable[[], T], label: str, parent: QWidget | None = None) -> T:
    """Run file work that needs no open case (opening, converting) while the loop runs."""
    outcome: dict[str, object] = {}
    loop = QEventLoop()
    ended = _Ended()
    # Queued to this thread: the waiting loop ends as soon as the work does, not at the
    # next poll (which kept an ordinary open waiting up to POLL_MS longer at start-up).
    ended.signal.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed back to the caller on the main thread
            outcome["error"] = exc
        finally:
            ended.signal.emit()

    thread = threading.Thread(target=run, name="casefile-open", daemon=True)
    thread.start()
    thread.join(FAST_PATH_S)
    if thread.is_alive():
        _wait_with_dialog(thread, loop, label, parent)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


class _Ended(QObject):
    """Says, from the thread doing the work, that it is over."""

    signal = Signal()


def _wait_with_dialog(
    thread: threading.Thread, loop: QEventLoop, label: str, parent: QWidget | None
) -> None:
    # The dialog is made only when the wait grows long enough to show it: most opens end
    # before, and making it cost the app's start a few milliseconds (issue #16).
    shown: list[QProgressDialog] = []

    def show() -> None:
        if thread.is_alive():
            shown.append(_busy_dialog(label, parent))

    QTimer.singleShot(SHOW_AFTER_MS, show)
    # A poll as well, in case the work ended before the loop ran (its signal then came
    # to no loop).
    timer = QTimer(interval=POLL_MS)
    timer.timeout.connect(lambda: loop.quit() if not thread.is_alive() else None)
    timer.start()
    if thread.is_alive():
        loop.exec()
    timer.stop()
    for dialog in shown:
        dialog.reset()
        dialog.deleteLater()


def _busy_dialog(label: str, parent: QWidget | None) -> QProgressDialog:
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle("Casefile")
    dialog.setLabelText(label)
    dialog.setCancelButton(None)  # a half-done upgrade is rolled back, but cannot be stopped
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setAccessibleName("Opening the case file")
    dialog.show()
    return dialog
