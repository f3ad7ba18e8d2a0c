"""The filter panel: facet values with counts, filters narrowing the list, clearing them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from casefile import errors
from ui.filter_panel import FilterPanel
from ui.main_window import MainWindow


def items(combo: QComboBox) -> list[str]:
    """A combo box's item texts, top to bottom."""
    return [combo.itemText(i) for i in range(combo.count())]


def choose(combo: QComboBox, value: str) -> None:
    """Pick the item whose value (not label) is `value`."""
    index = combo.findData(value)
    assert index >= 0, items(combo)
    combo.setCurrentIndex(index)


def test_each_value_shows_how_many_incidents_it_leaves(demo_window: MainWindow) -> None:
    combos = demo_window.filter_panel.combos
    assert items(combos["event_type"]) == [
        "any",
        "Battles (2)",
        "Explosions/Remote violence (1)",
        "Violence against civilians (1)",
    ]
    assert items(combos["status"]) == ["any", "reviewed (3)", "draft (1)"]


def test_a_filter_narrows_the_list_and_the_counts_follow(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    combos = demo_window.filter_panel.combos
    choose(combos["event_type"], "Battles")
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 2)
    assert demo_window.result_label.text() == "2 found with 1 filter"
    # Other facets now count within the battles; its own facet still offers the others.
    qtbot.waitUntil(lambda: items(combos["sub_event_type"]) == ["any", "Armed clash (2)"])
    assert "Explosions/Remote violence (1)" in items(combos["event_type"])
    assert combos["event_type"].currentData() == "Battles"


def test_text_and_filters_combine(qtbot: QtBot, demo_window: MainWindow) -> None:
    demo_window.filter_panel.min_killed.setValue(5)
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 2)
    demo_window.search_box.setText("shohin")
    qtbot.waitUntil(lambda: demo_window.result_label.text() == "1 found for “shohin” with 1 filter")
    qtbot.waitUntil(lambda: demo_window.model.rowCount() == 1)  # the list loads after the label
    demo_window.filter_panel.min_killed.setValue(0)
    qtbot.waitUntil(lambda: demo_window.result_label.text() == "2 found for “shohin”")


def test_clearing_the_filters_lists_everything_again(qtbot: QtBot, demo_window: MainWindow) -> None:
    choose(demo_window.filter_panel.combos["status"], "draft")
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 1)
    demo_window.filter_panel.clear_button.click()
    qtbot.waitUntil(lambda: not demo_window.model.searching and demo_window.model.rowCount() == 4)
    assert not demo_window.result_label.isVisible()
    assert demo_window.filter_panel.filters() == {}
    qtbot.waitUntil(lambda: "draft (1)" in items(demo_window.filter_panel.combos["status"]))


def test_dates_are_optional_and_become_filters(qtbot: QtBot) -> None:
    panel = FilterPanel()
    qtbot.addWidget(panel)
    assert panel.filters() == {}
    with qtbot.waitSignal(panel.changed):
        panel.start.setDate(QDate(2025, 3, 1))
    assert panel.filters() == {"start": date(2025, 3, 1)}


def test_a_chosen_value_stays_when_its_count_falls_to_nothing(qtbot: QtBot) -> None:
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.set_filters({"actor": ["Border guards"], "end": "2025-01-31"})
    with qtbot.assertNotEmitted(panel.changed):
        panel.show_counts({"actor": [("Someone else", 3)]})
    assert items(panel.combos["actor"]) == ["any", "Someone else (3)", "Border guards (0)"]
    assert panel.filters() == {"actor": "Border guards", "end": date(2025, 1, 31)}


def test_a_value_too_long_for_the_panel_shows_whole_in_its_tip(qtbot: QtBot) -> None:
    panel = FilterPanel()
    qtbot.addWidget(panel)
    actor = panel.combos["actor"]
    panel.show_counts({"actor": [("Islamic State Khorasan Province (ISKP)", 2)]})
    assert actor.toolTip() == ""
    choose(actor, "Islamic State Khorasan Province (ISKP)")
    assert actor.toolTip() == "Islamic State Khorasan Province (ISKP) (2)"
    panel.show_counts({"actor": [("Islamic State Khorasan Province (ISKP)", 1)]})
    assert actor.toolTip() == "Islamic State Khorasan Province (ISKP) (1)"  # counts refreshed
    panel.clear()
    assert actor.toolTip() == ""


def _country_panel(
    qtbot: QtBot, names: dict[str, str] | None = None
) -> tuple[FilterPanel, QComboBox]:
    """A filter panel with three countries counted, TJ and AF named unless `names` says."""
    panel = FilterPanel()
    qtbot.addWidget(panel)
    named = {"TJ": "Tajikistan", "AF": "Afghanistan"} if names is None else names
    panel.show_counts({"country": [("TJ", 2), ("AF", 1), ("XK", 1)]}, {"country": named})
    return panel, panel.combos["country"]


def test_countries_show_by_name_and_filter_by_code(qtbot: QtBot) -> None:
    panel, combo = _country_panel(qtbot)
    assert items(combo) == ["any", "Tajikistan – TJ (2)", "Afghanistan – AF (1)", "XK (1)"]
    choose(combo, "TJ")
    assert panel.filters() == {"country": "TJ"}


class _SlowCounts:
    """Stands in for `cf.find.facets`: each count waits, "under way", until let go."""

    def __init__(self, facets: Callable[..., object]):
        self.facets = facets
        self.asked: list[Callable[[], bool]] = []  # each count's should_stop
        self.counting = threading.Event()
        self.go_on = threading.Event()

    def __call__(self, text: str, *, should_stop: Callable[[], bool], **filters: object) -> object:
        self.asked.append(should_stop)
        self.counting.set()
        self.go_on.wait(5)
        if should_stop():
            raise errors.Cancelled()
        return self.facets(text, **filters)


@pytest.fixture
def slow_counts(demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Iterator[_SlowCounts]:
    case = demo_window.worker.case
    slow = _SlowCounts(case.find.facets)
    monkeypatch.setattr(case.find, "facets", slow)
    yield slow
    slow.go_on.set()


def test_a_count_under_way_stops_when_a_newer_search_supersedes_it(
    qtbot: QtBot, demo_window: MainWindow, slow_counts: _SlowCounts
) -> None:
    demo_window.search_box.setText("border")
    qtbot.waitUntil(slow_counts.counting.is_set)
    first = slow_counts.asked[0]
    assert not first()
    demo_window.search_box.setText("drone")
    demo_window._run_search()  # now, not after the pause in typing
    assert first()  # the first count now stops at its next check
    slow_counts.go_on.set()
    qtbot.waitUntil(lambda: demo_window.result_label.text().endswith("for “drone”"))
    qtbot.waitUntil(lambda: len(slow_counts.asked) == 2 and not slow_counts.asked[1]())


def test_a_count_under_way_stops_when_the_panel_is_hidden(
    qtbot: QtBot, demo_window: MainWindow, slow_counts: _SlowCounts
) -> None:
    demo_window.search_box.setText("border")
    qtbot.waitUntil(slow_counts.counting.is_set)
    assert not slow_counts.asked[0]()
    demo_window.on_toggle_filters()
    assert slow_counts.asked[0]()


def _click_value(qtbot: QtBot, combo: QComboBox, row: int) -> None:
    """Click a row of the combo box's open list, as a user would."""
    view = combo.view()
    rect = view.visualRect(combo.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_several_values_can_be_ticked_and_any_of_them_is_found(qtbot: QtBot) -> None:
    panel, combo = _country_panel(qtbot)
    panel.show()
    combo.showPopup()
    with qtbot.waitSignal(panel.changed):
        _click_value(qtbot, combo, 1)
    with qtbot.waitSignal(panel.changed):
        _click_value(qtbot, combo, 2)
    assert combo.view().isVisible()  # still open for more
    assert panel.filters() == {"country": ["TJ", "AF"]}
    assert combo.summary() == "2: Tajikistan – TJ, Afghanistan – AF"
    assert combo.toolTip() == "Tajikistan – TJ (2), Afghanistan – AF (1)"
    _click_value(qtbot, combo, 1)  # unticked again
    assert panel.filters() == {"country": "AF"}
    _click_value(qtbot, combo, 0)  # "any" clears them all and closes the list
    assert panel.filters() == {}
    qtbot.waitUntil(lambda: not combo.view().isVisible())


def test_space_ticks_the_value_under_the_cursor(qtbot: QtBot) -> None:
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.show_counts({"status": [("reviewed", 3), ("draft", 1)]})
    combo = panel.combos["status"]
    panel.show()
    combo.showPopup()
    for row in (1, 2):
        combo.view().setCurrentIndex(combo.model().index(row, 0))
        qtbot.keyClick(combo.view(), Qt.Key.Key_Space)
    assert panel.filters() == {"status": ["reviewed", "draft"]}


def test_several_values_stay_ticked_as_counts_change(qtbot: QtBot) -> None:
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.set_filters({"tags": ["drone", "mining"]})
    with qtbot.assertNotEmitted(panel.changed):
        panel.show_counts({"tags": [("border post", 2), ("drone", 2)]})
    assert items(panel.combos["tags"]) == ["any", "border post (2)", "drone (2)", "mining (0)"]
    assert panel.filters() == {"tags": ["drone", "mining"]}
    choose(panel.combos["tags"], "border post")  # chosen the usual way: the only one
    assert panel.filters() == {"tags": "border post"}


def test_two_event_types_list_the_incidents_of_either(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    demo_window.filter_panel.set_filters({"event_type": ["Battles", "Violence against civilians"]})
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 3)
    assert demo_window.result_label.text() == "3 found with 1 filter"


def _open_country_list(qtbot: QtBot) -> tuple[FilterPanel, QComboBox]:
    panel, combo = _country_panel(qtbot, {})
    panel.show()
    combo.showPopup()
    return panel, combo


def test_the_release_of_the_click_that_opened_the_list_ticks_nothing(qtbot: QtBot) -> None:
    panel, combo = _open_country_list(qtbot)
    view = combo.view()
    where = view.visualRect(combo.model().index(1, 0)).center()
    with qtbot.assertNotEmitted(panel.changed):
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.isVisible() and panel.filters() == {}


def test_counts_relisted_while_the_list_is_open_keep_its_cursor(qtbot: QtBot) -> None:
    panel, combo = _open_country_list(qtbot)
    view = combo.view()
    view.setCurrentIndex(combo.model().index(3, 0))
    panel.show_counts({"country": [("TJ", 5), ("AF", 4), ("XK", 3)]})
    assert view.currentIndex().row() == 3
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert panel.filters() == {"country": "XK"}
    assert combo.itemText(3) == "XK (3)"


def test_enter_in_the_list_makes_a_value_the_only_one(qtbot: QtBot) -> None:
    panel, combo = _open_country_list(qtbot)
    panel.set_filters({"country": ["TJ", "AF"]})
    combo.showPopup()
    combo.view().setCurrentIndex(combo.model().index(1, 0))
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    assert panel.filters() == {"country": "TJ"}
    qtbot.waitUntil(lambda: not combo.view().isVisible())


def test_the_wheel_over_a_box_without_focus_changes_no_filter(qtbot: QtBot) -> None:
    panel, combo = _open_country_list(qtbot)
    combo.hidePopup()
    panel.set_filters({"country": ["TJ", "AF"]})
    with qtbot.assertNotEmitted(panel.changed):
        event = QWheelEvent(
            QPointF(5, 5),
            QPointF(combo.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(combo, event)
    assert panel.filters() == {"country": ["TJ", "AF"]}
    assert combo.accessibleDescription() == "2: TJ, AF"
