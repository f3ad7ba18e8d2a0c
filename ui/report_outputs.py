"""The report dialog's ways out: the PDF saved to a file, the e-mail draft for the mail program.

A mixin of `ReportDialog`, kept apart so that the dialog's module holds the form and its
preview. The e-mail draft is a file for the mail program: for an encrypted case it goes to
the worker's private folder of plain copies (ui.plain_note says so, once).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from ui import plain_note, report_jobs
from ui.lifetime import run_for

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QLabel

    from casefile.sitrep.options import ReportOptions
    from ui.report_form import ReportForm
    from ui.worker import Worker


class ReportOutputs:
    """Save and e-mail commands; the dialog supplies the worker, form, labels and signals."""

    worker: Worker
    form: ReportForm
    problem: QLabel
    status: QLabel
    saved: SignalInstance
    email_ready: SignalInstance
    _closed: bool

    if TYPE_CHECKING:

        def _checked(self) -> ReportOptions | None: ...
        def _fail(self, exc: BaseException) -> None: ...

    @property
    def _dialog(self) -> QWidget:
        return cast("QWidget", self)

    def _ask_save(self) -> None:
        options = self._checked()
        if options is None:
            return
        suggested = Path(self.worker.case.path.parent) / f"{options.number or 'report'}.pdf"
        name, _ = QFileDialog.getSaveFileName(
            self._dialog, "Save report", str(suggested), "PDF (*.pdf)"
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        """Write the report to a file the user chose."""
        options = self._checked()
        if options is None:
            return
        run_for(
            self._dialog,
            self.worker,
            lambda case, task: report_jobs.write(case, task, path, options),
            label="Save report",
            done=self._saved,
            error=self._fail,
        )

    def _saved(self, path: Path) -> None:
        if self._closed:
            return
        self.status.setText(f"Saved {path}")
        self.saved.emit(str(path))

    def prepare_email(self) -> None:
        """Write the PDF and an .eml draft holding it, then open the draft in the mail program."""
        options = self._checked()
        if options is None:
            return
        if not options.recipients:
            self.problem.setText("⚠ Add the recipients' addresses to prepare an email.")
            self.form.setCurrentIndex(0)
            self.form.recipients.setFocus()
            return
        draft = report_jobs.email_draft(options, self.worker.plain_folder)
        run_for(
            self._dialog,
            self.worker,
            draft,
            label="Prepare email",
            done=self._draft,
            error=self._fail,
        )

    def _draft(self, eml: Path) -> None:
        if self._closed:
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(eml)))
        self.status.setText(f"Draft written: {eml}")
        if self.worker.case.protect.encrypted:
            what = "the e-mail draft, with the report attached,"
            plain_note.note_once(
                self._dialog, self.worker.plain_copies, eml, what=what, program="mail program"
            )
        self.email_ready.emit(str(eml))
