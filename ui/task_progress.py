"""The status-bar progress bar and Cancel button for long work running on the worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ui.worker import Task

SHOW_AFTER_MS = 150  # quick work finishes before a bar would flash up


class TaskProgress(QWidget):
    """Shows the oldest unfinished labelled task; unlabelled ones (page loads) stay silent."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tasks: list[Task[Any]] = []
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Progress")
        self.bar.setMaximumWidth(200)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel the running task")
        self.cancel_button.setToolTip("Stop this task; nothing it did is kept")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self._delay = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._delay.timeout.connect(self._update)
        self.hide()

    def track(self, task: Task[Any]) -> None:
        """Follow a task the worker started, if it has a label."""
        if not task.label:
            return
        self.tasks.append(task)
        # Progress is emitted on the worker thread; queue it to this (main) thread.
        task.progressed.connect(
            lambda done, total, task=task: self._progressed(task, done, total),
            Qt.ConnectionType.QueuedConnection,
        )
        task.finished.connect(lambda task=task: self._finished(task))
        self._delay.start()

    @property
    def current(self) -> Task[Any] | None:
        """The task the bar shows."""
        return self.tasks[0] if self.tasks else None

    def cancel(self) -> None:
        """Ask the shown task to stop."""
        task = self.current
        if task is not None:
            task.cancel()
            self.label.setText(f"Cancelling {task.label.lower()}…")
            self.cancel_button.setEnabled(False)

    def _progressed(self, task: Task[Any], done: int, total: int) -> None:
        if task is self.current and not task.cancelled:
            self.bar.setRange(0, max(total, 0))
            self.bar.setValue(min(done, total))

    def _finished(self, task: Task[Any]) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        self._update()

    def _update(self) -> None:
        task = self.current
        if task is None:
            self.hide()
            return
        if task.cancelled:
            self.label.setText(f"Cancelling {task.label.lower()}…")
        else:
            self.label.setText(f"{task.label}…")
            self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(not task.cancelled)
        self.show()
