"""Exchange bundles from the File menu: the export dialog, and reading a bundle in.

The dialog only gathers choices; the bundle is written and read on the one worker, with
progress and Cancel, and every user error comes back as its one-line message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile
from casefile.exchange.bundle import BundleRead, BundleWritten, Key
from casefile.records import markings, taxonomy
from ui.worker import Task

BUNDLE_FILTER = "Casefile bundles (*.age);;All files (*)"


class ExportBundleDialog(QDialog):
    """Who the bundle is for, how it is locked, and the highest marking that may leave."""

    def __init__(self, parent: QWidget | None, *, folder: Path, case_name: str):
        super().__init__(parent)
        self.setWindowTitle("Export bundle")
        self.output = QLineEdit(str(folder / f"{case_name}.age"))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(browse)
        self.peer = QLineEdit()
        self.peer.setPlaceholderText("e.g. HQ: only what changed since the last bundle for it")
        self.by_key = QRadioButton("&Public key of the recipient (age1…)")
        self.by_passphrase = QRadioButton("Pass&phrase")
        self.by_key.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_key)
        group.addButton(self.by_passphrase)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("age1…")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.max_tlp = QComboBox()
        self.max_tlp.addItems(list(taxonomy.TLP))
        self.max_tlp.setCurrentText(markings.CASE_DEFAULT)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow("Bundle &file:", where)
        form.addRow("&Recipient name:", self.peer)
        form.addRow(self.by_key, self.recipient)
        form.addRow(self.by_passphrase, self.passphrase)
        form.addRow("Repeat passphrase:", self.repeat)
        form.addRow("&Highest marking:", self.max_tlp)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for toggle in (self.by_key, self.by_passphrase):
            toggle.toggled.connect(self._lock_fields)
        self._lock_fields()

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export bundle", self.output.text(), BUNDLE_FILTER
        )
        if name:
            self.output.setText(name)

    def _lock_fields(self) -> None:
        self.recipient.setEnabled(self.by_key.isChecked())
        self.passphrase.setEnabled(self.by_passphrase.isChecked())
        self.repeat.setEnabled(self.by_passphrase.isChecked())

    def _accept(self) -> None:
        problem = self.check()
        self.problem.setText(problem)
        if not problem:
            self.accept()

    def check(self) -> str:
        """What is missing or wrong, in words; empty when the choices can be used."""
        if not self.output.text().strip():
            return "Choose a file for the bundle."
        if self.by_key.isChecked() and not self.recipient.text().strip().startswith("age1"):
            return "A recipient's public key starts with age1."
        if self.by_passphrase.isChecked():
            if len(self.passphrase.text()) < 8:
                return "Use a passphrase of at least 8 characters."
            if self.passphrase.text() != self.repeat.text():
                return "The two passphrases differ."
        return ""

    def choices(self) -> dict[str, Any]:
        """Keyword arguments for `cf.bundles.write`."""
        if self.by_key.isChecked():
            key = Key(recipient=self.recipient.text().strip())
        else:
            key = Key(passphrase=self.passphrase.text())
        return {
            "path": Path(self.output.text().strip()).expanduser(),
            "key": key,
            "since_last": self.peer.text().strip() or None,
            "max_tlp": self.max_tlp.currentText(),
        }


def write_bundle(case: CaseFile, task: Task[Any], choices: dict[str, Any]) -> BundleWritten:
    """Worker side: write the bundle (no widgets here)."""
    return case.bundles.write(**choices, progress=task.report)


def read_bundle(case: CaseFile, task: Task[Any], path: Path, key: dict[str, Any]) -> BundleRead:
    """Worker side: read a bundle in (no widgets here)."""
    return case.bundles.read(path, **key, progress=task.report)


def ask_for_key(parent: QWidget, folder: Path) -> dict[str, Any] | None:
    """How to open a bundle: an identity file, or a passphrase; None if the user gave up."""
    choice, chosen = QInputDialog.getItem(
        parent,
        "Import bundle",
        "The bundle is locked with:",
        ["my identity file (AGE-SECRET-KEY-…)", "a passphrase"],
        0,
        False,
    )
    if not chosen:
        return None
    if choice.startswith("a passphrase"):
        text, given = QInputDialog.getText(
            parent, "Import bundle", "Passphrase:", QLineEdit.EchoMode.Password
        )
        return {"passphrase": text} if given else None
    name, _ = QFileDialog.getOpenFileName(parent, "Identity file", str(folder), "All files (*)")
    return {"identity": Path(name)} if name else None
