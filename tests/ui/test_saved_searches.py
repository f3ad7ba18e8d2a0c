"""Saved searches from the Search menu: saving with a name, rerunning, deleting."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

import casefile
from tests.ui.test_filter_panel import choose
from ui.main_window import MainWindow


def test_a_saved_search_reruns_with_its_text_and_filters(
    qtbot: QtBot, cf: casefile.CaseFile, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Battles", True))
    choose(demo_window.filter_panel.combos["event_type"], "Battles")
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 2)
    demo_window.actions.save_search.trigger()
    menus = demo_window.saved_searches
    qtbot.waitUntil(lambda: [a.text() for a in menus.run_menu.actions()] == ["Battles"])
    assert [(s.name, s.query, s.filters) for s in cf.saved_searches.all()] == [
        ("Battles", "", {"event_type": ["Battles"]})
    ]

    demo_window.on_show_all()
    qtbot.waitUntil(lambda: not demo_window.model.searching and demo_window.model.rowCount() == 4)
    menus.run_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 2)
    assert demo_window.filter_panel.combos["event_type"].currentData() == "Battles"
    assert demo_window.result_label.text() == "2 found with 1 filter"


def test_a_saved_search_keeps_every_ticked_value(
    qtbot: QtBot, cf: casefile.CaseFile, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Two kinds", True))
    kinds = demo_window.filter_panel.combos["event_type"]
    kinds.choose(["Battles", "Violence against civilians"])
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 3)
    demo_window.actions.save_search.trigger()
    # The menu lists it once the save is done and the list read again, both on the worker.
    qtbot.waitUntil(lambda: bool(demo_window.saved_searches.run_menu.actions()))
    assert cf.saved_searches.all()[0].filters == {
        "event_type": ["Battles", "Violence against civilians"]
    }
    demo_window.on_show_all()
    qtbot.waitUntil(lambda: not demo_window.model.searching and demo_window.model.rowCount() == 4)
    # The menu is filled by a read on the worker after the save: wait for it, not the file.
    qtbot.waitUntil(lambda: bool(demo_window.saved_searches.run_menu.actions()))
    demo_window.saved_searches.run_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 3)
    assert kinds.chosen() == ["Battles", "Violence against civilians"]


def _delete_a_saved_search(qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow) -> None:
    """Save "Drones", then delete it from the Search menu; wait until the menu is empty."""
    cf.saved_searches.save(name="Drones", query="drone")
    window.saved_searches.reload()
    menus = window.saved_searches
    qtbot.waitUntil(lambda: [a.text() for a in menus.delete_menu.actions()] == ["Drones"])
    menus.delete_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: not menus.run_menu.actions())


def test_deleting_a_saved_search_takes_it_off_the_menu(
    qtbot: QtBot, cf: casefile.CaseFile, demo_window: MainWindow
) -> None:
    _delete_a_saved_search(qtbot, cf, demo_window)
    assert not demo_window.saved_searches.run_menu.isEnabled()
    assert cf.saved_searches.all() == []


def test_a_cancelled_name_saves_nothing(
    qtbot: QtBot, cf: casefile.CaseFile, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("", False))
    demo_window.actions.save_search.trigger()
    qtbot.waitUntil(lambda: not demo_window.worker.busy)
    assert cf.saved_searches.all() == []


def test_undo_and_redo_of_a_delete_keep_the_menu_in_step(
    qtbot: QtBot, cf: casefile.CaseFile, demo_window: MainWindow
) -> None:
    _delete_a_saved_search(qtbot, cf, demo_window)
    menus = demo_window.saved_searches
    qtbot.waitUntil(lambda: demo_window.actions.undo.isEnabled())
    demo_window.actions.undo.trigger()
    qtbot.waitUntil(lambda: [a.text() for a in menus.run_menu.actions()] == ["Drones"])
    demo_window.actions.redo.trigger()
    qtbot.waitUntil(lambda: not menus.run_menu.actions())
