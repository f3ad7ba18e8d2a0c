"""The incident list's header: the title's share of the width, widths remembered, and a sort
arrow that points the way the rows go."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

import casefile
from ui import settings
from ui.incident_table import COLUMNS
from ui.list_header import ELIDABLE, TITLE, TITLE_SHARE
from ui.main_window import MainWindow
from ui.worker import Worker


def test_at_1000_px_the_title_takes_the_spare_width(qtbot: QtBot, demo_window: MainWindow) -> None:
    demo_window.resize(1000, 700)
    demo_window.search_box.setText("border")
    qtbot.waitUntil(lambda: demo_window.model.searching and demo_window.model.rowCount() == 4)
    header = demo_window.table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(len(COLUMNS))]
    assert widths[TITLE] == max(widths), widths
    # Before: ~120 px of a ~500 px list, the place and event type as wide.
    assert widths[TITLE] >= 0.3 * demo_window.table.viewport().width(), widths
    for column in range(len(COLUMNS)):
        if column not in (TITLE, *ELIDABLE):  # dates, numbers, statuses stay whole
            assert widths[column] >= demo_window.table.sizeHintForColumn(column), column


def test_a_wide_list_fits_every_column_and_shortens_only_what_the_title_needs(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    demo_window.resize(1900, 900)
    qtbot.waitUntil(lambda: demo_window.table.viewport().width() > 1000)
    table, header = demo_window.table, demo_window.table.horizontalHeader()
    title_room = header.sectionSize(TITLE) >= TITLE_SHARE * table.viewport().width() - 2
    for column in range(len(COLUMNS)):
        if column in ELIDABLE:
            assert header.sectionSize(column) >= table.sizeHintForColumn(column) or title_room
        elif column != TITLE:
            assert header.sectionSize(column) >= table.sizeHintForColumn(column)
    # The widest gives way first: a shortened column is never narrower than another one.
    widths = {c: header.sectionSize(c) for c in ELIDABLE}
    for column, width in widths.items():
        if width < table.sizeHintForColumn(column):
            assert width >= max(widths.values()) - 1, widths


def test_a_width_the_user_chose_is_kept_across_a_restart(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker, demo_window: MainWindow
) -> None:
    place = next(i for i, c in enumerate(COLUMNS) if c.header == "Place")
    demo_window.table.horizontalHeader().resizeSection(place, 211)  # as a drag of its edge
    assert settings.column_widths() == {"Place": 211}
    demo_window.close()
    again = MainWindow(worker)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.model.loaded):
        again.show()
    assert again.table.horizontalHeader().sectionSize(place) == 211
    again.list_header.forget_widths()
    assert settings.column_widths() == {}


def arrow_rows(image: QImage, left: int, right: int) -> list[int]:
    """How many dark pixels each row of a strip holds, for the rows that hold any."""
    background = image.pixelColor(right - 2, 2).lightness()
    rows = []
    for y in range(2, image.height() - 2):  # inside the header's border lines
        dark = sum(
            1 for x in range(left, right) if image.pixelColor(x, y).lightness() < background - 60
        )
        if dark:
            rows.append(dark)
    return rows


def test_the_date_arrow_points_down_when_the_newest_is_on_top(demo_window: MainWindow) -> None:
    header = demo_window.table.horizontalHeader()
    for order, down in ((Qt.SortOrder.DescendingOrder, True), (Qt.SortOrder.AscendingOrder, False)):
        header.setSortIndicator(0, order)
        image = header.grab().toImage()
        right = header.sectionViewportPosition(0) + header.sectionSize(0) - 3
        rows = arrow_rows(image, right - 16, right)  # the arrow, right of the title
        assert len(rows) >= 3, rows
        wide_top = rows[0] > rows[-1]
        assert wide_top == down, (order, rows)
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    first, last = demo_window.model.row_at(0), demo_window.model.row_at(3)
    assert first is not None and last is not None
    assert first.event_date >= last.event_date  # newest on top, as the arrow says
