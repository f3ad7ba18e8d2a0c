"""The report dialog: options and the analyst's text on the left, a live PDF preview beside.

Every PDF is written by the one worker (never on the UI thread). Each preview goes to a
new temporary file; a result that arrives after a newer request is dropped, so the
preview always shows the latest options.
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile, errors
from casefile.records import taxonomy
from casefile.sitrep.options import TEMPLATES, ReportOptions, validate
from casefile.store.transaction import Changes
from ui import email_draft
from ui.facet_combo import FacetCombo
from ui.form_fields import ERROR_COLOUR
from ui.lifetime import run_for
from ui.worker import Task, Worker

PREVIEW_DELAY_MS = 700
DRAFTS = Path(tempfile.gettempdir()) / "casefile-drafts"
ANY = "Any"


def _write(case: CaseFile, task: Task[Any], path: Path, options: ReportOptions) -> Path:
    """Worker side: write the PDF for the options (no widgets here)."""
    fields = {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}
    case.write_report(path, progress=task.report, **fields)
    return path


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ReportDialog(QDialog):
    """Choose a report's period, filters, marking and text; preview, save or e-mail it."""

    preview_ready = Signal(str)  # path of the PDF now shown
    saved = Signal(str)  # path of a PDF saved by the user
    email_ready = Signal(str)  # path of the .eml draft
    failed = Signal(str)  # a one-line message, also shown in the dialog

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(f"Report — {worker.case.name}")
        self.resize(1200, 800)
        self._folder = tempfile.TemporaryDirectory(prefix="casefile-report-")
        self._generation = 0
        self._report_id: str | None = None
        self._shown: Path | None = None
        self._closed = False  # results may arrive after the dialog is gone
        self._preview: Task[Path] | None = None
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.document = QPdfDocument(self)
        self._build()
        self._load_choices()

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        self.stored = QComboBox(accessibleName="Stored report")
        self.stored.addItem("New report", None)
        self.template = QComboBox(accessibleName="Template")
        for key, label in TEMPLATES.items():
            self.template.addItem(label, key)
        self.incident = QComboBox(accessibleName="Incident for a flash report")
        self.start = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.end = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.event_type = FacetCombo(any_label=ANY)  # several can be ticked
        self.event_type.setAccessibleName("Event type filter")
        self.event_type.set_values([(kind, kind, None) for kind in taxonomy.EVENT_TYPES])
        self.country = QLineEdit(placeholderText="ISO code or name, e.g. TJ")
        self.actor = QLineEdit(placeholderText="Actor name")
        self.min_killed = QSpinBox(maximum=100_000, specialValueText=ANY)
        # A stored report's filters that have no field here (tags, status...): kept as
        # they are, and said, so that reissuing it gives the same report.
        self.kept_filters: dict[str, Any] = {}
        self.kept_label = QLabel(wordWrap=True, visible=False)
        self.tlp = QComboBox(accessibleName="TLP marking")
        self.tlp.addItems(list(taxonomy.TLP))
        self.tlp.setCurrentText("TLP:AMBER")
        self.title = QLineEdit()
        self.number = QLineEdit(placeholderText="e.g. SR-2025-12")
        self.originator = QLineEdit()
        self.recipients = QLineEdit(placeholderText="Comma-separated e-mail addresses")
        self.bluf = QPlainTextEdit(placeholderText="Bottom line up front")
        self.judgments = QPlainTextEdit(placeholderText="One key judgment per line")
        self.outlook = QPlainTextEdit()
        self.photos = QCheckBox("Include incident p&hotos (downscaled)")
        for text in (self.bluf, self.judgments, self.outlook):
            text.setMaximumHeight(90)
        rows: list[tuple[str, QWidget]] = [
            ("&Stored", self.stored),
            ("&Template", self.template),
            ("&Incident", self.incident),
            ("&From", self.start),
            ("T&o", self.end),
            ("&Event type", self.event_type),
            ("&Country", self.country),
            ("&Actor", self.actor),
            ("&Killed at least", self.min_killed),
            ("", self.kept_label),
            ("&Marking", self.tlp),
            ("Tit&le", self.title),
            ("&Number", self.number),
            ("O&riginator", self.originator),
            ("Reci&pients", self.recipients),
            ("&BLUF", self.bluf),
            ("Key &judgments", self.judgments),
            ("O&utlook", self.outlook),
            ("", self.photos),
        ]
        for label, widget in rows:
            form.addRow(label, widget)  # the label becomes the field's buddy: Alt+letter
            if label and not widget.accessibleName():
                widget.setAccessibleName(label.replace("&", ""))
        self.problem = QLabel(wordWrap=True, styleSheet=f"color: {ERROR_COLOUR};")
        self.status = QLabel(wordWrap=True)
        form.addRow(self.problem)
        form.addRow(self.status)
        self.setLayout(self._arrange(form))
        self._connect()
        self._template_changed()

    def _arrange(self, form: QFormLayout) -> QVBoxLayout:
        side = QWidget()
        side.setLayout(form)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(side)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(self.view)
        split.setSizes([420, 780])
        buttons = QHBoxLayout()
        self.store_button = QPushButton("Store in case file")
        self.save_button = QPushButton("Sa&ve PDF…")
        self.email_button = QPushButton("Prepare email")
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons.addWidget(self.store_button)
        buttons.addStretch()
        for button in (self.save_button, self.email_button, close):
            buttons.addWidget(button)
        for button in (self.store_button, self.save_button, self.email_button, close):
            button.setAutoDefault(False)  # Enter in a text field must not store or save
        layout = QVBoxLayout()
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        return layout

    def _connect(self) -> None:
        self.template.currentIndexChanged.connect(self._template_changed)
        self.stored.activated.connect(self._stored_chosen)
        for combo in (self.template, self.incident, self.tlp):
            combo.currentIndexChanged.connect(self.schedule)
        self.event_type.chosen_changed.connect(self.schedule)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self.schedule)
        self.min_killed.valueChanged.connect(self.schedule)
        self.photos.toggled.connect(self.schedule)
        for line in (
            self.country,
            self.actor,
            self.title,
            self.number,
            self.originator,
            self.recipients,
        ):
            line.textChanged.connect(self.schedule)
        for text in (self.bluf, self.judgments, self.outlook):
            text.textChanged.connect(self.schedule)
        self.store_button.clicked.connect(self.store)
        self.save_button.clicked.connect(self._ask_save)
        self.email_button.clicked.connect(self.prepare_email)

    def _template_changed(self) -> None:
        flash = self.template.currentData() == "flash"
        self.incident.setEnabled(flash)
        for edit in (
            self.start,
            self.end,
            self.event_type,
            self.country,
            self.actor,
            self.min_killed,
        ):
            edit.setEnabled(not flash)

    # --- choices from the case -----------------------------------------------------------

    def _load_choices(self) -> None:
        def read(case: CaseFile, task: Task[Any]) -> tuple[list[Any], list[ReportOptions]]:
            return case.list_incidents(limit=500), case.reports.all()

        run_for(
            self,
            self.worker,
            read,
            label="Read report choices",
            done=self._fill_choices,
            error=self._fail,
        )

    def _fill_choices(self, found: tuple[list[Any], list[ReportOptions]]) -> None:
        if self._closed:
            return
        rows, stored = found
        for row in rows:
            self.incident.addItem(f"{row.event_date}  {row.title}", row.id)
        for report in stored:
            self.stored.addItem(f"{report.heading} {report.number}".strip(), report.id)
        newest = rows[0].event_date if rows else date.today()
        self.end.setDate(_qdate(newest))
        self.start.setDate(_qdate(newest - timedelta(days=29)))
        self.schedule()

    def _stored_chosen(self) -> None:
        report_id = self.stored.currentData()
        if report_id is None:
            self._report_id = None
            self._keep_filters({})
            self.schedule()
            return
        run_for(
            self,
            self.worker,
            lambda case, task: case.reports.get(report_id),
            label="Read report",
            done=self.show_options,
            error=self._fail,
        )

    def show_options(self, options: ReportOptions) -> None:
        """Fill the form from stored options, to reissue or revise that report."""
        if self._closed:
            return
        self._report_id = options.id
        self.template.setCurrentIndex(max(0, self.template.findData(options.template)))
        if options.incident_id:
            self.incident.setCurrentIndex(max(0, self.incident.findData(options.incident_id)))
        if options.start:
            self.start.setDate(_qdate(options.start))
        if options.end:
            self.end.setDate(_qdate(options.end))
        filters = options.filters
        self.event_type.choose(_listed(filters.get("event_type")))
        self._keep_filters({k: v for k, v in filters.items() if k not in _FILTER_FIELDS})
        self.country.setText(", ".join(_listed(filters.get("country"))))
        self.actor.setText(", ".join(_listed(filters.get("actor"))))
        self.min_killed.setValue(int(filters.get("min_killed") or 0))
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

    # --- options -------------------------------------------------------------------------

    def options(self) -> ReportOptions:
        """The report the form describes."""
        filters: dict[str, Any] = dict(self.kept_filters)
        if chosen := self.event_type.chosen():
            filters["event_type"] = chosen
        for key, line in (("country", self.country), ("actor", self.actor)):
            if values := _split(line.text()):
                filters[key] = values
        if self.min_killed.value():
            filters["min_killed"] = self.min_killed.value()
        return ReportOptions(
            template=self.template.currentData(),
            incident_id=self.incident.currentData(),
            start=_date(self.start.date()),
            end=_date(self.end.date()),
            filters=filters,
            tlp=self.tlp.currentText(),
            title=self.title.text(),
            number=self.number.text(),
            originator=self.originator.text(),
            recipients=_split(self.recipients.text()),
            bluf=self.bluf.toPlainText(),
            key_judgments=self.judgments.toPlainText(),
            outlook=self.outlook.toPlainText(),
            photos=self.photos.isChecked(),
            id=self._report_id,
        )

    def _keep_filters(self, kept: dict[str, Any]) -> None:
        self.kept_filters = kept
        said = "; ".join(f"{k.replace('_', ' ')} {', '.join(_listed(v))}" for k, v in kept.items())
        self.kept_label.setText(f"Also filtered by {said}" if kept else "")
        self.kept_label.setVisible(bool(kept))

    def _checked(self) -> ReportOptions | None:
        options = self.options()
        problems = validate(options)
        self.problem.setText("\n".join(f"⚠ {p}" for p in problems.values()))
        return None if problems else options

    # --- preview -------------------------------------------------------------------------

    def schedule(self) -> None:
        """Refresh the preview once the analyst pauses."""
        self._timer.start()

    def refresh(self) -> None:
        """Write a new preview now, through the worker."""
        options = self._checked()
        if options is None:
            return
        if self._preview is not None:
            self._preview.cancel()  # superseded: stop it at its next progress report
        self._generation += 1
        generation = self._generation
        path = Path(self._folder.name) / f"preview-{generation}.pdf"
        self.status.setText("Writing preview…")
        self._preview = run_for(
            self,
            self.worker,
            lambda case, task: _write(case, task, path, options),
            label="Preview report",
            done=lambda p: self._show(generation, p),
            error=self._preview_failed,
        )

    def _preview_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, errors.Cancelled):  # a cancelled preview was superseded
            self._fail(exc)

    def _show(self, generation: int, path: Path) -> None:
        if self._closed:
            return
        if generation != self._generation:
            path.unlink(missing_ok=True)  # a newer preview is on its way
            return
        self.document.load(str(path))
        if self._shown is not None and self._shown != path:
            self._shown.unlink(missing_ok=True)
        self._shown = path
        self.status.setText(
            f"Preview: {self.document.pageCount()} page(s), {path.stat().st_size // 1024} KB"
        )
        self.preview_ready.emit(str(path))

    def _fail(self, exc: BaseException) -> None:
        if self._closed:
            return
        if not isinstance(exc, errors.CasefileError | OSError):
            raise exc
        message = str(exc)
        self.status.setText("")
        self.problem.setText(f"⚠ {message}")
        self.failed.emit(message)

    # --- save, store, e-mail -------------------------------------------------------------

    def _ask_save(self) -> None:
        options = self._checked()
        if options is None:
            return
        suggested = Path(self.worker.case.path.parent) / f"{options.number or 'report'}.pdf"
        name, _ = QFileDialog.getSaveFileName(self, "Save report", str(suggested), "PDF (*.pdf)")
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        """Write the report to a file the user chose."""
        options = self._checked()
        if options is None:
            return
        run_for(
            self,
            self.worker,
            lambda case, task: _write(case, task, path, options),
            label="Save report",
            done=self._saved,
            error=self._fail,
        )

    def _saved(self, path: Path) -> None:
        if self._closed:
            return
        self.status.setText(f"Saved {path}")
        self.saved.emit(str(path))

    def store(self) -> None:
        """Keep the options and text in the case file, to reissue or revise later."""
        options = self._checked()
        if options is None:
            return
        run_for(
            self,
            self.worker,
            lambda case, task: case.reports.save(options),
            label="Store report",
            done=self._stored,
            error=self._fail,
            initiator=self,
        )

    def _stored(self, changes: Changes) -> None:
        if self._closed:
            return
        if self._report_id is None and changes.created:
            self._report_id = changes.created
            self.stored.addItem(self.options().heading, changes.created)
            self.stored.setCurrentIndex(self.stored.count() - 1)
        self.status.setText("Stored in the case file.")

    def prepare_email(self) -> None:
        """Write the PDF and an .eml draft holding it, then open the draft in the mail program."""
        options = self._checked()
        if options is None:
            return
        if not options.recipients:
            self.problem.setText("⚠ Add the recipients' addresses to prepare an email.")
            self.recipients.setFocus()
            return
        DRAFTS.mkdir(parents=True, exist_ok=True)
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in options.number) or "report"
        pdf = DRAFTS / f"{stem}.pdf"
        run_for(
            self,
            self.worker,
            lambda case, task: _write(case, task, pdf, options),
            label="Prepare email",
            done=lambda p: self._draft(options, p),
            error=self._fail,
        )

    def _draft(self, options: ReportOptions, pdf: Path) -> None:
        if self._closed:
            return
        eml = email_draft.write_draft(pdf.with_suffix(".eml"), options, pdf)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(eml)))
        self.status.setText(f"Draft written: {eml}")
        self.email_ready.emit(str(eml))

    def done(self, result: int) -> None:
        """Drop the preview files when the dialog goes."""
        self._closed = True
        self._timer.stop()
        if self._preview is not None:
            self._preview.cancel()
        self.document.close()
        self._folder.cleanup()
        super().done(result)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


# The filters the form has a field for; a stored report's others are kept (kept_filters).
_FILTER_FIELDS = ("event_type", "country", "actor", "min_killed")


def _listed(value: Any) -> list[str]:
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
