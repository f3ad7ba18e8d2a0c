"""The window shows a case's first page before the case file is open, then takes it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import casefile
from casefile import errors
from casefile.records import listing
from casefile.store import locking
from tests.conftest import add_incidents
from tests.ui.conftest import PASSPHRASE
from ui import app, preview
from ui.main_window import BEFORE_OPEN, MainWindow
from ui.worker import Worker


@pytest.fixture
def listed(case_path: Path) -> Path:
    """A plain, closed case file holding three incidents."""
    with casefile.open(case_path) as cf:
        add_incidents(cf, 3)
    return case_path


@pytest.fixture
def early(listed: Path) -> Iterator[preview.Preview]:
    """The case file held and ready to show, released after the test."""
    found = preview.look(listed)
    assert found is not None
    yield found
    found.release()


def _window(qtbot: QtBot, early: preview.Preview) -> MainWindow:
    window = MainWindow(Worker(None), first=early.first_page, path=early.path)
    qtbot.addWidget(window)
    return window


def _open(window: MainWindow, early: preview.Preview) -> None:
    window.worker.open_later(
        lambda: casefile.open(early.path, create=False, exclusive=True, lock=early.take_lock()),
        lambda exc: pytest.fail(f"the open failed: {exc}"),
    )


def _stop(window: MainWindow) -> None:
    window.worker.shutdown()
    if window.worker.is_open:
        window.worker.case.close()


def test_the_first_page_is_listed_before_the_case_file_is_open(
    qtbot: QtBot, early: preview.Preview, no_modal_dialogs: None
) -> None:
    window = _window(qtbot, early)
    window.show()
    assert not window.worker.is_open
    assert window.model.rowCount() == 3
    assert window.model.row_at(0).title == "Incident 002"  # newest first, as the worker lists
    assert window.count_label.text() == "3 incidents"
    assert window.windowTitle() == f"{early.path.name} — Casefile"
    assert window.crypt_label.text() == "not encrypted"
    waiting = [a for a in window.actions.all() if not a.isEnabled()]
    assert window.actions.new_incident in waiting and window.actions.export in waiting
    assert all(getattr(window.actions, name).isEnabled() for name in BEFORE_OPEN)
    window.on_edit_incident()  # a double click meanwhile opens nothing
    assert window.open_windows() == []
    _stop(window)


def test_commands_are_offered_once_the_case_file_is_open(
    qtbot: QtBot, early: preview.Preview, no_modal_dialogs: None
) -> None:
    window = _window(qtbot, early)
    window.show()
    window.table.selectRow(0)  # read on the worker once the case file is open
    with qtbot.waitSignal(window.ready, timeout=20_000):
        _open(window, early)
    assert window.worker.is_open
    assert window.actions.new_incident.isEnabled() and window.actions.export.isEnabled()
    assert not window.actions.undo.isEnabled()  # nothing to undo yet
    assert window.model.rowCount() == 3
    qtbot.waitUntil(lambda: "Incident 002" in window.detail.toHtml())
    day = date(2024, 2, 1)
    window.worker.run(lambda case, task: case.add_incident(title="New", event_date=day))
    qtbot.waitUntil(lambda: window.model.rowCount() == 4)
    assert window.actions.undo.isEnabled()
    _stop(window)


def test_a_window_that_never_paints_opens_its_case_file_all_the_same(
    qtbot: QtBot, early: preview.Preview, no_modal_dialogs: None
) -> None:
    window = _window(qtbot, early)  # not shown, as when started minimized: no paint comes
    with qtbot.waitSignal(window.ready, timeout=20_000):
        app.open_after_paint(window, early, smoke=True)
    assert window.worker.is_open
    _stop(window)


def test_an_open_that_fails_after_the_paint_is_said_as_before(
    qtbot: QtBot,
    early: preview.Preview,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = _window(qtbot, early)
    window.show()
    early.path.write_text("shopping list\n")  # damaged since the look, say
    exits: list[int] = []
    monkeypatch.setattr(app.QApplication, "exit", lambda code=0: exits.append(code))
    app._open_later(window, early, smoke=True)
    qtbot.waitUntil(lambda: exits == [1], timeout=20_000)
    assert not window.isVisible()
    assert "not a case file" in capsys.readouterr().err
    assert not early.path.with_name(early.path.name + ".lock").exists()  # let go of
    window.worker.shutdown()


def test_a_case_file_gone_since_the_look_is_said_missing_not_made_anew(
    qtbot: QtBot,
    early: preview.Preview,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    window = _window(qtbot, early)
    window.show()
    early.path.unlink()  # deleted or moved since the look
    exits: list[int] = []
    monkeypatch.setattr(app.QApplication, "exit", lambda code=0: exits.append(code))
    app._open_later(window, early, smoke=True)
    qtbot.waitUntil(lambda: exits == [1], timeout=20_000)
    assert "does not exist" in capsys.readouterr().err
    assert not early.path.exists()  # no empty case in its place
    assert any(  # the worker's failure is in the log, in case it was a bug
        record.levelname == "WARNING" and record.exc_info is not None for record in caplog.records
    )
    window.worker.shutdown()


def test_tasks_held_for_an_open_that_fails_end_with_it(
    qtbot: QtBot,
    early: preview.Preview,
    tmp_path: Path,
    temp_folder: Path,
    data_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_modal_dialogs: None,
) -> None:
    window = _window(qtbot, early)
    window.show()
    held = window.worker.run(lambda case, task: None, label="Drawing the map")
    assert window.progress.tasks == [held]
    # Encrypted since the look, say: the worker's open fails, the usual one opens it.
    early.path.unlink()
    casefile.open(early.path, passphrase=PASSPHRASE).close()
    monkeypatch.setenv("CASEFILE_PASSPHRASE", PASSPHRASE)
    first = window.worker
    with qtbot.waitSignal(window.ready, timeout=20_000):
        app._open_later(window, early, smoke=False)
    assert window.worker is not first and window.worker.is_open
    assert window.progress.tasks == [] and held.cancelled and not first.busy
    assert first.run(lambda case, task: None, label="Late").cancelled  # dropped at once
    other = tmp_path / "other.casefile"
    casefile.open(other).close()
    assert window.open_case(other)  # not refused as if a task were running
    _stop(window)


def test_the_look_holds_the_lock_as_opening_does(early: preview.Preview) -> None:
    with pytest.raises(errors.CaseFileBusy):
        casefile.open(early.path, exclusive=True)
    early.release()
    casefile.open(early.path, exclusive=True).close()


def test_the_lock_is_handed_over_once(early: preview.Preview) -> None:
    lock = early.take_lock()
    with pytest.raises(RuntimeError, match="handed over already"):
        early.take_lock()
    locking.release(lock)


def test_a_case_file_another_window_holds_is_left_to_the_usual_open(listed: Path) -> None:
    with casefile.open(listed, exclusive=True):
        assert preview.look(listed) is None  # which opens it read-only, and says so


def test_an_encrypted_case_file_is_left_to_the_usual_open(
    tmp_path: Path, temp_folder: Path, data_home: Path
) -> None:
    path = tmp_path / "secret.casefile"
    casefile.open(path, passphrase=PASSPHRASE).close()
    assert preview.look(path) is None  # which asks for its passphrase


def test_a_case_file_to_upgrade_is_left_to_the_usual_open(listed: Path) -> None:
    import sqlite3

    with sqlite3.connect(listed) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0007'")
    connection.close()
    assert preview.look(listed) is None
    assert not listed.with_name(listed.name + ".lock").exists()  # let go of


def test_files_that_are_no_case_file_are_left_to_the_usual_open(tmp_path: Path) -> None:
    text = tmp_path / "notes.casefile"
    text.write_text("shopping list\n")
    assert preview.look(text) is None
    assert preview.look(tmp_path / "missing.casefile") is None
    assert preview.look(tmp_path) is None


def test_a_log_left_by_a_crash_is_left_to_the_usual_open(listed: Path) -> None:
    shutil.copy(listed, listed.with_name(listed.name + "-wal"))  # anything not empty
    assert preview.look(listed) is None


def test_a_page_that_cannot_be_read_goes_to_the_worker(early: preview.Preview) -> None:
    assert early.first_page("not a column", True, 10) is None
    assert early.first_page("event_date", True, 10) is None  # read once only


@pytest.mark.parametrize("order_by", listing.SORT_COLUMNS)
def test_the_plain_first_page_is_the_worker_s_first_page(listed: Path, order_by: str) -> None:
    early = preview.look(listed)
    assert early is not None
    total, rows = early.first_page(order_by, False, 2) or (0, [])
    early.release()
    with casefile.open(listed) as cf:
        assert total == cf.count_incidents() == 3
        assert rows == cf.list_incidents(order_by=order_by, descending=False, limit=2)
