"""File menu commands that protect the case: encrypt, decrypt, change the passphrase, lock.

A mixin of `MainWindow`. Converting a case rewrites the whole file, so the case is closed
(the worker stopped), converted off the UI thread, and opened again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from shiboken6 import isValid

from casefile import CasefileError
from casefile.protect import keys
from ui import idle_lock
from ui.errors import show_problem
from ui.opening import off_thread, open_case_file
from ui.passphrase import ask_passphrase, show_recovery_key
from ui.worker import Worker

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QStatusBar

    from ui.task_progress import TaskProgress

Conversion = Callable[[Path], str | None]
BACKUPS_KEPT = "backups_kept"


def backups_kept() -> int:
    """How many automatic backups of each case to keep (a setting; default 5)."""
    try:
        return max(1, int(QSettings().value(BACKUPS_KEPT, 5)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 5


class ProtectCommands:
    """Handlers for File ▸ Encryption…, Lock and Lock After Idle…."""

    worker: Worker
    windows: list[QWidget]
    progress: TaskProgress
    case_opened: SignalInstance
    idle: idle_lock.IdleLock

    if TYPE_CHECKING:

        def attach(self, worker: Worker) -> None: ...
        def open_windows(self) -> list[QWidget]: ...
        def statusBar(self) -> QStatusBar: ...

    @property
    def _me(self) -> QWidget:
        return cast("QWidget", self)

    def on_encryption(self) -> None:
        """Encrypt the case, or for an encrypted one change its passphrase or decrypt it."""
        from casefile.protect import encryption  # loaded when first asked for (issue #16)

        if self.progress.tasks:
            QMessageBox.information(
                self._me, "Casefile", "Wait for the running task to finish, or cancel it."
            )
            return
        case = self.worker.case
        if not case.protect.encrypted:
            new = ask_passphrase(
                f"Encrypt {case.name}: choose a passphrase (at least "
                f"{encryption.MIN_PASSPHRASE} characters).",
                confirm=True,
                parent=self._me,
            )
            if new is not None:
                self._convert("Encrypting", lambda p: encryption.encrypt(p, new), None, new)
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Encryption", f"{case.name} is encrypted.")
        change = box.addButton("Change &Passphrase…", QMessageBox.ButtonRole.AcceptRole)
        renew = box.addButton("New &Recovery Key…", QMessageBox.ButtonRole.AcceptRole)
        plain = box.addButton("&Decrypt…", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        chosen = box.clickedButton()
        if chosen not in (change, renew, plain):
            return
        current = self._current_secret()
        if current is None:
            return
        if chosen is plain:
            self._convert("Decrypting", lambda p: encryption.decrypt(p, current), current, None)
            return
        new = ask_passphrase("Choose the new passphrase.", confirm=True, parent=self._me)
        if new is not None:
            fresh = chosen is renew
            self._convert(
                "Changing the passphrase",
                lambda p: encryption.rekey(p, current, new, new_recovery=fresh),
                current,
                new,
            )

    def _current_secret(self) -> str | None:
        path = self.worker.case.path
        problem = ""
        while True:
            secret = ask_passphrase(
                "Type the current passphrase (or the recovery key).",
                problem=problem,
                parent=self._me,
            )
            if secret is None:
                return None
            try:
                off_thread(lambda s=secret: keys.unlock(path, s), "Checking…", self._me)
                return secret
            except CasefileError as exc:
                problem = str(exc)

    def _convert(self, label: str, work: Conversion, before: str | None, after: str | None) -> None:
        """Close the case, convert it off the UI thread, open it again (as it was on failure)."""
        if not all(window.close() for window in self.open_windows()):
            return
        path = self.worker.case.path
        old = self.worker
        old.shutdown()
        old.case.close()
        recovery = None
        try:
            recovery = off_thread(lambda: work(path), f"{label} {path.name}…", self._me)
            secret = after
        except CasefileError as exc:
            show_problem(exc, self._me)
            secret = before
        case = open_case_file(path, create=False, parent=self._me, passphrase=secret)
        self.windows.clear()
        self.attach(Worker(case))
        self.case_opened.emit(self.worker)
        if recovery:
            show_recovery_key(recovery, self._me)

    def back_up(self, *, if_due: bool = False) -> None:
        """Add an automatic backup on the worker (on opening, then once a day)."""
        keep = backups_kept()

        def done(made: Path | None) -> None:
            if made is not None and isValid(self._me):
                self.statusBar().showMessage(f"Backed up to {made.parent}", 5000)

        self.worker.run(lambda case, task: case.protect.backup(keep=keep, if_due=if_due), done=done)

    def on_lock(self) -> None:
        """Hide the case until its passphrase is given again (an encrypted case only)."""
        self.idle.lock()

    def on_lock_after(self) -> None:
        """Choose after how many idle minutes an encrypted case locks itself."""
        minutes, ok = QInputDialog.getInt(
            self._me,
            "Lock after idle",
            "Lock an encrypted case after this many idle minutes (0: never):",
            idle_lock.minutes(),
            0,
            24 * 60,
        )
        if ok:
            idle_lock.set_minutes(minutes)
            self.idle.restart()
