"""The import dialog: the file's first rows, what it was taken for, and its column mapping.

An ACLED, UCDP or Casefile file needs nothing but a look and Import. Any other CSV needs
each column given a field (or left out), from scratch or from a mapping saved before,
and the mapping can be saved under a name for next time (and for `--mapping NAME`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.exchange.importing import Preview
from casefile.exchange.mapping import FIELDS, REQUIRED

LEAVE_OUT = "(leave out)"


class ImportDialog(QDialog):
    """Shows a preview; for a CSV Casefile does not know, asks for the column mapping."""

    def __init__(
        self,
        path: Path,
        preview: Preview,
        saved: dict[str, dict[str, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(f"Import {path.name}")
        self.preview = preview
        self.saved = saved
        self.fields: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        what = preview.format or "a CSV file Casefile does not know"
        layout.addWidget(QLabel(f"<b>{path.name}</b>: {what} ({preview.dialect})"))
        layout.addWidget(self._table())
        self.saved_combo = QComboBox()
        self.save_as = QLineEdit()
        if not preview.format:
            layout.addWidget(QLabel("Give each column the field it holds; a date is required."))
            layout.addLayout(self._mapping_form())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button: QPushButton = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _table(self) -> QTableWidget:
        table = QTableWidget(len(self.preview.rows), len(self.preview.header))
        table.setObjectName("import_preview")
        table.setHorizontalHeaderLabels(list(self.preview.header))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, row in enumerate(self.preview.rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text[:200]))
        return table

    def _mapping_form(self) -> QFormLayout:
        form = QFormLayout()
        self.saved_combo.addItem("")
        self.saved_combo.addItems(sorted(self.saved))
        self.saved_combo.currentTextChanged.connect(self._apply_saved)
        if self.saved:
            form.addRow("Saved mapping", self.saved_combo)
        for column in self.preview.header:
            combo = QComboBox()
            combo.addItem(LEAVE_OUT, "")
            for name, meaning in FIELDS.items():
                combo.addItem(f"{name} — {meaning}", name)
            combo.currentIndexChanged.connect(self._update)
            self.fields[column] = combo
            form.addRow(column, combo)
        self.save_as.setPlaceholderText("a name, to use this mapping again")
        form.addRow("Save mapping as", self.save_as)
        return form

    def _apply_saved(self, name: str) -> None:
        for column, field_name in self.saved.get(name, {}).items():
            combo = self.fields.get(column)
            if combo is not None:
                combo.setCurrentIndex(max(0, combo.findData(field_name)))

    def set_field(self, column: str, field_name: str) -> None:
        """Map a column to a field, as choosing it in the column's list does."""
        combo = self.fields[column]
        combo.setCurrentIndex(combo.findData(field_name))

    def _update(self) -> None:
        mapped = set((self.column_map() or {}).values())
        ready = bool(self.preview.format) or all(f in mapped for f in REQUIRED)
        self.import_button.setEnabled(ready)

    def column_map(self) -> dict[str, str] | None:
        """{column: field} for a file that needs a mapping; None for one Casefile knows."""
        if self.preview.format:
            return None
        chosen = {column: combo.currentData() for column, combo in self.fields.items()}
        return {column: field for column, field in chosen.items() if field}

    def save_name(self) -> str:
        """The name to keep the mapping under, or "" not to keep it."""
        return self.save_as.text().strip() if not self.preview.format else ""
