"""Work the first view does not need, run once that view has painted (issue #16)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Call `then` once, just after `widget`'s next paint (the widget's child, gone with it).

    A timer alone would not do: a zero-delay timer set when rows arrive can fire before
    the view paints them, and a read it starts on the worker then slows that paint.
    """

    def __init__(self, widget: QWidget, then: Callable[[], None]):
        super().__init__(widget)
        self.widget = widget
        self.then = then
        widget.installEventFilter(self)
        widget.update()  # a paint is coming even if nothing else asked for one

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the paint, step aside and queue the call after it."""
        if event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        self.deleteLater()
        self.then()
