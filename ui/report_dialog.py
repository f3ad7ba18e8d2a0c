"""The report dialog: the form (ui/report_form.py) on the left, a live PDF preview beside.

Every PDF is made by the one worker (never on the UI thread). Previews stay in memory,
never in a file (an encrypted case's text must not sit in plain form on disk); a result
that arrives after a newer request is dropped, so the preview always shows the latest
options. Saving the PDF and preparing the e-mail are in ui/report_outputs.py. What is
typed is kept as a draft on disk until it is stored (ui/report_drafts.py), and closing
with text not stored asks what to do.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile, errors
from casefile.records.drafts import DELAY_MS, Drafts
from casefile.sitrep.options import ReportOptions, validate
from casefile.store.changes import Changes
from ui import report_drafts, report_jobs
from ui.filter_panel import Counts, read_counts
from ui.form_fields import ERROR_COLOUR
from ui.lifetime import run_for
from ui.report_drafts import Answer
from ui.report_form import ReportForm
from ui.report_outputs import ReportOutputs
from ui.worker import Task, Worker

PREVIEW_DELAY_MS = 700


class ReportDialog(ReportOutputs, QDialog):
    """Choose a report's period, filters, marking and text; preview, save or e-mail it."""

    preview_ready = Signal(bytes)  # the PDF now shown
    saved = Signal(str)  # path of a PDF saved by the user
    email_ready = Signal(str)  # path of the .eml draft
    failed = Signal(str)  # a one-line message, also shown in the dialog

    def __init__(
        self, worker: Worker, parent: QWidget | None = None, *, drafts: Drafts | None = None
    ):
        super().__init__(parent)
        self.worker = worker
        self.drafts = drafts or report_drafts.drafts_store()
        self._ready = False  # until the choices are in, a draft on disk has not been shown
        self._close_when_stored = False
        self._discarded = False
        self.setWindowTitle(f"Report — {worker.case.name}")
        self.resize(1200, 800)
        self._generation = 0
        self._report_id: str | None = None
        self._shown = QBuffer(self)  # the preview's PDF, which the document reads
        self._closed = False  # results may arrive after the dialog is gone
        self._preview: Task[bytes] | None = None
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._counts_wanted = 0  # a count under way stops when this moves on
        self._draft_timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self.document = QPdfDocument(self)
        self._build()
        self._clean = report_drafts.typed(self.form)  # what "nothing typed" looks like
        self._load_choices()

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.form = ReportForm(self)
        self.problem = QLabel(wordWrap=True, styleSheet=f"color: {ERROR_COLOUR};")
        self.status = QLabel(wordWrap=True)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form, 1)
        column.addWidget(self.problem)
        column.addWidget(self.status)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        split = QSplitter()
        split.addWidget(side)
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
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.form.changed.connect(self.schedule)
        self.form.changed.connect(self._edited)
        self.form.filters_changed.connect(self._count)
        self.form.stored.activated.connect(self._stored_chosen)
        self.store_button.clicked.connect(self.store)
        self.save_button.clicked.connect(self._ask_save)
        self.email_button.clicked.connect(self.prepare_email)

    # --- choices and counts from the case ------------------------------------------------

    def _load_choices(self) -> None:
        done, error = self._fill_choices, self._fail
        run_for(
            self,
            self.worker,
            report_jobs.choices,
            label="Read report choices",
            done=done,
            error=error,
        )

    def _fill_choices(self, found: tuple[list[Any], list[ReportOptions]]) -> None:
        if self._closed:
            return
        self.form.fill_choices(*found)
        self._restore_draft()
        self._ready = True
        self._count()
        self.schedule()

    def _count(self) -> None:
        """Recount each filter's values for the filters chosen, as the main window's panel."""
        self._counts_wanted += 1
        wanted, filters = self._counts_wanted, self.form.filters.filters()

        def superseded() -> bool:
            return wanted != self._counts_wanted or self._closed

        def done(found: Counts | None) -> None:
            if found is not None and not superseded():
                self.form.filters.show_counts(*found)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, errors.CasefileError):  # counts are a help, not the report
                self._fail(exc)

        def read(case: CaseFile, task: Task[Any]) -> Counts | None:
            return read_counts(case, "", filters, superseded)

        # No label: a background read, not a task to show or to ask about on quitting.
        run_for(self, self.worker, read, label="", done=done, error=failed)

    def _stored_chosen(self) -> None:
        report_id = self.form.stored.currentData()
        if report_id is None:
            self._report_id = None
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
        self.form.show_options(options)
        self._clean = report_drafts.typed(self.form)
        self.write_draft()  # the stored text is shown: no draft of it is needed

    # --- options -------------------------------------------------------------------------

    def options(self) -> ReportOptions:
        """The report the form describes."""
        return self.form.options(self._report_id)

    def _checked(self) -> ReportOptions | None:
        options = self.options()
        problems = validate(options)
        self.problem.setText("\n".join(f"⚠ {p}" for p in problems.values()))
        return None if problems else options

    # --- the draft -----------------------------------------------------------------------

    def _restore_draft(self) -> None:
        found = [
            d for d in self.drafts.pending(self.worker.case.path) if d.key == report_drafts.KEY
        ]
        if not found:
            return
        data = found[-1].data
        stored = self.form.stored.findData(data.get("report_id"))
        if data.get("report_id") and stored > 0:  # a revision of a stored report
            self._report_id = data["report_id"]
            self.form.stored.setCurrentIndex(stored)
        report_drafts.show_typed(self.form, data)
        self.status.setText("Text not stored last time is back (kept as a draft).")

    def _edited(self) -> None:
        self._draft_timer.start()

    def is_dirty(self) -> bool:
        """Whether the form holds text that is not stored in the case file."""
        return self._ready and report_drafts.typed(self.form) != self._clean

    def write_draft(self) -> None:
        """Keep what is typed on disk, or drop the draft when nothing is unsaved."""
        self._draft_timer.stop()
        if not self._ready:
            return  # a draft on disk is not shown yet: it must stay as it is
        if self.is_dirty():
            data = {**report_drafts.typed(self.form), "report_id": self._report_id}
            self.drafts.save(self.worker.case.path, report_drafts.KEY, data)
        else:
            self.drafts.discard(self.worker.case.path, report_drafts.KEY)

    def ask_unsaved(self) -> Answer:
        """Ask whether to store, discard or keep the text as a draft (tests replace this)."""
        return report_drafts.ask_unsaved(self)

    def reject(self) -> None:
        """Close, Escape or the window's close button: asks first when text is not stored."""
        if self._close_when_stored:
            return  # storing before closing: the dialog closes when stored
        if self.is_dirty():
            answer = self.ask_unsaved()
            if answer == "cancel":
                return
            if answer == "save":
                self._close_when_stored = self.store()
                return
            if answer == "discard":
                self._discarded = True
                self.drafts.discard(self.worker.case.path, report_drafts.KEY)
            else:
                self.write_draft()
        super().reject()

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
        self.status.setText("Writing preview…")
        self._preview = run_for(
            self,
            self.worker,
            lambda case, task: report_jobs.pdf(case, task, options),
            label="Preview report",
            done=lambda pdf: self._show(generation, pdf),
            error=self._preview_failed,
        )

    def _preview_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, errors.Cancelled):  # a cancelled preview was superseded
            self._fail(exc)

    def _show(self, generation: int, pdf: bytes) -> None:
        if self._closed or generation != self._generation:
            return  # a newer preview is on its way
        self.document.close()  # before its buffer's bytes are replaced
        self._shown.close()
        self._shown.setData(QByteArray(pdf))
        self._shown.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._shown)
        pages = self.document.pageCount()
        self.status.setText(f"Preview: {pages} page{'s' * (pages != 1)}, {len(pdf) // 1024} KB")
        self.preview_ready.emit(pdf)

    def _fail(self, exc: BaseException) -> None:
        if self._closed:
            return
        self._close_when_stored = False  # whatever failed, the dialog stays open to say so
        if not isinstance(exc, errors.CasefileError | OSError):
            raise exc
        message = str(exc)
        self.status.setText("")
        self.problem.setText(f"⚠ {message}")
        self.failed.emit(message)

    # --- store ---------------------------------------------------------------------------

    def store(self) -> bool:
        """Keep the options and text in the case file, to reissue or revise later; False
        when the options have a problem (shown in the dialog) and nothing is stored."""
        options = self._checked()
        if options is None:
            return False
        typed = report_drafts.typed(self.form)
        run_for(
            self,
            self.worker,
            lambda case, task: case.reports.save(options),
            label="Store report",
            done=lambda changes: self._stored(changes, typed),
            error=self._fail,
            initiator=self,
        )
        return True

    def _stored(self, changes: Changes, typed: dict[str, Any]) -> None:
        if self._closed:
            return
        self._clean = typed  # what was stored; anything typed since is still a draft
        self.write_draft()
        if self._report_id is None and changes.created:
            self._report_id = changes.created
            self.form.stored.addItem(self.options().heading, changes.created)
            self.form.stored.setCurrentIndex(self.form.stored.count() - 1)
        self.status.setText("Stored in the case file.")
        if self._close_when_stored:
            self._close_when_stored = False
            super().reject()

    def done(self, result: int) -> None:
        """Drop the preview when the dialog goes."""
        if self._draft_timer.isActive() and not self._discarded:
            self.write_draft()  # closed another way (the case file switched) before the pause
        self._closed = True
        self._timer.stop()
        if self._preview is not None:
            self._preview.cancel()
        self.document.close()
        self._shown.close()
        super().done(result)
