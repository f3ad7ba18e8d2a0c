"""A drop-down of one filter's values with their counts, where any number can be ticked.

Ticking two countries finds incidents in either, as `CaseFile.search` takes a list. A
click on a value ticks or unticks it and leaves the list open for more; Space does the
same from the keyboard. Choosing a value the usual way (Enter, or arrow keys on the
closed box) makes it the only one; "any" unticks them all.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

ANY = "any"
_NAME = Qt.ItemDataRole.UserRole + 1  # a value's label without its count


class FacetCombo(QComboBox):
    """The values of one facet, "any" first; `chosen()` lists the ticked ones."""

    chosen_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False  # no chosen_changed while the values are relisted
        self._quiet_index = False  # the current row moves to follow the ticks
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        # The default delegate of some styles draws no tick boxes in the list.
        self.setItemDelegate(QStyledItemDelegate(self))
        self.addItem(ANY, None)
        self.view().viewport().installEventFilter(self)
        self.view().installEventFilter(self)
        self.currentIndexChanged.connect(self._choose_only_current)

    # --- values ------------------------------------------------------------------------

    def set_values(self, values: list[tuple[Any, str, int]]) -> None:
        """List these (value, name, count) after "any", keeping what was ticked.

        A ticked value no longer among them stays listed and ticked, counted 0.
        """
        chosen = self.chosen()
        self._quiet = True
        try:
            self._items.removeRows(1, self._items.rowCount() - 1)
            for value, name, count in values:
                self._add(value, name, count)
            listed = {value for value, _, _ in values}
            for value in chosen:
                if value not in listed:
                    self._add(value, str(value), 0)
            self._tick(chosen)
        finally:
            self._quiet = False

    def chosen(self) -> list[Any]:
        """The ticked values, in the order listed."""
        return [
            self._items.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(1, self._items.rowCount())
            if self._items.item(row).checkState() == Qt.CheckState.Checked
        ]

    def choose(self, values: list[Any]) -> None:
        """Tick exactly these values (listing any not yet listed), as a saved search says."""
        listed = set(self._values())
        for value in values:
            if value not in listed:
                self._add(value, str(value), 0)
        self._tick(values)

    def summary(self) -> str:
        """What the closed box shows: "any", the one value, or how many and their names.

        "2: Tajikistan – TJ, Afghanistan – AF"; one value shows with its count.
        """
        rows = self._ticked_rows()
        if len(rows) < 2:
            return self.itemText(rows[0]) if rows else ANY
        names = (str(self._items.item(row).data(_NAME)) for row in rows)
        return f"{len(rows)}: {', '.join(names)}"

    def _values(self) -> list[Any]:
        return [self.itemData(row) for row in range(1, self.count())]

    def _ticked_rows(self) -> list[int]:
        return [
            row
            for row in range(1, self._items.rowCount())
            if self._items.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _add(self, value: Any, name: str, count: int) -> None:
        item = QStandardItem(f"{name} ({count:,})")
        item.setData(value, Qt.ItemDataRole.UserRole)
        item.setData(name, _NAME)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self._items.appendRow(item)

    def _tick(self, values: list[Any]) -> None:
        """Tick exactly `values`; `chosen_changed` fires if that changes what is ticked."""
        before = self.chosen()
        wanted = set(values)
        for row in range(1, self._items.rowCount()):
            item = self._items.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self._show_first_ticked()
        if self.chosen() != before and not self._quiet:
            self.chosen_changed.emit()

    def _toggle(self, row: int) -> None:
        item = self._items.item(row)
        chosen = set(self.chosen())
        value = item.data(Qt.ItemDataRole.UserRole)
        chosen ^= {value}
        self._tick([v for v in self._values() if v in chosen])

    def _show_first_ticked(self) -> None:
        # The current row is where the list opens and what the tooltip names.
        rows = self._ticked_rows()
        was, self._quiet_index = self._quiet_index, True
        try:
            self.setCurrentIndex(rows[0] if rows else 0)
        finally:
            self._quiet_index = was
        self.setToolTip(", ".join(self.itemText(r) for r in rows))
        self.update()

    def _choose_only_current(self, row: int) -> None:
        if self._quiet_index or row < 0:
            return
        self._tick([] if row == 0 else [self.itemData(row)])

    # --- ticking in the open list ------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the list open while values are ticked with the mouse or Space."""
        if watched is self.view().viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            return self._clicked(self.view().indexAt(event.position().toPoint()))
        if watched is self.view() and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space:
                return self._clicked(self.view().currentIndex())
        return super().eventFilter(watched, event)

    def _clicked(self, index: QModelIndex) -> bool:
        """Tick or untick a value and keep the list open; "any" clears and closes it."""
        if not index.isValid():
            return False
        if index.row() == 0:
            self._tick([])
            self.hidePopup()
        else:
            self._toggle(index.row())
        return True

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the box with `summary()`: several ticked values are one line of text."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        # Several names run long in a narrow panel: cut at the end, with an ellipsis.
        option.currentText = self.fontMetrics().elidedText(
            self.summary(), Qt.TextElideMode.ElideRight, field.width()
        )
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
