"""Work the first view does not need, run once that view has painted (issue #16)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Call `then` once, just after `widget`'s next paint (the widget's child, gone with it).

    A timer alone would not do: a zero-delay timer set when rows arrive can fire before
    the view paints them, and a read it starts on the worker then slows that paint. With
    `at_latest_ms`, `then` runs after that long if no paint came first (a window started
    minimized paints nothing).
    """

    def __init__(
        self, widget: QWidget, then: Callable[[], None], *, at_latest_ms: int | None = None
    ):
        super().__init__(widget)
        self.widget = widget
        self.then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        widget.update()  # a paint is coming even if nothing else asked for one
        self._at_latest = QTimer(self, singleShot=True)
        self._at_latest.timeout.connect(self._run)
        if at_latest_ms is not None:
            self._at_latest.start(at_latest_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the paint, step aside and queue the call after it."""
        if event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            self._at_latest.start(0)
        return False

    def _run(self) -> None:
        # Once, whichever of the paint and the time limit comes first. Kept, not deleted
        # here: deleting it from its own timer's signal crashed this PySide6 (a test).
        then, self.then = self.then, None
        if then is None:
            return
        self._at_latest.stop()
        self.widget.removeEventFilter(self)
        then()
