"""The app's side of encryption: the passphrase dialog on opening, File ▸ Encryption…, locking."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import casefile
from casefile import errors
from casefile.store import cipher
from ui import opening, passphrase, protect_commands
from ui.main_window import MainWindow
from ui.worker import Worker

PASS = "correct horse battery"


def _answers(
    monkeypatch: pytest.MonkeyPatch, module: object, answers: list[str | None]
) -> list[str]:
    """Make `ask_passphrase` in `module` answer in turn; returns the problems it was shown."""
    shown: list[str] = []

    def ask(
        text: str, *, confirm: bool = False, problem: str = "", parent: object = None
    ) -> str | None:
        shown.append(problem)
        return answers.pop(0)

    monkeypatch.setattr(module, "ask_passphrase", ask)
    return shown


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "secret.casefile"
    with casefile.open(path, passphrase=PASS) as cf:
        cf.add_incident(title="Ambush", event_date=date(2025, 1, 1))
    return path


def test_opening_an_encrypted_case_asks_until_the_passphrase_is_right(
    qtbot: QtBot, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _answers(monkeypatch, opening.asking, ["wrong one", PASS])
    with opening.open_case_file(encrypted) as case:
        assert case.protect.encrypted and case.count_incidents() == 1
    assert shown[0] == "" and "wrong" in shown[1]


def test_cancelling_the_passphrase_opens_nothing(
    qtbot: QtBot, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answers(monkeypatch, opening.asking, [None])
    with pytest.raises(errors.Cancelled):
        opening.open_case_file(encrypted)


def test_the_dialog_hides_what_is_typed_and_checks_the_two_fields(qtbot: QtBot) -> None:
    dialog = passphrase.PassphraseDialog("Choose", confirm=True)
    qtbot.addWidget(dialog)
    assert dialog.field.echoMode() == dialog.field.EchoMode.Password
    dialog.field.setText("one passphrase")
    assert dialog.again is not None
    dialog.again.setText("another")
    dialog._check()
    assert dialog.problem.text() == "The two passphrases differ."
    assert dialog.result() == 0


@pytest.fixture
def window(qtbot: QtBot, case_path: Path) -> Iterator[MainWindow]:
    case = casefile.open(case_path, exclusive=True)
    shown = MainWindow(Worker(case))
    qtbot.addWidget(shown)
    yield shown
    shown.worker.shutdown()
    shown.worker.case.close()


def test_encrypting_from_the_file_menu_reopens_the_case_encrypted(
    qtbot: QtBot, window: MainWindow, case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.crypt_label.text() == "not encrypted"
    assert not window.idle.watching  # no lock can come: the app's events go unwatched
    _answers(monkeypatch, protect_commands, [PASS])
    keys_shown: list[str] = []
    monkeypatch.setattr(
        protect_commands, "show_recovery_key", lambda k, p=None: keys_shown.append(k)
    )
    window.actions.encryption.trigger()
    assert cipher.is_encrypted(case_path)
    assert window.worker.case.protect.encrypted
    assert window.crypt_label.text() == "encrypted"
    assert window.idle.watching
    assert len(keys_shown) == 1


def test_a_locked_window_hides_the_case_until_the_passphrase(
    qtbot: QtBot, encrypted: Path, monkeypatch: pytest.MonkeyPatch, data_home: Path
) -> None:
    case = casefile.open(encrypted, exclusive=True, passphrase=PASS)
    window = MainWindow(Worker(case))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded):
        window.show()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)
    try:
        copy = window.worker.plain_copies.folder() / "draft.eml"  # as an e-mail draft makes
        copy.write_bytes(b"plain words")
        window.actions.lock.trigger()
        assert window.idle.locked and window.idle.cover.isVisible()
        qtbot.waitUntil(lambda: not copy.parent.exists())  # plain copies go on locking
        assert not window.actions.find.isEnabled()
        from ui import idle_lock

        shown = _answers(monkeypatch, idle_lock, ["not it", PASS])
        assert window.idle.unlock()
        assert not window.idle.locked and not window.idle.cover.isVisible()
        assert window.actions.find.isEnabled()
        assert "wrong" in shown[1]
    finally:
        window.close()  # as quitting does: no search or count starts after this
        qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)
        window.worker.shutdown()
        window.worker.case.close()


def test_the_detail_pane_opens_an_incidents_history(qtbot: QtBot, window: MainWindow) -> None:
    changes = window.worker.case.add_incident(title="Ambush", event_date=date(2025, 1, 1))
    assert changes.created is not None
    window.worker.case.update_incident(changes.created, title="Ambush at dawn")
    window.detail.show_incident(changes.created)
    qtbot.waitUntil(lambda: "History of this incident" in window.detail.toHtml(), timeout=5000)
    dialog = window.detail.show_history()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=5000)  # type: ignore[attr-defined]
    table = dialog.table  # type: ignore[attr-defined]
    cells = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    assert cells[0][2:] == ["changed", "incident", "title", "Ambush", "Ambush at dawn"]
    dialog.close()


def test_the_app_backs_the_case_up_on_the_worker(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.protect import backups

    monkeypatch.setattr(backups.paths, "data_dir", lambda: tmp_path / "data")
    window.back_up()
    qtbot.waitUntil(lambda: len(backups.existing(window.worker.case.path)) == 1, timeout=5000)
    window.back_up(if_due=True)  # the one just made is not a day old
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=5000)
    assert len(backups.existing(window.worker.case.path)) == 1
