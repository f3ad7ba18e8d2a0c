"""Locking the window of an encrypted case after a chosen idle time, until its passphrase is given.

While locked, a cover hides the whole window (menus included), the other windows of the
case are hidden, the window's commands are disabled and the plain copies made for other
programs are deleted; the passphrase (or recovery key) is checked against the case's key
file off the UI thread.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from casefile import CasefileError
from casefile.protect import keys
from ui.passphrase import ask_passphrase


class LockableWindow(Protocol):
    """What the lock needs of the main window (which imports this module)."""

    worker: Any
    actions: Any

    def open_windows(self) -> list[QWidget]: ...
    def menuBar(self) -> Any: ...
    def rect(self) -> Any: ...
    def setWindowTitle(self, title: str) -> None: ...
    def installEventFilter(self, watched: QObject) -> None: ...


SETTING = "lock_after_minutes"
DEFAULT_MINUTES = 10
_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def minutes() -> int:
    """The idle minutes after which an encrypted case locks (0: never)."""
    value = QSettings().value(SETTING, DEFAULT_MINUTES)
    try:
        return max(0, int(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_MINUTES


def set_minutes(value: int) -> None:
    """Remember the idle time chosen."""
    QSettings().setValue(SETTING, int(value))


class IdleLock(QObject):
    """Watches the application's input; locks the window when an encrypted case sits idle."""

    def __init__(self, window: LockableWindow):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.locked = False
        self.cover = QWidget(window)  # type: ignore[arg-type]
        self.cover.setAutoFillBackground(True)
        self.cover.setAccessibleName("Locked")
        label = QLabel("The case is locked.", self.cover)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton("&Unlock…", self.cover)
        self.unlock_button.clicked.connect(self.unlock)
        layout = QVBoxLayout(self.cover)
        layout.addStretch()
        layout.addWidget(label)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        self.cover.hide()
        self._hidden: list[QWidget] = []
        self._disabled: list[object] = []
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        self._watching = False
        window.installEventFilter(self)
        self.restart()

    def restart(self) -> None:
        """Count the idle time again from now (the window calls it on opening a file)."""
        worker = self.window.worker
        wait = minutes() if worker.is_open and worker.case.protect.encrypted else 0
        if wait and not self.locked:
            self.timer.start(wait * 60_000)
        else:
            self.timer.stop()
        self._watch(bool(wait))

    @property
    def watching(self) -> bool:
        """Whether the app's input is watched (an encrypted case, with a time to lock after)."""
        return self._watching

    def _watch(self, watching: bool) -> None:
        # Every event of every object in the app passes an application-wide filter, and
        # PySide gives each its Python type: the first events of the first paint loaded
        # every Qt class PySide had left unloaded (and 150 enums; issue #16). So input is
        # watched only while a lock can come: an encrypted case, a time chosen.
        app = QApplication.instance()
        if app is None or watching == self._watching:
            return
        if watching:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = watching

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the count; the cover follows the window's size."""
        if event.type() in _INPUT and not self.locked and self.timer.isActive():
            self.timer.start()
        elif watched is self.window and event.type() == QEvent.Type.Resize:
            self.cover.setGeometry(self.window.rect())
        return False

    def lock(self) -> None:
        """Hide the case's content (an encrypted case only)."""
        if self.locked or not self.window.worker.case.protect.encrypted:
            return
        self.locked = True
        self.timer.stop()
        self.window.worker.remove_plain_copies()  # e-mail drafts, attachments opened
        self._hidden = [w for w in self.window.open_windows() if w.isVisible()]
        for other in self._hidden:
            other.hide()
        bar = self.window.menuBar()
        self._disabled = [a for a in self.window.actions.all() if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)  # type: ignore[attr-defined]
        bar.setEnabled(False)
        self.cover.setGeometry(self.window.rect())
        self.cover.show()
        self.cover.raise_()
        self.window.setWindowTitle(f"Locked — {self.window.worker.case.name}")

    def unlock(self) -> bool:
        """Ask for the passphrase; show the case again once it is right."""
        from ui.opening import off_thread

        problem = ""
        path = self.window.worker.case.path
        while self.locked:
            secret = ask_passphrase(
                f"{path.name} is locked. Type its passphrase (or its recovery key).",
                problem=problem,
                parent=self.window,
            )
            if secret is None:
                return False
            try:
                off_thread(lambda s=secret: keys.unlock(path, s), "Checking…", self.window)
            except CasefileError as exc:
                problem = str(exc)
                continue
            self._show()
        return True

    def _show(self) -> None:
        self.locked = False
        self.cover.hide()
        self.window.menuBar().setEnabled(True)
        for action in self._disabled:
            action.setEnabled(True)  # type: ignore[attr-defined]
        for other in self._hidden:
            other.show()
        self._hidden, self._disabled = [], []
        self.window.setWindowTitle(f"{self.window.worker.case.name} — Casefile")
        self.restart()
