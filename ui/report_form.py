"""The report dialog's form: the report's options and text on one tab, its period and
filters on the other, in the main window's own Filters panel (so every filter is offered)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from casefile.records import taxonomy
from casefile.search.filters import Filters
from casefile.sitrep.options import DEFAULT_TLP, TEMPLATES, ReportOptions
from ui.filter_panel import FilterPanel

FILTERS_TAB = 1


class ReportForm(QTabWidget):
    """What a report is made of; `changed` fires on any edit, `filters_changed` on a filter's."""

    changed = Signal()
    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.stored = QComboBox(accessibleName="Stored report")
        self.stored.addItem("New report", None)
        self.template = QComboBox(accessibleName="Template")
        for key, label in TEMPLATES.items():
            self.template.addItem(label, key)
        self.incident = QComboBox(accessibleName="Incident for a flash report")
        self.tlp = QComboBox(accessibleName="TLP marking")
        self.tlp.addItems(list(taxonomy.TLP))
        self.tlp.setCurrentText(DEFAULT_TLP)
        self.title = QLineEdit()
        self.number = QLineEdit(placeholderText="e.g. SR-2025-12")
        self.originator = QLineEdit()
        self.recipients = QLineEdit(placeholderText="Comma-separated e-mail addresses")
        self.bluf = QPlainTextEdit(placeholderText="Bottom line up front")
        self.judgments = QPlainTextEdit(placeholderText="One key judgment per line")
        self.outlook = QPlainTextEdit()
        self.photos = QCheckBox("Include incident p&hotos (downscaled)")
        self.drafts = QCheckBox("Include dr&aft incidents (marked as drafts)", checked=True)
        self.drafts.setToolTip(
            "Incidents not yet reviewed: counted and marked DRAFT, or left out of the report"
        )
        for text in (self.bluf, self.judgments, self.outlook):
            text.setMaximumHeight(90)
        # The period is the panel's From and To: a report covers what the filters select.
        self.filters = FilterPanel()
        self.addTab(self._details(), "Report &details")
        self.addTab(self.filters, "&Filters and period")
        self._connect()
        self._template_changed()

    def _details(self) -> QScrollArea:
        form = QFormLayout()
        rows: list[tuple[str, QWidget]] = [
            ("&Stored", self.stored),
            ("&Template", self.template),
            ("&Incident", self.incident),
            ("&Marking", self.tlp),
            ("Tit&le", self.title),
            ("&Number", self.number),
            ("O&riginator", self.originator),
            ("Reci&pients", self.recipients),
            ("&BLUF", self.bluf),
            ("Key &judgments", self.judgments),
            ("O&utlook", self.outlook),
            ("", self.photos),
            ("", self.drafts),
        ]
        for label, widget in rows:
            form.addRow(label, widget)  # the label becomes the field's buddy: Alt+letter
            if label and not widget.accessibleName():
                widget.setAccessibleName(label.replace("&", ""))
        side = QWidget()
        side.setLayout(form)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(side)
        return scroll

    def _connect(self) -> None:
        self.template.currentIndexChanged.connect(self._template_changed)
        for combo in (self.template, self.incident, self.tlp):
            combo.currentIndexChanged.connect(self.changed)
        self.photos.toggled.connect(self.changed)
        self.drafts.toggled.connect(self.changed)
        for line in (self.title, self.number, self.originator, self.recipients):
            line.textChanged.connect(self.changed)
        for text in (self.bluf, self.judgments, self.outlook):
            text.textChanged.connect(self.changed)
        self.filters.changed.connect(self.changed)
        self.filters.changed.connect(self.filters_changed)

    def _template_changed(self) -> None:
        flash = self.template.currentData() == "flash"
        self.incident.setEnabled(flash)
        self.drafts.setEnabled(not flash)  # a flash report's one incident is shown, draft or not
        self.setTabEnabled(FILTERS_TAB, not flash)  # a flash report is one incident's

    def fill_choices(self, rows: list[Any], stored: list[ReportOptions]) -> None:
        """List the incidents a flash report can be about and the stored reports; the
        period becomes the last 30 days of the case."""
        for row in rows:
            self.incident.addItem(f"{row.event_date}  {row.title}", row.id)
        for report in stored:
            self.stored.addItem(f"{report.heading} {report.number}".strip(), report.id)
        newest = rows[0].event_date if rows else date.today()
        self.filters.end.setDate(QDate(newest))
        self.filters.start.setDate(QDate(newest - timedelta(days=29)))

    def show_options(self, options: ReportOptions) -> None:
        """Fill the form from stored options, to reissue or revise that report."""
        self.template.setCurrentIndex(max(0, self.template.findData(options.template)))
        if options.incident_id:
            self.incident.setCurrentIndex(max(0, self.incident.findData(options.incident_id)))
        period = {"start": options.start, "end": options.end}
        self.filters.set_filters(Filters.of(**options.filters, **period))
        self.tlp.setCurrentText(options.tlp)
        for line, value in (
            (self.title, options.title),
            (self.number, options.number),
            (self.originator, options.originator),
            (self.recipients, ", ".join(options.recipients)),
        ):
            line.setText(value)
        self.bluf.setPlainText(options.bluf)
        self.judgments.setPlainText(options.key_judgments)
        self.outlook.setPlainText(options.outlook)
        self.photos.setChecked(options.photos)
        self.drafts.setChecked(options.drafts)

    def options(self, report_id: str | None) -> ReportOptions:
        """The report the form describes."""
        chosen = self.filters.value()
        return ReportOptions(
            template=self.template.currentData(),
            incident_id=self.incident.currentData(),
            start=chosen.start,
            end=chosen.end,
            filters=chosen.without("start").without("end").to_json(),
            tlp=self.tlp.currentText(),
            title=self.title.text(),
            number=self.number.text(),
            originator=self.originator.text(),
            recipients=[r.strip() for r in self.recipients.text().split(",") if r.strip()],
            bluf=self.bluf.toPlainText(),
            key_judgments=self.judgments.toPlainText(),
            outlook=self.outlook.toPlainText(),
            photos=self.photos.isChecked(),
            drafts=self.drafts.isChecked(),
            id=report_id,
        )
