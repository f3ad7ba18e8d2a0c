"""Starting the desktop app: QApplication, logging, opening the case file, and smoke mode."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

import casefile
from casefile import CasefileError
from casefile.paths import resource
from casefile.protect import plain_copies
from ui import errors, fonts, preview, pyside_fixes
from ui.file_commands import CASE_FILTER
from ui.main_window import MainWindow
from ui.opening import open_case_file
from ui.painted import AfterPaint
from ui.worker import Worker

if TYPE_CHECKING:
    from casefile import CaseFile

SMOKE_TIMEOUT_MS = 120_000
BACKUP_CHECK_MS = 3_600_000
OPEN_AT_LATEST_MS = 500  # a window started minimized paints nothing: open the case anyway
ICON = resource("icons", "casefile.svg")
log = logging.getLogger(__name__)


def _process_age() -> float:
    """Seconds since this process started (Linux), so start-up time includes the imports."""
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, starttime
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


STARTED = time.perf_counter() - _process_age()


def elapsed_ms() -> int:
    """Milliseconds since the process started."""
    return round((time.perf_counter() - STARTED) * 1000)


def application(*, smoke: bool = False) -> QApplication:
    """The QApplication, named for QSettings, with the bundled fonts; Qt 6 follows the theme."""
    pyside_fixes.apply()  # before any model or view: this PySide6 may drop None, True, False
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Casefile")
    app.setOrganizationName("Casefile")
    app.setApplicationDisplayName("Casefile")
    app.setWindowIcon(QIcon(str(ICON)))
    fonts.register()
    if smoke:
        # A smoke run must not touch the user's recent files or window layout.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    return app


def open_case(path: Path, *, smoke: bool, create: bool = True) -> CaseFile | None:
    """Open the case file (making it if missing, with `create`); on a user error say why and
    offer another file (None: give up)."""
    while True:
        try:
            # As the command line does, the app takes the passphrase from the environment
            # when it is set there (a kiosk, a benchmark); otherwise it asks.
            given = os.environ.get("CASEFILE_PASSPHRASE") or None
            case = open_case_file(path, create=create, passphrase=given, interactive=not smoke)
        except (CasefileError, OSError) as exc:
            message = (
                str(exc) if isinstance(exc, CasefileError) else f"{path}: {exc.strerror or exc}"
            )
        else:
            _warn(case.warnings, smoke=smoke)
            return case
        if smoke:
            print(f"casefile: {message}", file=sys.stderr)
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, "Casefile", f"Cannot open {path.name}.")
        box.setInformativeText(message)
        other = box.addButton("Open &Another…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is not other:
            return None
        name, _ = QFileDialog.getOpenFileName(None, "Open case file", str(path.parent), CASE_FILTER)
        if not name:
            return None
        path = Path(name)


def _warn(warnings: list[str], *, smoke: bool) -> None:
    """Say what opening found amiss (a damaged -wal and what it may have lost)."""
    for warning in warnings:
        if smoke:
            print(f"casefile: warning: {warning}", file=sys.stderr)
        else:
            QMessageBox.warning(None, "Casefile", warning)


class FirstPaint(QObject):
    """Smoke mode: once the list has its first rows and has painted, print the time and quit.

    With `ready`, print it and go on until the case file is open and the window offers every
    command (the list may paint before: see ui/preview.py); print that time too, then quit.
    """

    def __init__(self, window: MainWindow, *, ready: bool = False):
        super().__init__(window)
        self.window = window
        self.ready = window.model.counted  # the first page may have been read at once
        self.fired = False
        self.wait_for_case = ready and not window.worker.is_open
        window.model.loaded.connect(self._loaded)
        window.table.viewport().installEventFilter(self)
        if self.wait_for_case:
            window.ready.connect(self._case_ready)

    def _loaded(self) -> None:
        self.ready = True
        self.window.table.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the first paint after the rows arrived; finish once it is done."""
        if self.ready and not self.fired and event.type() == QEvent.Type.Paint:
            self.fired = True
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        print(elapsed_ms(), flush=True)
        if not self.wait_for_case:
            self._quit()

    def _case_ready(self) -> None:
        self.wait_for_case = False
        if self.fired:
            print(f"ready {elapsed_ms()}", flush=True)
            self._quit()

    def _quit(self) -> None:
        self.window.stop_counting()  # begun after the paint: as quitting does, not waited for
        QApplication.exit(0)


def _smoke_timeout() -> None:
    print("casefile: the window did not paint its list in time", file=sys.stderr)
    QApplication.exit(2)


def _offer_drafts(window: MainWindow) -> None:
    # The editor offers back drafts left by a crash; imported here, after the first paint.
    from ui.drafts_recovery import offer_drafts

    window.windows.extend(offer_drafts(window.worker, window))  # closed on switching files


class QuitOnSignal(QObject):
    """SIGTERM (a logout, a shutdown) and SIGINT close the app as its Quit command does.

    Python runs a signal handler only between bytecodes, and never while Qt's loop waits;
    so the handler does nothing, and the byte Python writes to the wakeup socket wakes the
    loop through a QSocketNotifier. Closing then checkpoints the WAL and removes the side
    files, as a normal quit does.
    """

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._write.fileno())
        self._old = {sig: signal.signal(sig, _ignore) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        with contextlib.suppress(OSError):  # nothing to read: woken all the same
            self._read.recv(64)
        for window in self.window.open_windows():
            save = getattr(window, "write_draft", None)
            if save is not None:
                save()  # what an editor holds survives as a draft, offered at next start
        for task in self.window.progress.tasks:
            task.cancel()
        QApplication.exit(0)

    def restore(self) -> None:
        """Put back the signal handling found at start."""
        self.notifier.setEnabled(False)
        signal.set_wakeup_fd(self._old_fd)
        for sig, handler in self._old.items():
            signal.signal(sig, handler)
        self._read.close()
        self._write.close()


def _ignore(_signum: int, _frame: object) -> None:
    """The signal is handled on the event loop (`QuitOnSignal`)."""


def run(path: Path, *, smoke: bool = False, ready: bool = False) -> int:
    """Run the app on a case file until the window closes; in smoke mode, until first paint
    (with `ready`, until the case file is open and the window offers every command)."""
    app = application(smoke=smoke)
    errors.setup_logging()
    errors.install_excepthook(smoke=smoke)
    path = Path(path)
    early = preview.look(path)
    if early is not None:
        window = MainWindow(Worker(None), first=early.first_page, path=early.path)
    else:
        case = open_case(path, smoke=smoke)
        if case is None:
            return 1
        window = MainWindow(Worker(case))
    if smoke:
        FirstPaint(window, ready=ready)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, _smoke_timeout)
    else:
        # Plain copies of an encrypted case that an app killed could not delete.
        window.worker.run(lambda _case, _task: plain_copies.remove_leftovers())
        window.case_opened.connect(lambda _worker: _offer_drafts(window))
        # A backup on opening, then one a day while the app stays open (checked hourly).
        window.case_opened.connect(lambda _worker: window.back_up())
        if early is None:
            QTimer.singleShot(0, lambda: _offer_drafts(window))
            QTimer.singleShot(0, window.back_up)
        else:
            window.ready.connect(lambda: _offer_drafts(window))
            window.ready.connect(window.back_up)
        daily = QTimer(window, interval=BACKUP_CHECK_MS)
        daily.timeout.connect(lambda: window.back_up(if_due=True))
        daily.start()
    # A smoke run ends at the first page's paint, unless that page is left to the worker.
    if early is not None and (ready or not smoke or not window.model.counted):
        open_after_paint(window, early, smoke=smoke)
    quit_on_signal = QuitOnSignal(window)
    window.show()
    try:
        return app.exec()
    finally:
        quit_on_signal.restore()
        window.worker.shutdown()
        if window.worker.is_open:
            window.worker.case.close()
        if early is not None:
            early.release()  # the lock, when no case file took it (a smoke run, a failure)


def open_after_paint(window: MainWindow, early: preview.Preview, *, smoke: bool) -> AfterPaint:
    """Open the previewed case file once the first page has painted (loading the rest of
    Casefile meanwhile would hold that paint back), or after OPEN_AT_LATEST_MS without one."""
    return AfterPaint(
        window.table.viewport(),
        lambda: _open_later(window, early, smoke=smoke),
        at_latest_ms=OPEN_AT_LATEST_MS,
    )


def _open_later(window: MainWindow, early: preview.Preview, *, smoke: bool) -> None:
    """Open the previewed case file on the window's worker; on failure, as `open_case` does."""
    if window.worker.stopped:
        return

    def opener() -> CaseFile:
        return casefile.open(early.path, create=False, exclusive=True, lock=early.take_lock())

    def failed(exc: BaseException) -> None:
        # Said and handled as when opening first: the file is opened again the usual way
        # (another window may have it by now, it may need its passphrase, …); logged, as
        # the usual open may succeed where the worker's failed. Not made anew: a file gone
        # since the look is said to be missing, not replaced by an empty case.
        log.warning("Opening %s on the worker failed", early.path, exc_info=exc)
        window.hide()
        case = open_case(early.path, smoke=smoke, create=False)
        if case is None:
            QApplication.exit(1)
            return
        window.replace_worker(Worker(case))
        window.show()
        window.ready.emit()

    worker = window.worker
    worker.opened.connect(lambda: _warn(worker.case.warnings, smoke=smoke))
    worker.open_later(opener, failed)
