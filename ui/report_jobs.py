"""The report dialog's work on the worker thread: PDFs written, in memory, mailed (no widgets)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from casefile import CaseFile, outputs
from casefile.sitrep import mail
from casefile.sitrep.options import ReportOptions
from ui.worker import Task


def choices(case: CaseFile, task: Task[Any]) -> tuple[list[Any], list[ReportOptions]]:
    """The incidents a flash report may be about, and the stored reports."""
    return case.list_incidents(limit=500), case.reports.all()


def write(case: CaseFile, task: Task[Any], path: Path, options: ReportOptions) -> Path:
    """Write the PDF for the options to `path`."""
    case.write_report(path, options, progress=task.report)
    return path


def pdf(case: CaseFile, task: Task[Any], options: ReportOptions) -> bytes:
    """The PDF for the options, in memory."""
    return case.report_pdf(options, progress=task.report)


def email_draft(
    options: ReportOptions, plain_folder: Callable[[], Path | None]
) -> Callable[[CaseFile, Task[Any]], Path]:
    """An operation writing an .eml draft with the report attached; returns the draft's path.

    `plain_folder` gives an encrypted case's private folder of plain copies (None otherwise).
    """

    def draft(case: CaseFile, task: Task[Any]) -> Path:
        made = pdf(case, task, options)
        # A new folder only this account can open, in the temp folder for a plain case.
        folder = plain_folder() or outputs.private_folder("casefile-mail-")
        return mail.write_draft(folder / f"{mail.file_stem(options)}.eml", options, made)

    return draft
