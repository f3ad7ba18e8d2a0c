"""The guard against PySide6 dropping references to None, True and False (ui.pyside_fixes)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

import casefile
from tests.conftest import add_incidents
from ui import pyside_fixes
from ui.incident_table import IncidentTableModel
from ui.match_cell import MatchDelegate
from ui.worker import Worker

SAFE = pyside_fixes.HEADROOM // 2  # a count no session could bring down to zero
SLACK = 1_000  # references other objects may let go of meanwhile; a leak loses far more


class Blank(QAbstractListModel):
    """One row with nothing in it: every data() call returns None."""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        return None


def dropped(value: object, call: Callable[[], object], times: int = 100) -> int:
    """References to `value` lost over `times` calls, measured without the module under test."""
    before = sys.getrefcount(value)
    for _ in range(times):
        call()
    return before - sys.getrefcount(value)


def survives(value: object, before: int) -> bool:
    """Hardly anything was lost, or the count has the headroom apply() gives a leaking object."""
    now = sys.getrefcount(value)
    return now > SAFE or now >= before - SLACK


def test_the_probes_find_the_none_leak_of_this_pyside(qapp: QApplication) -> None:
    model = Blank()
    index = model.index(0, 0)
    if dropped(None, index.data) <= 0:
        pytest.skip("this PySide6 (or Python) keeps None's count: nothing to work around")
    assert pyside_fixes.none_leaks()
    assert sys.getrefcount(None) > SAFE  # ui.worker applied the fix on import


def test_the_probes_find_the_emit_leak_of_this_pyside(qapp: QApplication) -> None:
    probe = pyside_fixes._Probe()
    signal = probe.ping
    if dropped(True, signal.emit) + dropped(False, signal.emit) <= 0:
        pytest.skip("this PySide6 (or Python) keeps the bools' counts: nothing to work around")
    assert pyside_fixes.emit_leaks()
    assert min(sys.getrefcount(True), sys.getrefcount(False)) > SAFE


def test_the_probes_give_back_what_they_take(qapp: QApplication) -> None:
    pyside_fixes.emit_leaks(), pyside_fixes.none_leaks()  # the first calls warm caches
    before = [sys.getrefcount(value) for value in (None, True, False)]
    pyside_fixes.emit_leaks(), pyside_fixes.none_leaks()
    after = [sys.getrefcount(value) for value in (None, True, False)]
    assert all(now >= was for now, was in zip(after, before, strict=True))


def test_apply_is_idempotent(qapp: QApplication) -> None:
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    pyside_fixes.apply()
    pyside_fixes.apply()
    assert (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)) == before


def test_many_none_returns_from_a_model_leave_none_alive(qapp: QApplication) -> None:
    pyside_fixes.apply()
    model = Blank()
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(100_000):  # ~3x the references None has when the app starts
        assert index.data(Qt.ItemDataRole.UserRole) is None
    assert survives(None, before)


def test_the_search_list_repaints_many_times(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker
) -> None:
    """The list and Title delegate the window uses; unguarded, ~65 repaints used to abort."""
    add_incidents(cf, 40)
    model = IncidentTableModel(worker, page_size=50)
    with qtbot.waitSignal(model.loaded):
        model.show_search(cf.find.search_page("gathering"))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(1, MatchDelegate(view))
    view.resize(480, 240)
    view.show()
    bar = view.verticalScrollBar()
    before = sys.getrefcount(None)
    for n in range(200):
        bar.setValue(n * 7 % (bar.maximum() + 1))
        assert not view.viewport().grab().isNull()
    assert model.rowCount() == 40
    assert survives(None, before)
