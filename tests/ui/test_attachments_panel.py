"""Attachments: added by file dialog or drop, shown with their SHA-256, opened from a copy."""

from __future__ import annotations

import hashlib
import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import casefile
from casefile.protect import plain_copies
from tests.ui.conftest import files_under
from ui.attachments_panel import AttachmentsPanel, human_size
from ui.worker import Worker


@pytest.fixture
def panel(qtbot: QtBot, worker: Worker, cf: casefile.CaseFile) -> AttachmentsPanel:
    """The attachments of a new incident."""
    incident = cf.add_incident(title="Drone strike", event_date=date(2025, 11, 26)).created
    shown = AttachmentsPanel(worker, incident_id=incident)
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: not worker.busy)
    return shown


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A small file to attach."""
    path = tmp_path / "crater.jpg"
    path.write_bytes(b"\xff\xd8not really a jpeg")
    return path


def wait_for_rows(qtbot: QtBot, panel: AttachmentsPanel, count: int) -> None:
    """Wait until the list shows `count` attachments."""
    qtbot.waitUntil(lambda: panel.list.topLevelItemCount() == count and not panel.worker.busy)


def test_attach_with_the_file_dialog(
    qtbot: QtBot, panel: AttachmentsPanel, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(panel, "choose_files", lambda: [photo])
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    wait_for_rows(qtbot, panel, 1)
    row = panel.list.topLevelItem(0)
    assert row.text(0) == "crater.jpg"
    assert row.text(1) == "image/jpeg"
    assert row.text(3) == hashlib.sha256(photo.read_bytes()).hexdigest()


def test_attach_by_drop(qtbot: QtBot, panel: AttachmentsPanel, photo: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(drop)
    wait_for_rows(qtbot, panel, 1)


def test_open_hands_a_copy_to_the_viewer(
    qtbot: QtBot, panel: AttachmentsPanel, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(
        panel, "open_url", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    panel.add_files([photo])
    wait_for_rows(qtbot, panel, 1)
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    panel.open_selected()
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert opened[0] != photo
    assert opened[0].read_bytes() == photo.read_bytes()


def test_remove_and_undo(
    qtbot: QtBot, panel: AttachmentsPanel, photo: Path, worker: Worker
) -> None:
    panel.add_files([photo])
    wait_for_rows(qtbot, panel, 1)
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    panel.remove_selected()
    wait_for_rows(qtbot, panel, 0)
    worker.run(lambda case, task: case.undo())  # the main window's Undo does the same
    wait_for_rows(qtbot, panel, 1)


def test_a_missing_file_is_reported(qtbot: QtBot, panel: AttachmentsPanel, tmp_path: Path) -> None:
    panel.add_files([tmp_path / "gone.pdf"])
    qtbot.waitUntil(lambda: panel.error.isVisibleTo(panel))
    assert "does not exist" in panel.error.text()


def test_sizes_read_as_people_read_them() -> None:
    assert [human_size(n) for n in (812, 14_540, 3_250_000)] == ["812 B", "14.2 KB", "3.1 MB"]


def test_open_and_remove_need_a_selection_and_the_hash_shows_whole(
    qtbot: QtBot, panel: AttachmentsPanel, photo: Path
) -> None:
    assert not panel.open_button.isEnabled() and not panel.remove_button.isEnabled()
    assert not panel.digest.isVisibleTo(panel)
    panel.add_files([photo])
    wait_for_rows(qtbot, panel, 1)
    assert panel.open_button.isEnabled() and panel.remove_button.isEnabled()
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert panel.digest.isVisibleTo(panel) and panel.digest.text() == f"SHA-256 {digest}"
    assert panel.digest.isReadOnly()
    # A whole hash must not make the panel (and the register around it) wider.
    assert panel.minimumSizeHint().width() < panel.fontMetrics().horizontalAdvance(digest)


def test_an_encrypted_cases_attachment_opens_from_a_private_copy_deleted_on_closing(
    qtbot: QtBot,
    encrypted_worker: Worker,
    photo: Path,
    temp_folder: Path,
    data_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = encrypted_worker.case
    incident = case.add_incident(title="Drone strike", event_date=date(2025, 11, 26)).created
    panel = AttachmentsPanel(encrypted_worker, incident_id=incident)
    qtbot.addWidget(panel)
    opened: list[Path] = []
    monkeypatch.setattr(
        panel, "open_url", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    panel.add_files([photo])
    wait_for_rows(qtbot, panel, 1)
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    for _ in range(2):
        panel.open_selected()
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert files_under(temp_folder) == []
    for copy in opened:
        assert copy.is_relative_to(plain_copies.root()) and copy.read_bytes() == photo.read_bytes()
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    notes = [box for box in panel.findChildren(QMessageBox) if box.isVisible()]
    assert len(notes) == 1 and "viewer" in notes[0].text()  # said once
    qtbot.waitUntil(lambda: not encrypted_worker.busy)
    encrypted_worker.shutdown()  # as closing the case does
    assert not any(copy.exists() for copy in opened)
    assert files_under(data_home) == []
