"""A drop-down of one filter's values with their counts, where any number can be ticked.

Ticking two countries finds incidents in either, as `CaseFile.search` takes a list. A
click on a value ticks or unticks it and leaves the list open for more; Space does the
same from the keyboard. Choosing a value the usual way (Enter in the list, or the arrow
keys on the closed box) makes it the only one; "any" unticks them all.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QStandardItem,
    QStandardItemModel,
    QWheelEvent,
)
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

    def __init__(self, parent: QWidget | None = None, *, any_label: str = ANY):
        super().__init__(parent)
        self._any = any_label
        self._counted = True  # the values come with counts: one not among them has none
        self._quiet = False  # no chosen_changed while the values are relisted
        self._quiet_index = False  # the current row moves to follow the ticks
        self._pressed: int | None = None  # the row a click in the open list began on
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        # The default delegate of some styles draws no tick boxes in the list.
        self.setItemDelegate(QStyledItemDelegate(self))
        self.addItem(any_label, None)
        self._list_watched = False  # the open list's clicks and keys: see showPopup
        self.currentIndexChanged.connect(self._choose_only_current)

    # --- values ------------------------------------------------------------------------

    def set_values(self, values: list[tuple[Any, str, int | None]]) -> None:
        """List these (value, name, count or None) after "any", keeping what was ticked.

        A ticked value no longer among them stays listed and ticked, counted 0 (if the
        others are counted). The same values only take their new counts, so an open list
        keeps its cursor for Space.
        """
        chosen = self.chosen()
        listed = [value for value, _, _ in values]
        self._counted = any(count is not None for _, _, count in values)
        missing = 0 if self._counted else None
        wanted = [*values, *((v, str(v), missing) for v in chosen if v not in set(listed))]
        if [value for value, _, _ in wanted] == self._values():
            for row, (_, name, count) in enumerate(wanted, start=1):
                self._label(self._items.item(row), name, count)
            self._show_first_ticked(move=not self._list_open())
            return
        self._quiet = True
        try:
            self._items.removeRows(1, self._items.rowCount() - 1)
            for value, name, count in wanted:
                self._add(value, name, count)
            self._tick(chosen)
        finally:
            self._quiet = False

    def chosen(self) -> list[Any]:
        """The ticked values, in the order listed."""
        return [self.itemData(row) for row in self._ticked_rows()]

    def choose(self, values: list[Any]) -> None:
        """Tick exactly these values (listing any not yet listed), as a saved search says."""
        listed = set(self._values())
        for value in values:
            if value not in listed:
                self._add(value, str(value), 0 if self._counted else None)
        self._tick(values)

    def summary(self) -> str:
        """What the closed box shows: "any", the one value, or how many and their names.

        "2: Tajikistan – TJ, Afghanistan – AF"; one value shows with its count.
        """
        rows = self._ticked_rows()
        if len(rows) < 2:
            return self.itemText(rows[0]) if rows else self._any
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

    def _add(self, value: Any, name: str, count: int | None) -> None:
        item = QStandardItem()
        self._label(item, name, count)
        item.setData(value, Qt.ItemDataRole.UserRole)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self._items.appendRow(item)

    @staticmethod
    def _label(item: QStandardItem, name: str, count: int | None) -> None:
        item.setText(name if count is None else f"{name} ({count:,})")
        item.setData(name, _NAME)

    def _tick(self, values: list[Any]) -> None:
        """Tick exactly `values`; `chosen_changed` fires if that changes what is ticked."""
        before = self.chosen()
        wanted = set(values)
        for row in range(1, self._items.rowCount()):
            item = self._items.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self._show_first_ticked(move=not self._list_open())
        if self.chosen() != before and not self._quiet:
            self.chosen_changed.emit()

    def _toggle(self, row: int) -> None:
        item = self._items.item(row)
        chosen = set(self.chosen())
        value = item.data(Qt.ItemDataRole.UserRole)
        chosen ^= {value}
        self._tick([v for v in self._values() if v in chosen])

    def _show_first_ticked(self, *, move: bool = True) -> None:
        """Make the first ticked row current (where the list opens), unless not to `move`.

        The tip and the description for screen readers name every ticked value.
        """
        rows = self._ticked_rows()
        if move:
            was, self._quiet_index = self._quiet_index, True
            try:
                self.setCurrentIndex(rows[0] if rows else 0)
            finally:
                self._quiet_index = was
        self.setToolTip(", ".join(self.itemText(r) for r in rows))
        self.setAccessibleDescription(self.summary())
        self.update()

    def _choose_only_current(self, row: int) -> None:
        if self._quiet_index or row < 0:
            return
        self._tick([] if row == 0 else [self.itemData(row)])

    # --- ticking in the open list ------------------------------------------------------

    def _list_open(self) -> bool:
        return self._list_watched and self.view().isVisible()

    def showPopup(self) -> None:
        """Open the list; the release of the click that opened it ticks nothing."""
        self._pressed = None
        if not self._list_watched:
            # Watched from its first opening, not from the start: the list's view is of a
            # class private to Qt, and handing it to Python the first time made PySide load
            # forty classes and their enums before the window's first paint (issue #16).
            self._list_watched = True
            self.view().viewport().installEventFilter(self)
            self.view().installEventFilter(self)
        super().showPopup()

    def hidePopup(self) -> None:
        """Close the list; the box shows the first ticked value as its current one."""
        super().hidePopup()
        self._show_first_ticked()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Turn the wheel through single values only on a box that has the focus.

        A wheel meant for the panel must not change a filter, nor one that turning would
        cut from several ticked values to one.
        """
        if self.hasFocus() and len(self.chosen()) < 2:
            super().wheelEvent(event)
        else:
            event.ignore()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the list open while values are ticked with the mouse or Space."""
        if watched is self.view().viewport():
            kind = event.type()
            if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                assert isinstance(event, QMouseEvent)
                self._pressed = self.view().indexAt(event.position().toPoint()).row()
            elif kind == QEvent.Type.MouseButtonRelease and self._pressed is not None:
                assert isinstance(event, QMouseEvent)
                index = self.view().indexAt(event.position().toPoint())
                began, self._pressed = self._pressed, None
                return index.row() == began and self._clicked(index)
        elif watched is self.view() and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space:
                return self._clicked(self.view().currentIndex())
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose_only(self.view().currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _clicked(self, index: QModelIndex) -> bool:
        """Tick or untick a value and keep the list open; "any" clears and closes it."""
        if not index.isValid():
            return False
        if index.row() == 0:
            self._choose_only(index)
        else:
            self._toggle(index.row())
        return True

    def _choose_only(self, index: QModelIndex) -> None:
        """Make the value at `index` the only one ("any": none) and close the list."""
        if index.isValid():
            self._tick([] if index.row() == 0 else [self.itemData(index.row())])
        self.hidePopup()

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
