"""Unexpected errors: log them, and tell the user what failed and where the log is."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from casefile import paths
from casefile.errors import CasefileError

log = logging.getLogger("casefile.ui")
LOG_NAME = "casefile.log"
_showing = False


def log_file() -> Path:
    """The file unexpected errors are written to."""
    return paths.log_dir() / LOG_NAME


def setup_logging() -> Path:
    """Send warnings and errors from every module to a rotating log file; returns its path."""
    path = log_file()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def describe(exc: BaseException) -> str:
    """One line saying what failed: the message, or the kind of error when there is none."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def show_unexpected(what: str, exc: BaseException, parent: QWidget | None = None) -> None:
    """Log an unexpected error and show a dialog naming it and the log file; the app goes on."""
    global _showing
    log.error("%s failed", what, exc_info=exc)
    if _showing or QApplication.instance() is None:
        return  # one dialog at a time; the rest are in the log
    _showing = True
    try:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Casefile: something went wrong",
            f"{what} failed unexpectedly.",
            parent=parent,
        )
        box.setInformativeText(
            f"{describe(exc)}\n\nThe details are in the log:\n{log_file()}\n\n"
            "Casefile is still running; your saved work is safe."
        )
        box.setDetailedText("".join(traceback.format_exception(exc)))
        box.exec()
    finally:
        _showing = False


def show_problem(
    exc: CasefileError, parent: QWidget | None = None, title: str = "Casefile"
) -> None:
    """A user error (locked, invalid, not found...): its one-line message, no traceback."""
    QMessageBox.warning(parent, title, str(exc))


def install_excepthook(*, smoke: bool = False) -> None:
    """Turn uncaught exceptions in Qt callbacks into the error dialog instead of a crash.

    In smoke mode nobody is there to read a dialog: print, log and exit non-zero.
    """

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        if smoke:
            log.error("Unexpected error", exc_info=exc)
            traceback.print_exception(exc)
            QApplication.exit(1)
            return
        if isinstance(exc, CasefileError):
            show_problem(exc, QApplication.activeWindow())
        else:
            show_unexpected("An action", exc, QApplication.activeWindow())

    sys.excepthook = hook
