"""Work left until a view has painted runs once, after the paint or at the latest in time."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.painted import AfterPaint


def test_the_work_runs_after_the_paint(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    AfterPaint(widget, lambda: calls.append("run"))
    widget.show()
    qtbot.waitUntil(lambda: calls == ["run"])


def test_a_widget_that_never_paints_runs_it_at_the_latest(qtbot: QtBot) -> None:
    widget = QWidget()  # never shown, as a window started minimized
    qtbot.addWidget(widget)
    calls: list[str] = []
    AfterPaint(widget, lambda: calls.append("run"), at_latest_ms=20)
    qtbot.waitUntil(lambda: calls == ["run"])


def test_the_paint_and_the_time_limit_run_it_once(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    AfterPaint(widget, lambda: calls.append("run"), at_latest_ms=50)
    widget.show()
    qtbot.waitUntil(lambda: calls == ["run"])
    qtbot.wait(150)  # the time limit has passed too
    widget.update()
    qtbot.wait(50)
    assert calls == ["run"]
