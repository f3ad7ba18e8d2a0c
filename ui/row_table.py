"""Editable tables over plain lists of dataclasses (actors, casualties, citations).

The rows stay plain values; `RowsModel` is only the thin Qt adapter that shows and edits
them, column by column, as described by `Column`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
Choice = tuple[str, Any]  # (label shown, value stored)


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: how to read and write its value on a row, and how it is edited."""

    title: str
    get: Callable[[R], Any]
    set: Callable[[R, Any], None] | None = None  # None: read-only
    choices: Callable[[R], Sequence[Choice]] | None = None
    completions: Callable[[], list[str]] | None = None
    editable: Callable[[R], bool] | None = None
    check: bool = False  # shown as a check box

    def label(self, row: R) -> str:
        """The text shown for this column's value on a row."""
        value = self.get(row)
        if self.choices is not None:
            return next((text for text, v in self.choices(row) if v == value), str(value or ""))
        return "" if value is None else str(value)


class RowsModel(QAbstractTableModel, Generic[R]):
    """A table model over a list of plain rows; `edited` fires after any change."""

    edited = Signal()

    def __init__(self, columns: Sequence[Column[R]], parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []

    def rows(self) -> list[R]:
        """Copies of the rows, safe to keep."""
        return [copy.deepcopy(r) for r in self._rows]

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (without firing `edited`: this is a load, not an edit)."""
        self.beginResetModel()
        self._rows = [copy.deepcopy(r) for r in rows]
        self.endResetModel()

    def append(self, row: R) -> QModelIndex:
        """Add a row at the end; returns the index of its first cell."""
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(row)
        self.endInsertRows()
        self.edited.emit()
        return self.index(at, 0)

    def remove(self, positions: Sequence[int]) -> None:
        """Remove the rows at these positions."""
        for at in sorted(set(positions), reverse=True):
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._rows[at]
            self.endRemoveRows()
        if positions:
            self.edited.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Column titles; rows are numbered."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return str(section + 1)

    def data(self, index: Index, role: int = 0) -> Any:
        """Label for display, raw value for editing, check state for check columns."""
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if column.check:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if column.get(row) else Qt.CheckState.Unchecked
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,  # the whole text where the cell cuts it short
        ):
            return column.label(row)
        if role == Qt.ItemDataRole.EditRole:
            value = column.get(row)
            # An unset text gets a text editor, not Qt's guess for an empty value.
            return "" if value is None and column.choices is None else value
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Editable where the column has a setter and the row allows it."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        row, column = self._rows[index.row()], self.columns[index.column()]
        if column.set is None or (column.editable is not None and not column.editable(row)):
            return base
        if column.check:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Write a value; the whole row is refreshed, as one field can change another."""
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.set is None:
            return False
        if column.check:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        column.set(self._rows[index.row()], value)
        left, right = self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1)
        self.dataChanged.emit(left, right)
        self.edited.emit()
        return True


class ColumnDelegate(QStyledItemDelegate):
    """Edits choice columns with a combo box and text columns with completion when given."""

    def __init__(self, model: RowsModel[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model

    def _column(self, index: Index) -> Column[Any]:
        return self._model.columns[index.column()]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo box, a line edit with completion, or Qt's default editor."""
        column = self._column(index)
        row = self._model._rows[index.row()]
        if column.choices is not None:
            combo = QComboBox(parent)
            for text, value in column.choices(row):
                combo.addItem(text, value)
            combo.setAccessibleName(column.title)
            return combo
        if column.completions is not None:
            edit = QLineEdit(parent)
            completer = QCompleter(column.completions(), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
            edit.setAccessibleName(column.title)
            return edit
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(column.title)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the current value in a combo box."""
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            found = next((i for i in range(editor.count()) if editor.itemData(i) == value), 0)
            editor.setCurrentIndex(found)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        """Store the chosen value of a combo box."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class RowsTable(QWidget):
    """A table of rows with Add and Remove buttons; Insert and Delete keys do the same."""

    def __init__(
        self,
        columns: Sequence[Column[Any]],
        new_row: Callable[[], Any | None],
        *,
        name: str,
        item: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.model: RowsModel[Any] = RowsModel(columns, self)
        self._new_row = new_row
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ColumnDelegate(self.model, self.view))
        self.view.setAccessibleName(name)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        self.add_button = QPushButton(f"&Add {item}", self)
        self.add_button.setAccessibleName(f"Add to {name}")
        self.remove_button = QPushButton("Re&move", self)
        self.remove_button.setAccessibleName(f"Remove selected from {name}")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        self.view.installEventFilter(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Insert adds a row and Delete removes the selected ones, while the table has focus."""
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Insert:
                self.add()
                return True
            editing = self.view.state() == QAbstractItemView.State.EditingState
            if key == Qt.Key.Key_Delete and not editing:
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)

    def add(self) -> None:
        """Add a new row and start editing its first cell."""
        row = self._new_row()
        if row is None:
            return
        index = self.model.append(row)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        self.model.remove([i.row() for i in self.view.selectionModel().selectedRows()])

    def fit_columns(self, widths: Sequence[int]) -> None:
        """Give columns starting widths (in font-relative units of one average character)."""
        unit = self.fontMetrics().averageCharWidth()
        for column, width in enumerate(widths):
            self.view.setColumnWidth(column, width * unit)
