"""Small widgets for forms: optional dates and times, tags, validation messages, plain lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

# The one colour we set: a red that reads on both light and dark themes.
ERROR_COLOUR = "#e0443e"
DATE_FORMAT = "yyyy-MM-dd"


class ErrorLabel(QLabel):
    """A validation message shown under its field, hidden while there is none."""

    def __init__(self, field: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setAccessibleName(f"Problem with {field.replace('_', ' ')}")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str | None) -> None:
        """Show a message, or hide the label when there is none."""
        # The sign says "problem" to those who cannot tell the colour.
        self.setText(f"⚠ {message}" if message else "")
        self.setVisible(bool(message))


class FieldBox(QWidget):
    """A field widget with its validation message underneath."""

    def __init__(self, field: str, widget: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.widget = widget
        self.error = ErrorLabel(field, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self.error)
        self.setFocusProxy(widget)


def date_edit(name: str, parent: QWidget | None = None) -> QDateEdit:
    """A date field in ISO order with a calendar pop-up."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setAccessibleName(name)
    return edit


class OptionalDate(QWidget):
    """A date that may be unknown: a check box turns the date on."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.known = QCheckBox(self)
        self.known.setAccessibleName(f"{name} known")
        self.edit = date_edit(name, self)
        self.edit.setEnabled(False)
        self.edit.setDate(QDate.currentDate())
        self.known.toggled.connect(self.edit.setEnabled)
        self.known.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.known)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.known)

    def value(self) -> date | None:
        """The date, or None when unknown."""
        return self.edit.date().toPython() if self.known.isChecked() else None  # type: ignore[return-value]

    def set_value(self, value: date | None) -> None:
        """Show a date, or mark it unknown."""
        self.known.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class OptionalTime(QWidget):
    """A time of day that may be unknown."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.known = QCheckBox(self)
        self.known.setAccessibleName(f"{name} known")
        self.edit = QTimeEdit(self)
        self.edit.setDisplayFormat("HH:mm")
        self.edit.setAccessibleName(name)
        self.edit.setEnabled(False)
        self.known.toggled.connect(self.edit.setEnabled)
        self.known.toggled.connect(self.changed)
        self.edit.timeChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.known)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.known)

    def value(self) -> time | None:
        """The time, or None when unknown."""
        if not self.known.isChecked():
            return None
        t = self.edit.time()
        return time(t.hour(), t.minute())

    def set_value(self, value: time | None) -> None:
        """Show a time, or mark it unknown."""
        self.known.setChecked(value is not None)
        if value is not None:
            self.edit.setTime(QTime(value.hour, value.minute))


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the ones before it."""

    def splitPath(self, path: str) -> list[str]:
        """Complete only the last tag."""
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """The text with its last tag replaced by the completion."""
        done = self.widget().text().rsplit(",", 1)[0] if "," in self.widget().text() else ""  # type: ignore[union-attr]
        tag = super().pathFromIndex(index)
        return f"{done}, {tag}" if done else tag


class TagsEdit(QLineEdit):
    """Tags as comma-separated text, with completion from the tags already in use."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("comma-separated, e.g. border post, chinese nationals")
        self.setAccessibleName("Tags")
        self._completer = TagCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self._completer)

    def set_known(self, tags: list[str]) -> None:
        """The tags offered for completion."""
        self._completer.model().setStringList(tags)  # type: ignore[attr-defined]

    def tags(self) -> list[str]:
        """The tags typed, trimmed, without empties."""
        return [t.strip() for t in self.text().split(",") if t.strip()]

    def set_tags(self, tags: list[str]) -> None:
        """Show a list of tags."""
        self.setText(", ".join(tags))


def flat_list(name: str, headers: list[str]) -> QTreeWidget:
    """A flat list whose first column takes the room the others leave."""
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def button(text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
    """A push button with its accessible name, connected to `slot`."""
    made = QPushButton(text)
    made.setAccessibleName(name)
    made.clicked.connect(slot)
    return made


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons side by side, pushed to the left."""
    layout = QHBoxLayout()
    for made in buttons:
        layout.addWidget(made)
    layout.addStretch(1)
    return layout
