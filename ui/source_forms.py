"""Forms for a source (publisher, graded A–F) and for one of its reports."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from casefile.records import taxonomy
from casefile.records.sources import SourceData, SourceReportData
from ui.form_fields import FieldBox, OptionalDate
from ui.incident_form import combo, line, select

RELIABILITY = [(f"{k} – {v}", k) for k, v in taxonomy.RELIABILITY.items()]
KINDS = [(label, key) for key, label in taxonomy.SOURCE_KINDS.items()]


class _Form(QWidget):
    """Fields in a form layout, each with its validation message; `changed` on user edits."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.boxes: dict[str, FieldBox] = {}

    def _add(self, label: str, name: str, widget: QWidget) -> QWidget:
        box = FieldBox(name, widget)
        self.boxes[name] = box
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.layout_.addRow(caption, box)
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        return widget

    def _text(self, label: str, name: str, placeholder: str = "") -> QLineEdit:
        edit = line(label.replace("&", "").rstrip(":"), placeholder=placeholder)
        edit.textEdited.connect(self.changed)
        self._add(label, name, edit)
        return edit

    def _choice(self, label: str, name: str, choices: list[tuple[str, Any]]) -> QComboBox:
        box = combo(label.replace("&", "").rstrip(":"), choices)
        box.activated.connect(self.changed)
        self._add(label, name, box)
        return box

    def show_errors(self, problems: dict[str, str]) -> None:
        """Show each message under its field."""
        for name, box in self.boxes.items():
            box.error.show_message(problems.get(name))


class SourceForm(_Form):
    """Name, kind, reliability (A–F), country, link and notes of a source."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._base = SourceData(name="")
        self.name = self._text("&Name:", "name", "publisher or organisation")
        self.kind = self._choice("&Kind:", "kind", KINDS)
        self.reliability = self._choice("Re&liability:", "reliability", RELIABILITY)
        self.country_code = self._text("Co&untry code:", "country_code", "ISO 3166, e.g. TJ")
        self.country_code.setMaxLength(2)
        self.url = self._text("&Web site:", "url", "https://…")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 2 + 12)
        self.notes.textChanged.connect(self.changed)
        self._add("N&otes:", "notes", self.notes)

    def set_data(self, data: SourceData) -> None:
        """Show a source."""
        self._base = data
        self.blockSignals(True)
        self.notes.blockSignals(True)
        self.name.setText(data.name)
        self.name.setCursorPosition(0)
        select(self.kind, data.kind)
        select(self.reliability, data.reliability)
        self.country_code.setText(data.country_code or "")
        self.url.setText(data.url or "")
        self.notes.setPlainText(data.notes)
        self.notes.blockSignals(False)
        self.blockSignals(False)
        self.show_errors({})

    def data(self) -> SourceData:
        """The source as shown."""
        return dataclasses.replace(
            self._base,
            name=self.name.text().strip(),
            kind=self.kind.currentData(),
            reliability=self.reliability.currentData(),
            country_code=self.country_code.text().strip().upper() or None,
            url=self.url.text().strip() or None,
            notes=self.notes.toPlainText(),
        )


class ReportForm(_Form):
    """Title, link, dates, language and excerpt of one source report."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._base = SourceReportData(source_id="", title="")
        self.title = self._text("&Title:", "title", "as published, in its own language")
        self.url = self._text("L&ink:", "url", "https://…")
        self.published = OptionalDate("Published")
        self.published.changed.connect(self.changed)
        self._add("&Published:", "published", self.published)
        self.accessed = OptionalDate("Accessed")
        self.accessed.changed.connect(self.changed)
        self._add("&Accessed:", "accessed", self.accessed)
        self.language = self._text("Lan&guage:", "language", "BCP 47, e.g. en, tg, zh, fa-AF")
        marks = [("The case's marking", None)] + [(label, label) for label in taxonomy.TLP]
        self.tlp = self._choice("Handling mark (TLP):", "tlp", marks)
        self.excerpt = QPlainTextEdit()
        self.excerpt.setTabChangesFocus(True)
        self.excerpt.textChanged.connect(self.changed)
        self._add("E&xcerpt:", "excerpt", self.excerpt)

    def set_data(self, data: SourceReportData) -> None:
        """Show a report."""
        self._base = data
        self.blockSignals(True)
        for widget in (self.excerpt, self.published, self.accessed):
            widget.blockSignals(True)
        self.title.setText(data.title)
        self.title.setCursorPosition(0)  # long titles show their start, not their end
        self.url.setText(data.url or "")
        self.published.set_value(data.published)
        self.accessed.set_value(data.accessed)
        self.language.setText(data.language or "")
        select(self.tlp, data.tlp)
        self.excerpt.setPlainText(data.excerpt)
        for widget in (self.excerpt, self.published, self.accessed):
            widget.blockSignals(False)
        self.blockSignals(False)
        self.show_errors({})

    def data(self) -> SourceReportData:
        """The report as shown."""
        return dataclasses.replace(
            self._base,
            title=self.title.text().strip(),
            url=self.url.text().strip() or None,
            published=self.published.value(),
            accessed=self.accessed.value(),
            language=self.language.text().strip() or None,
            tlp=self.tlp.currentData(),
            excerpt=self.excerpt.toPlainText(),
        )
