"""Fixtures for Qt tests: settings kept out of the user's profile, and a worker per test."""

from __future__ import annotations

import gc
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

import casefile
from casefile.records.drafts import Drafts
from ui.incident_editor import IncidentEditor
from ui.main_window import MainWindow
from ui.worker import Worker

PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def garbage_freed_here(qapp: QApplication) -> Iterator[None]:
    """After each test, free its closed widgets and cyclic garbage on the main thread.

    Set up first, so torn down last: after pytest-qt has closed the test's widgets and the
    worker fixture has stopped its thread. Left for later, a test's dead widgets could be
    deleted by Qt's event loop in the next test while that test's worker thread runs the
    garbage collector over their wrappers; one full run in a few died so inside SQLite reads.
    """
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(autouse=True)
def isolated_settings(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """QSettings written under the test's temporary folder, never to the real profile."""
    folder = tmp_path / "settings"
    qapp.setOrganizationName("CasefileTests")
    qapp.setApplicationName("CasefileTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def isolated_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Incident drafts kept under the test's temporary folder, never in the user's data folder."""
    folder = tmp_path / "drafts"
    monkeypatch.setattr("ui.incident_editor.drafts_store", lambda: Drafts(folder))
    return folder


@pytest.fixture(autouse=True)
def isolated_report_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The report dialog's drafts kept under the test's temporary folder, as the editor's."""
    folder = tmp_path / "report-drafts"
    monkeypatch.setattr("ui.report_drafts.drafts_store", lambda: Drafts(folder))
    return folder


@pytest.fixture
def drafts(isolated_drafts: Path) -> Drafts:
    """The drafts store editors use in this test (also those opened without naming one)."""
    return Drafts(isolated_drafts)


@pytest.fixture
def worker(cf: casefile.CaseFile, qtbot: QtBot) -> Iterator[Worker]:
    """A worker over the test's case file, stopped after the test once its queue is empty."""
    made = Worker(cf)
    yield made
    qtbot.waitUntil(lambda: not made.busy, timeout=10_000)
    made.shutdown()


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, as Python and Qt find it ($TMPDIR), inside the test's folder."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read $TMPDIR again
    return folder


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder (where plain copies of an encrypted case go), the test's own."""
    folder = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


@pytest.fixture
def encrypted_worker(
    tmp_path: Path, qtbot: QtBot, temp_folder: Path, data_home: Path
) -> Iterator[Worker]:
    """A worker over a new encrypted case file, closed after the test."""
    case = casefile.open(tmp_path / "secret.casefile", passphrase=PASSPHRASE)
    made = Worker(case)
    yield made
    qtbot.waitUntil(lambda: not made.busy, timeout=10_000)
    made.shutdown()
    case.close()


def files_under(folder: Path) -> list[Path]:
    """Every file in a folder and its subfolders."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def window(qtbot: QtBot, worker: Worker, no_modal_dialogs: None) -> MainWindow:
    """The main window over the test's case file, shown, with its list loaded."""
    made = MainWindow(worker)
    qtbot.addWidget(made)
    with qtbot.waitSignal(made.model.loaded):
        made.show()
    return made


def titles(window: MainWindow) -> list[str]:
    """The loaded titles, top to bottom."""
    rows = (window.model.row_at(i) for i in range(window.model.rowCount()))
    return [row.title if row else "?" for row in rows]


def reload(qtbot: QtBot, window: MainWindow) -> None:
    """Refresh the list and wait for it."""
    with qtbot.waitSignal(window.model.loaded):
        window.on_refresh()


@pytest.fixture
def demo_window(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker, no_modal_dialogs: None
) -> MainWindow:
    """The main window over the demo case (four incidents), shown, its facet counts arrived."""
    cf.load_demo()
    made = MainWindow(worker)
    qtbot.addWidget(made)
    with qtbot.waitSignal(made.model.loaded):
        made.show()
    qtbot.waitUntil(lambda: made.filter_panel.combos["event_type"].count() > 1)
    return made


@pytest.fixture
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail at once on a message box a test did not expect, rather than wait forever on it."""

    def refuse(*args: object, **kwargs: object) -> None:
        texts = [a for a in args if isinstance(a, str)]
        raise AssertionError(f"unexpected modal dialog: {texts}")

    for name in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: refuse(box.text()))
    # A file dialog nobody answers would hang the run as surely as a message box.
    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, refuse)


def clashing_mnemonics(window: QWidget) -> list[str]:
    """Alt+letter keys that more than one visible label, button or tab in a window claims."""
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if labelled or isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
    keys = Counter(
        found.group(1).lower()
        for text in texts
        if (found := re.search(r"&([^&])", text.replace("&&", "")))
    )
    return sorted(key for key, count in keys.items() if count > 1)


def type_title(qtbot: QtBot, editor: IncidentEditor, text: str) -> None:
    """Replace an editor's title as a user would."""
    editor.form.title.selectAll()
    qtbot.keyClicks(editor.form.title, text)
